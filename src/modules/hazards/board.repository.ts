/**
 * The hazard board's list: scope and filters on the hazard row alone (the enterprise's area path is stored on
 * it, so no other module's tables are needed), keyset-paged in an order an index gives.
 */
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { HazardSource, Status } from './hazards.rules.js';
import type { HazardsTables } from './hazards.tables.js';

type Db = Kysely<HazardsTables>;

/** Where the caller may look: area subtrees, single enterprises, or (with no read scope) their own reports. */
export interface Visibility {
  areaIds: readonly string[];
  enterpriseIds: readonly string[];
  reportedBy: string | null;
}

export interface BoardFilters {
  statuses?: readonly Status[] | undefined;
  grade?: 'general' | 'major' | 'unassessed' | undefined;
  source?: HazardSource | undefined;
  /** The enterprise's trade (the directory's trade codes), or 'other' for none. */
  trade?: string | undefined;
  overdue?: boolean | undefined;
  supervised?: boolean | undefined;
  areaId?: string | undefined;
  enterpriseId?: string | undefined;
  q?: string | undefined;
}

export type Sort = 'newest' | 'deadline';
export interface Cursor {
  key: string;
  id: string;
}

function base(db: Db, visibility: Visibility, f: BoardFilters, now: Date) {
  let q = db.selectFrom('hazards.hazard as h');
  const parts: Expression<SqlBool>[] = [];
  if (visibility.areaIds.length === 1) parts.push(sql<SqlBool>`h.area_path @> array[${visibility.areaIds[0]}::uuid]`);
  else if (visibility.areaIds.length > 1) parts.push(sql<SqlBool>`h.area_path && ${[...visibility.areaIds]}::uuid[]`);
  if (visibility.enterpriseIds.length) parts.push(sql<SqlBool>`h.enterprise_id = any(${[...visibility.enterpriseIds]}::uuid[])`);
  if (visibility.reportedBy) parts.push(sql<SqlBool>`h.reported_by = ${visibility.reportedBy}::uuid`);
  if (parts.length === 0) return null;
  q = q.where((eb) => (parts.length === 1 ? (parts[0] as Expression<SqlBool>) : eb.or(parts)));
  if (f.areaId) q = q.where(sql<SqlBool>`h.area_path @> array[${f.areaId}::uuid]`);
  if (f.enterpriseId) q = q.where('h.enterprise_id', '=', f.enterpriseId);
  if (f.statuses?.length) q = q.where('h.status', 'in', f.statuses as Status[]);
  if (f.grade === 'unassessed') q = q.where('h.grade', 'is', null);
  else if (f.grade) q = q.where('h.grade', '=', f.grade);
  if (f.source) q = q.where('h.source', '=', f.source);
  if (f.trade === 'other') q = q.where('h.trade', 'is', null);
  else if (f.trade) q = q.where('h.trade', '=', f.trade);
  if (f.overdue) q = q.where('h.status', '=', 'treating').where('h.deadline', '<', now);
  // Written as the partial index hazard_open_major states it, so the planner uses it.
  if (f.supervised) q = q.where('h.grade', '=', 'major').where('h.status', 'not in', ['closed', 'dismissed']);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('h.title', 'ilike', like), eb('h.code', 'ilike', like)]));
  }
  return q;
}

export async function page(db: Db, visibility: Visibility, f: BoardFilters, sort: Sort, limit: number, after: Cursor | null, now: Date) {
  const q = base(db, visibility, f, now);
  if (!q) return [];
  let p = q.selectAll('h');
  if (sort === 'newest') {
    if (after) p = p.where(sql<SqlBool>`(h.discovered_at, h.id) < (${new Date(after.key)}::timestamptz, ${after.id}::uuid)`);
    p = p.orderBy('h.discovered_at', 'desc').orderBy('h.id', 'desc');
  } else if (f.overdue) {
    // Every row has a deadline: the partial index on (deadline, id) of hazards under treatment serves it.
    if (after) p = p.where(sql<SqlBool>`(h.deadline, h.id) > (${new Date(after.key)}::timestamptz, ${after.id}::uuid)`);
    p = p.orderBy('h.deadline', 'asc').orderBy('h.id', 'asc');
  } else {
    const key = sql`coalesce(h.deadline, 'infinity'::timestamptz)`;
    if (after) p = p.where(sql<SqlBool>`(${key}, h.id) > (${after.key}::timestamptz, ${after.id}::uuid)`);
    p = p.orderBy(key, 'asc').orderBy('h.id', 'asc');
  }
  return p.limit(limit).execute();
}

export async function count(db: Db, visibility: Visibility, f: BoardFilters, now: Date): Promise<number> {
  const q = base(db, visibility, f, now);
  if (!q) return 0;
  const row = await q.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Counts by state under the same scope and filters. */
export async function countByStatus(db: Db, visibility: Visibility, f: BoardFilters, now: Date): Promise<Map<Status, number>> {
  const q = base(db, visibility, f, now);
  if (!q) return new Map();
  const rows = await q
    .select(['h.status', sql<string>`count(*)`.as('n')])
    .groupBy('h.status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** The cursor key of a row in a sort order. */
export function cursorKey(row: { discovered_at: Date; deadline: Date | null }, sort: Sort): string {
  if (sort === 'newest') return row.discovered_at.toISOString();
  return row.deadline ? row.deadline.toISOString() : 'infinity';
}
