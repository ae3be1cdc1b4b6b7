import { type Kysely, sql, type Updateable } from 'kysely';
import type { Kind, Manner, Mode, PackageStep, Status } from './inspections.rules.js';
import type { InspectionsTables, InspectionTable } from './inspections.tables.js';

type Db = Kysely<InspectionsTables>;

/** Answers, photos, signatures and findings live in their own file; callers see one repository. */
export * from './answers.repository.js';

const inspectionColumns = [
  'id',
  'code',
  'kind',
  'mode',
  'manner',
  'status',
  'enterprise_id',
  'area_id',
  'checklist_version_id',
  'title',
  'due_at',
  'organisation_id',
  'plan_id',
  'package_id',
  'package_step',
  'entrustment_id',
  'group_id',
  'created_by',
  'created_at',
  'started_at',
  'completed_at',
  'completed_by',
  'cancelled_at',
  'cancel_reason',
  'summary',
  'location_lng',
  'location_lat',
  'location_accuracy',
  'location_address',
  'located_at',
  'report_sha256',
  'report_size',
  'report_generated_at',
  'q_token_hash',
  'q_sent_at',
  'q_expires_at',
  'q_submitted_at',
  'q_respondent_name',
  'q_respondent_title',
] as const;

export type InspectionRow = NonNullable<Awaited<ReturnType<typeof findInspection>>>;

export function findInspection(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('inspections.inspection').select(inspectionColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByTokenHash(db: Db, hash: string, forUpdate = false) {
  let q = db.selectFrom('inspections.inspection').select(inspectionColumns).where('q_token_hash', '=', hash);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface NewInspection {
  kind: Kind;
  mode: Mode;
  manner: Manner;
  enterpriseId: string;
  areaId: string | null;
  checklistVersionId: string;
  title: string;
  dueAt: Date | null;
  organisationId: string;
  planId: string | null;
  packageId: string | null;
  packageStep: PackageStep | null;
  entrustmentId: string | null;
  groupId: string | null;
  createdBy: string;
  inspectors: { personId: string; organisationId: string }[];
}

/** Codes JC-<CST date>-<serial>, one serial per inspection from a sequence. */
async function nextCodes(db: Db, day: string, n: number): Promise<string[]> {
  const { rows } = await sql<{ n: number }>`select nextval('inspections.inspection_code') as n from generate_series(1, ${n})`.execute(db);
  return rows.map((r) => `JC-${day.replaceAll('-', '')}-${String(r.n).padStart(6, '0')}`);
}

/** Inserts inspections (status planned) with their inspectors; returns the ids in order. */
export async function insertInspections(db: Db, rows: readonly NewInspection[], at: Date, day: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const codes = await nextCodes(db, day, batch.length);
    const inserted = await db
      .insertInto('inspections.inspection')
      .values(
        batch.map((r, j) => ({
          code: codes[j] as string,
          kind: r.kind,
          mode: r.mode,
          manner: r.manner,
          status: 'planned' as const,
          enterprise_id: r.enterpriseId,
          area_id: r.areaId,
          checklist_version_id: r.checklistVersionId,
          title: r.title,
          due_at: r.dueAt,
          organisation_id: r.organisationId,
          plan_id: r.planId,
          package_id: r.packageId,
          package_step: r.packageStep,
          entrustment_id: r.entrustmentId,
          group_id: r.groupId,
          created_by: r.createdBy,
          created_at: at,
          started_at: null,
          completed_at: null,
          completed_by: null,
          cancelled_at: null,
          cancel_reason: null,
          summary: null,
          location_lng: null,
          location_lat: null,
          location_accuracy: null,
          location_address: null,
          located_at: null,
          report_sha256: null,
          report_size: null,
          report_generated_at: null,
          q_token_hash: null,
          q_sent_at: null,
          q_expires_at: null,
          q_submitted_at: null,
          q_respondent_name: null,
          q_respondent_title: null,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
    const inspectors = batch.flatMap((r, j) =>
      r.inspectors.map((p, k) => ({
        inspection_id: inserted[j]?.id as string,
        person_id: p.personId,
        organisation_id: p.organisationId,
        lead: k === 0,
        assigned_by: r.createdBy,
        assigned_at: at,
      })),
    );
    for (let k = 0; k < inspectors.length; k += 5000)
      await db
        .insertInto('inspections.inspector')
        .values(inspectors.slice(k, k + 5000))
        .execute();
  }
  return ids;
}

export function update(db: Db, id: string, set: Updateable<InspectionTable>) {
  return db.updateTable('inspections.inspection').set(set).where('id', '=', id).execute();
}

export async function inspectorsOf(db: Db, inspectionIds: readonly string[]) {
  if (inspectionIds.length === 0) return [];
  return db
    .selectFrom('inspections.inspector')
    .select(['inspection_id', 'person_id', 'organisation_id', 'lead'])
    .where('inspection_id', 'in', inspectionIds as string[])
    .orderBy('lead', 'desc')
    .orderBy('assigned_at')
    .execute();
}

export async function replaceInspectors(
  db: Db,
  inspectionId: string,
  people: { personId: string; organisationId: string }[],
  by: string,
  at: Date,
) {
  await db.deleteFrom('inspections.inspector').where('inspection_id', '=', inspectionId).execute();
  if (people.length === 0) return;
  await db
    .insertInto('inspections.inspector')
    .values(
      people.map((p, i) => ({
        inspection_id: inspectionId,
        person_id: p.personId,
        organisation_id: p.organisationId,
        lead: i === 0,
        assigned_by: by,
        assigned_at: at,
      })),
    )
    .execute();
}

/** What a person may see, as SQL: assigned to them, made by them, of their organisations, of their enterprises, or in their areas. */
export interface Visibility {
  personId: string;
  /** Inspections made on behalf of these organisations (providers, regulators, groups). */
  organisationIds: readonly string[];
  /** Inspections of these enterprises (an unannounced one only once it has started). */
  enterpriseIds: readonly string[];
  /** Inspections of enterprises in these areas (any level; the caller passes the whole subtree). */
  areaIds: readonly string[];
}

export interface ListFilters {
  status?: Status | undefined;
  kind?: Kind | undefined;
  mode?: Mode | undefined;
  inspectorId?: string | undefined;
  enterpriseId?: string | undefined;
  planId?: string | undefined;
  packageId?: string | undefined;
  mine: boolean;
  overdue: boolean;
  limit: number;
  offset: number;
}

export async function listVisible(db: Db, v: Visibility, f: ListFilters, now: Date) {
  let q = db
    .selectFrom('inspections.inspection as i')
    .where((eb) =>
      eb.or([
        eb('i.id', 'in', eb.selectFrom('inspections.inspector as p').select('p.inspection_id').where('p.person_id', '=', v.personId)),
        eb('i.created_by', '=', v.personId),
        ...(v.organisationIds.length ? [eb('i.organisation_id', 'in', v.organisationIds as string[])] : []),
        ...(v.areaIds.length ? [eb('i.area_id', 'in', v.areaIds as string[])] : []),
        ...(v.enterpriseIds.length
          ? [
              eb.and([
                eb('i.enterprise_id', 'in', v.enterpriseIds as string[]),
                eb.or([eb('i.manner', '<>', 'unannounced'), eb('i.status', '<>', 'planned')]),
              ]),
            ]
          : []),
      ]),
    );
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.mode) q = q.where('i.mode', '=', f.mode);
  if (f.inspectorId)
    q = q.where(
      'i.id',
      'in',
      db.selectFrom('inspections.inspector as p').select('p.inspection_id').where('p.person_id', '=', f.inspectorId),
    );
  if (f.enterpriseId) q = q.where('i.enterprise_id', '=', f.enterpriseId);
  if (f.planId) q = q.where('i.plan_id', '=', f.planId);
  if (f.packageId) q = q.where('i.package_id', '=', f.packageId);
  if (f.mine)
    q = q.where('i.id', 'in', db.selectFrom('inspections.inspector as p').select('p.inspection_id').where('p.person_id', '=', v.personId));
  if (f.overdue) q = q.where('i.status', 'in', ['planned', 'in_progress', 'awaiting_review']).where('i.due_at', '<', now);
  const [rows, total] = await Promise.all([
    q
      .select(inspectionColumns.map((c) => `i.${c}` as const))
      .orderBy(sql`i.due_at desc nulls last`)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function inspectionsOfPlans(db: Db, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspections.inspection')
    .select(['plan_id', 'status', 'due_at'])
    .where('plan_id', 'in', planIds as string[])
    .execute();
}

export function inspectionIdsOfPackage(db: Db, packageId: string) {
  return db.selectFrom('inspections.inspection').select(['id', 'package_step', 'status']).where('package_id', '=', packageId).execute();
}

export function openInspectionsOf(db: Db, column: 'plan_id' | 'package_id', id: string, statuses: readonly Status[]) {
  return db
    .selectFrom('inspections.inspection')
    .select(['id', 'status', 'mode'])
    .where(column, '=', id)
    .where('status', 'in', statuses as Status[])
    .forUpdate()
    .execute();
}
