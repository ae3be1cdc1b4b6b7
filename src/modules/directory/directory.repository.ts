import { type Kysely, sql } from 'kysely';
import type { AreaLevel, DirectoryTables, Geometry, OrganisationKind, Trade } from './directory.tables.js';

type Db = Kysely<DirectoryTables>;

export interface NewArea {
  parentId: string | null;
  level: AreaLevel;
  code: string;
  name: string;
  nameEn: string | null;
  boundary: Geometry | null;
}

export async function insertArea(db: Db, area: NewArea): Promise<string> {
  const row = await db
    .insertInto('directory.area')
    .values({
      parent_id: area.parentId,
      level: area.level,
      code: area.code,
      name: area.name,
      name_en: area.nameEn,
      boundary: area.boundary ? JSON.stringify(area.boundary) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewOrganisation {
  kind: OrganisationKind;
  name: string;
  nameEn: string | null;
  creditCode: string | null;
  department: DirectoryTables['directory.organisation']['department'];
  areaId: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  industryCode: string | null;
  trade: Trade | null;
  size: DirectoryTables['directory.organisation']['size'];
  usesHazardousChemicals: boolean;
  principalName?: string | null;
  safetyManagerName?: string | null;
}

/** Inserts in chunks (a bind-parameter list has a limit of 65,535) and returns ids in input order. */
export async function insertOrganisations(db: Db, rows: readonly NewOrganisation[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await db
      .insertInto('directory.organisation')
      .values(
        chunk.map((o) => ({
          kind: o.kind,
          name: o.name,
          name_en: o.nameEn,
          credit_code: o.creditCode,
          department: o.department,
          area_id: o.areaId,
          address: o.address,
          lng: o.lng,
          lat: o.lat,
          industry_code: o.industryCode,
          trade: o.trade,
          size: o.size,
          uses_hazardous_chemicals: o.usesHazardousChemicals,
          principal_name: o.principalName ?? null,
          safety_manager_name: o.safetyManagerName ?? null,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export async function insertPersons(db: Db, names: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < names.length; i += 5000) {
    const inserted = await db
      .insertInto('directory.person')
      .values(names.slice(i, i + 5000).map((name) => ({ name })))
      .returning('id')
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export async function hasAnyData(db: Db): Promise<boolean> {
  const row = await sql<{
    any: boolean;
  }>`select exists (select 1 from directory.area) or exists (select 1 from directory.organisation) as any`.execute(db);
  return row.rows[0]?.any ?? false;
}

export function listAreas(db: Db) {
  return db
    .selectFrom('directory.area')
    .select(['id', 'parent_id', 'level', 'code', 'name', 'name_en', 'boundary'])
    .orderBy('code')
    .execute();
}

/** The given areas and everything below them. */
export function areaSubtree(db: Db, rootIds: readonly string[]) {
  return db
    .withRecursive('sub(id)', (qb) =>
      qb
        .selectFrom('directory.area')
        .select('id')
        .where('id', 'in', rootIds as string[])
        .unionAll((q) => q.selectFrom('directory.area as a').innerJoin('sub', 'sub.id', 'a.parent_id').select('a.id')),
    )
    .selectFrom('sub')
    .select('id');
}

export async function countAreasByLevel(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('directory.area')
    .select(['level', db.fn.countAll<number>().as('n')])
    .groupBy('level')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.level, Number(r.n)]));
}

export async function countOrganisations(db: Db): Promise<{ kind: OrganisationKind; trade: Trade | null; n: number }[]> {
  const rows = await db
    .selectFrom('directory.organisation')
    .select(['kind', 'trade', db.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'trade'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, trade: r.trade, n: Number(r.n) }));
}

export interface EnterpriseQuery {
  q?: string | undefined;
  trade?: Trade | undefined;
  areaId?: string | undefined;
  /** Area roots the caller may see below; `all` for the whole jurisdiction. */
  scope: 'all' | { areaIds: readonly string[]; organisationIds: readonly string[] };
  limit: number;
  offset: number;
}

export async function listEnterprises(db: Db, query: EnterpriseQuery) {
  let base = db
    .selectFrom('directory.organisation as o')
    .leftJoin('directory.area as a', 'a.id', 'o.area_id')
    .where('o.kind', '=', 'enterprise');
  if (query.scope !== 'all') {
    const { areaIds, organisationIds } = query.scope;
    if (areaIds.length === 0 && organisationIds.length === 0) return { items: [], total: 0 };
    base = base.where((eb) =>
      eb.or([
        ...(areaIds.length ? [eb('o.area_id', 'in', areaSubtree(db, areaIds))] : []),
        ...(organisationIds.length ? [eb('o.id', 'in', organisationIds as string[])] : []),
      ]),
    );
  }
  if (query.areaId) base = base.where('o.area_id', 'in', areaSubtree(db, [query.areaId]));
  if (query.trade) base = base.where('o.trade', '=', query.trade);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('o.name', 'ilike', like), eb('o.name_en', 'ilike', like), eb('o.credit_code', 'ilike', like)]));
  }
  const [items, total] = await Promise.all([
    base
      .select([
        'o.id',
        'o.name',
        'o.name_en',
        'o.credit_code',
        'o.trade',
        'o.size',
        'o.area_id',
        'a.name as area_name',
        'o.address',
        'o.lng',
        'o.lat',
        'o.uses_hazardous_chemicals',
      ])
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function organisationsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory.organisation as o')
    .leftJoin('directory.area as a', 'a.id', 'o.area_id')
    .where('o.id', 'in', ids as string[])
    .select([
      'o.id',
      'o.kind',
      'o.name',
      'o.name_en',
      'o.credit_code',
      'o.address',
      'o.area_id',
      'a.name as area_name',
      'o.trade',
      'o.size',
      'o.uses_hazardous_chemicals',
      'o.lng',
      'o.lat',
    ])
    .orderBy('o.name')
    .execute();
}

export function personsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory.person')
    .select(['id', 'name'])
    .where('id', 'in', ids as string[])
    .execute();
}

/** Of the given ids, the enterprises that lie below the given area roots. */
export async function enterprisesWithin(db: Db, ids: readonly string[], areaRootIds: readonly string[]): Promise<string[]> {
  if (ids.length === 0 || areaRootIds.length === 0) return [];
  const rows = await db
    .selectFrom('directory.organisation')
    .select('id')
    .where('kind', '=', 'enterprise')
    .where('id', 'in', ids as string[])
    .where('area_id', 'in', areaSubtree(db, areaRootIds))
    .execute();
  return rows.map((r) => r.id);
}

/** The area and its ancestors, nearest first. */
export async function areaPath(db: Db, areaId: string): Promise<{ id: string; name: string; level: string }[]> {
  const rows = await db
    .withRecursive('up(id, parent_id, name, level, depth)', (qb) =>
      qb
        .selectFrom('directory.area')
        .select(['id', 'parent_id', 'name', 'level', sql<number>`0`.as('depth')])
        .where('id', '=', areaId)
        .unionAll((q) =>
          q
            .selectFrom('directory.area as a')
            .innerJoin('up', 'up.parent_id', 'a.id')
            .select(['a.id', 'a.parent_id', 'a.name', 'a.level', sql<number>`up.depth + 1`.as('depth')]),
        ),
    )
    .selectFrom('up')
    .select(['id', 'name', 'level'])
    .orderBy('depth')
    .execute();
  return rows;
}

export async function countEnterprisesBelow(db: Db, areaId: string): Promise<number> {
  const row = await db
    .selectFrom('directory.organisation')
    .select(db.fn.countAll<number>().as('n'))
    .where('kind', '=', 'enterprise')
    .where('area_id', 'in', areaSubtree(db, [areaId]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function enterpriseByCreditCode(db: Db, creditCode: string) {
  return db
    .selectFrom('directory.organisation')
    .select(['id', 'name', 'area_id'])
    .where('kind', '=', 'enterprise')
    .where('credit_code', '=', creditCode)
    .executeTakeFirst();
}

/** Enterprises whose credit code is one of `codes` or whose name is exactly one of `names` (for imports naming them either way). */
export function enterprisesByCodeOrName(db: Db, codes: readonly string[], names: readonly string[]) {
  if (codes.length === 0 && names.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory.organisation')
    .select(['id', 'name', 'credit_code', 'area_id'])
    .where('kind', '=', 'enterprise')
    .where((eb) =>
      eb.or([
        ...(codes.length ? [eb('credit_code', 'in', codes as string[])] : []),
        ...(names.length ? [eb('name', 'in', names as string[])] : []),
      ]),
    )
    .execute();
}

export function organisationsOfKind(db: Db, kind: OrganisationKind) {
  return db.selectFrom('directory.organisation').select(['id', 'name', 'name_en']).where('kind', '=', kind).orderBy('name').execute();
}

/** Every regulator with the area it governs and its department (a handful per jurisdiction). */
export function regulators(db: Db) {
  return db
    .selectFrom('directory.organisation')
    .select(['id', 'name', 'name_en', 'area_id', 'department'])
    .where('kind', '=', 'regulator')
    .orderBy('name')
    .execute();
}

export function setBoundary(db: Db, areaId: string, boundary: Geometry) {
  return db
    .updateTable('directory.area')
    .set({ boundary: JSON.stringify(boundary) })
    .where('id', '=', areaId)
    .execute();
}

/** Enterprises with a location below these areas (the candidates to re-place after a boundary change). */
export function locatedEnterprisesBelow(db: Db, areaIds: readonly string[]) {
  return db
    .selectFrom('directory.organisation')
    .select(['id', 'lng', 'lat', 'area_id'])
    .where('kind', '=', 'enterprise')
    .where('lng', 'is not', null)
    .where('area_id', 'in', areaSubtree(db, areaIds))
    .execute();
}

/** Moves enterprises to other areas, one statement per 5,000 (`UPDATE … FROM (VALUES …)`). */
export async function setAreas(db: Db, moves: readonly { id: string; areaId: string }[]): Promise<void> {
  for (let i = 0; i < moves.length; i += 5000) {
    const values = moves.slice(i, i + 5000).map((m) => sql`(${m.id}::uuid, ${m.areaId}::uuid)`);
    await sql`
      update directory.organisation as o set area_id = v.area_id, updated_at = now()
      from (values ${sql.join(values)}) as v(id, area_id)
      where o.id = v.id`.execute(db);
  }
}

export function searchOrganisations(db: Db, filters: { kind?: OrganisationKind | undefined; q?: string | undefined; limit: number }) {
  let q = db.selectFrom('directory.organisation').select(['id', 'name', 'name_en as nameEn', 'kind']);
  if (filters.kind) q = q.where('kind', '=', filters.kind);
  if (filters.q) q = q.where('name', 'ilike', `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return q.orderBy('name').limit(filters.limit).execute();
}
