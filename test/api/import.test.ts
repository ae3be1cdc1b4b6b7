import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/modules/directory/credit-code.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
});
afterAll(async () => app?.close());

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

async function upload(fileName: string, content: Buffer | string) {
  const m = multipart(fileName, content);
  return app.http.inject({ method: 'POST', url: '/api/v1/directory/imports', headers: { ...officer, ...m.headers }, payload: m.payload });
}

type Job = {
  id: string;
  status: string;
  progress: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  rowsRead: number;
  refusals: { line: number; column: string | null; reason: string }[];
  error: { code: string } | null;
};

async function waitFor(id: string, onPoll?: (job: Job) => void): Promise<Job> {
  for (let i = 0; i < 1200; i++) {
    const job = (await app.http.inject({ url: `/api/v1/directory/imports/${id}`, headers: officer })).json() as Job;
    onPoll?.(job);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

const code = (n: number) => makeCreditCode({ department: '9', category: '1', division: '338802', body8: `T${String(n).padStart(7, '0')}` });
const count = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from directory.organisation where kind = 'enterprise'`.execute(app.database.db))
    .rows[0]?.n ?? 0;

describe('importing an enterprise register', () => {
  let existing: { credit_code: string; name: string; lng: number; lat: number; area_id: string };
  let file: string;

  it('creates, updates, leaves unchanged and refuses, row by row, with grids found from locations', async () => {
    existing = (
      await sql<
        typeof existing
      >`select credit_code, name, lng, lat, area_id from directory.organisation where kind = 'enterprise' order by name limit 1`.execute(
        app.database.db,
      )
    ).rows[0] as typeof existing;
    const before = await count();
    file = [
      '统一社会信用代码,单位名称,经度,纬度,行业类别,规模,主要负责人',
      `${code(1)},临澜新建化工有限公司,${existing.lng},${existing.lat},危险化学品使用,小型,张三`,
      `${code(2)},临澜新建物流有限公司,,,道路运输,微型,`,
      `${existing.credit_code},${existing.name}（更名）,${existing.lng},${existing.lat},,,`,
      `${code(1).slice(0, 17)}0,校验码错误的公司,,,,,`,
      `${code(3)},境外的公司,116.4,39.9,,,`,
    ].join('\n');
    const res = await upload('register.csv', file);
    expect(res.statusCode).toBe(202);
    const job = await waitFor(res.json().id);
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 5, created: 2, updated: 1, unchanged: 0, refused: 2 });
    expect(job.refusals.map((r) => [r.line, r.reason])).toEqual([
      [5, 'credit_code.check_character'],
      [6, 'location.outside_area'],
    ]);
    expect(job.refusals[0]?.column).toBe('统一社会信用代码');
    expect(await count()).toBe(before + 2);
    const created = (
      await sql<{
        area_id: string;
        principal_name: string;
      }>`select area_id, principal_name from directory.organisation where credit_code = ${code(1)}`.execute(app.database.db)
    ).rows[0];
    expect(created).toEqual({ area_id: existing.area_id, principal_name: '张三' });
  });

  it('is idempotent: the same file again changes nothing and writes no new change entries', async () => {
    const entries = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from audit.entry where action like 'directory.enterprise.%'`.execute(
          app.database.db,
        )
      ).rows[0]?.n;
    const before = await entries();
    const job = await waitFor((await upload('register.csv', file)).json().id);
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 3, refused: 2 });
    expect(await entries()).toBe(before);
  });

  it('records each created and updated enterprise in the audit trail, and the chain holds', async () => {
    const rows = (
      await sql<{ action: string }>`select action from audit.entry where action like 'directory.%' order by seq`.execute(app.database.db)
    ).rows.map((r) => r.action);
    expect(rows.filter((a) => a === 'directory.enterprise.create')).toHaveLength(2);
    expect(rows.filter((a) => a === 'directory.enterprise.update')).toHaveLength(1);
    expect(rows.filter((a) => a === 'directory.import.complete')).toHaveLength(2);
    expect((await app.http.inject({ url: '/api/v1/audit/verify', headers: officer })).json().ok).toBe(true);
  });

  it('a column the file does not have leaves that field as it is', async () => {
    const before = (
      await sql<{ credit_code: string; address: string; lng: number; size: string; area_id: string }>`
        select credit_code, address, lng, size, area_id from directory.organisation where kind = 'enterprise' and address is not null and size is not null offset 5 limit 1`.execute(
        app.database.db,
      )
    ).rows[0];
    const job = await waitFor((await upload('names.csv', `统一社会信用代码,单位名称\n${before?.credit_code},改名后的公司\n`)).json().id);
    expect(job).toMatchObject({ status: 'succeeded', updated: 1 });
    const after = (
      await sql<
        typeof before & { name: string }
      >`select credit_code, address, lng, size, area_id, name from directory.organisation where credit_code = ${before?.credit_code}`.execute(
        app.database.db,
      )
    ).rows[0];
    expect(after).toEqual({ ...before, name: '改名后的公司' });
  });

  it('an unreadable file imports nothing and says why', async () => {
    const before = await count();
    const res = await upload('broken.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const job = await waitFor(res.json().id);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('unreadable');
    expect(await count()).toBe(before);
  });

  it('a file missing a required column imports nothing and names the column', async () => {
    const job = await waitFor((await upload('names.csv', '单位名称\n某公司\n')).json().id);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'missing_columns' } });
  });

  it('refuses a file that is neither CSV nor XLSX, and callers without the permission', async () => {
    expect((await upload('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).statusCode).toBe(415);
    const gridworker = await app.signIn('gridworker');
    const m = multipart('register.csv', file);
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/directory/imports',
      headers: { ...gridworker, ...m.headers },
      payload: m.payload,
    });
    expect(res.statusCode).toBe(403);
  });

  it('offers a template and the refused rows as CSV', async () => {
    const template = await app.http.inject({ url: '/api/v1/directory/imports/template.csv', headers: officer });
    expect(template.body).toContain('统一社会信用代码');
    const job = await waitFor((await upload('register.csv', file)).json().id);
    const refusals = await app.http.inject({ url: `/api/v1/directory/imports/${job.id}/refusals.csv`, headers: officer });
    expect(refusals.body.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});

describe('a 100,000-row register', () => {
  it('imports with progress and reports its bad rows', async () => {
    const lines = ['统一社会信用代码,单位名称,行业类别,使用危险化学品'];
    for (let i = 0; i < 100_000; i++) {
      const bad = i % 10_000 === 9_999;
      lines.push(`${bad ? 'NOT-A-CODE' : code(1_000_000 + i)},临澜批量企业${i}号有限公司,小作坊,${i % 7 === 0 ? '是' : '否'}`);
    }
    const before = await count();
    const started = Date.now();
    const res = await upload('big.csv', lines.join('\n'));
    expect(res.statusCode).toBe(202);
    const seen: number[] = [];
    const job = await waitFor(res.json().id, (j) => seen.push(j.progress));
    const seconds = (Date.now() - started) / 1000;
    console.log(`100,000-row import: ${seconds.toFixed(1)} s, progress polls: ${seen.length}`);
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 100_000, created: 99_990, refused: 10 });
    expect(job.refusals.every((r) => r.reason.startsWith('credit_code.'))).toBe(true);
    expect(seen.some((p) => p > 0 && p < 1)).toBe(true);
    expect(await count()).toBe(before + 99_990);
  }, 300_000);
});
