/**
 * Photos sent with public reports: the metadata a phone writes into them (place, time, device, owner) is removed
 * before anything is stored or shown. Pure byte surgery on the container formats; the pixels are not touched.
 *
 * - JPEG: every APPn segment but APP0 (JFIF) and every comment is dropped; the EXIF orientation, when there was
 *   one, is written back alone in a minimal EXIF segment so the photo still shows upright.
 * - PNG: only the chunks that carry the picture are kept (ancillary text, time and EXIF chunks go).
 * - WebP: the EXIF and XMP chunks go and the VP8X flags saying they exist are cleared.
 */

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTOS_PER_REPORT = 5;

export class PhotoFormatError extends Error {
  override name = 'PhotoFormatError';
}

// ---------------------------------------------------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------------------------------------------------

/** The EXIF orientation (1–8) in an APP1 EXIF payload (after the marker and length), or null. */
export function exifOrientation(app1: Uint8Array): number | null {
  const b = Buffer.from(app1.buffer, app1.byteOffset, app1.byteLength);
  if (b.length < 14 || b.toString('latin1', 0, 6) !== 'Exif\0\0') return null;
  const tiff = 6;
  const order = b.toString('latin1', tiff, tiff + 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const u16 = (o: number) => (o + 2 <= b.length ? (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) : -1);
  const u32 = (o: number) => (o + 4 <= b.length ? (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) : -1);
  if (u16(tiff + 2) !== 42) return null;
  const ifd = tiff + u32(tiff + 4);
  const count = u16(ifd);
  if (count < 0) return null;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) return null;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** A minimal APP1 EXIF segment holding only the orientation. */
function orientationSegment(orientation: number): Buffer {
  const payload = Buffer.alloc(6 + 8 + 2 + 12 + 4);
  payload.write('Exif\0\0', 0, 'latin1');
  payload.write('MM', 6, 'latin1');
  payload.writeUInt16BE(42, 8);
  payload.writeUInt32BE(8, 10);
  payload.writeUInt16BE(1, 14);
  payload.writeUInt16BE(0x0112, 16);
  payload.writeUInt16BE(3, 18);
  payload.writeUInt32BE(1, 20);
  payload.writeUInt16BE(orientation, 24);
  payload.writeUInt32BE(0, 28);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function stripJpeg(input: Buffer): { bytes: Buffer; orientation: number | null } {
  if (input[0] !== 0xff || input[1] !== 0xd8) throw new PhotoFormatError('not a JPEG');
  const kept: Buffer[] = [input.subarray(0, 2)];
  let orientation: number | null = null;
  let i = 2;
  for (;;) {
    if (i + 4 > input.length) throw new PhotoFormatError('the JPEG ends before its image data');
    if (input[i] !== 0xff) throw new PhotoFormatError('a JPEG segment does not start with a marker');
    const marker = input[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const length = input.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > input.length) throw new PhotoFormatError('a JPEG segment runs past the end');
    const segment = input.subarray(i, i + 2 + length);
    if (marker === 0xda) {
      // Start of scan: the rest is image data (and whatever follows the end marker is dropped).
      const end = input.lastIndexOf(Buffer.from([0xff, 0xd9]));
      kept.push(input.subarray(i, end > i ? end + 2 : input.length));
      break;
    }
    const isApp = marker >= 0xe1 && marker <= 0xef;
    if (marker === 0xe1 && orientation === null) orientation = exifOrientation(segment.subarray(4));
    if (!isApp && marker !== 0xfe) kept.push(segment);
    i += 2 + length;
  }
  if (orientation !== null && orientation !== 1) kept.splice(1, 0, orientationSegment(orientation));
  return { bytes: Buffer.concat(kept), orientation };
}

// ---------------------------------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------------------------------

/** Chunks that make up the picture (critical, colour and transparency, physical size); everything else goes. */
const PNG_KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'pHYs',
  'bKGD',
  'acTL',
  'fcTL',
  'fdAT',
]);

function stripPng(input: Buffer): Buffer {
  const kept: Buffer[] = [input.subarray(0, 8)];
  let i = 8;
  while (i < input.length) {
    if (i + 12 > input.length) throw new PhotoFormatError('a PNG chunk runs past the end');
    const length = input.readUInt32BE(i);
    const type = input.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > input.length) throw new PhotoFormatError('a PNG chunk runs past the end');
    if (PNG_KEEP.has(type)) kept.push(input.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}

// ---------------------------------------------------------------------------------------------------------------------
// WebP
// ---------------------------------------------------------------------------------------------------------------------

function stripWebp(input: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let i = 12;
  while (i + 8 <= input.length) {
    const type = input.toString('latin1', i, i + 4);
    const size = input.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > input.length) throw new PhotoFormatError('a WebP chunk runs past the end');
    if (type !== 'EXIF' && type !== 'XMP ') {
      const chunk = Buffer.from(input.subarray(i, Math.min(end, input.length)));
      // VP8X flags: bit 3 EXIF, bit 2 XMP.
      if (type === 'VP8X' && chunk.length > 8) chunk[8] = (chunk[8] as number) & ~0x0c;
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.from('RIFF0000WEBP', 'latin1');
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}

/** The photo without its metadata (EXIF orientation kept for JPEG), and the orientation it had. */
export function stripMetadata(bytes: Uint8Array, type: PhotoType): { bytes: Buffer; orientation: number | null } {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/jpeg') return stripJpeg(input);
  if (type === 'image/png') return { bytes: stripPng(input), orientation: null };
  return { bytes: stripWebp(input), orientation: null };
}
