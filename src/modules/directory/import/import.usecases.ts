import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/index.js';
import type { AuditActor, AuditModule, AuditRecord } from '../../audit/index.js';
import { areaSubtree, insertOrganisations, listAreas } from '../directory.repository.js';
import { type LocatableArea, locate } from '../directory.rules.js';
import type { DirectoryTables } from '../directory.tables.js';
import {
  type EnterpriseImportRow,
  ImportFileError,
  type ImportFormat,
  type ImportProgress,
  type ImportRefusal,
  readEnterpriseFile,
} from './enterprise-import.js';
import * as repo from './import.repository.js';

/** Kept in the job's report; beyond this only the count grows. */
const MAX_REFUSALS_KEPT = 10_000;
const BATCH = 1000;

export interface ImportRequest {
  /** A path or a stream of the file's bytes. */
  source: string | NodeJS.ReadableStream;
  fileName: string;
  format: ImportFormat;
  totalBytes: number | null;
  actor: AuditActor;
  organisationId: string | null;
  personId: string | null;
  /** Area roots the importer governs; rows located elsewhere are refused. `all` for a system import. */
  scope: 'all' | readonly string[];
  requestId: string | null;
  address: string | null;
}

const FIELDS = [
  ['name', 'name'],
  ['name_en', 'nameEn'],
  ['address', 'address'],
  ['lng', 'lng'],
  ['lat', 'lat'],
  ['industry_code', 'industryCode'],
  ['trade', 'trade'],
  ['size', 'size'],
  ['uses_hazardous_chemicals', 'usesHazardousChemicals'],
  ['principal_name', 'principalName'],
  ['safety_manager_name', 'safetyManagerName'],
  ['area_id', 'areaId'],
] as const;

type Wanted = EnterpriseImportRow & { areaId: string | null };

function refusal(line: number, reason: string, column: string | null, value: string | null, zh: string, en: string): ImportRefusal {
  return { line, column, value, reason, message: { 'zh-CN': zh, en } };
}

export function createImportModule(deps: { db: Kysely<DirectoryTables>; clock: Clock; audit: Pick<AuditModule, 'record'> }) {
  const { db, audit } = deps;

  return {
    start: (job: Parameters<typeof repo.createJob>[1]) => repo.createJob(db, job),
    job: async (id: string) => {
      await repo.failStale(db, new Date(Date.now() - 120_000));
      return repo.findJob(db, id);
    },
    /** On start: jobs of a process that died are marked failed (their transaction rolled back). */
    failInterrupted: () => repo.failStale(db, new Date(Date.now() - 120_000)),

    /**
     * Reads the file and writes its enterprises in one transaction: an unreadable
     * file, or a crash, leaves nothing half-imported. Idempotent by credit code:
     * a row equal to what is stored changes nothing and writes no audit entry.
     * Progress is written to the job as it goes, outside the transaction.
     */
    async run(jobId: string, request: ImportRequest): Promise<void> {
      const refusals: ImportRefusal[] = [];
      let refused = 0;
      const refuse = (r: ImportRefusal) => {
        refused++;
        if (refusals.length < MAX_REFUSALS_KEPT) refusals.push(r);
      };
      let lastProgress: ImportProgress = { rowsRead: 0, bytesRead: 0, totalBytes: request.totalBytes };
      let pending: Promise<unknown> = Promise.resolve();
      const onProgress = (p: ImportProgress) => {
        lastProgress = p;
        pending = pending.then(() => repo.progress(db, jobId, p, refused)).catch(() => {});
      };

      const areas = await listAreas(db);
      const locatable: LocatableArea[] = areas.map((a) => ({ id: a.id, level: a.level, boundary: a.boundary }));
      const allowed = request.scope === 'all' ? null : new Set((await areaSubtree(db, request.scope).execute()).map((r) => r.id));
      const defaultArea = request.scope === 'all' ? null : (request.scope[0] ?? null);
      // A column the file does not have leaves that field as it is on update.
      const present = new Set<string>();
      const given = (key: (typeof FIELDS)[number][1]) =>
        key === 'name' || (key === 'areaId' ? present.has('lng') && present.has('lat') : present.has(key));

      try {
        const counts = await db.transaction().execute(async (trx) => {
          const counts = { created: 0, updated: 0, unchanged: 0 };
          let batch: EnterpriseImportRow[] = [];
          const flush = async () => {
            if (batch.length === 0) return;
            const rows = batch;
            batch = [];
            const existing = new Map(
              (
                await repo.existingByCreditCode(
                  trx,
                  rows.map((r) => r.creditCode),
                )
              ).map((e) => [e.credit_code, e]),
            );
            const inserts: Wanted[] = [];
            const changes: { before: repo.ExistingOrganisation; after: Wanted }[] = [];
            for (const row of rows) {
              const found = existing.get(row.creditCode);
              if (found && found.kind !== 'enterprise') {
                refuse(
                  refusal(
                    row.line,
                    'credit_code.not_enterprise',
                    null,
                    row.creditCode,
                    '该信用代码属于非企业单位',
                    'This credit code belongs to an organisation that is not an enterprise',
                  ),
                );
                continue;
              }
              let areaId = found?.area_id ?? defaultArea;
              if (row.lng !== null && row.lat !== null) {
                areaId = locate({ lng: row.lng, lat: row.lat }, locatable);
                if (!areaId || (allowed && !allowed.has(areaId))) {
                  refuse(
                    refusal(
                      row.line,
                      'location.outside_area',
                      null,
                      `${row.lng},${row.lat}`,
                      '坐标不在您管辖的区域内',
                      'The location lies outside the area you govern',
                    ),
                  );
                  continue;
                }
              } else if (found?.area_id && allowed && !allowed.has(found.area_id)) {
                refuse(
                  refusal(
                    row.line,
                    'credit_code.outside_area',
                    null,
                    row.creditCode,
                    '该单位不在您管辖的区域内',
                    'This enterprise lies outside the area you govern',
                  ),
                );
                continue;
              }
              if (!found) {
                inserts.push({ ...row, areaId });
                continue;
              }
              const wanted: Wanted = { ...row, areaId };
              for (const [column, key] of FIELDS) if (!given(key)) (wanted as unknown as Record<string, unknown>)[key] = found[column];
              if (FIELDS.some(([column, key]) => found[column] !== wanted[key])) changes.push({ before: found, after: wanted });
              else counts.unchanged++;
            }
            const ids = await insertOrganisations(
              trx,
              inserts.map((w) => ({
                kind: 'enterprise',
                name: w.name,
                nameEn: w.nameEn,
                creditCode: w.creditCode,
                department: null,
                areaId: w.areaId,
                address: w.address,
                lng: w.lng,
                lat: w.lat,
                industryCode: w.industryCode,
                trade: w.trade,
                size: w.size,
                usesHazardousChemicals: w.usesHazardousChemicals,
                principalName: w.principalName,
                safetyManagerName: w.safetyManagerName,
              })),
            );
            await repo.updateEnterprises(
              trx,
              changes.map(({ before, after }) => ({
                id: before.id,
                name: after.name,
                nameEn: after.nameEn,
                address: after.address,
                lng: after.lng,
                lat: after.lat,
                industryCode: after.industryCode,
                trade: after.trade,
                size: after.size,
                usesHazardousChemicals: after.usesHazardousChemicals,
                principalName: after.principalName,
                safetyManagerName: after.safetyManagerName,
                areaId: after.areaId,
              })),
            );
            counts.created += inserts.length;
            counts.updated += changes.length;
            const records: AuditRecord[] = [
              ...inserts.map((w, i) => ({
                actor: request.actor,
                action: 'directory.enterprise.create',
                target: { type: 'organisation', id: ids[i] as string },
                after: { ...w, importJobId: jobId },
                requestId: request.requestId,
                address: request.address,
              })),
              ...changes.map(({ before, after }) => ({
                actor: request.actor,
                action: 'directory.enterprise.update',
                target: { type: 'organisation', id: before.id },
                before: Object.fromEntries(FIELDS.map(([column, key]) => [key, before[column]])),
                after: { ...Object.fromEntries(FIELDS.map(([, key]) => [key, after[key]])), importJobId: jobId },
                requestId: request.requestId,
                address: request.address,
              })),
            ];
            await audit.record(trx, ...records);
          };

          const source = typeof request.source === 'string' ? createReadStream(request.source) : request.source;
          for await (const item of readEnterpriseFile(source, {
            format: request.format,
            totalBytes: request.totalBytes ?? undefined,
            onProgress,
          })) {
            if ('refusal' in item) refuse(item.refusal);
            else {
              batch.push(item.row);
              if (batch.length >= BATCH) await flush();
            }
          }
          await flush();
          await audit.record(trx, {
            actor: request.actor,
            action: 'directory.import.complete',
            target: { type: 'import_job', id: jobId },
            after: { fileName: request.fileName, ...counts, refused, rowsRead: lastProgress.rowsRead },
            requestId: request.requestId,
            address: request.address,
          });
          return counts;
        });
        await pending;
        await repo.finish(db, jobId, { status: 'succeeded', ...counts, refused, rowsRead: lastProgress.rowsRead, refusals });
      } catch (error) {
        await pending;
        const message =
          error instanceof ImportFileError
            ? { code: error.code, message: error.localizedMessage }
            : { code: 'failed', message: { 'zh-CN': '导入失败，未导入任何数据', en: 'The import failed; nothing was imported' } };
        await repo.finish(db, jobId, { status: 'failed', error: message, refused, refusals });
        if (!(error instanceof ImportFileError)) throw error;
      }
    },
  };
}

export type ImportModule = ReturnType<typeof createImportModule>;
