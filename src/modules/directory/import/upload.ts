import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { type PermissionRegistry, type PersonActor, requirePerson } from '../../access/index.js';
import { directoryErrors } from '../directory.errors.js';
import { detectFormat, type ImportFormat } from './enterprise-import.js';

/** An uploaded register file in a private temporary folder; `discard` removes it. */
export interface ReceivedUpload {
  file: string;
  fileName: string;
  format: ImportFormat;
  size: number;
  discard(): Promise<void>;
}

/**
 * Receives the one part named `file` of a multipart request into a temporary
 * file and identifies it as CSV or XLSX. Refuses with a 4xx problem naming the
 * field, and leaves nothing behind when it does.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<ReceivedUpload> {
  if (!request.isMultipart()) throw directoryErrors.uploadNotMultipart();
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (part?.fieldname !== 'file') throw directoryErrors.uploadMissing();
  const dir = await mkdtemp(path.join(tmpdir(), 'gongzhi-import-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'upload');
    await pipeline(part.file, createWriteStream(file));
    if (part.file.truncated) throw directoryErrors.uploadTooLarge(maxBytes);
    const { size } = await stat(file);
    const head = Buffer.alloc(8);
    const handle = await open(file);
    try {
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
    const format = detectFormat(part.filename, head);
    if (!format) throw directoryErrors.uploadFormat();
    return { file, fileName: part.filename, format, size, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

/** What a new import job is created with, the same for every kind of import. */
export interface UploadedImportJob {
  fileName: string;
  format: ImportFormat;
  totalBytes: number;
  organisationId: string | null;
  personId: string;
}

/** What every kind of import is run with: the uploaded file and the request, for the audit. */
export interface UploadedImportSource {
  source: string;
  fileName: string;
  format: ImportFormat;
  totalBytes: number;
  requestId: string;
  address: string;
}

export interface StartUploadedImportOptions {
  maxBytes: number;
  /** The import's permission: the uploader's grant of it gives the job its organisation. */
  permission: string;
  registry: PermissionRegistry;
  /** Creates the job and returns its id; the upload is discarded when this fails. */
  start: (job: UploadedImportJob) => Promise<string>;
  /** Runs the import in the background; the upload is discarded when it ends, and a failure is logged. */
  run: (jobId: string, file: UploadedImportSource, uploader: { actor: PersonActor; organisationId: string | null }) => Promise<unknown>;
  /** The log message when `run` fails. */
  failure: string;
}

/**
 * The POST of an import: receives the upload, creates the job and launches the import without waiting for it (the
 * client polls the job). Returns the uploader and the job's id for the 202 answer.
 */
export async function startUploadedImport(
  request: FastifyRequest,
  options: StartUploadedImportOptions,
): Promise<{ actor: PersonActor; jobId: string }> {
  const actor = requirePerson(request);
  const upload = await receiveUpload(request, options.maxBytes);
  const grant = actor.grants.find((g) => options.registry.get(options.permission)?.roles.includes(g.role));
  const organisationId = grant?.organisationId ?? null;
  const jobId = await options
    .start({
      fileName: upload.fileName.slice(0, 200),
      format: upload.format,
      totalBytes: upload.size,
      organisationId,
      personId: actor.personId,
    })
    .catch(async (error: unknown) => {
      await upload.discard();
      throw error;
    });
  void options
    .run(
      jobId,
      {
        source: upload.file,
        fileName: upload.fileName,
        format: upload.format,
        totalBytes: upload.size,
        requestId: request.id,
        address: request.ip,
      },
      { actor, organisationId },
    )
    .catch((error: unknown) => request.log.error({ err: error, jobId }, options.failure))
    .finally(upload.discard);
  return { actor, jobId };
}
