import { type Kysely, sql } from 'kysely';
import type { FrequencyUnit, MeasureType } from './risks.reference.js';
import type { RisksTables } from './risks.tables.js';

type Db = Kysely<RisksTables>;

/** A uuid[] parameter: one bind value however many ids (30,000 enterprises at --scale 20). */
const ids = (values: readonly string[]) => sql`${sql.val([...values])}::uuid[]`;

// ---- control measures and checks ---------------------------------------------------------------------

export interface NewMeasure {
  id: string;
  riskPointId: string;
  enterpriseId: string;
  type: MeasureType;
  description: string;
  ownerPersonId: string | null;
  ownerPost: string | null;
  every: number;
  unit: FrequencyUnit;
  nextDueAt: Date;
  at: Date;
}

const measureColumns = [
  'id',
  'risk_point_id',
  'enterprise_id',
  'type',
  'description',
  'owner_person_id',
  'owner_post',
  'every',
  'unit',
  'next_due_at',
  'last_checked_at',
  'last_result',
  'retired_at',
] as const;
export type MeasureRow = Awaited<ReturnType<typeof measureById>> & {};

export function insertMeasure(db: Db, m: NewMeasure) {
  return db
    .insertInto('risks.control_measure')
    .values({
      id: m.id,
      risk_point_id: m.riskPointId,
      enterprise_id: m.enterpriseId,
      type: m.type,
      description: m.description,
      owner_person_id: m.ownerPersonId,
      owner_post: m.ownerPost,
      every: m.every,
      unit: m.unit,
      next_due_at: m.nextDueAt,
      last_checked_at: null,
      last_result: null,
      created_at: m.at,
      updated_at: m.at,
      retired_at: null,
    })
    .execute();
}

export function measureById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('risks.control_measure').select(measureColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function measuresOfPoints(db: Db, pointIds: readonly string[]) {
  if (pointIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('risks.control_measure')
    .select(measureColumns)
    .where('risk_point_id', '=', sql<string>`any(${ids(pointIds)})`)
    .where('retired_at', 'is', null)
    .orderBy('next_due_at')
    .orderBy('id')
    .execute();
}

export function updateMeasure(
  db: Db,
  id: string,
  changes: Partial<{
    type: MeasureType;
    description: string;
    ownerPersonId: string | null;
    ownerPost: string | null;
    every: number;
    unit: FrequencyUnit;
    nextDueAt: Date;
    lastCheckedAt: Date;
    lastResult: 'passed' | 'failed';
    retiredAt: Date;
  }>,
  at: Date,
) {
  const set = {
    ...(changes.type !== undefined ? { type: changes.type } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.ownerPersonId !== undefined ? { owner_person_id: changes.ownerPersonId } : {}),
    ...(changes.ownerPost !== undefined ? { owner_post: changes.ownerPost } : {}),
    ...(changes.every !== undefined ? { every: changes.every } : {}),
    ...(changes.unit !== undefined ? { unit: changes.unit } : {}),
    ...(changes.nextDueAt !== undefined ? { next_due_at: changes.nextDueAt } : {}),
    ...(changes.lastCheckedAt !== undefined ? { last_checked_at: changes.lastCheckedAt } : {}),
    ...(changes.lastResult !== undefined ? { last_result: changes.lastResult } : {}),
    ...(changes.retiredAt !== undefined ? { retired_at: changes.retiredAt } : {}),
    updated_at: at,
  };
  return db.updateTable('risks.control_measure').set(set).where('id', '=', id).execute();
}

export function retireMeasuresOfPoint(db: Db, pointId: string, at: Date) {
  return db
    .updateTable('risks.control_measure')
    .set({ retired_at: at, updated_at: at })
    .where('risk_point_id', '=', pointId)
    .where('retired_at', 'is', null)
    .execute();
}

export interface NewCheck {
  id: string;
  measureId: string;
  riskPointId: string;
  enterpriseId: string;
  result: 'passed' | 'failed';
  note: string | null;
  checkedAt: Date;
  checkedBy: string | null;
  hazard: { id: string; code: string } | null;
}

export function insertCheck(db: Db, c: NewCheck) {
  return db
    .insertInto('risks.control_check')
    .values({
      id: c.id,
      measure_id: c.measureId,
      risk_point_id: c.riskPointId,
      enterprise_id: c.enterpriseId,
      result: c.result,
      note: c.note,
      checked_at: c.checkedAt,
      checked_by: c.checkedBy,
      hazard_id: c.hazard?.id ?? null,
      hazard_code: c.hazard?.code ?? null,
    })
    .execute();
}

const checkColumns = ['id', 'measure_id', 'result', 'note', 'checked_at', 'checked_by', 'hazard_id', 'hazard_code'] as const;
export type CheckRow = Awaited<ReturnType<typeof checksOfPoint>>[number];

export function checksOfPoint(db: Db, pointId: string, limit = 50) {
  return db
    .selectFrom('risks.control_check')
    .select(checkColumns)
    .where('risk_point_id', '=', pointId)
    .orderBy('checked_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

export function checkById(db: Db, id: string) {
  return db.selectFrom('risks.control_check').select(checkColumns).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Measures in force of these enterprises due by `until` (overdue ones included), soonest first, with totals. */
export async function dueMeasures(
  db: Db,
  enterpriseIds: readonly string[],
  until: Date,
  now: Date,
  page: { limit: number; offset: number },
) {
  if (enterpriseIds.length === 0) return { rows: [], total: 0, overdue: 0 };
  const base = db
    .selectFrom('risks.control_measure as m')
    .innerJoin('risks.risk_point as p', 'p.id', 'm.risk_point_id')
    .where('m.retired_at', 'is', null)
    .where('p.retired_at', 'is', null)
    .where('m.next_due_at', '<=', until)
    .where('m.enterprise_id', '=', sql<string>`any(${ids(enterpriseIds)})`);
  const [rows, totals] = await Promise.all([
    base
      .select([...measureColumns.map((c) => `m.${c}` as const), 'p.name as point_name', 'p.level as point_level'])
      .orderBy('m.next_due_at')
      .orderBy('m.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base
      .select([sql<number>`count(*)`.as('total'), sql<number>`count(*) filter (where m.next_due_at < ${now})`.as('overdue')])
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(totals.total), overdue: Number(totals.overdue) };
}

/** Overdue checks and checks due by `until`, per enterprise, for the overview. */
export async function dueCounts(db: Db, enterpriseIds: readonly string[], now: Date, until: Date) {
  if (enterpriseIds.length === 0) return { overdue: 0, due: 0 };
  const row = await db
    .selectFrom('risks.control_measure as m')
    .select([
      sql<number>`count(*) filter (where m.next_due_at < ${now})`.as('overdue'),
      sql<number>`count(*) filter (where m.next_due_at >= ${now} and m.next_due_at <= ${until})`.as('due'),
    ])
    .where('m.retired_at', 'is', null)
    .where('m.next_due_at', '<=', until)
    .where('m.enterprise_id', '=', sql<string>`any(${ids(enterpriseIds)})`)
    .executeTakeFirstOrThrow();
  return { overdue: Number(row.overdue), due: Number(row.due) };
}
