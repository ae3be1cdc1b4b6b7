import { z } from 'zod';
import type { HttpServer } from '../../../platform/http/index.js';
import { auditActorOf, type PermissionRegistry, requirePerson } from '../../access/index.js';
import type { PeopleImportModule } from './people-import.usecases.js';
import { receiveUpload } from './upload.js';

const PERMISSION = 'directory.person.create';

const accepted = z
  .strictObject({
    id: z.uuid().describe('The import job; poll GET /api/v1/directory/imports/{id} for progress and the per-row report.'),
    status: z.literal('running'),
  })
  .describe('A started import of people.');

/**
 * `POST /api/v1/directory/people-imports`. The job is read through the enterprise import's GET …/imports/{id} (and
 * …/refusals.csv), which shows a job to the person who uploaded it.
 */
export function registerPeopleImportRoutes(
  app: HttpServer,
  peopleImport: PeopleImportModule,
  registry: PermissionRegistry,
  maxBytes: number,
): void {
  app.post(
    '/api/v1/directory/people-imports',
    {
      config: { permission: PERMISSION },
      schema: {
        summary: 'Import people from a CSV or XLSX file',
        description:
          'multipart/form-data with one part `file`; columns 姓名 (required), 身份证号, 手机号. Answers 202 at once; poll GET /api/v1/directory/imports/{id}. Idempotent by ID number (blind index); the whole file is imported in one transaction or not at all. Refusals hold masked values only.',
        tags: ['directory'],
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      const actor = requirePerson(request);
      const upload = await receiveUpload(request, maxBytes);
      const grant = actor.grants.find((g) => registry.get(PERMISSION)?.roles.includes(g.role));
      const jobId = await peopleImport
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
      void peopleImport
        .run(jobId, {
          source: upload.file,
          fileName: upload.fileName,
          format: upload.format,
          totalBytes: upload.size,
          actor: auditActorOf(actor, PERMISSION, registry),
          organisationId: grant?.organisationId ?? null,
          personId: actor.personId,
          requestId: request.id,
          address: request.ip,
        })
        .catch((error: unknown) => request.log.error({ err: error, jobId }, 'people import failed'))
        .finally(upload.discard);
      return reply.status(202).send({ id: jobId, status: 'running' as const });
    },
  );
}
