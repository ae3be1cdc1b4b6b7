import { type Kysely, sql } from 'kysely';
import type { ReportStatus } from './reports.rules.js';
import type { ReportsTables } from './reports.tables.js';
import type { SubscriptionsTables } from './subscriptions.tables.js';

export type FeedsDb = Kysely<ReportsTables & SubscriptionsTables>;

export interface PublicFilters {
  areaId?: string | undefined;
  categories?: readonly string[] | undefined;
  /** Internal states to include; with `orIds`, also these reports whatever their state. */
  statuses?: readonly ReportStatus[] | undefined;
  orIds?: readonly string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

function filtered(db: FeedsDb, f: PublicFilters) {
  let q = db.selectFrom('reports.report as r');
  if (f.areaId) q = q.where(sql<boolean>`r.area_path @> array[${f.areaId}]::uuid[]`);
  if (f.categories?.length) q = q.where('r.service_code', 'in', [...f.categories]);
  if (f.from) q = q.where('r.received_at', '>=', f.from);
  if (f.to) q = q.where('r.received_at', '<', f.to);
  if (f.statuses) {
    const statuses = [...f.statuses];
    const ids = [...(f.orIds ?? [])];
    q = q.where((eb) =>
      eb.or([
        ...(statuses.length ? [eb('r.status', 'in', statuses)] : []),
        ...(ids.length ? [eb('r.id', 'in', ids)] : []),
        ...(statuses.length || ids.length ? [] : [sql<boolean>`false`]),
      ]),
    );
  }
  return q;
}

/** One page of reports, newest first, with the total. Whole rows: the use case picks what is public. */
export async function page(db: FeedsDb, f: PublicFilters, limit: number, offset: number) {
  const q = filtered(db, f);
  const [rows, total] = await Promise.all([
    q.selectAll('r').orderBy('r.received_at', 'desc').orderBy('r.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Reports linked to a hazard under the other filters (their public state depends on the hazard's). */
export const linked = (db: FeedsDb, f: PublicFilters) =>
  filtered(db, { ...f, statuses: ['hazard'], orIds: [] })
    .select(['r.id', 'r.hazard_id'])
    .execute();

/** Reports most recently changed, for the feeds. */
export const recent = (db: FeedsDb, f: PublicFilters, limit: number) =>
  filtered(db, f).selectAll('r').orderBy('r.updated_at', 'desc').orderBy('r.id').limit(limit).execute();

export const byCode = (db: FeedsDb, code: string) =>
  db.selectFrom('reports.report').selectAll().where('code', '=', code).executeTakeFirst();

export const byId = (db: FeedsDb, id: string) => db.selectFrom('reports.report').selectAll().where('id', '=', id).executeTakeFirst();

// ---------------------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------------------

export const liveSubscription = (db: FeedsDb, emailIndex: string, areaId: string | null, serviceCode: string | null) => {
  let q = db.selectFrom('reports.subscription').selectAll().where('email_index', '=', emailIndex).where('unsubscribed_at', 'is', null);
  q = areaId ? q.where('area_id', '=', areaId) : q.where('area_id', 'is', null);
  q = serviceCode ? q.where('service_code', '=', serviceCode) : q.where('service_code', 'is', null);
  return q.forUpdate().executeTakeFirst();
};

export const insertSubscription = (
  db: FeedsDb,
  s: {
    emailEnc: string;
    emailIndex: string;
    areaId: string | null;
    serviceCode: string | null;
    origin: string | null;
    at: Date;
  },
) =>
  db
    .insertInto('reports.subscription')
    .values({
      email_enc: s.emailEnc,
      email_index: s.emailIndex,
      area_id: s.areaId,
      service_code: s.serviceCode,
      // Placeholders until the id (which the tokens derive from) is known; set at once by setTokenHashes.
      confirm_hash: sql<string>`'pending-' || gen_random_uuid()`,
      unsubscribe_hash: sql<string>`'pending-' || gen_random_uuid()`,
      origin: s.origin,
      created_at: s.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export const setTokenHashes = (db: FeedsDb, id: string, confirmHash: string, unsubscribeHash: string) =>
  db
    .updateTable('reports.subscription')
    .set({ confirm_hash: confirmHash, unsubscribe_hash: unsubscribeHash })
    .where('id', '=', id)
    .execute();

export const byConfirmHash = (db: FeedsDb, hash: string) =>
  db.selectFrom('reports.subscription').selectAll().where('confirm_hash', '=', hash).forUpdate().executeTakeFirst();

export const byUnsubscribeHash = (db: FeedsDb, hash: string) =>
  db.selectFrom('reports.subscription').selectAll().where('unsubscribe_hash', '=', hash).forUpdate().executeTakeFirst();

export const anyConfirmed = async (db: FeedsDb) =>
  (await db
    .selectFrom('reports.subscription')
    .select('id')
    .where('confirmed_at', 'is not', null)
    .where('unsubscribed_at', 'is', null)
    .limit(1)
    .executeTakeFirst()) !== undefined;

/** Reports linked to a hazard (whose outcome, fixed or not a hazard, the hazards module decides). */
export const linkedToHazards = (db: FeedsDb) =>
  db
    .selectFrom('reports.report as r')
    .select(['r.id', 'r.hazard_id'])
    .where('r.status', '=', 'hazard')
    .where('r.hazard_id', 'is not', null)
    .execute();

export const announced = async (db: FeedsDb, reportIds: readonly string[]) =>
  reportIds.length
    ? db
        .selectFrom('reports.subscription_announcement')
        .select(['report_id', 'state', 'at'])
        .where('report_id', 'in', [...reportIds])
        .execute()
    : [];

/** Records an outcome as announced; false when it already was (another process got there first). */
export async function markAnnounced(db: FeedsDb, reportId: string, state: string, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('reports.subscription_announcement')
    .values({ report_id: reportId, state, at })
    .onConflict((oc) => oc.columns(['report_id', 'state', 'at']).doNothing())
    .returning('report_id')
    .executeTakeFirst();
  return row !== undefined;
}

export const subscriptionById = (db: FeedsDb, id: string) =>
  db.selectFrom('reports.subscription').selectAll().where('id', '=', id).executeTakeFirst();

export const markConfirmed = (db: FeedsDb, id: string, at: Date) =>
  db.updateTable('reports.subscription').set({ confirmed_at: at }).where('id', '=', id).execute();

export const markUnsubscribed = (db: FeedsDb, id: string, at: Date) =>
  db.updateTable('reports.subscription').set({ unsubscribed_at: at }).where('id', '=', id).execute();

/** Live subscriptions, confirmed by `at`, covering a report of this category in an area on this path. */
export const matching = (db: FeedsDb, serviceCode: string, areaPath: readonly string[], at: Date) =>
  db
    .selectFrom('reports.subscription')
    .select(['id', 'area_id', 'service_code', 'origin'])
    .where('confirmed_at', '<=', at)
    .where('unsubscribed_at', 'is', null)
    .where((eb) => eb.or([eb('service_code', 'is', null), eb('service_code', '=', serviceCode)]))
    .where((eb) => eb.or([eb('area_id', 'is', null), ...(areaPath.length ? [eb('area_id', 'in', [...areaPath])] : [])]))
    .execute();
