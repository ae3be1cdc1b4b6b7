import { type Kysely, sql } from 'kysely';
import type { RiskLevel } from './risks.reference.js';
import type { RisksTables } from './risks.tables.js';

type Db = Kysely<RisksTables>;

/** A uuid[] parameter: one bind value however many ids (30,000 enterprises at --scale 20). */
const ids = (values: readonly string[]) => sql`${sql.val([...values])}::uuid[]`;

// ---- read model -------------------------------------------------------------------------------------

/** Recounts one enterprise's risk points in force by level; call in the transaction of every change to them. */
export async function refreshEnterprise(db: Db, enterpriseId: string, at: Date) {
  await sql`
    insert into risks.enterprise_risk (enterprise_id, level, major, high, moderate, low, unassessed, updated_at)
    select ${enterpriseId}::uuid,
      case when count(*) filter (where level = 'major') > 0 then 'major'
           when count(*) filter (where level = 'high') > 0 then 'high'
           when count(*) filter (where level = 'moderate') > 0 then 'moderate'
           when count(*) filter (where level = 'low') > 0 then 'low' end,
      count(*) filter (where level = 'major'), count(*) filter (where level = 'high'),
      count(*) filter (where level = 'moderate'), count(*) filter (where level = 'low'),
      count(*) filter (where level is null), ${at}
    from risks.risk_point where enterprise_id = ${enterpriseId}::uuid and retired_at is null
    on conflict (enterprise_id) do update set level = excluded.level, major = excluded.major, high = excluded.high,
      moderate = excluded.moderate, low = excluded.low, unassessed = excluded.unassessed, updated_at = excluded.updated_at`.execute(db);
}

/** Recounts the read model for many enterprises in one statement (demo loading). */
export async function refreshEnterprises(db: Db, enterpriseIds: readonly string[], at: Date) {
  if (enterpriseIds.length === 0) return;
  await sql`
    insert into risks.enterprise_risk (enterprise_id, level, major, high, moderate, low, unassessed, updated_at)
    select e.id,
      case when count(*) filter (where p.level = 'major') > 0 then 'major'
           when count(*) filter (where p.level = 'high') > 0 then 'high'
           when count(*) filter (where p.level = 'moderate') > 0 then 'moderate'
           when count(*) filter (where p.level = 'low') > 0 then 'low' end,
      count(*) filter (where p.level = 'major'), count(*) filter (where p.level = 'high'),
      count(*) filter (where p.level = 'moderate'), count(*) filter (where p.level = 'low'),
      count(p.id) filter (where p.level is null), ${at}
    from unnest(${ids(enterpriseIds)}) as e(id)
    left join risks.risk_point p on p.enterprise_id = e.id and p.retired_at is null
    group by e.id
    on conflict (enterprise_id) do update set level = excluded.level, major = excluded.major, high = excluded.high,
      moderate = excluded.moderate, low = excluded.low, unassessed = excluded.unassessed, updated_at = excluded.updated_at`.execute(db);
}

export type EnterpriseRiskRow = {
  enterprise_id: string;
  level: RiskLevel | null;
  major: number;
  high: number;
  moderate: number;
  low: number;
  unassessed: number;
};

export async function enterpriseRisks(db: Db, enterpriseIds: readonly string[]): Promise<Map<string, EnterpriseRiskRow>> {
  if (enterpriseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('risks.enterprise_risk')
    .select(['enterprise_id', 'level', 'major', 'high', 'moderate', 'low', 'unassessed'])
    .where('enterprise_id', '=', sql<string>`any(${ids(enterpriseIds)})`)
    .execute();
  return new Map(rows.map((r) => [r.enterprise_id, r]));
}
