import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
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
