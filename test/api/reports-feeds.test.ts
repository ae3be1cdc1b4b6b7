import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { child, childrenNamed, parseXml } from '../support/xml.js';
import { type Auth, hazardClient, myOrganisation, PNG } from './hazards.support.js';

// ---------------------------------------------------------------------------------------------------------------------
// A mail relay in this process: what the outbox sends to subscribers arrives here
// ---------------------------------------------------------------------------------------------------------------------

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

async function startSmtp() {
  const received: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
        const subject = /^subject: (.*)$/im.exec(head)?.[1] ?? '';
        const decoded = subject
          .replace(/\?=\s+=\?/g, '?==?')
          .replace(/=\?utf-8\?b\?([^?]*)\?=/gi, (_, b: string) => Buffer.from(b, 'base64').toString('utf8'));
        const body = raw.slice(split + 4);
        const text = /content-transfer-encoding: base64/i.test(head)
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
          : body;
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: decoded, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------------------

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let enterprise: { id: string; lng: number; lat: number };

const near = (north: number) => ({ lng: enterprise.lng, lat: enterprise.lat + north / 111_195 });
const file = (body: Record<string, unknown>) =>
  app.http.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { 'x-device-id': randomBytes(12).toString('hex') },
    payload: body,
  });
const get = (url: string) => app.http.inject({ url });
const post = (url: string, payload: Record<string, unknown>) => app.http.inject({ method: 'POST', url, payload });
const idOf = async (code: string) =>
  (await sql<{ id: string }>`select id from reports.report where code = ${code}`.execute(app.database.db)).rows[0]?.id as string;
const triage = async (code: string, body: Record<string, unknown>) => {
  const res = await api.post(officer, `/api/v1/reports/${await idOf(code)}/triage`, body);
  expect(res.statusCode, res.body).toBe(200);
};
/**
 * Sends everything the outbox holds, then the mails that reached an address. A dispatch the app started by itself may
 * hold some rows (they are skipped while locked), so this goes on until none is left queued.
 */
const drain = async () => {
  for (let round = 0; ; round++) {
    await app.modules.notifications.dispatch();
    const left = await sql<{ n: string }>`select count(*) as n from notifications.outbox where status = 'queued'`.execute(app.database.db);
    if (Number(left.rows[0]?.n) === 0) return;
    if (round > 100) throw new Error('the outbox does not empty');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const mailsTo = async (address: string) => {
  await drain();
  return smtp.received.filter((m) => m.to.includes(address));
};
const linkToken = (mail: Mail, param: 'confirm' | 'unsubscribe') => {
  const m = new RegExp(`/reports/public\\?${param}=([0-9a-f]{64})`).exec(mail.text);
  if (!m) throw new Error(`no ${param} link in: ${mail.text}`);
  return m[1] as string;
};

const REPORTER = { name: '欧阳明远', contact: 'ouyang.reporter@example.cn' };
let named: { code: string; token: string };
let gas: { code: string; token: string };
let areaPath: string[];
let otherArea: string;

beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({
    demo: true,
    env: { MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, MAIL_FROM: 'gongzhi@example.cn', PUBLIC_URL: 'https://gongzhi.example.cn' },
  });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  enterprise = (await myOrganisation(app, await app.signIn('principal'))) as unknown as typeof enterprise;
  const a = await file({ serviceCode: 'fire_exit', description: '仓库安全出口被货物堵死', location: near(0), reporter: REPORTER });
  expect(a.statusCode, a.body).toBe(201);
  named = a.json();
  const b = await file({ serviceCode: 'gas_smell', description: '地下室有燃气味', location: near(400), attributes: { indoors: 'yes' } });
  expect(b.statusCode, b.body).toBe(201);
  gas = b.json();
  areaPath = (await sql<{ p: string[] }>`select area_path as p from reports.report where code = ${named.code}`.execute(app.database.db))
    .rows[0]?.p as string[];
  const filters = (await get('/api/v1/public/report-filters')).json() as { areas: { id: string }[] };
  otherArea = filters.areas.find((x) => !areaPath.includes(x.id))?.id as string;
  expect(otherArea).toBeDefined();
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe('the public list and map of reports', () => {
  it('lists reports to anyone, newest first, with no reporter, no token and rounded places', async () => {
    const res = await get('/api/v1/public/report-list');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const mine = body.items.find((i: { code: string }) => i.code === named.code);
    expect(mine).toMatchObject({
      category: { code: 'fire_exit', name: { 'zh-CN': '安全出口或消防通道堵塞', en: 'Blocked fire exit or escape route' } },
      state: 'received',
      stateText: { en: 'Received, awaiting verification' },
      description: '仓库安全出口被货物堵死',
      location: { lng: Math.round(enterprise.lng * 10_000) / 10_000, lat: Math.round(enterprise.lat * 10_000) / 10_000 },
    });
    expect(mine.receivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(body.total).toBeGreaterThanOrEqual(2);
    const text = res.body;
    for (const secret of [REPORTER.name, REPORTER.contact, named.token, gas.token]) expect(text).not.toContain(secret);
  });

  it('filters by category, state, area and day, and pages', async () => {
    const codes = async (qs: string) => {
      const res = await get(`/api/v1/public/report-list?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { code: string }[]).map((i) => i.code);
    };
    expect(await codes('category=gas_smell')).toContain(gas.code);
    expect(await codes('category=gas_smell')).not.toContain(named.code);
    expect(await codes('category=gas_smell,fire_exit')).toEqual(expect.arrayContaining([gas.code, named.code]));
    expect(await codes('state=received')).toContain(named.code);
    expect(await codes('state=verified,fixed')).not.toContain(named.code);
    expect(await codes(`area=${areaPath[0]}`)).toContain(named.code);
    expect(await codes(`area=${otherArea}`)).not.toContain(named.code);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await codes(`from=${today}&to=${today}`)).toContain(named.code);
    expect(await codes('to=2020-01-01')).toEqual([]);
    const one = (await get('/api/v1/public/report-list?limit=1&offset=1')).json();
    expect(one.items).toHaveLength(1);
    expect(one).toMatchObject({ limit: 1, offset: 1 });
  });

  it('refuses bad filters with a problem naming the field', async () => {
    for (const [qs, field] of [
      ['area=nope', 'area'],
      ['state=lost', 'state'],
      ['category=ufo', 'category'],
      ['from=2026-13-01', 'from'],
      ['limit=0', 'limit'],
    ]) {
      const res = await get(`/api/v1/public/report-list?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors), qs).toContain(field);
    }
  });

  it('shows one report by its public code, never by or with its token', async () => {
    const res = await get(`/api/v1/public/report-list/${named.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: named.code, state: 'received', history: [{ state: 'received' }], photos: [] });
    for (const secret of [REPORTER.name, REPORTER.contact, named.token]) expect(res.body).not.toContain(secret);
    expect((await get('/api/v1/public/report-list/JB-1999-000000')).statusCode).toBe(404);
    // The tracking token is not a code.
    expect((await get(`/api/v1/public/report-list/${named.token}`)).statusCode).toBe(404);
  });

  it('keeps a reporter’s note hidden by moderation out of the public history', async () => {
    const secret = '补充：联系我 13911112222';
    const added = await app.http.inject({
      method: 'POST',
      url: `/api/v1/public/reports/${named.token}/information`,
      payload: { text: secret },
    });
    expect(added.statusCode).toBe(201);
    expect((await get(`/api/v1/public/report-list/${named.code}`)).body).toContain(secret);
    const id = await idOf(named.code);
    const note = (await api.get(officer, `/api/v1/reports/${id}`)).json().events.find((e: { kind: string }) => e.kind === 'information');
    const hidden = await api.post(officer, `/api/v1/reports/${id}/moderation`, { hideNoteIds: [note.id], reason: '含个人信息' });
    expect(hidden.statusCode).toBe(200);
    const after = await get(`/api/v1/public/report-list/${named.code}`);
    expect(after.body).not.toContain(secret);
    expect(after.json().history.map((h: { state: string }) => h.state)).toEqual(['received', 'received']);
  });

  it('puts located reports on the map as rounded points', async () => {
    const res = await get('/api/v1/public/report-map?category=fire_exit');
    expect(res.statusCode).toBe(200);
    const point = res.json().items.find((i: { code: string }) => i.code === named.code);
    expect(point).toEqual({
      code: named.code,
      category: 'fire_exit',
      state: 'received',
      location: { lng: Math.round(enterprise.lng * 10_000) / 10_000, lat: Math.round(enterprise.lat * 10_000) / 10_000 },
    });
    expect(res.body).not.toContain(REPORTER.contact);
  });
});

describe('RSS and Atom feeds', () => {
  it('serves RSS 2.0 as UTF-8 application/rss+xml, well formed, each item linking to the public page by code', async () => {
    const res = await get('/api/v1/public/feeds/reports.rss?category=fire_exit');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const channel = child(parseXml(res.body), 'channel');
    expect(child(channel, 'title').text).toBe('群众举报 · 安全出口或消防通道堵塞');
    const items = childrenNamed(channel, 'item');
    const mine = items.find((i) => child(i, 'guid').text.endsWith(named.code));
    expect(mine).toBeDefined();
    expect(child(mine as NonNullable<typeof mine>, 'link').text).toBe(`https://gongzhi.example.cn/reports/public/${named.code}`);
    expect(child(mine as NonNullable<typeof mine>, 'pubDate').text).toMatch(
      /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0800$/,
    );
    expect(items.some((i) => child(i, 'guid').text.endsWith(gas.code))).toBe(false);
    for (const secret of [REPORTER.name, REPORTER.contact, named.token]) expect(res.body).not.toContain(secret);
  });

  it('serves Atom 1.0 as application/atom+xml in English on request, filtered by area', async () => {
    const res = await get(`/api/v1/public/feeds/reports.atom?area=${areaPath[0]}&lang=en`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseXml(res.body);
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'updated').text).toMatch(/\+08:00$/);
    const self = childrenNamed(feed, 'link').find((l) => l.attrs.rel === 'self');
    expect(self?.attrs.href).toBe(`https://gongzhi.example.cn/api/v1/public/feeds/reports.atom?area=${areaPath[0]}&lang=en`);
    const entry = childrenNamed(feed, 'entry').find((e) => child(e, 'id').text.endsWith(named.code));
    expect(child(entry as NonNullable<typeof entry>, 'title').text).toContain('Blocked fire exit or escape route');
    const none = parseXml((await get(`/api/v1/public/feeds/reports.atom?area=${otherArea}&category=fire_exit`)).body);
    expect(childrenNamed(none, 'entry').some((e) => child(e, 'id').text.endsWith(named.code))).toBe(false);
  });

  it('refuses a bad filter with a problem, not a broken feed', async () => {
    const res = await get('/api/v1/public/feeds/reports.rss?lang=fr');
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().errors)).toContain('lang');
  });
});

describe('e-mail subscriptions', () => {
  const A = 'Area.Follower@Example.cn';
  const B = 'gas.follower@example.cn';
  const C = 'never.confirms@example.cn';
  /** Follows the same category in an area the reports are not in. */
  const D = 'elsewhere@example.cn';
  let unsubscribeA: string;

  it('asks the subscriber to confirm by mail first (double opt-in), keeping the address sealed', async () => {
    const res = await post('/api/v1/public/subscriptions', { email: A, areaId: areaPath[1] ?? areaPath[0], category: 'fire_exit' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ status: 'confirmation_sent', scope: { en: expect.stringContaining('Blocked fire exit') } });
    expect((await post('/api/v1/public/subscriptions', { email: B, category: 'gas_smell' })).statusCode).toBe(202);
    expect((await post('/api/v1/public/subscriptions', { email: C, category: 'fire_exit' })).statusCode).toBe(202);
    expect((await post('/api/v1/public/subscriptions', { email: D, areaId: otherArea, category: 'fire_exit' })).statusCode).toBe(202);

    const stored = await sql<{ e: string; i: string }>`select email_enc as e, email_index as i from reports.subscription`.execute(
      app.database.db,
    );
    expect(stored.rows).toHaveLength(4);
    for (const r of stored.rows) {
      expect(r.e).toMatch(/^v1\./);
      expect(`${r.e}${r.i}`.toLowerCase()).not.toContain('follower');
    }

    const [mail] = await mailsTo('Area.Follower@example.cn');
    expect(mail?.subject).toContain('请确认订阅');
    const token = linkToken(mail as Mail, 'confirm');
    unsubscribeA = linkToken(mail as Mail, 'unsubscribe');
    const confirmed = await post('/api/v1/public/subscriptions/confirm', { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', category: 'fire_exit' });
    // Opening the link twice is harmless.
    expect((await post('/api/v1/public/subscriptions/confirm', { token })).statusCode).toBe(200);
    for (const other of [B, D]) {
      const [request] = await mailsTo(other);
      expect((await post('/api/v1/public/subscriptions/confirm', { token: linkToken(request as Mail, 'confirm') })).statusCode).toBe(200);
    }
    expect((await post('/api/v1/public/subscriptions/confirm', { token: 'f'.repeat(64) })).statusCode).toBe(404);
  });

  it('a change of state queues one mail to each confirmed subscriber of that area and category, and no one else', async () => {
    await drain();
    const before = smtp.received.length;
    await triage(named.code, { action: 'verify', publicNote: '已电话核实' });
    // Queued in the triage's transaction, before anything is sent.
    const queued = await sql<{ n: string }>`
      select count(*) as n from notifications.outbox o join notifications.notification n on n.id = o.notification_id
      where o.recipient_kind = 'external' and n.kind = 'reports.subscription.verified' and n.subject_code = ${named.code}`.execute(
      app.database.db,
    );
    expect(Number(queued.rows[0]?.n)).toBe(1);
    await drain();
    // Besides the subscriber, only the named reporter hears of it (about their own report, below).
    const sent = smtp.received.slice(before).filter((m) => !m.to.includes(REPORTER.contact));
    expect(sent.map((m) => m.to)).toEqual([['Area.Follower@example.cn']]);
    const update = sent[0] as Mail;
    expect(update.subject).toContain(named.code);
    expect(update.subject).toContain('已核实');
    expect(update.text).toContain(`https://gongzhi.example.cn/reports/public/${named.code}`);
    expect(update.text).toContain(`unsubscribe=${unsubscribeA}`);
    for (const secret of [REPORTER.name, REPORTER.contact, named.token]) expect(update.text).not.toContain(secret);
    expect(await mailsTo(C)).toHaveLength(1); // only its confirmation request
  });

  it('the gas subscriber hears about gas reports only', async () => {
    const before = (await mailsTo(B)).length;
    await triage(gas.code, { action: 'not_a_hazard', publicNote: '现场无燃气泄漏' });
    const after = await mailsTo(B);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]?.subject).toContain(gas.code);
    expect((await mailsTo('Area.Follower@example.cn')).some((m) => m.subject.includes(gas.code))).toBe(false);
  });

  it('one click unsubscribes: no more mails after that', async () => {
    const res = await post('/api/v1/public/subscriptions/unsubscribe', { token: unsubscribeA });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'unsubscribed' });
    const before = (await mailsTo('Area.Follower@example.cn')).length;
    const next = await file({ serviceCode: 'fire_exit', description: '疏散通道堆放杂物', location: near(20) });
    expect(next.statusCode).toBe(201);
    await triage(next.json().code, { action: 'verify' });
    expect(await mailsTo('Area.Follower@example.cn')).toHaveLength(before);
    // Unsubscribing again, or confirming after it, finds nothing live.
    expect((await post('/api/v1/public/subscriptions/unsubscribe', { token: unsubscribeA })).statusCode).toBe(200);
  });

  it('a report turning fixed through its hazard is announced once, to those subscribed by then', async () => {
    const E = 'fix.watcher@example.cn';
    expect((await post('/api/v1/public/subscriptions', { email: E, category: 'fire_exit' })).statusCode).toBe(202);
    const [request] = await mailsTo(E);
    expect((await post('/api/v1/public/subscriptions/confirm', { token: linkToken(request as Mail, 'confirm') })).statusCode).toBe(200);
    const res = await file({ serviceCode: 'fire_exit', description: '安全出口指示灯损坏且出口上锁', location: near(60) });
    const code = res.json().code as string;
    await triage(code, { action: 'verify' });
    await triage(code, { action: 'create_hazard', enterpriseId: enterprise.id, title: '安全出口上锁' });
    const hazardId = (await api.get(officer, `/api/v1/reports/${await idOf(code)}`)).json().hazardId as string;
    expect(await app.modules.subscriptions.announceHazardOutcomes()).toBe(0);
    expect((await api.step(officer, hazardId, 'assess', { grade: 'general' })).statusCode).toBe(200);
    const photo = (await api.upload(officer, hazardId, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    expect((await api.step(officer, hazardId, 'fix-on-spot', { note: '已开锁', evidenceIds: [photo] })).json().status).toBe('closed');

    const before = (await mailsTo(E)).map((m) => m.subject);
    // The outbox sends in no particular order (mails of changes made in quick succession may cross).
    expect(
      before
        .filter((s) => s.includes(code))
        .map((s) => s.split(' / ')[1])
        .sort(),
    ).toEqual(
      [
        'Received, awaiting verification',
        'Verified; the office is deciding what to do',
        'Registered as a hazard; rectification under way',
      ].sort(),
    );
    expect(await app.modules.subscriptions.announceHazardOutcomes()).toBeGreaterThanOrEqual(1);
    const after = await mailsTo(E);
    expect(after.filter((m) => m.subject.includes(code)).map((m) => m.subject.split(' / ')[1])).toHaveLength(4);
    expect(after.at(-1)?.subject).toContain('Fixed');
    // A second run finds it announced already.
    expect(await app.modules.subscriptions.announceHazardOutcomes()).toBe(0);
    expect(await mailsTo(E)).toHaveLength(after.length);
  });

  it('refuses bad input with a 400 problem naming the field', async () => {
    for (const [body, field] of [
      [{ email: 'not-an-address' }, 'email'],
      [{ email: 'x@example.cn', category: 'ufo' }, 'category'],
      [{ email: 'x@example.cn', areaId: 'nope' }, 'areaId'],
      [{ email: 'x@example.cn', areaId: '00000000-0000-4000-8000-000000000000' }, 'areaId'],
      [{ email: 'x@example.cn', extra: 1 }, ''],
      [{}, 'email'],
    ] as const) {
      const res = await post('/api/v1/public/subscriptions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (field)
        expect(
          (res.json().errors as { field: string }[]).map((e) => e.field),
          JSON.stringify(body),
        ).toContain(field);
    }
    expect((await post('/api/v1/public/subscriptions/confirm', { token: 'short' })).statusCode).toBe(400);
  });

  it('throttles requests for one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post('/api/v1/public/subscriptions', { email: 'busy@example.cn', category: 'electrical' })).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const again = await post('/api/v1/public/subscriptions', { email: 'BUSY@example.cn', category: 'electrical' });
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    // Asking again did not make a second subscription.
    const rows = await sql<{ n: string }>`select count(*) as n from reports.subscription where service_code = 'electrical'`.execute(
      app.database.db,
    );
    expect(Number(rows.rows[0]?.n)).toBe(1);
  });
});

describe('updates to a named reporter', () => {
  const outbox = async (code: string) =>
    (
      await sql<{ kind: string; channel: string; status: string; error: string | null }>`
        select n.kind, o.channel, o.status, o.error from notifications.outbox o
        join notifications.notification n on n.id = o.notification_id
        where n.subject_code = ${code} and n.recipient_kind = 'external' and n.kind like 'reports.reporter.%'
        order by n.created_at, n.kind`.execute(app.database.db)
    ).rows;

  it('a reporter who left an e-mail address hears of each change, with their own tracking link', async () => {
    const contact = 'chen.qi@example.cn';
    const filed = (
      await file({
        serviceCode: 'fire_exit',
        description: '超市仓库安全出口堆满货物',
        location: near(80),
        reporter: { name: '陈七', contact },
      })
    ).json();
    const first = await mailsTo(contact);
    expect(first.map((m) => m.subject)).toEqual([
      `您的举报 ${filed.code}：已收到，等待核实 / Your report ${filed.code}: Received, awaiting verification`,
    ]);
    expect(first[0]?.text).toContain(`https://gongzhi.example.cn/report/track/${filed.token}`);
    await triage(filed.code, { action: 'verify' });
    const after = await mailsTo(contact);
    expect(after).toHaveLength(2);
    expect(after[1]?.subject).toContain('Verified; the office is deciding what to do');
    // Only the reporter gets the tracking link: no other mail carries the token.
    expect(smtp.received.filter((m) => m.text.includes(filed.token)).every((m) => m.to.includes(contact))).toBe(true);
  });

  it('a mobile number gets the update by SMS; an anonymous report or an unusable contact gets none', async () => {
    const phone = await file({
      serviceCode: 'fire_exit',
      description: '楼梯间防火门被木楔卡住常开',
      location: near(90),
      reporter: { name: '李四', contact: '+86 139-0013-9000' },
    });
    expect(phone.statusCode, phone.body).toBe(201);
    await drain();
    expect(await outbox(phone.json().code)).toEqual([{ kind: 'reports.reporter.received', channel: 'sms', status: 'sent', error: null }]);
    const anonymous = (await file({ serviceCode: 'fire_exit', description: '走廊灭火器全部过期', location: near(95) })).json();
    const unusable = (
      await file({
        serviceCode: 'fire_exit',
        description: '配电室门口堆放易燃纸箱',
        location: near(98),
        reporter: { name: '王五', contact: '微信 wang5' },
      })
    ).json();
    await drain();
    expect(await outbox(anonymous.code)).toEqual([]);
    expect(await outbox(unusable.code)).toEqual([]);
  });

  it('hears "fixed" when the hazard made of the report is closed, even with nobody subscribed to it', async () => {
    const filed = (
      await file({
        serviceCode: 'gas_smell',
        description: '餐馆后厨燃气软管老化',
        location: near(700),
        attributes: { indoors: 'yes' },
        reporter: { name: '赵六', contact: 'zhao.liu@example.cn' },
      })
    ).json();
    await triage(filed.code, { action: 'verify' });
    await triage(filed.code, { action: 'create_hazard', enterpriseId: enterprise.id, title: '燃气软管老化' });
    const hazardId = (await api.get(officer, `/api/v1/reports/${await idOf(filed.code)}`)).json().hazardId as string;
    expect((await api.step(officer, hazardId, 'assess', { grade: 'general' })).statusCode).toBe(200);
    const photo = (await api.upload(officer, hazardId, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    expect((await api.step(officer, hazardId, 'fix-on-spot', { note: '已更换软管', evidenceIds: [photo] })).json().status).toBe('closed');
    await app.modules.subscriptions.announceHazardOutcomes();
    // The outbox sends them in any order; each state once.
    const subjects = (await mailsTo('zhao.liu@example.cn')).map((m) => m.subject.split(`: `).slice(1).join(': '));
    expect(subjects.sort()).toEqual(
      [
        'Received, awaiting verification',
        'Verified; the office is deciding what to do',
        'Registered as a hazard; rectification under way',
        'Fixed: the hazard has been rectified and closed',
      ].sort(),
    );
  });
});
