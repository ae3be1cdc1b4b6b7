import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSmsAdapter, type OutboundMessage, smtpAdapter, UndeliverableError } from '../../src/modules/notifications/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

// ---------------------------------------------------------------------------------------------------------------------
// An SMTP relay in this process that asks for a password, and a small MIME reader for what it receives
// ---------------------------------------------------------------------------------------------------------------------

interface Received {
  from: string;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and ?Q?), ignoring the folding between adjacent ones. */
function decodeWords(value: string): string {
  const words = value.replace(/\?=\s+=\?/g, '?==?');
  return words.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function readMessage(raw: string, envelope: { from: string; to: string[] }): Received {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { ...envelope, headers, subject: decodeWords(headers.get('subject') ?? ''), text };
}

const SMTP_USER = 'gongzhi';
const SMTP_PASSWORD = 'p@ss 共治';

async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        received.push(readMessage(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: (password = SMTP_PASSWORD) => `smtp://${SMTP_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// A stand-in for dysmsapi.aliyuncs.com: checks the RPC signature by its own reckoning, answers as the service does
// ---------------------------------------------------------------------------------------------------------------------

const SMS_KEY = { id: 'LTAI-test-id', secret: 'test-secret/+=' };

/** The signature as the service computes it, written here independently of src/. */
function expectedSignature(query: URLSearchParams, secret: string): string {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const pairs = [...query.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`GET&${enc('/')}&${enc(canonical)}`)
    .digest('base64');
}

async function startSmsService() {
  const requests: URLSearchParams[] = [];
  const nonces = new Set<string>();
  const state = { code: 'OK' };
  const server: Server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const answer = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
    };
    const at = Date.parse(query.get('Timestamp') ?? '');
    const nonce = query.get('SignatureNonce') ?? '';
    if (req.method !== 'GET' || query.get('Action') !== 'SendSms' || query.get('Version') !== '2017-05-25')
      return answer(400, { Code: 'InvalidAction', Message: 'unknown action or version' });
    if (query.get('AccessKeyId') !== SMS_KEY.id) return answer(404, { Code: 'InvalidAccessKeyId.NotFound', Message: 'no such key' });
    if (query.get('Signature') !== expectedSignature(query, SMS_KEY.secret))
      return answer(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(query.get('Timestamp') ?? '') || Math.abs(Date.now() - at) > 15 * 60_000)
      return answer(400, { Code: 'InvalidTimeStamp.Expired', Message: 'bad timestamp' });
    if (!nonce || nonces.has(nonce)) return answer(400, { Code: 'SignatureNonceUsed', Message: 'nonce used' });
    nonces.add(nonce);
    requests.push(query);
    if (state.code !== 'OK') return answer(200, { Code: state.code, Message: '触发号码天级流控' });
    answer(200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let sms: Awaited<ReturnType<typeof startSmsService>>;

beforeAll(async () => {
  [smtp, sms] = await Promise.all([startSmtp(), startSmsService()]);
});
afterAll(async () => {
  await smtp?.close();
  await sms?.close();
});

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: randomUUID(),
  channel: 'email',
  recipient: { kind: 'person', id: 'p1' },
  subject: '隐患整改逾期：二号车间配电箱',
  // Spaces, reserved and unreserved marks, so that a slip in percent-encoding shows as a signature mismatch.
  body: "隐患 YH-2026-0042 已超过整改期限，请尽快处理。\nOverdue (3 days) * fix it ~ 'now'! 100% & more+",
  ...over,
});

describe('e-mail through SMTP', () => {
  it('the message arrives with its Chinese subject intact, its text and the resolved address', async () => {
    const adapter = smtpAdapter({ url: smtp.url(), from: '共治平台 <noreply@gongzhi.test>', contacts: async () => ['li@example.cn'] });
    const m = message();
    await adapter.send(m);
    const got = smtp.received.at(-1);
    expect(got?.to).toEqual(['li@example.cn']);
    expect(got?.from).toBe('noreply@gongzhi.test');
    expect(got?.subject).toBe('隐患整改逾期：二号车间配电箱');
    expect(got?.text.trim()).toBe(m.body);
    expect(got?.headers.get('x-gongzhi-outbox')).toBe(m.id);
    expect(decodeWords(got?.headers.get('from') ?? '')).toContain('共治平台');
  });

  it("each of an organisation's addresses gets its own message", async () => {
    const before = smtp.received.length;
    const adapter = smtpAdapter({ url: smtp.url(), from: 'noreply@gongzhi.test', contacts: async () => ['a@example.cn', 'b@example.cn'] });
    await adapter.send(message({ recipient: { kind: 'organisation', id: 'o1' } }));
    expect(smtp.received.slice(before).map((r) => r.to)).toEqual([['a@example.cn'], ['b@example.cn']]);
  });

  it('a wrong password is refused by the relay; a recipient without an address is undeliverable', async () => {
    const wrong = smtpAdapter({ url: smtp.url('guess'), from: 'noreply@gongzhi.test', contacts: async () => ['li@example.cn'] });
    await expect(wrong.send(message())).rejects.toThrow(/Invalid username or password|auth/i);
    const nobody = smtpAdapter({ url: smtp.url(), from: 'noreply@gongzhi.test', contacts: async () => [] });
    const error = await nobody.send(message()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UndeliverableError);
    expect((error as Error).message).toBe('no e-mail address on record for person p1');
  });
});

describe('SMS through Alibaba Cloud SendSms', () => {
  it('a signed request carries the number, sign name, template and the text as template variables', async () => {
    const adapter = aliyunSmsAdapter({
      endpoint: sms.endpoint,
      accessKeyId: SMS_KEY.id,
      accessKeySecret: SMS_KEY.secret,
      signName: '共治平台',
      templateCode: 'SMS_000001',
      contacts: async () => ['13800138000', '13900139000'],
    });
    const m = message({ channel: 'sms' });
    await adapter.send(m);
    const q = sms.requests.at(-1);
    expect(q?.get('PhoneNumbers')).toBe('13800138000,13900139000');
    expect(q?.get('SignName')).toBe('共治平台');
    expect(q?.get('TemplateCode')).toBe('SMS_000001');
    expect(JSON.parse(q?.get('TemplateParam') ?? '{}')).toEqual({ title: m.subject, content: m.body });
    expect(q?.get('OutId')).toBe(m.id);
    expect(q?.get('SignatureMethod')).toBe('HMAC-SHA1');
  });

  it('a wrong secret is refused by the service as a signature mismatch', async () => {
    const adapter = aliyunSmsAdapter({
      endpoint: sms.endpoint,
      accessKeyId: SMS_KEY.id,
      accessKeySecret: 'not-the-secret',
      signName: '共治平台',
      templateCode: 'SMS_000001',
      contacts: async () => ['13800138000'],
    });
    await expect(adapter.send(message({ channel: 'sms' }))).rejects.toThrow(/SignatureDoesNotMatch/);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// The whole application with both providers configured: the outbox resolves people and records each outcome
// ---------------------------------------------------------------------------------------------------------------------

describe('the outbox with SMTP and Alibaba Cloud SMS configured', () => {
  let app: TestApp;
  let personId: string;

  beforeAll(async () => {
    app = await startTestApp({
      demo: true,
      env: {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: smtp.url(),
        MAIL_FROM: 'noreply@gongzhi.test',
        SMS_PROVIDER: 'aliyun',
        SMS_ENDPOINT: sms.endpoint,
        SMS_ACCESS_KEY_ID: SMS_KEY.id,
        SMS_ACCESS_KEY_SECRET: SMS_KEY.secret,
        SMS_SIGN_NAME: '共治平台',
        SMS_TEMPLATE_CODE: 'SMS_000001',
      },
    });
    const officer = await app.signIn('officer');
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: officer,
      payload: { name: '王安全', phone: '+86 139-0013-9000' },
    });
    expect(res.statusCode).toBe(201);
    personId = res.json().id;
  });
  afterAll(async () => app?.close());

  /** Queues one notice to the person by e-mail and SMS, dispatches, and returns the outbox rows by channel. */
  async function notifyAndDispatch(recipient: { kind: 'person' | 'organisation'; id: string }) {
    const notificationId = await app.database.db.transaction().execute(async (trx) => {
      const [id] = await app.modules.notifications.notify(trx, [
        {
          recipient,
          kind: 'test.outbound',
          title: { 'zh-CN': '隐患整改逾期', en: 'Hazard overdue' },
          body: { 'zh-CN': '请尽快整改。', en: 'Please fix it soon.' },
          channels: ['email', 'sms'],
        },
      ]);
      return id as string;
    });
    await app.modules.notifications.dispatch();
    return outbox(notificationId);
  }
  const outbox = async (notificationId: string) => {
    const rows = await app.database.db
      .selectFrom('notifications.outbox')
      .select(['channel', 'status', 'attempts', 'adapter', 'error', 'sent_at'])
      .where('notification_id', '=', notificationId)
      .execute();
    return { id: notificationId, email: rows.find((r) => r.channel === 'email'), sms: rows.find((r) => r.channel === 'sms') };
  };

  it("an SMS goes to the person's (decrypted, normalised) mobile number and the row is marked sent", async () => {
    const before = sms.requests.length;
    const rows = await notifyAndDispatch({ kind: 'person', id: personId });
    expect(rows.sms).toMatchObject({ status: 'sent', attempts: 1, adapter: 'aliyun-sms', error: null });
    expect(sms.requests.slice(before).map((q) => q.get('PhoneNumbers'))).toEqual(['13900139000']);
  });

  it('an e-mail to a person with no address on record fails at once with the reason on the row, and is not retried', async () => {
    const mails = smtp.received.length;
    const rows = await notifyAndDispatch({ kind: 'person', id: personId });
    expect(rows.email).toMatchObject({
      status: 'failed',
      attempts: 1,
      adapter: 'smtp',
      error: `no e-mail address on record for person ${personId}`,
      sent_at: null,
    });
    await app.modules.notifications.dispatch();
    expect((await outbox(rows.id)).email).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp.received.length).toBe(mails);
  });

  it('once the person has an e-mail address on record, the e-mail reaches it', async () => {
    const officer = await app.signIn('officer');
    const patched = await app.http.inject({
      method: 'PATCH',
      url: `/api/v1/people/${personId}`,
      headers: officer,
      payload: { email: ' Wang.AnQuan@Example.CN ' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().email).toBe('W***@example.cn');
    const mails = smtp.received.length;
    const rows = await notifyAndDispatch({ kind: 'person', id: personId });
    expect(rows.email).toMatchObject({ status: 'sent', attempts: 1, adapter: 'smtp', error: null });
    expect(smtp.received.length).toBe(mails + 1);
    expect(JSON.stringify(smtp.received.at(-1))).toContain('Wang.AnQuan@example.cn');
  });

  it('an error code from the SMS service is recorded and the message retried; a bad number is not retried', async () => {
    sms.state.code = 'isv.BUSINESS_LIMIT_CONTROL';
    try {
      const rows = await notifyAndDispatch({ kind: 'person', id: personId });
      expect(rows.sms).toMatchObject({ status: 'queued', attempts: 1, adapter: 'aliyun-sms', sent_at: null });
      expect(rows.sms?.error).toMatch(/^aliyun SendSms isv\.BUSINESS_LIMIT_CONTROL: 触发号码天级流控/);

      sms.state.code = 'isv.MOBILE_NUMBER_ILLEGAL';
      await app.modules.notifications.dispatch();
      const after = (await outbox(rows.id)).sms;
      expect(after).toMatchObject({ status: 'failed', attempts: 2 });
      expect(after?.error).toMatch(/isv\.MOBILE_NUMBER_ILLEGAL/);
    } finally {
      sms.state.code = 'OK';
    }
  });

  it('an organisation is reached through the mobile numbers of its people, and is undeliverable without any', async () => {
    const enterprises = await app.database.db
      .selectFrom('directory.organisation as o')
      .select('o.id')
      .where('o.kind', '=', 'enterprise')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('access.grant as g').select('g.person_id').whereRef('g.organisation_id', '=', 'o.id'))),
      )
      .limit(2)
      .execute();
    const [staffed, empty] = enterprises.map((e) => e.id);
    if (!staffed || !empty) throw new Error('the demo has no enterprise without people');
    await app.database.db
      .insertInto('access.grant')
      .values({ person_id: personId, role: 'enterprise_safety_manager', organisation_id: staffed, area_id: null, valid_until: null })
      .execute();

    const before = sms.requests.length;
    const reached = await notifyAndDispatch({ kind: 'organisation', id: staffed });
    expect(reached.sms).toMatchObject({ status: 'sent', adapter: 'aliyun-sms' });
    expect(sms.requests.slice(before).map((q) => q.get('PhoneNumbers'))).toEqual(['13900139000']);

    const nobody = await notifyAndDispatch({ kind: 'organisation', id: empty });
    expect(nobody.sms).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: `no mobile phone number on record for organisation ${empty}`,
    });
  });
});
