import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifLocation, gpsPoint, PhotoFormatError, type PhotoType, stripMetadata } from './photos.rules.js';

/** Shanghai-ish, as degrees/minutes/seconds rationals the way a phone writes them. */
const GPS = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '31/1 14/1 2400/100',
  GPSLongitudeRef: 'E',
  GPSLongitude: '121/1 28/1 3000/100',
};

/** A 40 × 20 picture carrying a camera make, an owner, GPS, and (for JPEG and WebP) the given EXIF orientation. */
async function photo(type: PhotoType, orientation = 6): Promise<Buffer> {
  let img = sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 200, g: 30, b: 30 } } });
  img = type === 'image/jpeg' ? img.jpeg() : type === 'image/png' ? img.png() : img.webp();
  return img
    .withExif({ IFD0: { Make: 'SecretPhone', Artist: 'Zhang San' }, IFD3: GPS })
    .withMetadata({ orientation })
    .toBuffer();
}

const everything = async (b: Buffer) => {
  const m = await sharp(b).metadata();
  return { exif: m.exif, xmp: m.xmp, icc: m.icc, iptc: m.iptc, comments: m.comments };
};

describe('photo metadata', () => {
  it('reads the GPS position of a JPEG before stripping, and none from a photo without it', async () => {
    const jpeg = await photo('image/jpeg');
    // The fixture really carries what we mean to remove.
    expect(await exifr.gps(jpeg)).toBeTruthy();
    expect((await exifr.parse(jpeg))?.Make).toBe('SecretPhone');
    const at = await exifLocation(jpeg);
    expect(at?.lat).toBeCloseTo(31 + 14 / 60 + 24 / 3600, 6);
    expect(at?.lng).toBeCloseTo(121 + 28 / 60 + 30 / 3600, 6);
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await exifLocation(plain)).toBeNull();
    expect(await exifLocation(Buffer.from('not a picture'))).toBeNull();
  });

  it('reads southern and western positions as negative, also from a WebP', async () => {
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .webp()
      .withExif({ IFD3: { ...GPS, GPSLatitudeRef: 'S', GPSLongitudeRef: 'W' } })
      .toBuffer();
    const at = await exifLocation(webp);
    expect(at?.lat).toBeLessThan(-31);
    expect(at?.lng).toBeLessThan(-121);
  });

  it('keeps only real points from the GPS numbers', () => {
    expect(gpsPoint(121.5, 31.2)).toEqual({ lng: 121.5, lat: 31.2 });
    expect(gpsPoint(0, 0)).toBeNull();
    expect(gpsPoint(181, 31)).toBeNull();
    expect(gpsPoint(121, -90.1)).toBeNull();
    expect(gpsPoint(Number.NaN, 31)).toBeNull();
    expect(gpsPoint('121', 31)).toBeNull();
    expect(gpsPoint(undefined, undefined)).toBeNull();
    expect(gpsPoint(-180, 90)).toEqual({ lng: -180, lat: 90 });
  });

  it('turns a JPEG upright by its EXIF orientation and stores it with no EXIF or GPS at all', async () => {
    const jpeg = await photo('image/jpeg', 6);
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const out = await stripMetadata(jpeg, 'image/jpeg');
    expect(out.orientation).toBe(6);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    // Orientation 6 is a quarter turn: width and height swap.
    expect([meta.width, meta.height]).toEqual([20, 40]);
    expect([out.width, out.height]).toEqual([20, 40]);
    expect(meta.orientation).toBeUndefined();
    expect(await everything(out.bytes)).toEqual({ exif: undefined, xmp: undefined, icc: undefined, iptc: undefined, comments: undefined });
    expect(await exifr.parse(out.bytes)).toBeUndefined();
    expect(await exifr.gps(out.bytes)).toBeUndefined();
    for (const secret of ['SecretPhone', 'Zhang San', 'Exif']) expect(out.bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });

  it('leaves an upright photo as it is, and knows when there was no orientation', async () => {
    const out = await stripMetadata(await photo('image/jpeg', 1), 'image/jpeg');
    expect(out.orientation).toBe(1);
    expect([out.width, out.height]).toEqual([40, 20]);
    const bare = await sharp({ create: { width: 9, height: 5, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect((await stripMetadata(bare, 'image/jpeg')).orientation).toBeNull();
  });

  it.each(['image/png', 'image/webp'] as const)('keeps a %s in its type and removes its metadata', async (type) => {
    const input = await photo(type, 8);
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await stripMetadata(input, type);
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe(type === 'image/png' ? 'png' : 'webp');
    expect(await everything(out.bytes)).toEqual({ exif: undefined, xmp: undefined, icc: undefined, iptc: undefined, comments: undefined });
    expect(await exifLocation(out.bytes)).toBeNull();
    expect(out.bytes.includes(Buffer.from('SecretPhone'))).toBe(false);
    if (type === 'image/webp') expect([meta.width, meta.height]).toEqual([20, 40]);
  });

  it('refuses truncated or malformed files', async () => {
    const jpeg = await photo('image/jpeg');
    await expect(stripMetadata(jpeg.subarray(0, 30), 'image/jpeg')).rejects.toThrow(PhotoFormatError);
    await expect(stripMetadata(Buffer.from([0xff, 0xd8, 0x00, 0x01, 0x02, 0x03]), 'image/jpeg')).rejects.toThrow(PhotoFormatError);
    const png = await photo('image/png');
    await expect(stripMetadata(png.subarray(0, 40), 'image/png')).rejects.toThrow(PhotoFormatError);
  });
});
