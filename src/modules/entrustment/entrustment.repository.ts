import type { Kysely } from 'kysely';
import type { EffectiveStatus, RecordedStatus, Service } from './entrustment.rules.js';
import type { EntrustmentTables } from './entrustment.tables.js';

type Db = Kysely<EntrustmentTables>;

const columns = [
  'id',
  'code',
  'title',
  'regulator_id',
  'provider_id',
  'services',
  'target_kind',
  'area_id',
  'valid_from',
  'valid_until',
  'contract_value',
  'deliverables',
  'status',
  'status_reason',
  'status_changed_at',
  'created_by',
  'created_at',
] as const;

export type EntrustmentRow = Awaited<ReturnType<typeof findById>> & {};

export interface NewEntrustment {
  code: string;
  title: string;
  regulatorId: string;
  providerId: string;
  services: Service[];
  target: { kind: 'enterprises'; enterpriseIds: readonly string[] } | { kind: 'area'; areaId: string };
  validFrom: Date;
  validUntil: Date;
  contractValue: string;
  deliverables: string[];
  createdBy: string;
}

export async function insert(db: Db, e: NewEntrustment): Promise<string> {
  const row = await db
    .insertInto('entrustment.entrustment')
    .values({
      code: e.code,
      title: e.title,
      regulator_id: e.regulatorId,
      provider_id: e.providerId,
      services: e.services,
      target_kind: e.target.kind,
      area_id: e.target.kind === 'area' ? e.target.areaId : null,
      valid_from: e.validFrom,
      valid_until: e.validUntil,
      contract_value: e.contractValue,
      deliverables: JSON.stringify(e.deliverables),
      status: 'active',
      status_reason: null,
      status_changed_at: null,
      created_by: e.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (e.target.kind === 'enterprises') {
    for (let i = 0; i < e.target.enterpriseIds.length; i += 5000) {
      await db
        .insertInto('entrustment.target')
        .values(e.target.enterpriseIds.slice(i, i + 5000).map((enterprise_id) => ({ entrustment_id: row.id, enterprise_id })))
        .execute();
    }
  }
  return row.id;
}

export function findById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('entrustment.entrustment').select(columns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByCode(db: Db, code: string) {
  return db.selectFrom('entrustment.entrustment').select(columns).where('code', '=', code).executeTakeFirst();
}

export function setStatus(db: Db, id: string, status: RecordedStatus, reason: string | null, at: Date) {
  return db
    .updateTable('entrustment.entrustment')
    .set({ status, status_reason: reason, status_changed_at: at })
    .where('id', '=', id)
    .execute();
}

/** Entrustments issued by or to any of these organisations, newest first, with the total. */
export async function listVisible(
  db: Db,
  organisationIds: readonly string[],
  filters: { status?: EffectiveStatus | undefined; providerId?: string | undefined; limit: number; offset: number },
  now: Date,
) {
  if (organisationIds.length === 0) return { rows: [], total: 0 };
  let q = db
    .selectFrom('entrustment.entrustment')
    .where((eb) => eb.or([eb('regulator_id', 'in', organisationIds as string[]), eb('provider_id', 'in', organisationIds as string[])]));
  if (filters.providerId) q = q.where('provider_id', '=', filters.providerId);
  switch (filters.status) {
    case undefined:
      break;
    case 'in_force':
      q = q.where('status', '=', 'active').where('valid_from', '<=', now).where('valid_until', '>', now);
      break;
    case 'upcoming':
      q = q.where('status', '=', 'active').where('valid_from', '>', now);
      break;
    case 'suspended':
      q = q.where('status', '=', 'suspended').where('valid_until', '>', now);
      break;
    case 'ended':
      q = q.where('status', '=', 'ended');
      break;
    case 'expired':
      q = q.where('status', '<>', 'ended').where('valid_until', '<=', now);
      break;
  }
  const [rows, total] = await Promise.all([
    q.select(columns).orderBy('created_at', 'desc').orderBy('id').limit(filters.limit).offset(filters.offset).execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function targetIds(db: Db, entrustmentIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(entrustmentIds.map((id) => [id, []]));
  if (entrustmentIds.length === 0) return out;
  const rows = await db
    .selectFrom('entrustment.target')
    .select(['entrustment_id', 'enterprise_id'])
    .where('entrustment_id', 'in', entrustmentIds as string[])
    .execute();
  for (const r of rows) out.get(r.entrustment_id)?.push(r.enterprise_id);
  return out;
}

export async function targetCounts(db: Db, entrustmentIds: readonly string[]): Promise<Map<string, number>> {
  if (entrustmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('entrustment.target')
    .select(['entrustment_id', db.fn.countAll<number>().as('n')])
    .where('entrustment_id', 'in', entrustmentIds as string[])
    .groupBy('entrustment_id')
    .execute();
  return new Map(rows.map((r) => [r.entrustment_id, Number(r.n)]));
}

/** Recorded as active, and inside the validity period at `now`, for these providers. */
export function activeAt(db: Db, providerIds: readonly string[], now: Date) {
  return db
    .selectFrom('entrustment.entrustment')
    .select(['id', 'provider_id', 'services', 'target_kind', 'area_id'])
    .where('provider_id', 'in', providerIds as string[])
    .where('status', '=', 'active')
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .execute();
}

/** Active at `now` and naming one of these enterprises, or covering one of these areas. */
export function activeCovering(db: Db, enterpriseIds: readonly string[], areaIds: readonly string[], now: Date) {
  return db
    .selectFrom('entrustment.entrustment as e')
    .select(columns.map((c) => `e.${c}` as const))
    .where('e.status', '=', 'active')
    .where('e.valid_from', '<=', now)
    .where('e.valid_until', '>', now)
    .where((eb) =>
      eb.or([
        ...(enterpriseIds.length
          ? [
              eb(
                'e.id',
                'in',
                eb
                  .selectFrom('entrustment.target as t')
                  .select('t.entrustment_id')
                  .where('t.enterprise_id', 'in', enterpriseIds as string[]),
              ),
            ]
          : []),
        ...(areaIds.length ? [eb('e.area_id', 'in', areaIds as string[])] : []),
      ]),
    )
    .orderBy('e.valid_until')
    .execute();
}

export async function covers(db: Db, entrustmentId: string, enterpriseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('entrustment.target')
    .select('enterprise_id')
    .where('entrustment_id', '=', entrustmentId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  return row !== undefined;
}
