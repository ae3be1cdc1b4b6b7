import type { Kysely } from 'kysely';
import type { Kind, Manner, Mode, PackageStep, Recurrence } from './inspections.rules.js';
import type { ExpertReview, InspectionsTables, PlanTargets } from './inspections.tables.js';

type Db = Kysely<InspectionsTables>;

export async function insertPlan(
  db: Db,
  p: {
    title: string;
    kind: Kind;
    mode: Mode;
    manner: Manner;
    checklistId: string;
    checklistVersionId: string;
    targets: PlanTargets;
    periodStart: string;
    periodEnd: string;
    recurrence: Recurrence;
    inspectorIds: string[];
    organisationId: string;
    entrustmentId: string | null;
    createdBy: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('inspections.plan')
    .values({
      title: p.title,
      kind: p.kind,
      mode: p.mode,
      manner: p.manner,
      checklist_id: p.checklistId,
      checklist_version_id: p.checklistVersionId,
      targets: JSON.stringify(p.targets),
      period_start: p.periodStart,
      period_end: p.periodEnd,
      recurrence: p.recurrence,
      inspector_ids: p.inspectorIds,
      organisation_id: p.organisationId,
      entrustment_id: p.entrustmentId,
      status: 'active',
      cancel_reason: null,
      created_by: p.createdBy,
      created_at: p.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPlan(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('inspections.plan').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export function plansOf(db: Db, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspections.plan')
    .selectAll()
    .where('organisation_id', 'in', organisationIds as string[])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export function cancelPlan(db: Db, id: string, reason: string) {
  return db.updateTable('inspections.plan').set({ status: 'cancelled', cancel_reason: reason }).where('id', '=', id).execute();
}

export async function insertPackage(
  db: Db,
  p: {
    title: string;
    enterpriseId: string;
    organisationId: string;
    entrustmentId: string | null;
    kind: 'third_party' | 'enforcement';
    steps: PackageStep[];
    createdBy: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('inspections.package')
    .values({
      title: p.title,
      enterprise_id: p.enterpriseId,
      organisation_id: p.organisationId,
      entrustment_id: p.entrustmentId,
      kind: p.kind,
      steps: p.steps,
      expert_review: null,
      created_by: p.createdBy,
      created_at: p.at,
      cancelled_at: null,
      cancel_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPackage(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('inspections.package').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export type PackageRow = NonNullable<Awaited<ReturnType<typeof findPackage>>>;

/** Packages made by these organisations or for these enterprises. */
export function packagesVisible(db: Db, organisationIds: readonly string[], enterpriseIds: readonly string[], enterpriseId?: string) {
  if (organisationIds.length === 0 && enterpriseIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('inspections.package')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(organisationIds.length ? [eb('organisation_id', 'in', organisationIds as string[])] : []),
        ...(enterpriseIds.length ? [eb('enterprise_id', 'in', enterpriseIds as string[])] : []),
      ]),
    );
  if (enterpriseId) q = q.where('enterprise_id', '=', enterpriseId);
  return q.orderBy('created_at', 'desc').limit(200).execute();
}

export function setExpertReview(db: Db, id: string, review: ExpertReview) {
  return db
    .updateTable('inspections.package')
    .set({ expert_review: JSON.stringify(review) })
    .where('id', '=', id)
    .execute();
}

export function cancelPackage(db: Db, id: string, at: Date, reason: string) {
  return db.updateTable('inspections.package').set({ cancelled_at: at, cancel_reason: reason }).where('id', '=', id).execute();
}
