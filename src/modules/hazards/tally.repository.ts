/**
 * The read model of counts behind the dashboard and the board's totals: current counts per area (at every level
 * of the enterprise's area path) × status × grade × source × trade, and closures per area × month × grade × source.
 * Changed in the same transaction as each hazard, so the dashboard never scans the hazards themselves.
 */
import { type Kysely, sql } from 'kysely';
import type { Grade, HazardSource, Status } from './hazards.rules.js';
import type { HazardsTables } from './hazards.tables.js';

type Db = Kysely<HazardsTables>;

export interface TallyKey {
  areaPath: readonly string[];
  status: Status;
  grade: Grade | null;
  source: HazardSource;
  trade: string | null;
}

type Row = { area: string; parent: string | null; status: string; grade: string; source: string; trade: string; delta: number };

function rows(key: TallyKey, delta: number): Row[] {
  return key.areaPath.map((area, i) => ({
    area,
    parent: i === 0 ? null : (key.areaPath[i - 1] as string),
    status: key.status,
    grade: key.grade ?? 'unassessed',
    source: key.source,
    trade: key.trade ?? '',
    delta,
  }));
}

const sameKey = (a: Row, b: Row) =>
  a.area === b.area && a.status === b.status && a.grade === b.grade && a.source === b.source && a.trade === b.trade;

/**
 * Moves one hazard from one key to another (either may be null: created, or gone). The rows are written in one
 * statement in a fixed order, so concurrent changes cannot deadlock on them.
 */
export async function move(db: Db, before: TallyKey | null, after: TallyKey | null): Promise<void> {
  const all: Row[] = [];
  for (const r of [...(before ? rows(before, -1) : []), ...(after ? rows(after, 1) : [])]) {
    const same = all.find((x) => sameKey(x, r));
    if (same) same.delta += r.delta;
    else all.push({ ...r });
  }
  const changed = all
    .filter((r) => r.delta !== 0)
    .sort((a, b) =>
      `${a.area}|${a.status}|${a.grade}|${a.source}|${a.trade}`.localeCompare(`${b.area}|${b.status}|${b.grade}|${b.source}|${b.trade}`),
    );
  if (changed.length === 0) return;
  await sql`
    insert into hazards.tally (area_id, parent_area_id, status, grade, source, trade, n)
    select area, parent, status, grade, source, trade, delta
    from unnest(${changed.map((r) => r.area)}::uuid[], ${changed.map((r) => r.parent)}::uuid[], ${changed.map((r) => r.status)}::text[],
                ${changed.map((r) => r.grade)}::text[], ${changed.map((r) => r.source)}::text[], ${changed.map((r) => r.trade)}::text[],
                ${changed.map((r) => r.delta)}::int[]) with ordinality as u(area, parent, status, grade, source, trade, delta, i)
    order by i
    on conflict (area_id, status, grade, source, trade) do update set n = hazards.tally.n + excluded.n`.execute(db);
  const narrow: Row[] = [];
  for (const r of changed) {
    const same = narrow.find((x) => x.area === r.area && x.status === r.status && x.grade === r.grade);
    if (same) same.delta += r.delta;
    else narrow.push({ ...r, source: '', trade: '' });
  }
  const areaRows = narrow.filter((r) => r.delta !== 0);
  if (areaRows.length === 0) return;
  await sql`
    insert into hazards.area_tally (area_id, parent_area_id, status, grade, n)
    select area, parent, status, grade, delta
    from unnest(${areaRows.map((r) => r.area)}::uuid[], ${areaRows.map((r) => r.parent)}::uuid[], ${areaRows.map((r) => r.status)}::text[],
                ${areaRows.map((r) => r.grade)}::text[], ${areaRows.map((r) => r.delta)}::int[]) with ordinality as u(area, parent, status, grade, delta, i)
    order by i
    on conflict (area_id, status, grade) do update set n = hazards.area_tally.n + excluded.n`.execute(db);
}

export interface ClosureFact {
  areaPath: readonly string[];
  closedAt: Date;
  grade: Grade | null;
  source: HazardSource;
  hadDeadline: boolean;
  onTime: boolean;
  seconds: number;
}

/** Counts (delta 1) or uncounts (delta −1, on reopening) one closure. */
export async function closure(db: Db, c: ClosureFact, delta: 1 | -1): Promise<void> {
  const areas = [...c.areaPath].sort();
  if (areas.length === 0) return;
  await sql`
    insert into hazards.closure_tally (area_id, month, grade, source, closed, with_deadline, on_time, close_seconds)
    select area, date_trunc('month', ${c.closedAt}::timestamptz at time zone 'Asia/Shanghai')::date, ${c.grade ?? 'unassessed'}, ${c.source},
           ${delta}, ${c.hadDeadline ? delta : 0}, ${c.onTime ? delta : 0}, ${Math.round(c.seconds) * delta}
    from unnest(${areas}::uuid[]) with ordinality as u(area, i)
    order by i
    on conflict (area_id, month, grade, source) do update set
      closed = hazards.closure_tally.closed + excluded.closed,
      with_deadline = hazards.closure_tally.with_deadline + excluded.with_deadline,
      on_time = hazards.closure_tally.on_time + excluded.on_time,
      close_seconds = hazards.closure_tally.close_seconds + excluded.close_seconds`.execute(db);
}

/** Rebuilds both read models from the hazards (after a bulk load). */
export async function rebuild(db: Db): Promise<void> {
  await sql`truncate hazards.tally, hazards.area_tally, hazards.closure_tally`.execute(db);
  await sql`
    insert into hazards.tally (area_id, parent_area_id, status, grade, source, trade, n)
    select p.area_id, case when p.i > 1 then h.area_path[p.i - 1] end, h.status, coalesce(h.grade, 'unassessed'), h.source, coalesce(h.trade, ''), count(*)
    from hazards.hazard h cross join lateral unnest(h.area_path) with ordinality as p(area_id, i)
    group by 1, 2, 3, 4, 5, 6`.execute(db);
  await sql`
    insert into hazards.area_tally (area_id, parent_area_id, status, grade, n)
    select area_id, min(parent_area_id::text)::uuid, status, grade, sum(n) from hazards.tally group by area_id, status, grade`.execute(db);
  await sql`
    insert into hazards.closure_tally (area_id, month, grade, source, closed, with_deadline, on_time, close_seconds)
    select p.area_id, date_trunc('month', h.closed_at at time zone 'Asia/Shanghai')::date, coalesce(h.grade, 'unassessed'), h.source,
           count(*), count(*) filter (where h.deadline is not null), count(*) filter (where h.on_time),
           coalesce(sum(extract(epoch from h.closed_at - h.discovered_at))::bigint, 0)
    from hazards.hazard h cross join lateral unnest(h.area_path) as p(area_id)
    where h.status = 'closed' and h.closed_at is not null
    group by 1, 2, 3, 4`.execute(db);
}

/** The current counts of one or more disjoint areas, by every dimension. */
export function countsOf(db: Db, areaIds: readonly string[]) {
  if (areaIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('hazards.tally')
    .select(['status', 'grade', 'source', 'trade', 'n'])
    .where('area_id', 'in', areaIds as string[])
    .where('n', '>', 0)
    .execute();
}

/** The current counts of an area's children, by status and grade. */
export function childCounts(db: Db, areaId: string) {
  return db.selectFrom('hazards.area_tally').select(['area_id', 'status', 'grade', 'n']).where('parent_area_id', '=', areaId).execute();
}

/** Closures in [fromMonth, toMonth] for these areas. */
export async function closures(db: Db, areaIds: readonly string[], fromMonth: string, toMonth: string) {
  if (areaIds.length === 0) return { closed: 0, withDeadline: 0, onTime: 0, seconds: 0 };
  const row = await db
    .selectFrom('hazards.closure_tally')
    .select([
      sql<string>`coalesce(sum(closed), 0)`.as('closed'),
      sql<string>`coalesce(sum(with_deadline), 0)`.as('with_deadline'),
      sql<string>`coalesce(sum(on_time), 0)`.as('on_time'),
      sql<string>`coalesce(sum(close_seconds), 0)`.as('seconds'),
    ])
    .where('area_id', 'in', areaIds as string[])
    .where(sql<boolean>`month between ${fromMonth}::date and ${toMonth}::date`)
    .executeTakeFirstOrThrow();
  return { closed: Number(row.closed), withDeadline: Number(row.with_deadline), onTime: Number(row.on_time), seconds: Number(row.seconds) };
}

/** Overdue now below an area, by the child of that area they lie in (the area itself when it is a leaf). */
export function overdueByChild(db: Db, areaId: string, now: Date) {
  return sql<{ child: string | null; grade: string | null; n: string }>`
    select area_path[array_position(area_path, ${areaId}::uuid) + 1] as child, grade, count(*) as n
    from hazards.hazard
    where status = 'treating' and deadline < ${now} and area_path @> array[${areaId}::uuid]
    group by 1, 2`
    .execute(db)
    .then((r) => r.rows);
}

/** Production stopped or awaiting its resumption review below an area. */
export async function stoppedCount(db: Db, areaIds: readonly string[]): Promise<number> {
  if (areaIds.length === 0) return 0;
  const r = await sql<{ n: string }>`
    select count(*) as n from hazards.hazard
    where production_status in ('stopped', 'resumption_applied') and area_path && ${[...areaIds]}::uuid[]`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
