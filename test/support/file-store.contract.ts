import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { FileMissingError, type FileStore, sha256Hex } from '../../src/platform/storage/index.js';

const png = () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)]);

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The cases every FileStore must pass, whatever keeps the bytes; `store` is called once the suite has started. */
export function fileStoreContract(store: () => FileStore) {
  it('stores bytes under their SHA-256 and reads them back', async () => {
    const bytes = png();
    const stored = await store().put(bytes);
    expect(stored).toEqual({ sha256: sha256Hex(bytes), size: bytes.byteLength });
    expect(await store().read(stored.sha256)).toEqual(bytes);
    expect(await store().has(stored.sha256)).toBe(true);
  });

  it('stores the same bytes once: a second put answers the same key and the bytes are unchanged', async () => {
    const bytes = new TextEncoder().encode(`%PDF-1.7\n${randomBytes(8).toString('hex')}`);
    const a = await store().put(bytes);
    const b = await store().put(Uint8Array.from(bytes));
    expect(b).toEqual(a);
    expect(new Uint8Array(await store().read(a.sha256))).toEqual(bytes);
  });

  it('streams a large file whole', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const { sha256 } = await store().put(bytes);
    const back = await drain(store().stream(sha256));
    expect(back.byteLength).toBe(bytes.byteLength);
    expect(sha256Hex(back)).toBe(sha256);
  });

  it('says a file is missing rather than reading outside its folder', async () => {
    await expect(store().read('0'.repeat(64))).rejects.toBeInstanceOf(FileMissingError);
    await expect(store().read('../../etc/passwd')).rejects.toBeInstanceOf(FileMissingError);
    expect(() => store().stream('../../etc/passwd')).toThrow(FileMissingError);
    expect(await store().has('0'.repeat(64))).toBe(false);
    expect(await store().has('nothing')).toBe(false);
  });

  it('a stream of a missing file ends in an error, not in an empty file', async () => {
    await expect(drain(store().stream('f'.repeat(64)))).rejects.toThrow();
  });
}
