import { type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { CaseStatus, RewardRule } from './rewards.rules.js';
import type { CaseTable, RewardsTables, RuleTable } from './rewards.tables.js';

export type Db = Kysely<RewardsTables>;

const toRule = (r: Selectable<RuleTable>): RewardRule & { publishedAt: Date; publishedBy: string | null } => ({
  version: r.version,
  effectiveFrom: r.effective_from,
  rateBasisPoints: r.rate_bp,
  minFen: Number(r.min_fen),
  maxFen: Number(r.max_fen),
  majorOnly: r.major_only,
  citation: { 'zh-CN': r.citation_zh, en: r.citation_en },
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});

export type StoredRule = ReturnType<typeof toRule>;

/** Every published version, newest first. */
export async function listRules(db: Db): Promise<StoredRule[]> {
  return (await db.selectFrom('rewards.rule').selectAll().orderBy('version', 'desc').execute()).map(toRule);
}

/** Publishes the next version; the table lock makes concurrent publishers take turns. */
export async function insertRule(db: Db, r: Omit<RewardRule, 'version'> & { publishedAt: Date; publishedBy: string }): Promise<StoredRule> {
  await sql`lock table rewards.rule in share row exclusive mode`.execute(db);
  const row = await db
    .insertInto('rewards.rule')
    .values({
      version: sql<number>`(select coalesce(max(version), 0) + 1 from rewards.rule)`,
      effective_from: r.effectiveFrom,
      rate_bp: r.rateBasisPoints,
      min_fen: r.minFen,
      max_fen: r.maxFen,
      major_only: r.majorOnly,
      citation_zh: r.citation['zh-CN'],
      citation_en: r.citation.en,
      published_at: r.publishedAt,
      published_by: r.publishedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

export type CaseRow = Awaited<ReturnType<typeof findCase>> & {};

export interface NewCase {
  hazardId: string;
  filedReportId: string;
  reportId: string;
  areaId: string;
  areaPath: string[];
  decisionNumber: string;
  decidedAt: Date;
  fineFen: number;
  majorHazard: boolean;
  note: string | null;
  ruleVersion: number;
  computedFen: number;
  basis: string;
  proposedBy: string;
  proposedAt: Date;
}

/** Inserts a proposed case with its public serial (JL-<CST year>-<serial>). */
export function insertCase(db: Db, c: NewCase) {
  return db
    .insertInto('rewards.reward_case')
    .values({
      code: sql<string>`'JL-' || to_char(${c.proposedAt}::timestamptz at time zone 'Asia/Shanghai', 'YYYY') || '-' || (select lpad(v::text, greatest(6, length(v::text)), '0') from nextval('rewards.code_serial') as v)`,
      hazard_id: c.hazardId,
      filed_report_id: c.filedReportId,
      report_id: c.reportId,
      area_id: c.areaId,
      area_path: sql<string[]>`${c.areaPath}::uuid[]`,
      decision_number: c.decisionNumber,
      decided_at: c.decidedAt,
      fine_fen: c.fineFen,
      major_hazard: c.majorHazard,
      note: c.note,
      rule_version: c.ruleVersion,
      computed_fen: c.computedFen,
      basis: c.basis,
      status: 'proposed',
      proposed_by: c.proposedBy,
      proposed_at: c.proposedAt,
      updated_at: c.proposedAt,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}

export function findCase(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('rewards.reward_case').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The live (not rejected) case of a hazard, if any. */
export const liveCaseOfHazard = (db: Db, hazardId: string) =>
  db
    .selectFrom('rewards.reward_case')
    .select(['id', 'report_id'])
    .where('hazard_id', '=', hazardId)
    .where('status', '<>', 'rejected')
    .executeTakeFirst();

/** Cases of a hazard, newest first (for a reporter's public view). */
export const casesOfHazard = (db: Db, hazardId: string) =>
  db
    .selectFrom('rewards.reward_case')
    .selectAll()
    .where('hazard_id', '=', hazardId)
    .orderBy('proposed_at', 'desc')
    .orderBy('code', 'desc')
    .execute();

export interface CaseFilters {
  statuses?: readonly CaseStatus[] | undefined;
  limit: number;
  offset: number;
}

export async function listCases(db: Db, areaIds: readonly string[], f: CaseFilters) {
  let q = db.selectFrom('rewards.reward_case').where(sql<boolean>`area_path && ${[...areaIds]}::uuid[]`);
  if (f.statuses?.length) q = q.where('status', 'in', [...f.statuses]);
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('proposed_at', 'desc').orderBy('code', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const updateCase = (db: Db, id: string, patch: Updateable<CaseTable>) =>
  db.updateTable('rewards.reward_case').set(patch).where('id', '=', id).execute();

/**
 * Disclosure figures per CST year of the penalty decision and area: cases not rejected, the amount approved
 * (approved or paid) and the amount paid.
 */
export async function summary(db: Db, year: number | undefined) {
  const yearOf = sql<number>`extract(year from decided_at at time zone 'Asia/Shanghai')::int`;
  let q = db
    .selectFrom('rewards.reward_case')
    .where('status', '<>', 'rejected')
    .select([
      yearOf.as('year'),
      'area_id',
      (eb) => eb.fn.countAll<string>().as('cases'),
      sql<string>`coalesce(sum(approved_fen) filter (where status in ('approved', 'paid')), 0)`.as('approved_fen'),
      sql<string>`coalesce(sum(paid_fen) filter (where status = 'paid'), 0)`.as('paid_fen'),
    ])
    .groupBy([yearOf, 'area_id']);
  if (year !== undefined) q = q.where(yearOf, '=', year);
  const rows = await q.orderBy('year', 'desc').orderBy('area_id').execute();
  return rows.map((r) => ({
    year: Number(r.year),
    areaId: r.area_id,
    cases: Number(r.cases),
    approvedFen: Number(r.approved_fen),
    paidFen: Number(r.paid_fen),
  }));
}
