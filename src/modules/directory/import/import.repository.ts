import { type Kysely, sql } from 'kysely';
import type { DirectoryTables } from '../directory.tables.js';
import type { ImportProgress, ImportRefusal } from './enterprise-import.js';

type Db = Kysely<DirectoryTables>;

export async function createJob(
  db: Db,
  job: {
    kind?: 'enterprise' | 'person';
    fileName: string;
    format: 'csv' | 'xlsx';
    totalBytes: number | null;
    organisationId: string | null;
    personId: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('directory.import_job')
    .values({
      kind: job.kind ?? 'enterprise',
      file_name: job.fileName,
      format: job.format,
      total_bytes: job.totalBytes,
      organisation_id: job.organisationId,
      person_id: job.personId,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function progress(db: Db, id: string, p: ImportProgress, refused: number) {
  return db
    .updateTable('directory.import_job')
    .set({ rows_read: p.rowsRead, bytes_read: p.bytesRead, refused, heartbeat_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export function finish(
  db: Db,
  id: string,
  result:
    | {
        status: 'succeeded';
        created: number;
        updated: number;
        unchanged: number;
        refused: number;
        rowsRead: number;
        refusals: ImportRefusal[];
      }
    | { status: 'failed'; error: { code: string; message: { 'zh-CN': string; en: string } }; refused: number; refusals: ImportRefusal[] },
) {
  return db
    .updateTable('directory.import_job')
    .set({
      status: result.status,
      finished_at: new Date(),
      heartbeat_at: new Date(),
      refused: result.refused,
      refusals: JSON.stringify(result.refusals),
      ...(result.status === 'succeeded'
        ? { created: result.created, updated: result.updated, unchanged: result.unchanged, rows_read: result.rowsRead, error: null }
        : { created: 0, updated: 0, unchanged: 0, error: JSON.stringify(result.error) }),
    })
    .where('id', '=', id)
    .execute();
}

/** A job whose process died holds nothing: its transaction rolled back. Say so. */
export function failStale(db: Db, olderThan: Date) {
  return db
    .updateTable('directory.import_job')
    .set({
      status: 'failed',
      finished_at: new Date(),
      created: 0,
      updated: 0,
      unchanged: 0,
      error: JSON.stringify({
        code: 'interrupted',
        message: {
          'zh-CN': '导入被中断（服务重启），未导入任何数据，请重新上传',
          en: 'The import was interrupted (the service restarted); nothing was imported. Upload the file again.',
        },
      }),
    })
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', olderThan)
    .execute();
}

export function findJob(db: Db, id: string) {
  return db.selectFrom('directory.import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export function existingByCreditCode(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory.organisation')
    .select([
      'id',
      'kind',
      'credit_code',
      'name',
      'name_en',
      'address',
      'lng',
      'lat',
      'industry_code',
      'trade',
      'size',
      'uses_hazardous_chemicals',
      'principal_name',
      'safety_manager_name',
      'area_id',
    ])
    .where('credit_code', 'in', codes as string[])
    .execute();
}

export type ExistingOrganisation = Awaited<ReturnType<typeof existingByCreditCode>>[number];

/** The register fields an import writes to an enterprise it finds by credit code. */
export interface ImportedFields {
  id: string;
  name: string;
  nameEn: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  industryCode: string | null;
  trade: string | null;
  size: string | null;
  usesHazardousChemicals: boolean;
  principalName: string | null;
  safetyManagerName: string | null;
  areaId: string | null;
}

/**
 * Updates many enterprises in one statement per 1,000 (`UPDATE … FROM (VALUES …)`), instead of a round trip per row.
 * Values travel as text and are cast where they are set, so that a first row of NULLs cannot mistype a column.
 */
export async function updateEnterprises(db: Db, rows: readonly ImportedFields[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows
      .slice(i, i + 1000)
      .map(
        (r) =>
          sql`(${r.id}, ${r.name}, ${r.nameEn}, ${r.address}, ${r.lng === null ? null : String(r.lng)}, ${r.lat === null ? null : String(r.lat)}, ${r.industryCode}, ${r.trade}, ${r.size}, ${String(r.usesHazardousChemicals)}, ${r.principalName}, ${r.safetyManagerName}, ${r.areaId})`,
      );
    await sql`
      update directory.organisation as o set
        name = v.name,
        name_en = v.name_en,
        address = v.address,
        lng = v.lng::double precision,
        lat = v.lat::double precision,
        industry_code = v.industry_code,
        trade = v.trade,
        size = v.size,
        uses_hazardous_chemicals = v.uses_hazardous_chemicals::boolean,
        principal_name = v.principal_name,
        safety_manager_name = v.safety_manager_name,
        area_id = v.area_id::uuid,
        updated_at = now()
      from (values ${sql.join(values)}) as v(id, name, name_en, address, lng, lat, industry_code, trade, size, uses_hazardous_chemicals, principal_name, safety_manager_name, area_id)
      where o.id = v.id::uuid and o.kind = 'enterprise'`.execute(db);
  }
}
