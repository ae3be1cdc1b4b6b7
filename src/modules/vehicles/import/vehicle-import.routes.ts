import { z } from 'zod';
import { csvDocument } from '../../../platform/csv/index.js';
import type { HttpServer } from '../../../platform/http/index.js';
import { type PermissionRegistry, type PersonActor, requirePerson } from '../../access/index.js';
import { refusalSchema, startUploadedImport } from '../../directory/index.js';
import { vehicleImportErrors } from './vehicle-import.errors.js';
import { vehicleTemplateCsv } from './vehicle-import.js';
import type { JobRow } from './vehicle-import.repository.js';
import { IMPORT_PERMISSION, type VehicleImportModule } from './vehicle-import.usecases.js';

export const vehicleImportJobView = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z.enum(['running', 'succeeded', 'failed']),
    totalBytes: z.number().int().nullable(),
    bytesRead: z.number().int(),
    progress: z.number().min(0).max(1).describe('Share of the file read so far.'),
    rowsRead: z.number().int(),
    created: z.number().int().describe('Vehicles created so far (batches of 1,000 rows commit as they go).'),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int().describe('Refusals: one per bad field of a row.'),
    driversCreated: z.number().int().describe('Drivers added to the register for the rows’ enterprises.'),
    refusals: z.array(refusalSchema).describe('The first 1,000 refusals by row; all of them (up to 10,000) at …/refusals.csv.'),
    error: z
      .object({ code: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) })
      .nullable()
      .describe('Why the file broke off; the batches before it are kept.'),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .describe('An import of a vehicle register file and its report.');

const jobParams = z.strictObject({ id: z.uuid() });

type Refusal = z.infer<typeof refusalSchema>;

const viewJob = (j: JobRow) => ({
  id: j.id,
  fileName: j.file_name,
  format: j.format,
  status: j.status,
  totalBytes: j.total_bytes === null ? null : Number(j.total_bytes),
  bytesRead: Number(j.bytes_read),
  progress: j.status === 'succeeded' ? 1 : j.total_bytes ? Math.min(1, Number(j.bytes_read) / Number(j.total_bytes)) : 0,
  rowsRead: j.rows_read,
  created: j.created,
  updated: j.updated,
  unchanged: j.unchanged,
  refused: j.refused,
  driversCreated: j.drivers_created,
  refusals: (j.refusals as Refusal[]).slice(0, 1000),
  error: j.error,
  startedAt: j.started_at.toISOString(),
  finishedAt: j.finished_at?.toISOString() ?? null,
});

/** The job when the actor started it or works for the organisation that did; a 404 otherwise. */
function visibleJob(actor: PersonActor, job: JobRow | undefined): JobRow {
  const mine = new Set(actor.grants.map((g) => g.organisationId));
  if (!job || !((job.organisation_id && mine.has(job.organisation_id)) || job.person_id === actor.personId)) {
    throw vehicleImportErrors.notFound();
  }
  return job;
}

/**
 * `POST /api/v1/vehicles/imports` (a CSV or XLSX vehicle register), its progress and report at `GET …/imports/{id}`
 * and `…/refusals.csv`, and a template at `…/imports/template.csv`.
 */
export function registerVehicleImportRoutes(
  app: HttpServer,
  imports: VehicleImportModule,
  registry: PermissionRegistry,
  maxBytes: number,
): void {
  const tags = ['vehicles'];
  const config = { permission: IMPORT_PERMISSION };

  app.get(
    '/api/v1/vehicles/imports/template.csv',
    {
      config,
      schema: {
        summary: 'A vehicle register template (CSV, UTF-8)',
        description: '车牌号, 车牌颜色, 车辆类型, 经营企业, 终端号, SIM卡号, 驾驶员, 接驳运输, with the English names in brackets.',
        tags,
        response: { 200: z.string() },
      },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="vehicles-template.csv"')
        .send(vehicleTemplateCsv()),
  );

  app.post(
    '/api/v1/vehicles/imports',
    {
      config,
      schema: {
        summary: 'Import vehicles from a CSV or XLSX file',
        description:
          'multipart/form-data with one part `file`. Answers 202 at once with the job; poll GET …/imports/{id} for progress and the per-row report. Vehicles are matched by plate number and colour (created or updated); bad rows are refused one by one and the rest imported, in transactions of 1,000 rows.',
        tags,
        response: { 202: vehicleImportJobView },
      },
    },
    async (request, reply) => {
      const { actor, jobId } = await startUploadedImport(request, {
        maxBytes,
        permission: IMPORT_PERMISSION,
        registry,
        start: imports.start,
        run: (jobId, file, { actor }) => imports.run(jobId, { ...file, actor }),
        failure: 'vehicle import failed',
      });
      return reply.status(202).send(viewJob(visibleJob(actor, await imports.job(jobId))));
    },
  );

  app.get(
    '/api/v1/vehicles/imports/:id',
    {
      config,
      schema: { summary: 'A vehicle import’s progress and report', tags, params: jobParams, response: { 200: vehicleImportJobView } },
    },
    async (request) => viewJob(visibleJob(requirePerson(request), await imports.job(request.params.id))),
  );

  app.get(
    '/api/v1/vehicles/imports/:id/refusals.csv',
    {
      config,
      schema: { summary: 'The refused rows of a vehicle import, as CSV', tags, params: jobParams, response: { 200: z.string() } },
    },
    async (request, reply) => {
      const job = visibleJob(requirePerson(request), await imports.job(request.params.id));
      const rows = (job.refusals as Refusal[]).map((r) => [r.line, r.column, r.value, r.reason, r.message['zh-CN'], r.message.en]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="vehicle-import-${job.id}-refusals.csv"`)
        .send(csvDocument([['row', 'column', 'value', 'reason', '原因', 'message'], ...rows]));
    },
  );
}
