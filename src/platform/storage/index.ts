/**
 * Evidence and documents as content-addressed files: a file's key is the
 * SHA-256 of its bytes, so the same photo uploaded twice is stored once and a
 * stored file can always be checked against the hash a record keeps.
 *
 * The default store is a local folder (DATA_DIR/files); each module keeps its
 * own metadata rows (who attached what to which record) and only the key here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredFile {
  /** Lower-case hex SHA-256 of the bytes; also the key to read the file back. */
  sha256: string;
  size: number;
}

export interface FileStore {
  /** Writes the bytes durably (fsync, then an atomic rename) and returns their hash. */
  put(bytes: Uint8Array): Promise<StoredFile>;
  /** The whole file; throws `FileMissingError` when no file has that hash. */
  read(sha256: string): Promise<Buffer>;
  /** A stream of the file, for large downloads. */
  stream(sha256: string): Readable;
  has(sha256: string): Promise<boolean>;
}

export class FileMissingError extends Error {
  override name = 'FileMissingError';
}

const HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A store in a local folder, two levels of fan-out by hash (`ab/cd/abcd…`). */
export function createLocalFileStore(root: string): FileStore {
  const where = (sha256: string) => {
    if (!HEX.test(sha256)) throw new FileMissingError(`not a file key: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = where(sha256);
      if (existsSync(target)) return { sha256, size: bytes.byteLength };
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { sha256, size: bytes.byteLength };
    },
    async read(sha256) {
      try {
        return await readFile(where(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissingError(`no file ${sha256}`);
        throw error;
      }
    },
    stream: (sha256) => createReadStream(where(sha256)),
    async has(sha256) {
      try {
        return (await stat(where(sha256))).isFile();
      } catch {
        return false;
      }
    },
  };
}

export { createS3FileStore, type S3FileStoreOptions } from './s3.js';

/** What an upload may be: media types and a size limit, checked before anything is stored. */
export interface UploadPolicy {
  types: readonly string[];
  maxBytes: number;
}

/** Image and document types accepted as evidence. */
export const EVIDENCE_POLICY: UploadPolicy = {
  types: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
  maxBytes: 20 * 1024 * 1024,
};

/**
 * The media type the bytes really are, by their first bytes (a client's
 * Content-Type is not trusted); null when none of the known kinds.
 */
export function sniffType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

/** Why the upload is refused under the policy, or null when it may be stored. */
export function uploadProblem(bytes: Uint8Array, policy: UploadPolicy): { type: string | null; problem: string | null } {
  const type = sniffType(bytes);
  if (bytes.byteLength === 0) return { type, problem: 'the file is empty' };
  if (bytes.byteLength > policy.maxBytes) return { type, problem: `the file is larger than ${policy.maxBytes} bytes` };
  if (!type || !policy.types.includes(type)) return { type, problem: `only ${policy.types.join(', ')} are accepted` };
  return { type, problem: null };
}
