import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/index.js';
import { type AccessModule, auditActorOf, entrustmentFor, type PermissionRegistry, type PersonActor } from '../../access/index.js';
import type { AuditModule, AuditRecord } from '../../audit/index.js';
import {
  type DirectoryModule,
  ImportFileError,
  type ImportFormat,
  type ImportProgress,
  type ImportRefusal,
} from '../../directory/index.js';
import type { VehiclesTables } from '../vehicles.tables.js';
import type { DriverEntry, VehicleImportRow, VehicleLayout } from './vehicle-columns.js';
import { readVehicleFile } from './vehicle-import.js';
import * as repo from './vehicle-import.repository.js';
import type { VehicleImportTables } from './vehicle-import.tables.js';

export const IMPORT_PERMISSION = 'vehicles.vehicle.import';

/** Kept in the job's report; beyond this only the count grows. */
const MAX_REFUSALS_KEPT = 10_000;
/** Rows per transaction: short enough not to hold the audit chain (and the rule engine's view) for long. */
const BATCH = 1000;
/** A job without a heartbeat for this long belonged to a process that died. */
const STALE_MS = 120_000;

export interface VehicleImportRequest {
  /** A path or a stream of the file's bytes. */
  source: string | NodeJS.ReadableStream;
  fileName: string;
  format: ImportFormat;
  totalBytes: number | null;
  /** The importer as they were when they uploaded the file; their scope decides which enterprises they may name. */
  actor: PersonActor;
  requestId: string | null;
  address: string | null;
}

/** An enterprise a row names, as resolved once per distinct text. */
type Resolved = { id: string; name: string; entrustmentId: string | null } | { reason: string; zh: string; en: string };

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const asCreditCode = (text: string) => {
  const code = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return CREDIT_CODE.test(code) ? code : null;
};
const uniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

type Wanted = repo.ImportedVehicle & { drivers: DriverEntry[] | undefined };

/**
 * Import of the vehicle register from CSV or XLSX. Vehicles are matched by plate number and colour: new ones are
 * created, existing ones updated (class, enterprise, terminal, SIM, drivers, relay exemption), equal ones left alone.
 * Drivers named `姓名/从业资格证号` are created for the vehicle's enterprise when new and assigned.
 *
 * Unlike the directory's imports (one transaction per file), rows are written in transactions of 1,000, each with its
 * audit entries: the audit chain is locked for the length of a transaction, and the rule engine polls
 * `vehicle.updated_at`, which a transaction running for minutes would stamp long before its rows became visible. A file
 * that breaks off half-way (a CSV syntax error) keeps the batches already written; importing it again is idempotent.
 */
export function createVehicleImport(deps: {
  db: Kysely<VehiclesTables & VehicleImportTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'enterprisesByCodeOrName' | 'enterprisesWithin' | 'areaPath'>;
}) {
  const { db, registry, audit, access, directory } = deps;

  return {
    start: (job: Parameters<typeof repo.createJob>[1]) => repo.createJob(db, job),
    job: async (id: string) => {
      await repo.failStale(db, new Date(Date.now() - STALE_MS));
      return repo.findJob(db, id);
    },
    /** On start: jobs of a process that died are marked failed. */
    failInterrupted: () => repo.failStale(db, new Date(Date.now() - STALE_MS)),

    async run(jobId: string, request: VehicleImportRequest): Promise<void> {
      const { actor } = request;
      const refusals: ImportRefusal[] = [];
      const counts: repo.JobCounts = { created: 0, updated: 0, unchanged: 0, refused: 0, driversCreated: 0 };
      const refuse = (r: ImportRefusal) => {
        counts.refused++;
        if (refusals.length < MAX_REFUSALS_KEPT) refusals.push(r);
      };
      let lastProgress: ImportProgress = { rowsRead: 0, bytesRead: 0, totalBytes: request.totalBytes };
      let pending: Promise<unknown> = Promise.resolve();
      const report = () => {
        const p = lastProgress;
        const c = { ...counts };
        pending = pending.then(() => repo.progress(db, jobId, p, c)).catch(() => {});
      };
      let layout: VehicleLayout = {};
      const column = (key: keyof VehicleLayout) => layout[key]?.header ?? null;

      const baseActor = auditActorOf(actor, IMPORT_PERMISSION, registry);
      const definition = registry.get(IMPORT_PERMISSION);
      const scope = access.scope(actor, IMPORT_PERMISSION);
      /** Enterprise id → whether the importer may register vehicles for it. */
      const governedCache = new Map<string, boolean>();
      async function governed(ids: readonly string[]): Promise<void> {
        const rest = [...new Set(ids)].filter((id) => !governedCache.has(id));
        if (rest.length === 0) return;
        const within = new Set(scope.areaIds.length ? await directory.enterprisesWithin(rest, scope.areaIds) : []);
        for (const id of rest) governedCache.set(id, scope.organisationIds.includes(id) || within.has(id));
      }
      const entrustmentCache = new Map<string, string | null>();
      async function entrustmentOf(enterprise: { id: string; area_id: string | null }): Promise<string | null> {
        if (!definition || actor.entrusted.length === 0 || !enterprise.area_id) return null;
        let found = entrustmentCache.get(enterprise.id);
        if (found === undefined) {
          const areaPath = (await directory.areaPath(enterprise.area_id)).map((a) => a.id);
          found = entrustmentFor(actor.entrusted, definition, { enterpriseId: enterprise.id, areaPath });
          entrustmentCache.set(enterprise.id, found);
        }
        return found;
      }
      const auditActor = (entrustmentId: string | null) =>
        baseActor.kind === 'person' && entrustmentId ? { ...baseActor, entrustmentId } : baseActor;

      /** The enterprise each distinct text names: by credit code, else by exact name. */
      const enterprises = new Map<string, Resolved>();
      async function resolveEnterprises(texts: readonly string[]): Promise<void> {
        const unseen = [...new Set(texts)].filter((t) => !enterprises.has(t));
        if (unseen.length === 0) return;
        const codes = unseen.map(asCreditCode).filter((c): c is string => c !== null);
        const found = await directory.enterprisesByCodeOrName(codes, unseen);
        await governed(found.map((e) => e.id));
        for (const text of unseen) {
          const code = asCreditCode(text);
          const byCode = code ? found.filter((e) => e.credit_code === code) : [];
          const matches = byCode.length ? byCode : found.filter((e) => e.name === text);
          const [only] = matches;
          if (!only) {
            enterprises.set(text, {
              reason: 'enterprise.not_found',
              zh: '企业名录中没有这个统一社会信用代码或名称的企业',
              en: 'no enterprise in the directory has this credit code or name',
            });
          } else if (matches.length > 1) {
            enterprises.set(text, {
              reason: 'enterprise.ambiguous',
              zh: '有多家企业同名，请填写统一社会信用代码',
              en: 'several enterprises have this name; give the credit code',
            });
          } else if (!governedCache.get(only.id)) {
            enterprises.set(text, {
              reason: 'enterprise.outside_scope',
              zh: '您无权为该企业登记车辆',
              en: 'you may not register vehicles for this enterprise',
            });
          } else {
            enterprises.set(text, { id: only.id, name: only.name, entrustmentId: await entrustmentOf(only) });
          }
        }
      }

      /**
       * Writes one batch in one transaction and returns what it did; nothing is counted until it commits. A unique
       * violation (someone registered the same plate, terminal or driver meanwhile) makes it retry row by row.
       */
      async function writeBatch(rows: readonly VehicleImportRow[]) {
        const local = { created: 0, updated: 0, unchanged: 0, driversCreated: 0, refusals: [] as ImportRefusal[] };
        const refuseRow = (line: number, key: keyof VehicleLayout, value: string | null, reason: string, zh: string, en: string) =>
          local.refusals.push({ line, column: column(key), value, reason, message: { 'zh-CN': zh, en } });

        await db.transaction().execute(async (trx) => {
          const plates = [...new Set(rows.map((r) => r.plateNumber))];
          const [stored, holders, knownDrivers] = await Promise.all([
            repo.vehiclesByPlates(trx, plates),
            repo.vehiclesByTerminals(
              trx,
              rows.map((r) => r.terminalNumber),
            ),
            repo.driversByCodes(trx, [...new Set(rows.flatMap((r) => (r.drivers ?? []).map((d) => d.qualificationCode)))]),
          ]);
          const existing = new Map(stored.map((v) => [`${v.plate_number}\u0000${v.plate_colour}`, v]));
          const holderOf = new Map(holders.map((h) => [h.terminal_number, h.id]));
          const driverOf = new Map(knownDrivers.map((d) => [d.qualification_code, d]));
          const matched = rows.map((r) => existing.get(`${r.plateNumber}\u0000${r.plateColour}`));
          await governed(matched.flatMap((v) => (v ? [v.enterprise_id] : [])));
          /** Each matched vehicle's drivers now, by code. */
          const assigned = new Map<string, { id: string; code: string }[]>();
          for (const a of await repo.assignments(
            trx,
            matched.flatMap((v) => (v ? [v.id] : [])),
          )) {
            assigned.set(a.vehicle_id, [...(assigned.get(a.vehicle_id) ?? []), { id: a.id, code: a.qualification_code }]);
          }

          /** Drivers this batch creates, by code. */
          const newDrivers = new Map<string, { enterpriseId: string; name: string; line: number; entrustmentId: string | null }>();
          const inserts: { row: VehicleImportRow; wanted: Wanted; entrustmentId: string | null }[] = [];
          const changes: {
            row: VehicleImportRow;
            before: repo.StoredVehicle;
            beforeDrivers: { id: string; code: string }[];
            wanted: Wanted;
            driversChanged: boolean;
            entrustmentId: string | null;
          }[] = [];

          rows.forEach((row, i) => {
            const enterprise = enterprises.get(row.enterprise);
            if (!enterprise || 'reason' in enterprise) {
              const r = enterprise as Exclude<Resolved, { id: string }>;
              refuseRow(row.line, 'enterprise', row.enterprise, r.reason, r.zh, r.en);
              return;
            }
            const found = matched[i];
            if (found && !governedCache.get(found.enterprise_id)) {
              refuseRow(
                row.line,
                'plateNumber',
                row.plateNumber,
                'vehicle.outside_scope',
                '该车辆已登记在您无权管理的企业名下',
                'this vehicle is registered to an enterprise you may not manage',
              );
              return;
            }
            const holder = holderOf.get(row.terminalNumber);
            if (holder && holder !== found?.id) {
              refuseRow(
                row.line,
                'terminalNumber',
                row.terminalNumber,
                'terminal_number.taken',
                '终端号已登记在另一辆车上',
                'the terminal number is registered to another vehicle',
              );
              return;
            }
            // Drivers: an existing one must work for the same enterprise, be active and carry the name given.
            let driversOk = true;
            const creates: DriverEntry[] = [];
            for (const d of row.drivers ?? []) {
              const known = driverOf.get(d.qualificationCode);
              const planned = newDrivers.get(d.qualificationCode);
              const problem = known
                ? known.enterprise_id !== enterprise.id
                  ? ([
                      'drivers.other_enterprise',
                      '该从业资格证号的驾驶员属于另一家企业',
                      'the driver with this certificate works for another enterprise',
                    ] as const)
                  : !known.active
                    ? (['drivers.inactive', '该驾驶员已停用', 'this driver has been deactivated'] as const)
                    : known.name !== d.name
                      ? ([
                          'drivers.name_mismatch',
                          `该从业资格证号已登记为驾驶员“${known.name}”，与所填姓名不符`,
                          `the certificate is registered to a driver named “${known.name}”, not this name`,
                        ] as const)
                      : null
                : planned && (planned.enterpriseId !== enterprise.id || planned.name !== d.name)
                  ? ([
                      'drivers.conflict',
                      `第 ${planned.line} 行已以不同的姓名或企业使用该从业资格证号`,
                      `row ${planned.line} uses this certificate with another name or enterprise`,
                    ] as const)
                  : null;
              if (problem) {
                refuseRow(row.line, 'drivers', `${d.name}/${d.qualificationCode}`, problem[0], problem[1], problem[2]);
                driversOk = false;
              } else if (!known && !planned) creates.push(d);
            }
            if (!driversOk) return;
            for (const d of creates) {
              newDrivers.set(d.qualificationCode, {
                enterpriseId: enterprise.id,
                name: d.name,
                line: row.line,
                entrustmentId: enterprise.entrustmentId,
              });
            }

            const wanted: Wanted = {
              plateNumber: row.plateNumber,
              plateColour: row.plateColour,
              class: row.class,
              enterpriseId: enterprise.id,
              terminalNumber: row.terminalNumber,
              sim: row.sim === undefined ? (found?.sim ?? null) : row.sim,
              // Only coaches may be relay-exempt: a vehicle that stops being one loses the exemption.
              relayExempt: row.relayExempt ?? (found !== undefined && row.class === 'coach' && found.relay_exempt),
              // Drivers work for one enterprise: a vehicle moved to another one without a drivers column loses its drivers.
              drivers: row.drivers ?? (found && found.enterprise_id !== enterprise.id ? [] : undefined),
            };
            if (!found) {
              inserts.push({ row, wanted, entrustmentId: enterprise.entrustmentId });
              return;
            }
            const beforeDrivers = (assigned.get(found.id) ?? []).sort((a, b) => (a.code < b.code ? -1 : 1));
            const driversChanged =
              wanted.drivers !== undefined &&
              (wanted.drivers.length !== beforeDrivers.length ||
                wanted.drivers.some((d) => !beforeDrivers.some((b) => b.code === d.qualificationCode)));
            const changed =
              driversChanged ||
              found.class !== wanted.class ||
              found.enterprise_id !== wanted.enterpriseId ||
              found.terminal_number !== wanted.terminalNumber ||
              found.sim !== wanted.sim ||
              found.relay_exempt !== wanted.relayExempt;
            if (changed)
              changes.push({ row, before: found, beforeDrivers, wanted, driversChanged, entrustmentId: enterprise.entrustmentId });
            else local.unchanged++;
          });

          const driverEntries = [...newDrivers.entries()];
          const driverIds = await repo.insertDrivers(
            trx,
            driverEntries.map(([code, d]) => ({
              enterpriseId: d.enterpriseId,
              name: d.name,
              qualificationCode: code,
              createdBy: actor.personId,
            })),
          );
          const driverIdOf = new Map(knownDrivers.map((d) => [d.qualification_code, d.id]));
          for (const [i, [code]] of driverEntries.entries()) driverIdOf.set(code, driverIds[i] as string);

          const vehicleIds = await repo.insertVehicles(
            trx,
            inserts.map((x) => x.wanted),
            actor.personId,
          );
          await repo.updateVehicles(
            trx,
            changes.map((c) => ({ ...c.wanted, id: c.before.id })),
          );
          const assign = [
            ...inserts.map((x, i) => ({ vehicleId: vehicleIds[i] as string, drivers: x.wanted.drivers ?? [] })),
            ...changes.filter((c) => c.driversChanged).map((c) => ({ vehicleId: c.before.id, drivers: c.wanted.drivers ?? [] })),
          ];
          await repo.replaceAssignments(
            trx,
            changes.filter((c) => c.driversChanged).map((c) => c.before.id),
            assign.flatMap((a) =>
              a.drivers.map((d) => ({ vehicleId: a.vehicleId, driverId: driverIdOf.get(d.qualificationCode) as string })),
            ),
          );

          const common = { requestId: request.requestId, address: request.address };
          // Drivers are named by id in the trail, as the vehicle's own edits name them.
          const idsOf = (ds: DriverEntry[] | undefined) => (ds ?? []).map((d) => driverIdOf.get(d.qualificationCode) as string);
          const records: AuditRecord[] = [
            ...driverEntries.map(([code, d], i) => ({
              ...common,
              actor: auditActor(d.entrustmentId),
              action: 'vehicles.driver.create',
              target: { type: 'driver', id: driverIds[i] as string },
              after: { enterpriseId: d.enterpriseId, name: d.name, qualificationCode: code, importJobId: jobId },
            })),
            ...inserts.map((x, i) => {
              const { drivers, ...fields } = x.wanted;
              return {
                ...common,
                actor: auditActor(x.entrustmentId),
                action: 'vehicles.vehicle.create',
                target: { type: 'vehicle', id: vehicleIds[i] as string },
                after: { ...fields, driverIds: idsOf(drivers), importJobId: jobId },
              };
            }),
            ...changes.map((c) => ({
              ...common,
              actor: auditActor(c.entrustmentId),
              action: 'vehicles.vehicle.update',
              target: { type: 'vehicle', id: c.before.id },
              before: {
                class: c.before.class,
                enterpriseId: c.before.enterprise_id,
                terminalNumber: c.before.terminal_number,
                sim: c.before.sim,
                relayExempt: c.before.relay_exempt,
                driverIds: c.beforeDrivers.map((d) => d.id),
              },
              after: {
                class: c.wanted.class,
                enterpriseId: c.wanted.enterpriseId,
                terminalNumber: c.wanted.terminalNumber,
                sim: c.wanted.sim,
                relayExempt: c.wanted.relayExempt,
                driverIds: c.driversChanged ? idsOf(c.wanted.drivers) : c.beforeDrivers.map((d) => d.id),
                importJobId: jobId,
              },
            })),
          ];
          await audit.record(trx, ...records);
          local.created = inserts.length;
          local.updated = changes.length;
          local.driversCreated = driverEntries.length;
        });
        return local;
      }

      async function flush(rows: VehicleImportRow[]): Promise<void> {
        if (rows.length === 0) return;
        await resolveEnterprises(rows.map((r) => r.enterprise));
        const apply = (done: Awaited<ReturnType<typeof writeBatch>>) => {
          counts.created += done.created;
          counts.updated += done.updated;
          counts.unchanged += done.unchanged;
          counts.driversCreated += done.driversCreated;
          for (const r of done.refusals) refuse(r);
        };
        try {
          apply(await writeBatch(rows));
        } catch (error) {
          if (!uniqueViolation(error)) throw error;
          for (const row of rows) {
            try {
              apply(await writeBatch([row]));
            } catch (inner) {
              if (!uniqueViolation(inner)) throw inner;
              refuse({
                line: row.line,
                column: null,
                value: row.plateNumber,
                reason: 'vehicle.conflict',
                message: {
                  'zh-CN': '同一车牌、终端号或从业资格证号刚被他人登记，请核对后重新导入该行',
                  en: 'the same plate, terminal number or certificate was registered by someone else meanwhile; check and import the row again',
                },
              });
            }
          }
        }
        report();
      }

      let failure: ImportFileError | null = null;
      try {
        const source = typeof request.source === 'string' ? createReadStream(request.source) : request.source;
        let batch: VehicleImportRow[] = [];
        for await (const item of readVehicleFile(source, {
          format: request.format,
          totalBytes: request.totalBytes ?? undefined,
          onHeader: (l) => {
            layout = l;
          },
          onProgress: (p) => {
            lastProgress = p;
            report();
          },
        })) {
          if ('refusal' in item) refuse(item.refusal);
          else {
            batch.push(item.row);
            if (batch.length >= BATCH) {
              const rows = batch;
              batch = [];
              await flush(rows);
            }
          }
        }
        await flush(batch);
      } catch (error) {
        if (!(error instanceof ImportFileError)) {
          await pending;
          await repo.finish(db, jobId, {
            status: 'failed',
            counts,
            rowsRead: lastProgress.rowsRead,
            bytesRead: lastProgress.bytesRead,
            refusals: sorted(refusals),
            error: {
              code: 'failed',
              message: {
                'zh-CN': '导入失败；此前已完成的批次已保存，重新导入同一文件不会重复登记',
                en: 'The import failed; the batches already done are kept, and importing the same file again repeats nothing',
              },
            },
          });
          throw error;
        }
        failure = error;
      }
      await db.transaction().execute((trx) =>
        audit.record(trx, {
          actor: baseActor,
          action: 'vehicles.import.complete',
          target: { type: 'vehicle_import', id: jobId },
          after: { fileName: request.fileName, ...counts, rowsRead: lastProgress.rowsRead, error: failure?.code ?? null },
          requestId: request.requestId,
          address: request.address,
        }),
      );
      await pending;
      await repo.finish(db, jobId, {
        status: failure ? 'failed' : 'succeeded',
        counts,
        rowsRead: lastProgress.rowsRead,
        bytesRead: lastProgress.bytesRead,
        refusals: sorted(refusals),
        error: failure ? { code: failure.code, message: failure.localizedMessage } : null,
      });
    },
  };
}

const sorted = (refusals: ImportRefusal[]) => [...refusals].sort((a, b) => a.line - b.line);

export type VehicleImportModule = ReturnType<typeof createVehicleImport>;
