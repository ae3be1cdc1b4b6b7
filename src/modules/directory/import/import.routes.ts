import { z } from 'zod';
import type { HttpServer } from '../../../platform/http/index.js';
import { type AccessModule, auditActorOf, type PermissionRegistry, requirePerson } from '../../access/index.js';
import { enterpriseTemplateCsv } from './enterprise-import.js';
import type { ImportModule } from './import.usecases.js';
import { jobParams, jobView, refusalsCsv, viewJob, visibleJob } from './import-job.view.js';
import { startUploadedImport } from './upload.js';

const PERMISSION = 'directory.enterprise.import';

export function registerImportRoutes(
  app: HttpServer,
  imports: ImportModule,
  access: Pick<AccessModule, 'scope'>,
  registry: PermissionRegistry,
  maxBytes: number,
): void {
  const tags = ['directory'];

  // Jobs of either kind are read here (people imports too, as before their own routes existed), by their uploader.
  const jobFor = async (request: Parameters<typeof requirePerson>[0], id: string) =>
    visibleJob(requirePerson(request), await imports.job(id));

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
      const { actor, jobId } = await startUploadedImport(request, {
        maxBytes,
        permission: PERMISSION,
        registry,
        start: imports.start,
        run: (jobId, file, { actor, organisationId }) =>
          imports.run(jobId, {
            ...file,
            actor: auditActorOf(actor, PERMISSION, registry),
            organisationId,
            personId: actor.personId,
            scope: access.scope(actor, PERMISSION).areaIds,
          }),
        failure: 'import failed',
      });
      return reply.status(202).send(viewJob(visibleJob(actor, await imports.job(jobId))));
    },
  );

  app.get(
    '/api/v1/directory/imports/:id',
    {
      config: { permission: PERMISSION },
      schema: { summary: 'An import’s progress and report', tags, params: jobParams, response: { 200: jobView } },
    },
    async (request) => viewJob(await jobFor(request, request.params.id)),
  );

  app.get(
    '/api/v1/directory/imports/:id/refusals.csv',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'The refused rows of an import, as CSV',
        tags,
        params: jobParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const job = await jobFor(request, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${job.id}-refusals.csv"`)
        .send(refusalsCsv(job));
    },
  );
}
