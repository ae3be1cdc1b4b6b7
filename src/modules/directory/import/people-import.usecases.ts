import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/index.js';
import type { AuditModule, AuditRecord } from '../../audit/index.js';
import type { DirectoryTables } from '../directory.tables.js';
import { maskedPerson, type PlainPerson } from '../people.rules.js';
import type { PeopleTables } from '../people.tables.js';
import type { PersonalDataCipher } from '../personal-data.js';
import { ImportFileError, type ImportProgress, type ImportRefusal } from './enterprise-import.js';
import * as jobs from './import.repository.js';
import type { ImportRequest } from './import.usecases.js';
import { type PeopleImportRow, readPeopleFile } from './people-import.js';

/** Kept in the job's report; beyond this only the count grows. */
const MAX_REFUSALS_KEPT = 10_000;
const BATCH = 1000;

export type PeopleImportRequest = Omit<ImportRequest, 'scope'>;

type PeopleDb = Kysely<PeopleTables>;

interface Stored {
  id: string;
  name: string;
  phone_enc: string | null;
  email_enc: string | null;
  phone_index: string | null;
  id_number_enc: string | null;
  id_number_index: string | null;
}

const storedColumns = ['id', 'name', 'phone_enc', 'phone_index', 'id_number_enc', 'id_number_index', 'email_enc'] as const;

/**
 * Import of people from CSV or XLSX into `directory.person`, in one transaction (an unreadable file or a crash leaves
 * nothing). Idempotent: a row with an ID number is matched by its blind index and updates the name and phone when they
 * differ (a blank phone leaves the stored one); a row without one is matched by exact name and the phone's blind index
 * (or, without a phone, a person with the same name and neither number). Unmatched rows are created. The audit trail
 * gets masked values only.
 */
export function createPeopleImport(deps: {
  db: Kysely<DirectoryTables>;
  clock: Clock;
  audit: Pick<AuditModule, 'record'>;
  cipher: PersonalDataCipher;
}) {
  const { db, clock, audit, cipher } = deps;
  const people = (d: Kysely<DirectoryTables>) => d as unknown as PeopleDb;

  const open = (s: Stored): PlainPerson => ({
    name: s.name,
    idNumber: s.id_number_enc === null ? null : cipher.decrypt(s.id_number_enc),
    phone: s.phone_enc === null ? null : cipher.decrypt(s.phone_enc),
    email: s.email_enc === null ? null : cipher.decrypt(s.email_enc),
  });

  return {
    start: (job: Omit<Parameters<typeof jobs.createJob>[1], 'kind'>) => jobs.createJob(db, { ...job, kind: 'person' }),
    job: async (id: string) => {
      await jobs.failStale(db, new Date(Date.now() - 120_000));
      return jobs.findJob(db, id);
    },

    async run(jobId: string, request: PeopleImportRequest): Promise<void> {
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
        pending = pending.then(() => jobs.progress(db, jobId, p, refused)).catch(() => {});
      };
      const record = (r: Omit<AuditRecord, 'actor' | 'requestId' | 'address'>): AuditRecord => ({
        ...r,
        actor: request.actor,
        requestId: request.requestId,
        address: request.address,
      });

      try {
        const counts = await db.transaction().execute(async (tx) => {
          const trx = people(tx);
          const counts = { created: 0, updated: 0, unchanged: 0 };
          /** Rows without an ID number already matched or created in this import, by name and phone index. */
          const matchedWithoutId = new Set<string>();
          let batch: PeopleImportRow[] = [];

          const flush = async () => {
            if (batch.length === 0) return;
            const rows = batch;
            batch = [];
            const idIndex = new Map(rows.filter((r) => r.idNumber !== null).map((r) => [r, cipher.blindIndex(r.idNumber as string)]));
            const phoneIndex = new Map(rows.filter((r) => r.phone !== null).map((r) => [r, cipher.blindIndex(r.phone as string)]));
            const byId = new Map<string, Stored>();
            if (idIndex.size > 0) {
              const found = await trx
                .selectFrom('directory.person')
                .select(storedColumns)
                .where('id_number_index', 'in', [...idIndex.values()])
                .execute();
              for (const s of found) byId.set(s.id_number_index as string, s);
            }
            const withoutId = rows.filter((r) => r.idNumber === null);
            const byNamePhone = new Map<string, Stored>();
            if (withoutId.length > 0) {
              const found = await trx
                .selectFrom('directory.person')
                .select(storedColumns)
                .where(
                  'name',
                  'in',
                  withoutId.map((r) => r.name),
                )
                .orderBy('created_at')
                .execute();
              for (const s of found) {
                const key = `${s.name}\u0000${s.phone_index ?? ''}`;
                // Without a phone, only a person holding neither number is the same person.
                if (s.phone_index === null && s.id_number_index !== null) continue;
                if (!byNamePhone.has(key)) byNamePhone.set(key, s);
              }
            }

            const inserts: PlainPerson[] = [];
            const changes: { id: string; before: PlainPerson; after: PlainPerson; name: boolean; phone: boolean }[] = [];
            for (const row of rows) {
              const phoneIdx = phoneIndex.get(row) ?? null;
              if (row.idNumber !== null) {
                const found = byId.get(idIndex.get(row) as string);
                if (!found) {
                  inserts.push({ name: row.name, idNumber: row.idNumber, phone: row.phone, email: null });
                  continue;
                }
                const name = found.name !== row.name;
                const phone = phoneIdx !== null && found.phone_index !== phoneIdx;
                if (!name && !phone) {
                  counts.unchanged++;
                  continue;
                }
                const before = open(found);
                changes.push({ id: found.id, before, after: { ...before, name: row.name, phone: row.phone ?? before.phone }, name, phone });
                continue;
              }
              const key = `${row.name}\u0000${phoneIdx ?? ''}`;
              if (matchedWithoutId.has(key) || byNamePhone.has(key)) counts.unchanged++;
              else inserts.push({ name: row.name, idNumber: null, phone: row.phone, email: null });
              matchedWithoutId.add(key);
            }

            const ids =
              inserts.length === 0
                ? []
                : (
                    await trx
                      .insertInto('directory.person')
                      .values(
                        inserts.map((p) => ({
                          name: p.name,
                          id_number_enc: p.idNumber === null ? null : cipher.encrypt(p.idNumber),
                          id_number_index: p.idNumber === null ? null : cipher.blindIndex(p.idNumber),
                          phone_enc: p.phone === null ? null : cipher.encrypt(p.phone),
                          phone_index: p.phone === null ? null : cipher.blindIndex(p.phone),
                        })),
                      )
                      .returning('id')
                      .execute()
                  ).map((r) => r.id);
            const now = clock.now();
            for (const c of changes) {
              await trx
                .updateTable('directory.person')
                .set({
                  ...(c.name ? { name: c.after.name } : {}),
                  ...(c.phone && c.after.phone !== null
                    ? { phone_enc: cipher.encrypt(c.after.phone), phone_index: cipher.blindIndex(c.after.phone) }
                    : {}),
                  updated_at: now,
                })
                .where('id', '=', c.id)
                .execute();
            }
            counts.created += inserts.length;
            counts.updated += changes.length;

            const changed = (c: (typeof changes)[number], p: PlainPerson) => {
              const m = maskedPerson(p);
              return { ...(c.name ? { name: m.name } : {}), ...(c.phone ? { phone: m.phone } : {}) };
            };
            await audit.record(
              tx,
              ...inserts.map((p, i) =>
                record({
                  action: 'directory.person.create',
                  target: { type: 'person', id: ids[i] as string },
                  after: { ...maskedPerson(p), importJobId: jobId },
                }),
              ),
              ...changes.map((c) =>
                record({
                  action: 'directory.person.update',
                  target: { type: 'person', id: c.id },
                  before: changed(c, c.before),
                  after: { ...changed(c, c.after), importJobId: jobId },
                }),
              ),
            );
          };

          const source = typeof request.source === 'string' ? createReadStream(request.source) : request.source;
          for await (const item of readPeopleFile(source, {
            format: request.format,
            totalBytes: request.totalBytes ?? undefined,
            today: clock.now(),
            onProgress,
          })) {
            if ('refusal' in item) refuse(item.refusal);
            else {
              batch.push(item.row);
              if (batch.length >= BATCH) await flush();
            }
          }
          await flush();
          await audit.record(
            tx,
            record({
              action: 'directory.person_import.complete',
              target: { type: 'import_job', id: jobId },
              after: { fileName: request.fileName, ...counts, refused, rowsRead: lastProgress.rowsRead },
            }),
          );
          return counts;
        });
        await pending;
        await jobs.finish(db, jobId, { status: 'succeeded', ...counts, refused, rowsRead: lastProgress.rowsRead, refusals });
      } catch (error) {
        await pending;
        const message =
          error instanceof ImportFileError
            ? { code: error.code, message: error.localizedMessage }
            : { code: 'failed', message: { 'zh-CN': '导入失败，未导入任何数据', en: 'The import failed; nothing was imported' } };
        await jobs.finish(db, jobId, { status: 'failed', error: message, refused, refusals });
        if (!(error instanceof ImportFileError)) throw error;
      }
    },
  };
}

export type PeopleImportModule = ReturnType<typeof createPeopleImport>;
