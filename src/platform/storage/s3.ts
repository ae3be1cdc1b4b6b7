/**
 * The file store in an S3-compatible bucket (AWS S3, MinIO, Alibaba OSS, Tencent COS …), for deployments
 * where several processes share the files or the disk is not kept. Same contract as the local folder:
 * objects are keyed by the SHA-256 of their bytes, fanned out as `files/ab/cd/abcd…`.
 */

import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FileMissingError, type FileStore, sha256Hex } from './index.js';

export interface S3FileStoreOptions {
  /** http(s) address of an S3-compatible service; AWS S3 of the region when absent. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  /** Both or neither; neither uses the SDK's usual sources (environment, instance role). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** `endpoint/bucket/key` rather than `bucket.endpoint/key`; what most S3-compatible servers expect. */
  forcePathStyle: boolean;
  /** Folder inside the bucket; `files/` unless told. */
  prefix?: string;
}

const HEX = /^[0-9a-f]{64}$/;

/** Whether the SDK error means "no such object" (GET answers NoSuchKey, HEAD only a bare 404). */
function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export function createS3FileStore(options: S3FileStoreOptions): FileStore {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
    // Many S3-compatible servers refuse the SDK's newer default checksum headers; the store sends Content-MD5, which all of them check.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = options.bucket;
  const prefix = options.prefix ?? 'files/';
  const keyOf = (sha256: string) => {
    if (!HEX.test(sha256)) throw new FileMissingError(`not a file key: ${sha256}`);
    return `${prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  };

  const exists = async (key: string) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  };

  const get = async (sha256: string) => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      if (!out.Body) throw new FileMissingError(`no file ${sha256}`);
      return out.Body;
    } catch (error) {
      if (isMissing(error)) throw new FileMissingError(`no file ${sha256}`);
      throw error;
    }
  };

  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const key = keyOf(sha256);
      // Content-addressed: an object under this key already holds these very bytes.
      if (await exists(key)) return { sha256, size: bytes.byteLength };
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
          // The service checks the bytes it received against this digest and refuses the upload otherwise.
          ContentMD5: createHash('md5').update(bytes).digest('base64'),
        }),
      );
      return { sha256, size: bytes.byteLength };
    },
    async read(sha256) {
      const body = await get(sha256);
      return Buffer.from(await body.transformToByteArray());
    },
    stream(sha256) {
      keyOf(sha256);
      const out = new PassThrough();
      get(sha256)
        .then((body) => pipeline(body as Readable, out))
        .catch((error: unknown) => out.destroy(error as Error));
      return out;
    },
    async has(sha256) {
      if (!HEX.test(sha256)) return false;
      return exists(keyOf(sha256));
    },
  };
}
