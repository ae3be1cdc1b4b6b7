import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberCheckCharacter } from '../../src/modules/directory/personal-data.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({ demo: true, env: { DATA_KEY: randomBytes(32).toString('base64') } });
  officer = await app.signIn('officer');
});
afterAll(async () => app?.close());

const db = () => app.database.db;
const idNumber = (first17: string) => `${first17}${idNumberCheckCharacter(first17)}`;
const wrongCheck = (id: string) => `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;

const ZHANG = idNumber('11010119900307123');
const LI = idNumber('31011519850615002');
const ZHAO = idNumber('44030519920101001');
const QIAN = idNumber('33010619700909004');
const ZHANG_PHONE = '13812345678';
const WANG_PHONE = '13912345678';

function multipart(fileName: string, content: Buffer | string) {
  const boundary = '----gongzhi-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (fileName: string, content: Buffer | string, auth = officer) => {
  const m = multipart(fileName, content);
  return app.http.inject({
    method: 'POST',
    url: '/api/v1/directory/people-imports',
    headers: { ...auth, ...m.headers },
    payload: m.payload,
  });
};

type Job = {
  id: string;
  status: string;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  rowsRead: number;
  refusals: { line: number; column: string | null; value: string | null; reason: string; message: { 'zh-CN': string; en: string } }[];
  error: { code: string } | null;
};

async function waitFor(id: string): Promise<Job> {
  for (let i = 0; i < 300; i++) {
    const job = (await app.http.inject({ url: `/api/v1/directory/imports/${id}`, headers: officer })).json() as Job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

const countPeople = async () => Number((await sql<{ n: string }>`select count(*) as n from directory.person`.execute(db())).rows[0]?.n);
const audited = async (pattern: string) =>
  (
    await sql<{
      action: string;
      before: unknown;
      after: unknown;
    }>`select action, before, after from audit.entry where action like ${pattern} order by seq`.execute(db())
  ).rows;

const file = [
  '姓名,身份证号,手机号',
  `张三,${ZHANG},${ZHANG_PHONE}`,
  `李四,${LI.slice(0, 6)} ${LI.slice(6).toLowerCase()},`,
  `王五,,${WANG_PHONE}`,
  `赵六,${wrongCheck(ZHAO)},`,
  `钱七,${QIAN},12345`,
  `孙八,${ZHANG},13700000000`,
].join('\n');

describe('importing people', () => {
  let before: number;

  it('creates the valid rows and refuses the others, naming the column, with masked values', async () => {
    before = await countPeople();
    const res = await upload('people.csv', file);
    expect(res.statusCode).toBe(202);
    const job = await waitFor(res.json().id);
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 6, created: 3, updated: 0, unchanged: 0, refused: 3 });
    expect(job.refusals.map((r) => [r.line, r.column, r.reason, r.value])).toEqual([
      [5, '身份证号', 'id_number.check_character', `440305********${wrongCheck(ZHAO).slice(14)}`],
      [6, '手机号', 'phone.format', '1****'],
      [7, '身份证号', 'id_number.duplicate', `110101********${ZHANG.slice(14)}`],
    ]);
    expect(job.refusals.every((r) => r.message['zh-CN'] && r.message.en)).toBe(true);
    const body = JSON.stringify(job);
    for (const secret of [ZHANG, LI, ZHAO, wrongCheck(ZHAO), QIAN, ZHANG_PHONE, WANG_PHONE]) expect(body).not.toContain(secret);
    expect(await countPeople()).toBe(before + 3);
  });

  it('is idempotent: the same file again creates nothing and leaves the three unchanged', async () => {
    const entries = (await audited('directory.person.%')).length;
    const job = await waitFor((await upload('people.csv', file)).json().id);
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 3, refused: 3 });
    expect(await countPeople()).toBe(before + 3);
    expect((await audited('directory.person.%')).length).toBe(entries);
  });

  it('a changed name updates the person found by ID number, audited masked', async () => {
    const job = await waitFor((await upload('people.csv', `姓名,身份证号\n李四四,${LI}\n`)).json().id);
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 1, unchanged: 0, refused: 0 });
    const [update] = await audited('directory.person.update');
    expect(update).toMatchObject({ before: { name: '李*' }, after: { name: '李**' } });
  });

  it('stores no plaintext and audits no whole ID or phone numbers', async () => {
    const people = JSON.stringify(
      (await sql`select name, id_number_enc, id_number_index, phone_enc, phone_index from directory.person`.execute(db())).rows,
    );
    const audit = JSON.stringify(await audited('directory.%'));
    for (const secret of [ZHANG, LI, QIAN, ZHANG_PHONE, WANG_PHONE]) {
      expect(people).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    expect(people).toContain('张三');
    const creates = await audited('directory.person.create');
    expect(creates.map((e) => e.after)).toContainEqual(
      expect.objectContaining({ idNumber: `110101********${ZHANG.slice(14)}`, phone: '138****5678' }),
    );
    expect((await app.http.inject({ url: '/api/v1/audit/verify', headers: officer })).json().ok).toBe(true);
  });

  it('an unreadable xlsx or a file without a 姓名 column imports nothing', async () => {
    const count = await countPeople();
    const broken = await waitFor(
      (await upload('people.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]))).json().id,
    );
    expect(broken).toMatchObject({ status: 'failed', error: { code: 'unreadable' }, created: 0 });
    const missing = await waitFor((await upload('people.csv', `身份证号,手机号\n${QIAN},${ZHANG_PHONE}\n`)).json().id);
    expect(missing).toMatchObject({ status: 'failed', error: { code: 'missing_columns' } });
    expect(await countPeople()).toBe(count);
  });

  it('refuses callers without the permission', async () => {
    const gridworker = await app.signIn('gridworker');
    expect((await upload('people.csv', file, gridworker)).statusCode).toBe(403);
  });
});

describe('reading a people import through its own routes', () => {
  const read = (id: string, auth = officer) => app.http.inject({ url: `/api/v1/directory/people-imports/${id}`, headers: auth });

  it('shows the job, its report with masked values only, and the refused rows as CSV', async () => {
    const id = (await upload('people.csv', file)).json().id as string;
    let job = (await read(id)).json();
    for (let i = 0; i < 300 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await read(id)).json();
    }
    expect(job).toMatchObject({ id, kind: 'person', status: 'succeeded', refused: 3, progress: 1 });
    const csv = await app.http.inject({ url: `/api/v1/directory/people-imports/${id}/refusals.csv`, headers: officer });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('id_number.check_character');
    for (const secret of [ZHANG, wrongCheck(ZHAO), QIAN]) {
      expect(JSON.stringify(job)).not.toContain(secret);
      expect(csv.body).not.toContain(secret);
    }
  });

  it('offers a template with the columns it reads', async () => {
    const res = await app.http.inject({ url: '/api/v1/directory/people-imports/template.csv', headers: officer });
    expect(res.statusCode).toBe(200);
    expect(res.body.replace(/^\uFEFF/, '').trim()).toBe('姓名,身份证号,手机号');
  });

  it('shows no enterprise register import, and nothing to those without the permission; colleagues of the office see it', async () => {
    const enterpriseJob = (
      await sql<{
        id: string;
      }>`insert into directory.import_job (kind, file_name, format) values ('enterprise', 'x.csv', 'csv') returning id`.execute(db())
    ).rows[0]?.id as string;
    expect((await read(enterpriseJob)).statusCode).toBe(404);
    const id = (await upload('people.csv', `姓名\n路人甲\n`)).json().id as string;
    const head = await app.signIn('head');
    expect((await read(id, head)).statusCode).toBe(200);
    const principal = await app.signIn('principal');
    expect((await read(id, principal)).statusCode).toBe(403);
  });
});
