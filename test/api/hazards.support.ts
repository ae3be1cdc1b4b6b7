import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/app.js';

export type Auth = Record<string, string>;

/** Bytes that sniff as the type: a PNG photo, a PDF document, or plain text (refused). */
export const PNG = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
export const PDF = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(64)]);
export const TEXT = () => Buffer.from('just some text, not a photo');

/** A multipart/form-data body: fields first, then one file part. */
export function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer } | null) {
  const boundary = `----gz${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function hazardClient(app: TestApp) {
  const post = (auth: Auth, url: string, payload: unknown = {}) =>
    app.http.inject({ method: 'POST', url, headers: auth, payload: payload as object });
  return {
    post,
    get: (auth: Auth, url: string) => app.http.inject({ url, headers: auth }),
    put: (auth: Auth, url: string, payload: unknown) => app.http.inject({ method: 'PUT', url, headers: auth, payload: payload as object }),
    step: (auth: Auth, id: string, action: string, payload: unknown = {}) => post(auth, `/api/v1/hazards/${id}/${action}`, payload),
    async upload(auth: Auth, id: string, kind: string, file: { name: string; type: string; bytes: Buffer }, note?: string) {
      const body = multipart({ kind, ...(note ? { note } : {}) }, file);
      return app.http.inject({
        method: 'POST',
        url: `/api/v1/hazards/${id}/evidence`,
        headers: { ...auth, 'content-type': body.contentType },
        payload: body.payload,
      });
    },
  };
}

export async function myOrganisation(app: TestApp, auth: Auth): Promise<{ id: string; name: string }> {
  const res = await app.http.inject({ url: '/api/v1/organisations/mine', headers: auth });
  return res.json().items[0];
}
