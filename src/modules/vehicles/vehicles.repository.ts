import { type Kysely, sql } from 'kysely';
import type { PlateColour, VehicleClass } from './vehicles.rules.js';
import type { VehiclesTables } from './vehicles.tables.js';

type Db = Kysely<VehiclesTables>;

const vehicleColumns = [
  'id',
  'plate_number',
  'plate_colour',
  'class',
  'enterprise_id',
  'terminal_number',
  'sim',
  'created_at',
  'relay_exempt',
  'route_zone_id',
  'updated_at',
] as const;

export type VehicleRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export interface NewVehicle {
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  enterpriseId: string;
  terminalNumber: string;
  sim: string | null;
  createdBy: string | null;
}

export async function insertVehicles(db: Db, rows: readonly NewVehicle[]): Promise<string[]> {
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
        created_by: v.createdBy,
      })),
    )
    .returning('id')
    .execute();
  return out.map((r) => r.id);
}

export function findById(db: Db, id: string) {
  return db.selectFrom('vehicles.vehicle').select(vehicleColumns).where('id', '=', id).executeTakeFirst();
}

/** The vehicle, locked until the transaction ends: a change reads what it replaces without a concurrent one in between. */
export function lockById(db: Db, id: string) {
  return db.selectFrom('vehicles.vehicle').select(vehicleColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findByTerminalNumber(db: Db, terminalNumber: string) {
  return db.selectFrom('vehicles.vehicle').select(vehicleColumns).where('terminal_number', '=', terminalNumber).executeTakeFirst();
}

export function findByPlate(db: Db, plate: string, colour: PlateColour) {
  return db
    .selectFrom('vehicles.vehicle')
    .select('id')
    .where('plate_number', '=', plate)
    .where('plate_colour', '=', colour)
    .executeTakeFirst();
}

/** Every enterprise that operates a registered vehicle (to be filtered by the caller's scope). */
export async function operatingEnterprises(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('vehicles.vehicle').select('enterprise_id').distinct().execute();
  return rows.map((r) => r.enterprise_id);
}

export async function list(
  db: Db,
  enterpriseIds: readonly string[],
  filters: { q?: string | undefined; class?: VehicleClass | undefined; enterpriseId?: string | undefined; limit: number; offset: number },
) {
  if (enterpriseIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('vehicles.vehicle').where('enterprise_id', 'in', enterpriseIds as string[]);
  if (filters.enterpriseId) q = q.where('enterprise_id', '=', filters.enterpriseId);
  if (filters.class) q = q.where('class', '=', filters.class);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`).toUpperCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`upper(plate_number)`, 'like', like), eb('terminal_number', 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    q.select(vehicleColumns).orderBy('plate_number').orderBy('id').limit(filters.limit).offset(filters.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Id, plate and class of every vehicle of these enterprises, for the live map. */
export function roster(db: Db, enterpriseIds: readonly string[]) {
  if (enterpriseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle')
    .select(['id', 'plate_number', 'class', 'enterprise_id'])
    .where('enterprise_id', 'in', enterpriseIds as string[])
    .execute();
}

export function terminals(db: Db, vehicleIds: readonly string[]) {
  if (vehicleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.terminal')
    .select(['vehicle_id', 'edition', 'registered_at', 'authenticated_at', 'auth_code_hash'])
    .where('vehicle_id', 'in', vehicleIds as string[])
    .execute();
}

export async function upsertTerminal(
  db: Db,
  t: { vehicleId: string; authCodeHash: string; edition: '2013' | '2019'; registration: Record<string, unknown>; at: Date },
) {
  await db
    .insertInto('vehicles.terminal')
    .values({
      vehicle_id: t.vehicleId,
      auth_code_hash: t.authCodeHash,
      edition: t.edition,
      registration: JSON.stringify(t.registration),
      registered_at: t.at,
      authenticated_at: null,
    })
    .onConflict((oc) =>
      oc.column('vehicle_id').doUpdateSet({
        auth_code_hash: t.authCodeHash,
        edition: t.edition,
        registration: JSON.stringify(t.registration),
        registered_at: t.at,
        authenticated_at: null,
      }),
    )
    .execute();
}

export async function setAuthenticated(db: Db, vehicleId: string, at: Date, imei: string | null, softwareVersion: string | null) {
  await db
    .updateTable('vehicles.terminal')
    .set({ authenticated_at: at, imei, software_version: softwareVersion })
    .where('vehicle_id', '=', vehicleId)
    .execute();
}

export async function clearAuthCode(db: Db, vehicleId: string) {
  await db.updateTable('vehicles.terminal').set({ auth_code_hash: null }).where('vehicle_id', '=', vehicleId).execute();
}

export async function insertDriverEvent(db: Db, e: VehiclesTables['vehicles.driver_event'] extends infer T ? Omit<T, 'id'> : never) {
  await db.insertInto('vehicles.driver_event').values(e).execute();
}

const positionColumns = [
  'time',
  'received_at',
  'lat',
  'lng',
  'altitude',
  'speed_kmh',
  'direction',
  'alarm',
  'status',
  'mileage_km',
] as const;

/** One vehicle's positions in [from, to) by terminal time, one per instant (a resend after a crash may store one twice). */
export async function track(db: Db, vehicleId: string, from: Date, to: Date, limit: number) {
  const rows = await db
    .selectFrom('vehicles.position')
    .select([...positionColumns, 'backfill', 'items'])
    .distinctOn('time')
    .where('vehicle_id', '=', vehicleId)
    .where('time', '>=', from)
    .where('time', '<', to)
    .orderBy('time')
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), truncated: rows.length > limit };
}

export function latest(db: Db, vehicleIds: readonly string[]) {
  if (vehicleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.latest_position')
    .select(['vehicle_id', ...positionColumns])
    .where('vehicle_id', 'in', vehicleIds as string[])
    .execute();
}

/** The rule engine reloads a vehicle's profile when this stamp moves, so every change of it or its drivers sets it. */
const touched = () => sql<Date>`now()`;

export async function updateVehicle(
  db: Db,
  id: string,
  patch: { relay_exempt?: boolean; route_zone_id?: string | null; sim?: string | null },
): Promise<void> {
  await db
    .updateTable('vehicles.vehicle')
    .set({ ...patch, updated_at: touched() })
    .where('id', '=', id)
    .execute();
}

/** Replaces a vehicle's drivers (the caller moves its change stamp). */
export async function setVehicleDrivers(db: Db, vehicleId: string, driverIds: readonly string[]): Promise<void> {
  await db.deleteFrom('vehicles.vehicle_driver').where('vehicle_id', '=', vehicleId).execute();
  if (driverIds.length) {
    await db
      .insertInto('vehicles.vehicle_driver')
      .values(driverIds.map((driver_id) => ({ vehicle_id: vehicleId, driver_id })))
      .execute();
  }
}

/** The assigned drivers of these vehicles, by name. */
export function driversOfVehicles(db: Db, vehicleIds: readonly string[]) {
  if (vehicleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle_driver as vd')
    .innerJoin('vehicles.driver as d', 'd.id', 'vd.driver_id')
    .select(['vd.vehicle_id', 'd.id', 'd.name', 'd.qualification_code', 'd.active'])
    .where('vd.vehicle_id', 'in', vehicleIds as string[])
    .orderBy('d.name')
    .orderBy('d.id')
    .execute();
}

/** The vehicles these drivers are assigned to, by plate. */
export function vehiclesOfDrivers(db: Db, driverIds: readonly string[]) {
  if (driverIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.vehicle_driver as vd')
    .innerJoin('vehicles.vehicle as v', 'v.id', 'vd.vehicle_id')
    .select(['vd.driver_id', 'v.id', 'v.plate_number'])
    .where('vd.driver_id', 'in', driverIds as string[])
    .orderBy('v.plate_number')
    .execute();
}

/** The newest driver-card event of each of these vehicles (the 0x0702 reports). */
export function lastCardEvents(db: Db, vehicleIds: readonly string[]) {
  if (vehicleIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.driver_event')
    .distinctOn('vehicle_id')
    .select(['vehicle_id', 'event', 'time', 'driver_name', 'qualification_code'])
    .where('vehicle_id', 'in', vehicleIds as string[])
    .orderBy('vehicle_id')
    .orderBy('time', 'desc')
    .orderBy('received_at', 'desc')
    .execute();
}

const driverColumns = ['id', 'enterprise_id', 'name', 'qualification_code', 'active', 'created_at', 'updated_at'] as const;

export type DriverRow = NonNullable<Awaited<ReturnType<typeof findDriver>>>;

export function findDriver(db: Db, id: string) {
  return db.selectFrom('vehicles.driver').select(driverColumns).where('id', '=', id).executeTakeFirst();
}

export function driversByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.driver')
    .select(driverColumns)
    .where('id', 'in', ids as string[])
    .execute();
}

export function driversByCodes(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('vehicles.driver')
    .select(['name', 'qualification_code'])
    .where('qualification_code', 'in', codes as string[])
    .execute();
}

export function findDriverByCode(db: Db, code: string) {
  return db.selectFrom('vehicles.driver').select('id').where('qualification_code', '=', code).executeTakeFirst();
}

/** Every enterprise with a driver on the register (to be filtered by the caller's scope). */
export async function driverEnterprises(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('vehicles.driver').select('enterprise_id').distinct().execute();
  return rows.map((r) => r.enterprise_id);
}

export async function insertDriver(
  db: Db,
  d: { enterpriseId: string; name: string; qualificationCode: string; createdBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto('vehicles.driver')
    .values({ enterprise_id: d.enterpriseId, name: d.name, qualification_code: d.qualificationCode, created_by: d.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDriver(db: Db, id: string, patch: { name?: string; active?: boolean }): Promise<void> {
  await db
    .updateTable('vehicles.driver')
    .set({ ...patch, updated_at: touched() })
    .where('id', '=', id)
    .execute();
}

/** Takes a driver off every vehicle, moving those vehicles' change stamps; answers their ids. */
export async function unassignDriver(db: Db, driverId: string): Promise<string[]> {
  const rows = await db.deleteFrom('vehicles.vehicle_driver').where('driver_id', '=', driverId).returning('vehicle_id').execute();
  const ids = rows.map((r) => r.vehicle_id);
  if (ids.length) await db.updateTable('vehicles.vehicle').set({ updated_at: touched() }).where('id', 'in', ids).execute();
  return ids;
}

export async function listDrivers(
  db: Db,
  enterpriseIds: readonly string[],
  filters: { q?: string | undefined; enterpriseId?: string | undefined; active?: boolean | undefined; limit: number; offset: number },
) {
  if (enterpriseIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('vehicles.driver').where('enterprise_id', 'in', enterpriseIds as string[]);
  if (filters.enterpriseId) q = q.where('enterprise_id', '=', filters.enterpriseId);
  if (filters.active !== undefined) q = q.where('active', '=', filters.active);
  if (filters.q) {
    const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`).toUpperCase()}%`;
    q = q.where((eb) => eb.or([eb(sql`upper(name)`, 'like', like), eb(sql`upper(qualification_code)`, 'like', like)]));
  }
  const [rows, total] = await Promise.all([
    q.select(driverColumns).orderBy('active', 'desc').orderBy('name').orderBy('id').limit(filters.limit).offset(filters.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
