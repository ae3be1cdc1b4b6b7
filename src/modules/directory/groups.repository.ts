import { type Kysely, sql } from 'kysely';
import { areaSubtree } from './directory.repository.js';
import type { DirectoryTables } from './directory.tables.js';

type Db = Kysely<DirectoryTables>;

export async function insertGroupMembers(
  db: Db,
  rows: readonly { groupId: string; enterpriseId: string; isLead: boolean }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await db
      .insertInto('directory.group_member')
      .values(rows.slice(i, i + 5000).map((r) => ({ group_id: r.groupId, enterprise_id: r.enterpriseId, is_lead: r.isLead })))
      .execute();
  }
}

export function groups(db: Db, scope: 'all' | readonly string[]) {
  let q = db
    .selectFrom('directory.organisation as g')
    .leftJoin('directory.group_member as m', 'm.group_id', 'g.id')
    .leftJoin('directory.organisation as lead', (j) => j.onRef('lead.id', '=', 'm.enterprise_id').on('m.is_lead', '=', true))
    .select([
      'g.id',
      'g.name',
      'g.name_en',
      'g.area_id',
      sql<number>`count(m.enterprise_id)`.as('members'),
      sql<string | null>`max(lead.name)`.as('lead_name'),
    ])
    .where('g.kind', '=', 'mutual_aid_group')
    .groupBy(['g.id', 'g.name', 'g.name_en', 'g.area_id'])
    .orderBy('g.name');
  if (scope !== 'all') q = q.where('g.id', 'in', scope as string[]);
  return q.execute();
}

export function groupMembers(db: Db, groupId: string) {
  return db
    .selectFrom('directory.group_member as m')
    .innerJoin('directory.organisation as o', 'o.id', 'm.enterprise_id')
    .select(['o.id', 'o.name', 'o.credit_code', 'o.trade', 'm.is_lead'])
    .where('m.group_id', '=', groupId)
    .orderBy('m.is_lead', 'desc')
    .orderBy('o.name')
    .execute();
}

export function group(db: Db, groupId: string) {
  return db
    .selectFrom('directory.organisation')
    .select(['id', 'name', 'name_en', 'area_id'])
    .where('id', '=', groupId)
    .where('kind', '=', 'mutual_aid_group')
    .executeTakeFirst();
}

/** Locks the group's membership until the caller's transaction ends, so that two changes do not interleave. */
export async function lockGroup(db: Db, groupId: string): Promise<void> {
  await db.selectFrom('directory.organisation').select('id').where('id', '=', groupId).forUpdate().execute();
}

export function membership(db: Db, groupId: string, enterpriseId: string) {
  return db
    .selectFrom('directory.group_member')
    .select(['enterprise_id', 'is_lead'])
    .where('group_id', '=', groupId)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
}

export function currentLead(db: Db, groupId: string) {
  return db
    .selectFrom('directory.group_member')
    .select('enterprise_id')
    .where('group_id', '=', groupId)
    .where('is_lead', '=', true)
    .executeTakeFirst();
}

export function addMember(db: Db, groupId: string, enterpriseId: string) {
  return db.insertInto('directory.group_member').values({ group_id: groupId, enterprise_id: enterpriseId, is_lead: false }).execute();
}

export function removeMember(db: Db, groupId: string, enterpriseId: string) {
  return db.deleteFrom('directory.group_member').where('group_id', '=', groupId).where('enterprise_id', '=', enterpriseId).execute();
}

/** Makes one member the lead: the old lead first steps down, as the unique index allows one lead per group. */
export async function setLead(db: Db, groupId: string, enterpriseId: string): Promise<void> {
  await db
    .updateTable('directory.group_member')
    .set({ is_lead: false })
    .where('group_id', '=', groupId)
    .where('is_lead', '=', true)
    .execute();
  await db
    .updateTable('directory.group_member')
    .set({ is_lead: true })
    .where('group_id', '=', groupId)
    .where('enterprise_id', '=', enterpriseId)
    .execute();
}

/** Enterprises below the area roots that are not members of the group, by name or credit code, for adding. */
export function candidates(db: Db, groupId: string, areaIds: readonly string[], q: string | undefined, limit: number) {
  if (areaIds.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('directory.organisation as o')
    .select(['o.id', 'o.name', 'o.name_en', 'o.credit_code', 'o.trade'])
    .where('o.kind', '=', 'enterprise')
    .where('o.area_id', 'in', areaSubtree(db, areaIds))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('directory.group_member as m')
            .select('m.enterprise_id')
            .where('m.group_id', '=', groupId)
            .whereRef('m.enterprise_id', '=', 'o.id'),
        ),
      ),
    );
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('o.name', 'ilike', like), eb('o.credit_code', 'ilike', like)]));
  }
  return query.orderBy('o.name').limit(limit).execute();
}
