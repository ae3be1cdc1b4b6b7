import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/http/index.js';
import { detectFormat, type ImportFormat } from './enterprise-import.js';

/** An uploaded register file in a private temporary folder; `discard` removes it. */
export interface ReceivedUpload {
  file: string;
  fileName: string;
  format: ImportFormat;
  size: number;
  discard(): Promise<void>;
}

const fileProblem = (status: number, code: string, title: string, detail: string) =>
  new AppError({ code, status, title, detail, errors: [{ in: 'body', field: 'file', pointer: '/file', detail }] });

/**
 * Receives the one part named `file` of a multipart request into a temporary
 * file and identifies it as CSV or XLSX. Refuses with a 4xx problem naming the
 * field, and leaves nothing behind when it does.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<ReceivedUpload> {
  if (!request.isMultipart()) {
    throw new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: 'Unsupported media type',
      detail: 'Send the file as multipart/form-data in a part named file.',
    });
  }
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (part?.fieldname !== 'file') throw fileProblem(400, 'request.invalid', 'The request is not valid', 'required');
  const dir = await mkdtemp(path.join(tmpdir(), 'gongzhi-import-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'upload');
    await pipeline(part.file, createWriteStream(file));
    if (part.file.truncated)
      throw fileProblem(413, 'request.too_large', 'The file is too large', `larger than the limit of ${maxBytes} bytes`);
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
      throw fileProblem(415, 'directory.import_format', 'Not a CSV or XLSX file', 'not a CSV (UTF-8 or GB18030) or XLSX file');
    }
    return { file, fileName: part.filename, format, size, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}
