import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileStoreContract } from '../../../test/support/file-store.contract.js';
import { createLocalFileStore, EVIDENCE_POLICY, sniffType, uploadProblem } from './index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const pdf = new TextEncoder().encode('%PDF-1.7\n%…');

describe('the local file store', () => {
  fileStoreContract(() => createLocalFileStore(dir));
});

describe('upload checks', () => {
  it('knows file kinds by their first bytes, not their names', () => {
    expect(sniffType(png)).toBe('image/png');
    expect(sniffType(pdf)).toBe('application/pdf');
    expect(sniffType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(new TextEncoder().encode('RIFF....WEBPVP8 '))).toBe('image/webp');
    expect(sniffType(new TextEncoder().encode('<html>'))).toBeNull();
  });

  it('refuses empty, oversized and unknown files with a reason', () => {
    expect(uploadProblem(new Uint8Array(), EVIDENCE_POLICY).problem).toBe('the file is empty');
    expect(uploadProblem(png, { types: ['image/png'], maxBytes: 4 }).problem).toMatch(/larger than 4 bytes/);
    expect(uploadProblem(new TextEncoder().encode('MZ'), EVIDENCE_POLICY).problem).toMatch(/only image\/jpeg/);
    expect(uploadProblem(png, EVIDENCE_POLICY)).toEqual({ type: 'image/png', problem: null });
  });
});
