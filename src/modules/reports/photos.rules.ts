/**
 * Photos sent with public reports: the metadata a phone writes into them (place, time, device, owner) is removed
 * before anything is stored or shown. The photo is decoded and encoded again with sharp (libvips), turned upright by
 * its EXIF orientation first, in the same type it came in; the encoder writes no metadata at all (no EXIF, XMP,
 * IPTC, ICC profile or comment). Before that, the GPS position in the EXIF (if any) is read with exifr, so the
 * reporter may be offered it as the report's location; it is never stored.
 */
import exifr from 'exifr';
import sharp from 'sharp';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTOS_PER_REPORT = 5;
/** Larger pictures (decompression bombs among them) are refused before they are decoded. */
export const PHOTO_MAX_PIXELS = 80_000_000;

export class PhotoFormatError extends Error {
  override name = 'PhotoFormatError';
}

export interface StrippedPhoto {
  /** Upright, re-encoded, without any metadata. */
  bytes: Buffer;
  /** The EXIF orientation the photo had (1–8), or null; the stored photo is already turned by it. */
  orientation: number | null;
  width: number;
  height: number;
}

/** A WGS-84 point from the EXIF GPS tags, or null when absent or not a place on Earth. */
export async function exifLocation(bytes: Buffer): Promise<{ lng: number; lat: number } | null> {
  let exif: Buffer | undefined;
  try {
    exif = (await sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS }).metadata()).exif;
  } catch {
    return null;
  }
  if (!exif) return null;
  // sharp hands the EXIF block with its "Exif\0\0" header; exifr reads the TIFF structure after it.
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  try {
    const gps = (await exifr.gps(tiff)) as { latitude?: unknown; longitude?: unknown } | undefined;
    return gpsPoint(gps?.longitude, gps?.latitude);
  } catch {
    return null;
  }
}

/** A point from decoded GPS numbers: both finite, in range, and not the 0,0 an unset receiver writes. */
export function gpsPoint(lng: unknown, lat: unknown): { lng: number; lat: number } | null {
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (lng < -180 || lng > 180 || lat < -90 || lat > 90 || (lng === 0 && lat === 0)) return null;
  return { lng: Math.round(lng * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7 };
}

/** The photo upright, in the same type, with no metadata; a file that does not decode is a PhotoFormatError. */
export async function stripMetadata(bytes: Buffer, type: PhotoType): Promise<StrippedPhoto> {
  try {
    const input = sharp(bytes, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error' });
    const meta = await input.metadata();
    const orientation = meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : null;
    // rotate() without an angle turns by the EXIF orientation; sharp keeps no metadata unless asked to.
    let out = input.rotate();
    if (type === 'image/jpeg') out = out.jpeg({ quality: 90, mozjpeg: false });
    else if (type === 'image/png') out = out.png();
    else out = out.webp({ quality: 90 });
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    return { bytes: data, orientation, width: info.width, height: info.height };
  } catch (e) {
    throw new PhotoFormatError(`the picture cannot be read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
