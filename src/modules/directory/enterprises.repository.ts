import { type Kysely, sql } from 'kysely';
import { areaSubtree } from './directory.repository.js';
import type { DirectoryTables } from './directory.tables.js';
import type { EnterpriseRegister } from './enterprise.rules.js';

type Db = Kysely<DirectoryTables>;

const detailColumns = [
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
  'o.industry_code',
  'o.supervision_class',
  'o.licences',
  'o.principal_name',
  'o.safety_manager_name',
] as const;

export function enterpriseDetail(db: Db, id: string) {
  return db
    .selectFrom('directory.organisation as o')
    .leftJoin('directory.area as a', 'a.id', 'o.area_id')
    .select(detailColumns)
    .where('o.id', '=', id)
    .where('o.kind', '=', 'enterprise')
    .executeTakeFirst();
}

export type EnterpriseDetailRow = NonNullable<Awaited<ReturnType<typeof enterpriseDetail>>>;

/** The register record of an enterprise, locked until the caller's transaction ends (two edits do not interleave). */
export async function lockEnterprise(db: Db, id: string): Promise<EnterpriseRegister | undefined> {
  const row = await db
    .selectFrom('directory.organisation')
    .select([
      'name',
      'name_en',
      'address',
      'lng',
      'lat',
      'area_id',
      'industry_code',
      'trade',
      'size',
      'uses_hazardous_chemicals',
      'supervision_class',
      'licences',
      'principal_name',
      'safety_manager_name',
    ])
    .where('id', '=', id)
    .where('kind', '=', 'enterprise')
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    name: row.name,
    nameEn: row.name_en,
    address: row.address,
    lng: row.lng,
    lat: row.lat,
    areaId: row.area_id,
    industryCode: row.industry_code,
    trade: row.trade,
    size: row.size,
    usesHazardousChemicals: row.uses_hazardous_chemicals,
    supervisionClass: row.supervision_class,
    licences: row.licences,
    principalName: row.principal_name,
    safetyManagerName: row.safety_manager_name,
  };
}

export function updateEnterprise(db: Db, id: string, r: EnterpriseRegister) {
  return db
    .updateTable('directory.organisation')
    .set({
      name: r.name,
      name_en: r.nameEn,
      address: r.address,
      lng: r.lng,
      lat: r.lat,
      area_id: r.areaId,
      industry_code: r.industryCode,
      trade: r.trade,
      size: r.size,
      uses_hazardous_chemicals: r.usesHazardousChemicals,
      supervision_class: r.supervisionClass,
      licences: JSON.stringify(r.licences),
      principal_name: r.principalName,
      safety_manager_name: r.safetyManagerName,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('kind', '=', 'enterprise')
    .execute();
}

/** Enterprises registered directly in each area (not below it). */
export async function enterpriseCountsByArea(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('directory.organisation')
    .select(['area_id', db.fn.countAll<number>().as('n')])
    .where('kind', '=', 'enterprise')
    .where('area_id', 'is not', null)
    .groupBy('area_id')
    .execute();
  return new Map(rows.map((r) => [r.area_id as string, Number(r.n)]));
}

/** Enterprises in a scope (area subtrees ∪ single organisations), optionally only below one area: a lean list for maps. */
export async function enterprisePlaces(
  db: Db,
  scope: { areaIds: readonly string[]; organisationIds: readonly string[] },
  belowAreaId?: string,
) {
  if (scope.areaIds.length === 0 && scope.organisationIds.length === 0) return [];
  let q = db
    .selectFrom('directory.organisation')
    .select(['id', 'name', 'name_en', 'area_id', 'lng', 'lat'])
    .where('kind', '=', 'enterprise')
    .where((eb) =>
      eb.or([
        ...(scope.areaIds.length ? [eb('area_id', 'in', areaSubtree(db, scope.areaIds))] : []),
        ...(scope.organisationIds.length ? [eb('id', 'in', scope.organisationIds as string[])] : []),
      ]),
    );
  if (belowAreaId) q = q.where('area_id', 'in', areaSubtree(db, [belowAreaId]));
  return q.execute();
}
