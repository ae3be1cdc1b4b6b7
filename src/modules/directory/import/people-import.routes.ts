import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { AppError, type HttpServer } from '../../../platform/http/index.js';
import { auditActorOf, type PermissionRegistry, requirePerson } from '../../access/index.js';
import { detectFormat } from './enterprise-import.js';
import type { PeopleImportModule } from './people-import.usecases.js';

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
      if (!request.isMultipart()) {
        throw new AppError({
          code: 'request.unsupported_media_type',
          status: 415,
          title: 'Unsupported media type',
          detail: 'Send the file as multipart/form-data in a part named file.',
        });
      }
      const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
      if (part?.fieldname !== 'file') {
        throw new AppError({
          code: 'request.invalid',
          status: 400,
          title: 'The request is not valid',
          detail: 'body.file: required',
          errors: [{ in: 'body', field: 'file', pointer: '/file', detail: 'required' }],
        });
      }
      const dir = await mkdtemp(path.join(tmpdir(), 'gongzhi-people-import-'));
      const file = path.join(dir, 'upload');
      let handedOver = false;
      try {
        await pipeline(part.file, createWriteStream(file));
        if (part.file.truncated) {
          throw new AppError({
            code: 'request.too_large',
            status: 413,
            title: 'The file is too large',
            detail: `The limit is ${maxBytes} bytes.`,
          });
        }
        const { size } = await stat(file);
        const head = Buffer.alloc(8);
        const handle = await open(file);
        try {
          await handle.read(head, 0, 8, 0);
        } finally {
          await handle.close();
        }
        const format = detectFormat(part.filename, head);
        if (!format) {
          throw new AppError({
            code: 'directory.import_format',
            status: 415,
            title: 'Not a CSV or XLSX file',
            detail: 'Upload the list of people as .csv (UTF-8 or GB18030) or .xlsx.',
            errors: [{ in: 'body', field: 'file', pointer: '/file', detail: 'not a CSV or XLSX file' }],
          });
        }
        const grant = actor.grants.find((g) => registry.get(PERMISSION)?.roles.includes(g.role));
        const jobId = await peopleImport.start({
          fileName: part.filename.slice(0, 200),
          format,
          totalBytes: size,
          organisationId: grant?.organisationId ?? null,
          personId: actor.personId,
        });
        handedOver = true;
        void peopleImport
          .run(jobId, {
            source: file,
            fileName: part.filename,
            format,
            totalBytes: size,
            actor: auditActorOf(actor, PERMISSION, registry),
            organisationId: grant?.organisationId ?? null,
            personId: actor.personId,
            requestId: request.id,
            address: request.ip,
          })
          .catch((error: unknown) => request.log.error({ err: error, jobId }, 'people import failed'))
          .finally(() => rm(dir, { recursive: true, force: true }));
        return reply.status(202).send({ id: jobId, status: 'running' as const });
      } finally {
        if (!handedOver) await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
