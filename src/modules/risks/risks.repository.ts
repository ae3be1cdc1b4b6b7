import { type Kysely, sql } from 'kysely';
import type { AccidentType, FactorClass, RiskPointKind } from './risks.reference.js';
import type { Graded, SchemeContent } from './risks.rules.js';
import type { PolygonGeometry, RisksTables } from './risks.tables.js';

type Db = Kysely<RisksTables>;

/** A uuid[] parameter: one bind value however many ids (30,000 enterprises at --scale 20). */
const ids = (values: readonly string[]) => sql`${sql.val([...values])}::uuid[]`;

// ---- schemes ----------------------------------------------------------------------------------------

const schemeColumns = ['id', 'area_id', 'version', 'lec', 'ls', 'tiers', 'note', 'published_by', 'published_at'] as const;
export type SchemeRow = Awaited<ReturnType<typeof schemeById>> & {};

export function schemeById(db: Db, id: string) {
  return db.selectFrom('risks.scheme').select(schemeColumns).where('id', '=', id).executeTakeFirst();
}

/** Every version published for these areas, and the national default ones. */
export function schemesFor(db: Db, areaIds: readonly string[]) {
  return db
    .selectFrom('risks.scheme')
    .select(schemeColumns)
    .where((eb) => eb.or([eb('area_id', 'is', null), ...(areaIds.length ? [eb('area_id', '=', sql<string>`any(${ids(areaIds)})`)] : [])]))
    .orderBy('version', 'desc')
    .execute();
}

export function schemeVersions(db: Db, areaId: string | null) {
  return db
    .selectFrom('risks.scheme')
    .select(schemeColumns)
    .where('area_id', areaId === null ? 'is' : '=', areaId)
    .orderBy('version', 'desc')
    .execute();
}

/** Publishes the next version for the area; serialised per area so two heads cannot take the same number. */
export async function insertScheme(db: Db, areaId: string, content: SchemeContent, note: string | null, personId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`risks.scheme:${areaId}`}))`.execute(db);
  const last = await db
    .selectFrom('risks.scheme')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('area_id', '=', areaId)
    .executeTakeFirst();
  return db
    .insertInto('risks.scheme')
    .values({
      area_id: areaId,
      version: Number(last?.v ?? 0) + 1,
      lec: JSON.stringify(content.lec),
      ls: JSON.stringify(content.ls),
      tiers: JSON.stringify(content.tiers),
      note,
      published_by: personId,
    })
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

// ---- risk points -----------------------------------------------------------------------------------

export interface NewHazardSource {
  accidentType: AccidentType;
  factor: FactorClass | null;
  description: string;
}

export interface NewRiskPoint {
  id: string;
  enterpriseId: string;
  kind: RiskPointKind;
  name: string;
  description: string;
  location: { lng: number; lat: number } | null;
  outline: PolygonGeometry | null;
  createdBy: string | null;
  at: Date;
}

const pointColumns = [
  'id',
  'enterprise_id',
  'kind',
  'name',
  'description',
  'lng',
  'lat',
  'outline',
  'level',
  'assessment_id',
  'created_at',
  'updated_at',
  'retired_at',
] as const;
export type PointRow = Awaited<ReturnType<typeof pointById>> & {};

export async function insertPoint(db: Db, p: NewRiskPoint, sources: readonly NewHazardSource[]) {
  await db
    .insertInto('risks.risk_point')
    .values({
      id: p.id,
      enterprise_id: p.enterpriseId,
      kind: p.kind,
      name: p.name,
      description: p.description,
      lng: p.location?.lng ?? null,
      lat: p.location?.lat ?? null,
      outline: p.outline ? JSON.stringify(p.outline) : null,
      level: null,
      assessment_id: null,
      created_by: p.createdBy,
      created_at: p.at,
      updated_at: p.at,
      retired_at: null,
      retired_reason: null,
    })
    .execute();
  await replaceSources(db, p.id, sources);
}

export async function replaceSources(db: Db, pointId: string, sources: readonly NewHazardSource[]) {
  await db.deleteFrom('risks.hazard_source').where('risk_point_id', '=', pointId).execute();
  if (sources.length === 0) return;
  await db
    .insertInto('risks.hazard_source')
    .values(
      sources.map((s, position) => ({
        risk_point_id: pointId,
        position,
        accident_type: s.accidentType,
        factor: s.factor,
        description: s.description,
      })),
    )
    .execute();
}

export function pointById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('risks.risk_point').select(pointColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function pointsOfEnterprise(db: Db, enterpriseId: string) {
  return db
    .selectFrom('risks.risk_point')
    .select(pointColumns)
    .where('enterprise_id', '=', enterpriseId)
    .where('retired_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function sourcesOf(db: Db, pointIds: readonly string[]) {
  const out = new Map<string, { accidentType: AccidentType; factor: FactorClass | null; description: string }[]>();
  if (pointIds.length === 0) return out;
  const rows = await db
    .selectFrom('risks.hazard_source')
    .select(['risk_point_id', 'accident_type', 'factor', 'description'])
    .where('risk_point_id', '=', sql<string>`any(${ids(pointIds)})`)
    .orderBy('risk_point_id')
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.risk_point_id) ?? [];
    list.push({ accidentType: r.accident_type, factor: r.factor, description: r.description });
    out.set(r.risk_point_id, list);
  }
  return out;
}

export function updatePoint(
  db: Db,
  id: string,
  changes: Partial<{
    kind: RiskPointKind;
    name: string;
    description: string;
    location: { lng: number; lat: number } | null;
    outline: PolygonGeometry | null;
  }>,
  at: Date,
) {
  return db
    .updateTable('risks.risk_point')
    .set({
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.location !== undefined ? { lng: changes.location?.lng ?? null, lat: changes.location?.lat ?? null } : {}),
      ...(changes.outline !== undefined ? { outline: changes.outline ? JSON.stringify(changes.outline) : null } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export function retirePoint(db: Db, id: string, reason: string, at: Date) {
  return db.updateTable('risks.risk_point').set({ retired_at: at, retired_reason: reason, updated_at: at }).where('id', '=', id).execute();
}

// ---- assessments -----------------------------------------------------------------------------------

export interface NewAssessment {
  id: string;
  riskPointId: string;
  enterpriseId: string;
  schemeId: string;
  graded: Graded;
  note: string | null;
  assessedBy: string | null;
  entrustmentId: string | null;
  at: Date;
}

export async function insertAssessment(db: Db, a: NewAssessment) {
  await db
    .insertInto('risks.assessment')
    .values({
      id: a.id,
      risk_point_id: a.riskPointId,
      enterprise_id: a.enterpriseId,
      scheme_id: a.schemeId,
      lec: JSON.stringify(a.graded.lec),
      ls: JSON.stringify(a.graded.ls),
      direct: JSON.stringify(a.graded.direct),
      level: a.graded.level,
      note: a.note,
      assessed_by: a.assessedBy,
      entrustment_id: a.entrustmentId,
      assessed_at: a.at,
    })
    .execute();
  await db
    .updateTable('risks.risk_point')
    .set({ level: a.graded.level, assessment_id: a.id, updated_at: a.at })
    .where('id', '=', a.riskPointId)
    .execute();
}

const assessmentQuery = (db: Db) =>
  db
    .selectFrom('risks.assessment as a')
    .innerJoin('risks.scheme as s', 's.id', 'a.scheme_id')
    .select([
      'a.id',
      'a.risk_point_id',
      'a.scheme_id',
      's.version as scheme_version',
      's.area_id as scheme_area_id',
      'a.lec',
      'a.ls',
      'a.direct',
      'a.level',
      'a.note',
      'a.assessed_by',
      'a.assessed_at',
    ]);
export type AssessmentRow = Awaited<ReturnType<typeof assessmentsByIds>>[number];

export function assessmentsByIds(db: Db, assessmentIds: readonly string[]) {
  if (assessmentIds.length === 0) return Promise.resolve([]);
  return assessmentQuery(db)
    .where('a.id', '=', sql<string>`any(${ids(assessmentIds)})`)
    .execute();
}

export function assessmentsOfPoint(db: Db, pointId: string) {
  return assessmentQuery(db)
    .where('a.risk_point_id', '=', pointId)
    .orderBy('a.assessed_at', 'desc')
    .orderBy('a.seq', 'desc')
    .limit(100)
    .execute();
}
