import { type Kysely, sql } from 'kysely';
import type { PlateColour, VehicleClass } from './vehicles.rules.js';
import type { VehiclesTables } from './vehicles.tables.js';

type Db = Kysely<VehiclesTables>;

const vehicleColumns = ['id', 'plate_number', 'plate_colour', 'class', 'enterprise_id', 'terminal_number', 'sim', 'created_at'] as const;

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
