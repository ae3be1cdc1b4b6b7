import type { Kysely } from 'kysely';
import type { DirectoryTables } from '../directory.tables.js';
import type { ImportProgress, ImportRefusal } from './enterprise-import.js';

type Db = Kysely<DirectoryTables>;

export async function createJob(
  db: Db,
  job: { fileName: string; format: 'csv' | 'xlsx'; totalBytes: number | null; organisationId: string | null; personId: string | null },
): Promise<string> {
  const row = await db
    .insertInto('directory.import_job')
    .values({
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
