import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileStoreContract } from '../../../test/support/file-store.contract.js';
import { S3RVER_KEY, startS3 } from '../../../test/support/s3.js';
import { createS3FileStore, FileMissingError, type FileStore, sha256Hex } from './index.js';

let s3: Awaited<ReturnType<typeof startS3>>;
let store: FileStore;
const options = () => ({ endpoint: s3.endpoint, region: 'us-east-1', bucket: s3.bucket, forcePathStyle: true, ...S3RVER_KEY });

beforeAll(async () => {
  s3 = await startS3();
  store = createS3FileStore(options());
});
afterAll(() => s3?.close());

describe('the S3 file store', () => {
  fileStoreContract(() => store);

  it('keeps objects under files/ab/cd/<sha256> in the bucket', async () => {
    const bytes = randomBytes(40);
    const { sha256 } = await store.put(bytes);
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_KEY,
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `files/${sha256.slice(0, 2)}/` }));
    expect(listed.Contents?.map((o) => [o.Key, o.Size])).toContainEqual([
      `files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      40,
    ]);
    client.destroy();
  });

  // s3rver checks the access key id but, unlike a real service, not the SigV4 signature itself.
  it('an unknown access key is refused by the server, not taken for a missing file', async () => {
    const wrong = createS3FileStore({ ...options(), accessKeyId: 'NOBODY' });
    const bytes = randomBytes(16);
    await expect(wrong.put(bytes)).rejects.toThrow();
    await expect(wrong.has(sha256Hex(bytes))).rejects.toThrow();
    const read = await wrong.read(sha256Hex(bytes)).catch((error: unknown) => error);
    expect(read).toBeInstanceOf(Error);
    expect(read).not.toBeInstanceOf(FileMissingError);
    expect(await store.has(sha256Hex(bytes))).toBe(false);
  });

  it('a bucket that does not exist is an error, not a missing file', async () => {
    const nowhere = createS3FileStore({ ...options(), bucket: 'no-such-bucket' });
    await expect(nowhere.put(randomBytes(8))).rejects.toThrow(/bucket/i);
  });
});
