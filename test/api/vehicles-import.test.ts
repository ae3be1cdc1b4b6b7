import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;
let principal: Record<string, string>;
/** The principal's own enterprise, and one only the officer governs. */
let own: { id: string; name: string; credit_code: string };
let other: { id: string; name: string; credit_code: string };

const db = () => app.database.db;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  const ownId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id as string;
  // Enterprises with a credit code and a name no other enterprise has, so that either names them.
  const rows = (
    await sql<{ id: string; name: string; credit_code: string }>`
      select id, name, credit_code from directory.organisation o
      where kind = 'enterprise' and credit_code is not null
        and (select count(*) from directory.organisation p where p.name = o.name) = 1
      order by (id = ${ownId}) desc, name limit 2`.execute(db())
  ).rows;
  if (rows[0]?.id !== ownId || !rows[1]) throw new Error('the demo lacks the enterprises this test needs');
  [own, other] = rows as [typeof own, typeof other];
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

const upload = (fileName: string, content: Buffer | string, auth = officer) => {
  const m = multipart(fileName, content);
  return app.http.inject({ method: 'POST', url: '/api/v1/vehicles/imports', headers: { ...auth, ...m.headers }, payload: m.payload });
};

type Job = {
  id: string;
  status: string;
  progress: number;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  driversCreated: number;
  refusals: { line: number; column: string | null; value: string | null; reason: string; message: { 'zh-CN': string; en: string } }[];
  error: { code: string } | null;
};

async function waitFor(id: string, auth = officer, onPoll?: (job: Job) => void): Promise<Job> {
  for (let i = 0; i < 3000; i++) {
    const job = (await app.http.inject({ url: `/api/v1/vehicles/imports/${id}`, headers: auth })).json() as Job;
    onPoll?.(job);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

const imported = async (fileName: string, content: Buffer | string, auth = officer) => {
  const res = await upload(fileName, content, auth);
  expect(res.statusCode, res.body).toBe(202);
  return waitFor(res.json().id, auth);
};

const vehicleByPlate = async (plate: string) =>
  (
    await sql<{
      id: string;
      class: string;
      enterprise_id: string;
      terminal_number: string;
      sim: string | null;
      relay_exempt: boolean;
      updated_at: Date;
    }>`
      select id, class, enterprise_id, terminal_number, sim, relay_exempt, updated_at from vehicles.vehicle where plate_number = ${plate}`.execute(
      db(),
    )
  ).rows;
const driversOf = async (vehicleId: string) =>
  (
    await sql<{ name: string; qualification_code: string; enterprise_id: string }>`
      select d.name, d.qualification_code, d.enterprise_id from vehicles.vehicle_driver vd join vehicles.driver d on d.id = vd.driver_id
      where vd.vehicle_id = ${vehicleId} order by d.qualification_code`.execute(db())
  ).rows;
const audited = async (action: string, jobId: string) =>
  (
    await sql<{ action: string; target_type: string; target_id: string; before: unknown; after: Record<string, unknown> }>`
      select action, target_type, target_id, before, after from audit.entry
      where action = ${action} and (after->>'importJobId' = ${jobId} or target_id = ${jobId}) order by seq`.execute(db())
  ).rows;
/** Driver ids by qualification certificate number, as the trail names drivers. */
const driverIds = async (...codes: string[]) => {
  const rows = (await sql<{ id: string; qualification_code: string }>`select id, qualification_code from vehicles.driver`.execute(db()))
    .rows;
  return codes.map((c) => rows.find((r) => r.qualification_code === c)?.id);
};
const refusalsOf = (job: Job) => job.refusals.map((r) => [r.line, r.column, r.reason]);

const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('车辆');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing the vehicle register', () => {
  let firstJob: string;

  it('creates the good rows of a CSV with Chinese headers and refuses the bad ones by row and column', async () => {
    const job = await imported(
      'vehicles.csv',
      csv([
        '车牌号,车牌颜色,车辆类型,经营企业,终端号,SIM卡号,驾驶员,接驳运输',
        `沪K10001,黄,班线客车,${other.credit_code},013900000001,89860012345678901234,王师傅/A100001；李师傅/a100002,是`,
        `沪K10002,蓝,渣土车,${other.name},013900000002,,,否`,
        `沪K10003,黄,拖拉机,${other.credit_code},013900000003,,,`,
        `沪K10004,黄,重型货车,${other.credit_code},13900000001,,,`,
        `沪K10005,黄,渣土车,${other.credit_code},013900000005,,,是`,
        `沪K10006,黄,重型货车,没有这家公司,013900000006,,,`,
        `沪K10007,红,重型货车,${other.credit_code},013900000007,,赵师傅,`,
      ]),
    );
    firstJob = job.id;
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 7, created: 2, updated: 0, unchanged: 0, driversCreated: 2, progress: 1 });
    expect(refusalsOf(job)).toEqual([
      [4, '车辆类型', 'class.invalid'],
      [5, '终端号', 'terminal_number.duplicate'],
      [6, '接驳运输', 'relay_exempt.not_coach'],
      [7, '经营企业', 'enterprise.not_found'],
      [8, '车牌颜色', 'plateColour.invalid'],
      [8, '驾驶员', 'drivers.format'],
    ]);
    expect(job.refused).toBe(6);
    expect(job.refusals.every((r) => r.message['zh-CN'] && r.message.en)).toBe(true);

    const [coach] = await vehicleByPlate('沪K10001');
    expect(coach).toMatchObject({
      class: 'coach',
      enterprise_id: other.id,
      terminal_number: '13900000001',
      sim: '89860012345678901234',
      relay_exempt: true,
    });
    expect(await driversOf(coach?.id as string)).toEqual([
      { name: '王师傅', qualification_code: 'A100001', enterprise_id: other.id },
      { name: '李师傅', qualification_code: 'A100002', enterprise_id: other.id },
    ]);
    const [earthwork] = await vehicleByPlate('沪K10002');
    expect(earthwork).toMatchObject({ class: 'earthwork', enterprise_id: other.id, sim: null, relay_exempt: false });
    for (const plate of ['沪K10003', '沪K10004', '沪K10005', '沪K10006', '沪K10007']) expect(await vehicleByPlate(plate)).toEqual([]);
  });

  it('audits every vehicle and driver it wrote, and the import itself', async () => {
    const vehicles = await audited('vehicles.vehicle.create', firstJob);
    expect(vehicles.map((a) => a.after.plateNumber)).toEqual(['沪K10001', '沪K10002']);
    expect(vehicles[0]?.after).toMatchObject({
      terminalNumber: '13900000001',
      relayExempt: true,
      driverIds: await driverIds('A100001', 'A100002'),
    });
    expect((await audited('vehicles.driver.create', firstJob)).map((a) => a.after.qualificationCode)).toEqual(['A100001', 'A100002']);
    const [complete] = await audited('vehicles.import.complete', firstJob);
    expect(complete?.after).toMatchObject({ created: 2, refused: 6, rowsRead: 7 });
  });

  it('updates a vehicle found by plate and colour from an XLSX with English headers, and reassigns its drivers', async () => {
    const [before] = await vehicleByPlate('沪K10001');
    const job = await imported(
      'vehicles.xlsx',
      await xlsx([
        ['plateNumber', 'plateColour', 'class', 'enterprise', 'terminalNumber', 'sim', 'drivers', 'relayExempt'],
        ['沪K10001', 'yellow', 'coach', other.credit_code, 13900000011, '', '李师傅/A100002;张师傅/A100003', 'no'],
        ['沪K10008', 'yellow', 'hazardous_goods', other.name, '013900000008', '', '', ''],
        ['沪K10009', 'yellow', 'heavy_freight', other.credit_code, '013900000002', '', '', ''],
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 3, created: 1, updated: 1, unchanged: 0, driversCreated: 1 });
    expect(refusalsOf(job)).toEqual([[4, 'terminalNumber', 'terminal_number.taken']]);
    const [after] = await vehicleByPlate('沪K10001');
    expect(after).toMatchObject({ id: before?.id, terminal_number: '13900000011', sim: null, relay_exempt: false });
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() as number);
    expect((await driversOf(after?.id as string)).map((d) => d.qualification_code)).toEqual(['A100002', 'A100003']);
    const [update] = await audited('vehicles.vehicle.update', job.id);
    expect(update).toMatchObject({
      target_type: 'vehicle',
      target_id: before?.id,
      before: { terminalNumber: '13900000001', relayExempt: true, driverIds: await driverIds('A100001', 'A100002') },
      after: { terminalNumber: '13900000011', relayExempt: false, driverIds: await driverIds('A100002', 'A100003') },
    });
  });

  it('is idempotent: the same file again changes nothing and audits no vehicle', async () => {
    const [before] = await vehicleByPlate('沪K10001');
    const job = await imported(
      'again.csv',
      csv([
        '车牌号,车牌颜色,车辆类型,经营企业,终端号,驾驶员',
        `沪K10001,黄,班线客车,${other.credit_code},13900000011,李师傅/A100002;张师傅/A100003`,
        `沪K10002,蓝,渣土车,${other.name},013900000002,`,
      ]),
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 0, updated: 0, unchanged: 2, refused: 0, driversCreated: 0 });
    expect((await vehicleByPlate('沪K10001'))[0]?.updated_at).toEqual(before?.updated_at);
    expect(await audited('vehicles.vehicle.update', job.id)).toEqual([]);
  });

  it('refuses a driver of another enterprise, and one whose name does not match the register', async () => {
    const job = await imported(
      'drivers.csv',
      csv([
        '车牌号,车牌颜色,车辆类型,经营企业,终端号,驾驶员',
        `沪K10010,黄,重型货车,${own.credit_code},013900000010,王师傅/A100001`,
        `沪K10002,蓝,渣土车,${other.credit_code},013900000002,王五/A100001`,
      ]),
    );
    expect(refusalsOf(job)).toEqual([
      [2, '驾驶员', 'drivers.other_enterprise'],
      [3, '驾驶员', 'drivers.name_mismatch'],
    ]);
    expect(job).toMatchObject({ created: 0, updated: 0 });
  });

  it('an enterprise imports only for itself: another enterprise, or a vehicle of another enterprise, is refused', async () => {
    const job = await imported(
      'mine.csv',
      csv([
        '车牌号,车牌颜色,车辆类型,经营企业,终端号',
        `沪K20001,黄,危险货物运输车,${own.name},013900000021`,
        `沪K20002,黄,危险货物运输车,${other.credit_code},013900000022`,
        `沪K10002,蓝,渣土车,${own.credit_code},013900000002`,
      ]),
      principal,
    );
    expect(job).toMatchObject({ status: 'succeeded', created: 1, updated: 0 });
    expect(refusalsOf(job)).toEqual([
      [3, '经营企业', 'enterprise.outside_scope'],
      [4, '车牌号', 'vehicle.outside_scope'],
    ]);
    expect((await vehicleByPlate('沪K20001'))[0]?.enterprise_id).toBe(own.id);
    expect((await vehicleByPlate('沪K10002'))[0]?.enterprise_id).toBe(other.id);
    // Another person's job is not theirs to read.
    expect((await app.http.inject({ url: `/api/v1/vehicles/imports/${firstJob}`, headers: principal })).statusCode).toBe(404);
  });

  it('moving a vehicle to another enterprise without a drivers column takes its drivers off', async () => {
    const [before] = await vehicleByPlate('沪K10001');
    expect((await driversOf(before?.id as string)).length).toBe(2);
    const job = await imported(
      'move.csv',
      csv(['车牌号,车牌颜色,车辆类型,经营企业,终端号', `沪K10001,黄,班线客车,${own.credit_code},13900000011`]),
    );
    expect(job).toMatchObject({ status: 'succeeded', updated: 1, refused: 0 });
    expect((await vehicleByPlate('沪K10001'))[0]?.enterprise_id).toBe(own.id);
    expect(await driversOf(before?.id as string)).toEqual([]);
    const [update] = await audited('vehicles.vehicle.update', job.id);
    expect(update).toMatchObject({
      before: { enterpriseId: other.id, driverIds: await driverIds('A100002', 'A100003') },
      after: { enterpriseId: own.id, driverIds: [] },
    });
  });

  it('fails a file without the required columns, and says which', async () => {
    const job = await imported('short.csv', csv(['车牌号,车牌颜色', '沪K30001,黄']));
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('missing_columns');
  });

  it('offers a template that reads back, the refusals as CSV, and refuses those without the permission', async () => {
    const template = await app.http.inject({ url: '/api/v1/vehicles/imports/template.csv', headers: officer });
    expect(template.statusCode).toBe(200);
    expect(template.body).toContain('车牌号(plateNumber)');
    const job = await imported('template.csv', template.body);
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 1, created: 0 });
    expect(refusalsOf(job)).toEqual([[2, '经营企业(enterprise)', 'enterprise.not_found']]);
    const refusals = await app.http.inject({ url: `/api/v1/vehicles/imports/${firstJob}/refusals.csv`, headers: officer });
    expect(refusals.body.split('\r\n').filter(Boolean)).toHaveLength(7);
    const gridworker = await app.signIn('gridworker');
    expect((await upload('vehicles.csv', template.body, gridworker)).statusCode).toBe(403);
  });
});

describe('a large register', () => {
  const ROWS = Number(process.env.VEHICLE_IMPORT_ROWS ?? 20_000);

  it(`imports ${ROWS} rows in batches with progress`, async () => {
    const lines = ['车牌号,车牌颜色,车辆类型,经营企业,终端号,驾驶员'];
    for (let i = 0; i < ROWS; i++) {
      const n = String(i).padStart(6, '0');
      const drivers = i % 10 === 0 ? `驾驶员${i}/Q${n}` : '';
      lines.push(`沪Z${n},黄,重型货车,${other.credit_code},2${n}${String(i % 97).padStart(4, '0')},${drivers}`);
    }
    const body = csv(lines);
    lines.length = 0;
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const started = Date.now();
    const res = await upload('big.csv', body);
    expect(res.statusCode).toBe(202);
    const seen: number[] = [];
    // With NODE_OPTIONS=--expose-gc the peak is of live memory, not of garbage not yet collected.
    const gc = (globalThis as { gc?: () => void }).gc;
    const job = await waitFor(res.json().id, officer, (j) => {
      seen.push(j.created);
      if (gc && seen.length % 10 !== 0) return;
      gc?.();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    });
    const seconds = (Date.now() - started) / 1000;
    const mb = (n: number) => Math.round(n / 1e6);
    console.log(
      `${ROWS}-row vehicle import (${mb(body.length)} MB): ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s), polls: ${seen.length}, heap ${mb(heapBefore)} MB before, ${mb(heapPeak)} MB at most${gc ? ' (after GC)' : ''}`,
    );
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: ROWS, created: ROWS, refused: 0, driversCreated: ROWS / 10 });
    // Batches commit as they go: some polls saw part of the file created.
    expect(seen.some((n) => n > 0 && n < ROWS)).toBe(true);
  }, 900_000);
});
