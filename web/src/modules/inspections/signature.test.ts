import { describe, expect, it } from 'vitest';
import { dataUrlToBlob, isSignature, MIN_SIGNATURE_EXTENT, strokesBounds } from './signature';

describe('the bounds of drawn strokes', () => {
  it('are null when nothing has been drawn', () => {
    expect(strokesBounds([])).toBeNull();
    expect(strokesBounds([[]])).toBeNull();
  });

  it('hold every point of every stroke', () => {
    expect(
      strokesBounds([
        [
          { x: 10, y: 20 },
          { x: 30, y: 5 },
        ],
        [{ x: -2, y: 40 }],
      ]),
    ).toEqual({ left: -2, top: 5, right: 30, bottom: 40 });
  });

  it('ignore points that are not numbers', () => {
    expect(
      strokesBounds([
        [
          { x: Number.NaN, y: 1 },
          { x: 3, y: 4 },
        ],
      ]),
    ).toEqual({ left: 3, top: 4, right: 3, bottom: 4 });
  });
});

describe('whether strokes count as a signature', () => {
  it('a single tap does not', () => {
    expect(isSignature([[{ x: 50, y: 50 }]])).toBe(false);
  });

  it('a line shorter than the minimum extent does not', () => {
    expect(
      isSignature([
        [
          { x: 0, y: 0 },
          { x: MIN_SIGNATURE_EXTENT - 1, y: 0 },
        ],
      ]),
    ).toBe(false);
  });

  it('a line as long as the minimum extent, in either direction, does', () => {
    expect(
      isSignature([
        [
          { x: 0, y: 0 },
          { x: MIN_SIGNATURE_EXTENT, y: 0 },
        ],
      ]),
    ).toBe(true);
    expect(
      isSignature([
        [
          { x: 0, y: 0 },
          { x: 0, y: MIN_SIGNATURE_EXTENT },
        ],
      ]),
    ).toBe(true);
  });

  it('two taps far apart do', () => {
    expect(isSignature([[{ x: 0, y: 0 }], [{ x: 100, y: 0 }]])).toBe(true);
  });
});

describe('a data URL as a Blob', () => {
  it('decodes base64 with its media type', async () => {
    const blob = dataUrlToBlob('data:image/png;base64,iVBORw0KGgo=');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('decodes percent-encoded text', async () => {
    const blob = dataUrlToBlob('data:text/plain,a%20b');
    expect(await blob.text()).toBe('a b');
  });

  it('refuses what is not a data URL', () => {
    expect(() => dataUrlToBlob('https://example.org/x.png')).toThrow('not a data URL');
  });
});
