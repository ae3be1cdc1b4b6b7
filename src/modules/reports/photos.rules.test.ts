import { describe, expect, it } from 'vitest';
import { exifOrientation, PhotoFormatError, stripMetadata } from './photos.rules.js';

const seg = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

/** An EXIF payload with the orientation, a camera make and a GPS latitude reference. */
function exifPayload(orientation: number, littleEndian = false): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 16 + 2 + 12 + 4);
  const u16 = (v: number, o: number) => (littleEndian ? tiff.writeUInt16LE(v, o) : tiff.writeUInt16BE(v, o));
  const u32 = (v: number, o: number) => (littleEndian ? tiff.writeUInt32LE(v, o) : tiff.writeUInt32BE(v, o));
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(3, 8);
  // Make (ASCII, 12 bytes at offset 50)
  u16(0x010f, 10);
  u16(2, 12);
  u32(12, 14);
  u32(50, 18);
  // Orientation (SHORT)
  u16(0x0112, 22);
  u16(3, 24);
  u32(1, 26);
  u16(orientation, 30);
  // GPS IFD pointer (LONG) at offset 66
  u16(0x8825, 34);
  u16(4, 36);
  u32(1, 38);
  u32(66, 42);
  u32(0, 46);
  tiff.write('SecretPhone\0', 50, 'latin1');
  // GPS IFD: GPSLatitudeRef 'N'
  u16(1, 66);
  u16(0x0001, 68);
  u16(2, 70);
  u32(2, 72);
  tiff.write('N\0', 76, 'latin1');
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

function jpegWithMetadata(orientation = 6): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, exifPayload(orientation)),
    seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 31.23</x:xmpmeta>', 'latin1')),
    seg(0xed, Buffer.from('Photoshop 3.0\0Caption 张三家门口', 'utf8')),
    seg(0xfe, Buffer.from('taken at 31.2304,121.4737 by 张三', 'utf8')),
    seg(0xdb, Buffer.alloc(67, 1)),
    seg(0xc0, Buffer.from([8, 0, 16, 0, 16, 1, 1, 0x11, 0])),
    seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

const pngChunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};
function pngWithMetadata(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', Buffer.alloc(13, 1)),
    pngChunk('tEXt', Buffer.from('Author\0Zhang San', 'latin1')),
    pngChunk('eXIf', exifPayload(1).subarray(6)),
    pngChunk('iTXt', Buffer.from('GPS\0\0\0\0\0 31.23,121.47', 'latin1')),
    pngChunk('IDAT', Buffer.alloc(20, 7)),
    pngChunk('tIME', Buffer.alloc(7, 2)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const riff = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
function webpWithMetadata(): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x0c | 0x10; // EXIF + XMP + alpha
  const body = Buffer.concat([
    riff('VP8X', vp8x),
    riff('VP8L', Buffer.alloc(21, 3)),
    riff('EXIF', exifPayload(3).subarray(6)),
    riff('XMP ', Buffer.from('<x:xmpmeta>GPSLatitude</x:xmpmeta>', 'latin1')),
  ]);
  const head = Buffer.from('RIFF0000WEBP', 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([head, body]);
}

const contains = (b: Buffer, s: string) => b.includes(Buffer.from(s, 'utf8'));

describe('stripping photo metadata', () => {
  it('reads the EXIF orientation in either byte order', () => {
    expect(exifOrientation(exifPayload(6))).toBe(6);
    expect(exifOrientation(exifPayload(8, true))).toBe(8);
    expect(exifOrientation(Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'))).toBeNull();
    expect(exifOrientation(exifPayload(6).subarray(0, 20))).toBeNull();
  });

  it('removes EXIF, XMP, IPTC and comments from a JPEG, keeping its orientation and its image data', () => {
    const input = jpegWithMetadata(6);
    const { bytes, orientation } = stripMetadata(input, 'image/jpeg');
    expect(orientation).toBe(6);
    for (const secret of ['SecretPhone', 'GPSLatitude', '张三', '31.2304', 'Photoshop']) {
      expect(contains(input, secret), secret).toBe(true);
      expect(contains(bytes, secret), secret).toBe(false);
    }
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(contains(bytes, 'JFIF')).toBe(true);
    expect(bytes.subarray(-7)).toEqual(Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]));
    // The orientation survives in a minimal EXIF segment, which holds nothing else.
    const app1 = bytes.indexOf(Buffer.from([0xff, 0xe1]));
    expect(app1).toBe(2);
    const app1Length = bytes.readUInt16BE(app1 + 2);
    expect(app1Length).toBe(34);
    expect(exifOrientation(bytes.subarray(app1 + 4, app1 + 2 + app1Length))).toBe(6);
    expect(stripMetadata(bytes, 'image/jpeg').bytes).toEqual(bytes);
  });

  it('drops the EXIF segment entirely when the photo is upright', () => {
    const { bytes, orientation } = stripMetadata(jpegWithMetadata(1), 'image/jpeg');
    expect(orientation).toBe(1);
    expect(bytes.includes(Buffer.from([0xff, 0xe1]))).toBe(false);
  });

  it('keeps only the picture chunks of a PNG', () => {
    const input = pngWithMetadata();
    const { bytes } = stripMetadata(input, 'image/png');
    for (const secret of ['Zhang San', 'SecretPhone', '121.47', 'tIME', 'eXIf', 'tEXt'])
      expect(contains(bytes, secret), secret).toBe(false);
    for (const kept of ['IHDR', 'IDAT', 'IEND']) expect(contains(bytes, kept), kept).toBe(true);
    expect(bytes.length).toBe(8 + (12 + 13) + (12 + 20) + 12);
  });

  it('removes EXIF and XMP chunks from a WebP and clears their flags', () => {
    const { bytes } = stripMetadata(webpWithMetadata(), 'image/webp');
    expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    for (const secret of ['SecretPhone', 'GPSLatitude', 'EXIF', 'XMP ']) expect(contains(bytes, secret), secret).toBe(false);
    expect(contains(bytes, 'VP8L')).toBe(true);
    expect((bytes[20] as number) & 0x0c).toBe(0);
    expect((bytes[20] as number) & 0x10).toBe(0x10);
  });

  it('refuses truncated or malformed files', () => {
    const jpeg = jpegWithMetadata();
    expect(() => stripMetadata(jpeg.subarray(0, 30), 'image/jpeg')).toThrow(PhotoFormatError);
    expect(() => stripMetadata(Buffer.from([0xff, 0xd8, 0x00, 0x01, 0x02, 0x03]), 'image/jpeg')).toThrow(PhotoFormatError);
    expect(() => stripMetadata(pngWithMetadata().subarray(0, 40), 'image/png')).toThrow(PhotoFormatError);
  });
});
