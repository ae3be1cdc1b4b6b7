import { z } from 'zod';
import { csvDocument } from '../../../platform/csv/index.js';
import { AppError, type HttpServer } from '../../../platform/http/index.js';
import { type AccessModule, auditActorOf, type PermissionRegistry, requirePerson } from '../../access/index.js';
import { enterpriseTemplateCsv } from './enterprise-import.js';
import type { ImportModule } from './import.usecases.js';
import { receiveUpload } from './upload.js';

const PERMISSION = 'directory.enterprise.import';

const refusalSchema = z.object({
  line: z.number().int().describe('Row number as the spreadsheet shows it (header = 1).'),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string().describe('Machine-readable reason, e.g. credit_code.check_character.'),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

const jobView = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z.enum(['running', 'succeeded', 'failed']),
    totalBytes: z.number().int().nullable(),
    bytesRead: z.number().int(),
    progress: z.number().min(0).max(1).describe('Share of the file read so far.'),
    rowsRead: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    refusals: z.array(refusalSchema).describe('The first 1,000 refused rows; all of them (up to 10,000) at …/refusals.csv.'),
    error: z.object({ code: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) }).nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .describe('An import of an enterprise register file and its report.');

type JobRow = NonNullable<Awaited<ReturnType<ImportModule['job']>>>;

const view = (j: JobRow) => ({
  id: j.id,
  fileName: j.file_name,
  format: j.format,
  status: j.status,
  totalBytes: j.total_bytes,
  bytesRead: j.bytes_read,
  progress: j.status === 'succeeded' ? 1 : j.total_bytes ? Math.min(1, j.bytes_read / j.total_bytes) : 0,
  rowsRead: j.rows_read,
  created: j.created,
  updated: j.updated,
  unchanged: j.unchanged,
  refused: j.refused,
  refusals: (j.refusals as z.infer<typeof refusalSchema>[]).slice(0, 1000),
  error: j.error,
  startedAt: j.started_at.toISOString(),
  finishedAt: j.finished_at?.toISOString() ?? null,
});

const notFound = () =>
  new AppError({
    code: 'directory.import_not_found',
    status: 404,
    title: 'No such import',
    detail: 'No import with that id that you may see.',
  });

export function registerImportRoutes(
  app: HttpServer,
  imports: ImportModule,
  access: Pick<AccessModule, 'scope'>,
  registry: PermissionRegistry,
  maxBytes: number,
): void {
  const tags = ['directory'];

  async function visibleJob(request: Parameters<typeof requirePerson>[0], id: string): Promise<JobRow> {
    const actor = requirePerson(request);
    const job = await imports.job(id);
    const mine = new Set(actor.grants.map((g) => g.organisationId));
    if (!job || !((job.organisation_id && mine.has(job.organisation_id)) || job.person_id === actor.personId)) throw notFound();
    return job;
  }

  app.get(
    '/api/v1/directory/imports/template.csv',
    {
      config: { permission: PERMISSION },
      schema: { summary: 'An enterprise register template (CSV, UTF-8)', tags, response: { 200: z.string() } },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="enterprises-template.csv"')
        .send(enterpriseTemplateCsv()),
  );

  app.post(
    '/api/v1/directory/imports',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'Import enterprises from a CSV or XLSX file',
        description:
          'multipart/form-data with one part `file`. Answers 202 at once with the job; poll GET …/imports/{id} for progress and the per-row report. Idempotent by unified social credit code; the whole file is imported in one transaction or not at all.',
        tags,
        response: { 202: jobView },
      },
    },
    async (request, reply) => {
      const actor = requirePerson(request);
      const upload = await receiveUpload(request, maxBytes);
      const grant = actor.grants.find((g) => registry.get(PERMISSION)?.roles.includes(g.role));
      const jobId = await imports
        .start({
          fileName: upload.fileName.slice(0, 200),
          format: upload.format,
          totalBytes: upload.size,
          organisationId: grant?.organisationId ?? null,
          personId: actor.personId,
        })
        .catch(async (error: unknown) => {
          await upload.discard();
          throw error;
        });
      void imports
        .run(jobId, {
          source: upload.file,
          fileName: upload.fileName,
          format: upload.format,
          totalBytes: upload.size,
          actor: auditActorOf(actor, PERMISSION, registry),
          organisationId: grant?.organisationId ?? null,
          personId: actor.personId,
          scope: access.scope(actor, PERMISSION).areaIds,
          requestId: request.id,
          address: request.ip,
        })
        .catch((error: unknown) => request.log.error({ err: error, jobId }, 'import failed'))
        .finally(upload.discard);
      const job = await imports.job(jobId);
      if (!job) throw notFound();
      return reply.status(202).send(view(job));
    },
  );

  app.get(
    '/api/v1/directory/imports/:id',
    {
      config: { permission: PERMISSION },
      schema: { summary: 'An import’s progress and report', tags, params: z.strictObject({ id: z.uuid() }), response: { 200: jobView } },
    },
    async (request) => view(await visibleJob(request, request.params.id)),
  );

  app.get(
    '/api/v1/directory/imports/:id/refusals.csv',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'The refused rows of an import, as CSV',
        tags,
        params: z.strictObject({ id: z.uuid() }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const job = await visibleJob(request, request.params.id);
      const rows = (job.refusals as z.infer<typeof refusalSchema>[]).map((r) => [
        r.line,
        r.column,
        r.value,
        r.reason,
        r.message['zh-CN'],
        r.message.en,
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${job.id}-refusals.csv"`)
        .send(csvDocument([['row', 'column', 'value', 'reason', '原因', 'message'], ...rows]));
    },
  );
}
