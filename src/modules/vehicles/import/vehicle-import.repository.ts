import { type Kysely, sql } from 'kysely';
import type { ImportRefusal } from '../../directory/index.js';
import type { PlateColour, VehicleClass } from '../vehicles.rules.js';
import type { VehiclesTables } from '../vehicles.tables.js';
import type { VehicleImportTables } from './vehicle-import.tables.js';

type Db = Kysely<VehiclesTables & VehicleImportTables>;

export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  driversCreated: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// Jobs

export async function createJob(
  db: Db,
  job: { fileName: string; format: 'csv' | 'xlsx'; totalBytes: number | null; organisationId: string | null; personId: string | null },
): Promise<string> {
  const row = await db
    .insertInto('vehicles.import_job')
    .values({
      file_name: job.fileName,
      format: job.format,
      total_bytes: job.totalBytes,
      organisation_id: job.organisationId,
      person_id: job.personId,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function progress(db: Db, id: string, p: { rowsRead: number; bytesRead: number }, counts: JobCounts) {
  return db
    .updateTable('vehicles.import_job')
    .set({
      rows_read: p.rowsRead,
      bytes_read: p.bytesRead,
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      refused: counts.refused,
      drivers_created: counts.driversCreated,
      heartbeat_at: new Date(),
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export function finish(
  db: Db,
  id: string,
  result: {
    status: 'succeeded' | 'failed';
    counts: JobCounts;
    rowsRead: number;
    bytesRead: number;
    refusals: ImportRefusal[];
    error: { code: string; message: { 'zh-CN': string; en: string } } | null;
  },
) {
  return db
    .updateTable('vehicles.import_job')
    .set({
      status: result.status,
      finished_at: new Date(),
      heartbeat_at: new Date(),
      rows_read: result.rowsRead,
      bytes_read: result.bytesRead,
      created: result.counts.created,
      updated: result.counts.updated,
      unchanged: result.counts.unchanged,
      refused: result.counts.refused,
      drivers_created: result.counts.driversCreated,
      refusals: JSON.stringify(result.refusals),
      error: result.error === null ? null : JSON.stringify(result.error),
    })
    .where('id', '=', id)
    .execute();
}

/** A job whose process died stops where its last batch committed. Say so. */
export function failStale(db: Db, olderThan: Date) {
  return db
    .updateTable('vehicles.import_job')
    .set({
      status: 'failed',
      finished_at: new Date(),
      error: JSON.stringify({
        code: 'interrupted',
        message: {
          'zh-CN': '导入被中断（服务重启）；已完成的批次已保存，请重新上传文件以导入其余行（已导入的行不会重复）',
          en: 'The import was interrupted (the service restarted); the batches already done are kept. Upload the file again for the rest (rows already imported are not repeated).',
        },
      }),
    })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', olderThan)
    .execute();
}

export function findJob(db: Db, id: string) {
  return db.selectFrom('vehicles.import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

// ---------------------------------------------------------------------------------------------------------------------
// The register

export interface StoredVehicle {
  id: string;
  plate_number: string;
  plate_colour: PlateColour;
  class: VehicleClass;
  enterprise_id: string;
  terminal_number: string;
  sim: string | null;
  relay_exempt: boolean;
}

/** Vehicles with any of these plate numbers (of any colour; the caller matches the colour). */
export function vehiclesByPlates(db: Db, plates: readonly string[]): Promise<StoredVehicle[]> {
  if (plates.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle')
    .select(['id', 'plate_number', 'plate_colour', 'class', 'enterprise_id', 'terminal_number', 'sim', 'relay_exempt'])
    .where('plate_number', 'in', plates as string[])
    .execute();
}

export function vehiclesByTerminals(db: Db, terminals: readonly string[]) {
  if (terminals.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle')
    .select(['id', 'terminal_number'])
    .where('terminal_number', 'in', terminals as string[])
    .execute();
}

export function driversByCodes(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.driver')
    .select(['id', 'enterprise_id', 'name', 'qualification_code', 'active'])
    .where('qualification_code', 'in', codes as string[])
    .execute();
}

/** The drivers assigned to these vehicles, with their codes. */
export function assignments(db: Db, vehicleIds: readonly string[]) {
  if (vehicleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle_driver as vd')
    .innerJoin('vehicles.driver as d', 'd.id', 'vd.driver_id')
    .select(['vd.vehicle_id', 'd.id', 'd.qualification_code'])
    .where('vd.vehicle_id', 'in', vehicleIds as string[])
    .execute();
}

export async function insertDrivers(
  db: Db,
  rows: readonly { enterpriseId: string; name: string; qualificationCode: string; createdBy: string }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await db
    .insertInto('vehicles.driver')
    .values(
      rows.map((d) => ({ enterprise_id: d.enterpriseId, name: d.name, qualification_code: d.qualificationCode, created_by: d.createdBy })),
    )
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

export interface ImportedVehicle {
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  enterpriseId: string;
  terminalNumber: string;
  sim: string | null;
  relayExempt: boolean;
}

export async function insertVehicles(db: Db, rows: readonly ImportedVehicle[], createdBy: string): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await db
    .insertInto('vehicles.vehicle')
    .values(
      rows.map((v) => ({
        plate_number: v.plateNumber,
        plate_colour: v.plateColour,
        class: v.class,
        enterprise_id: v.enterpriseId,
        terminal_number: v.terminalNumber,
        sim: v.sim,
        relay_exempt: v.relayExempt,
        created_by: createdBy,
      })),
    )
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

/**
 * Updates many vehicles in one statement per 1,000 (`UPDATE … FROM (VALUES …)`), moving `updated_at` so that the rule
 * engine reloads them. Values travel as text and are cast where they are set.
 */
export async function updateVehicles(db: Db, rows: readonly (ImportedVehicle & { id: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map((v) => sql`(${v.id}, ${v.class}, ${v.enterpriseId}, ${v.terminalNumber}, ${v.sim}, ${String(v.relayExempt)})`);
    await sql`
      update vehicles.vehicle as o set
        class = v.class,
        enterprise_id = v.enterprise_id::uuid,
        terminal_number = v.terminal_number,
        sim = v.sim,
        relay_exempt = v.relay_exempt::boolean,
        updated_at = now()
      from (values ${sql.join(values)}) as v(id, class, enterprise_id, terminal_number, sim, relay_exempt)
      where o.id = v.id::uuid`.execute(db);
  }
}

/** Replaces the drivers of these vehicles with the given ones. */
export async function replaceAssignments(db: Db, vehicleIds: readonly string[], pairs: readonly { vehicleId: string; driverId: string }[]) {
  if (vehicleIds.length > 0)
    await db
      .deleteFrom('vehicles.vehicle_driver')
      .where('vehicle_id', 'in', vehicleIds as string[])
      .execute();
  for (let i = 0; i < pairs.length; i += 5000) {
    await db
      .insertInto('vehicles.vehicle_driver')
      .values(pairs.slice(i, i + 5000).map((p) => ({ vehicle_id: p.vehicleId, driver_id: p.driverId })))
      .execute();
  }
}
