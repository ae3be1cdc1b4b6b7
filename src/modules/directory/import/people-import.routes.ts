import { z } from 'zod';
import type { HttpServer } from '../../../platform/http/index.js';
import { auditActorOf, type PermissionRegistry, requirePerson } from '../../access/index.js';
import { jobParams, jobView, refusalsCsv, viewJob, visibleJob } from './import-job.view.js';
import { PEOPLE_COLUMNS } from './people-import.js';
import type { PeopleImportModule } from './people-import.usecases.js';
import { startUploadedImport } from './upload.js';

const PERMISSION = 'directory.person.create';

const accepted = z
  .strictObject({
    id: z.uuid().describe('The import job; poll GET /api/v1/directory/people-imports/{id} for progress and the per-row report.'),
    status: z.literal('running'),
  })
  .describe('A started import of people.');

/** A people template: the header row only (a sample row of made-up ID numbers could be imported by mistake). */
export const peopleTemplateCsv = () => `\uFEFF${PEOPLE_COLUMNS.map((c) => c.headers[0]).join(',')}\r\n`;

/**
 * `POST /api/v1/directory/people-imports` and the job's progress and report at `GET …/people-imports/{id}` (and
 * `…/refusals.csv`), for the person who uploaded it or their organisation. The enterprise import's GET
 * …/imports/{id} shows people jobs too, as it did before these routes.
 */
export function registerPeopleImportRoutes(
  app: HttpServer,
  peopleImport: PeopleImportModule,
  registry: PermissionRegistry,
  maxBytes: number,
): void {
  const tags = ['directory'];

  app.get(
    '/api/v1/directory/people-imports/template.csv',
    {
      config: { permission: PERMISSION },
      schema: { summary: 'A people template (CSV, UTF-8): 姓名, 身份证号, 手机号', tags, response: { 200: z.string() } },
    },
    async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="people-template.csv"')
        .send(peopleTemplateCsv()),
  );

  app.get(
    '/api/v1/directory/people-imports/:id',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'A people import’s progress and report',
        description: 'Refused rows hold masked ID and phone numbers only.',
        tags,
        params: jobParams,
        response: { 200: jobView },
      },
    },
    async (request) => viewJob(visibleJob(requirePerson(request), await peopleImport.job(request.params.id), 'person')),
  );

  app.get(
    '/api/v1/directory/people-imports/:id/refusals.csv',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'The refused rows of a people import, as CSV (masked values only)',
        tags,
        params: jobParams,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const job = visibleJob(requirePerson(request), await peopleImport.job(request.params.id), 'person');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="people-import-${job.id}-refusals.csv"`)
        .send(refusalsCsv(job));
    },
  );

  app.post(
    '/api/v1/directory/people-imports',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'Import people from a CSV or XLSX file',
        description:
          'multipart/form-data with one part `file`; columns 姓名 (required), 身份证号, 手机号. Answers 202 at once; poll GET /api/v1/directory/people-imports/{id}. Idempotent by ID number (blind index); the whole file is imported in one transaction or not at all. Refusals hold masked values only.',
        tags,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      const { jobId } = await startUploadedImport(request, {
        maxBytes,
        permission: PERMISSION,
        registry,
        start: peopleImport.start,
        run: (jobId, file, { actor, organisationId }) =>
          peopleImport.run(jobId, { ...file, actor: auditActorOf(actor, PERMISSION, registry), organisationId, personId: actor.personId }),
        failure: 'people import failed',
      });
      return reply.status(202).send({ id: jobId, status: 'running' as const });
    },
  );
}
