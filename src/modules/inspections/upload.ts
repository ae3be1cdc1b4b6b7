import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/index.js';
import { inspectionsErrors } from './inspections.errors.js';

/**
 * The bytes of the one part named `file` of a multipart request, with the
 * other (text) fields sent before it. Refuses with a 4xx naming the field.
 */
export async function receiveFile(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; name: string; fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: 'Unsupported media type',
      detail: 'Send the file as multipart/form-data in a part named file.',
      errors: [{ in: 'body', field: 'file', pointer: '/file', detail: 'send multipart/form-data' }],
    });
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
  if (part?.fieldname !== 'file') throw inspectionsErrors.uploadRefused('file', 'required', 400);
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw inspectionsErrors.uploadRefused('file', `the file is larger than ${maxBytes} bytes`, 413);
    throw error;
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    const f = Array.isArray(field) ? field[0] : field;
    if (f && f.type === 'field' && typeof f.value === 'string') fields[name] = f.value;
  }
  return { bytes, name: part.filename, fields };
}
