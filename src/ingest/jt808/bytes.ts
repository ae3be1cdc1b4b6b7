import iconv from 'iconv-lite';

/**
 * Byte-level helpers of JT/T 808: big-endian WORD/DWORD, BCD, GBK strings and
 * the China Standard Time timestamps the standard uses. Pure functions.
 */

/** A body field could not be read: names the field and where, so a decode error says precisely why. */
export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Reads a body front to back, refusing to read past its end. */
export class ByteReader {
  offset = 0;
  constructor(readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  need(n: number, field: string): void {
    if (this.offset + n > this.buf.length) {
      throw new BodyError(
        `${field} needs ${n} byte${n === 1 ? '' : 's'} at offset ${this.offset}, but the body ends at ${this.buf.length}`,
        this.offset,
      );
    }
  }

  byte(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++] as number;
  }

  word(field: string): number {
    this.need(2, field);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  dword(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number, field: string): Buffer {
    this.need(n, field);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  rest(): Buffer {
    const v = this.buf.subarray(this.offset);
    this.offset = this.buf.length;
    return v;
  }
}

/** BCD digits of the bytes; null when a nibble is not a decimal digit. */
export function bcdDigits(buf: Buffer, start = 0, end = buf.length): string | null {
  let out = '';
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) return null;
    out += String.fromCharCode(48 + hi, 48 + lo);
  }
  return out;
}

/** Encodes a digit string as BCD[n], padded on the left with zeros. */
export function bcdEncode(digits: string, n: number): Buffer {
  if (!/^\d*$/.test(digits)) throw new RangeError(`not a digit string: ${digits}`);
  if (digits.length > n * 2) throw new RangeError(`${digits} does not fit BCD[${n}]`);
  const padded = digits.padStart(n * 2, '0');
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  return out;
}

/** GBK (GB 18030 superset) bytes to text, without the NUL padding fixed-width fields carry. */
export function gbkDecode(buf: Buffer): string {
  let start = 0;
  let end = buf.length;
  while (start < end && buf[start] === 0) start++;
  while (end > start && buf[end - 1] === 0) end--;
  return iconv.decode(buf.subarray(start, end), 'gbk');
}

export function gbkEncode(text: string): Buffer {
  return iconv.encode(text, 'gbk');
}

/** A fixed-width STRING field: the GBK text padded on the right with NULs (or cut) to n bytes. */
export function gbkFixed(text: string, n: number): Buffer {
  const out = Buffer.alloc(n);
  gbkEncode(text).copy(out, 0, 0, n);
  return out;
}

const CST_OFFSET_MS = 8 * 3_600_000;

/**
 * BCD[6] YY-MM-DD-hh-mm-ss in China Standard Time (GMT+8, as the standard
 * says) to epoch milliseconds; null when it is not a real instant.
 */
export function bcdTime(buf: Buffer, offset: number): number | null {
  const yy = bcdByte(buf[offset] as number);
  const mo = bcdByte(buf[offset + 1] as number);
  const dd = bcdByte(buf[offset + 2] as number);
  const hh = bcdByte(buf[offset + 3] as number);
  const mi = bcdByte(buf[offset + 4] as number);
  const ss = bcdByte(buf[offset + 5] as number);
  if (yy < 0 || mo < 1 || mo > 12 || dd < 1 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return null;
  const ms = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
  // Date.UTC rolls 31 February over into March; a real date survives the round trip.
  if (dd > 28 && new Date(ms).getUTCDate() !== dd) return null;
  return ms - CST_OFFSET_MS;
}

/** One BCD byte as 0–99, or -1 when a nibble is not a decimal digit. */
function bcdByte(b: number): number {
  const hi = b >> 4;
  const lo = b & 0x0f;
  return hi > 9 || lo > 9 ? -1 : hi * 10 + lo;
}

/** Epoch milliseconds to BCD[6] in China Standard Time (years 2000–2099). */
export function bcdTimeEncode(ms: number): Buffer {
  const t = new Date(ms + CST_OFFSET_MS);
  const parts = [t.getUTCFullYear() - 2000, t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
  return Buffer.from(parts.map((v) => ((Math.floor(v / 10) % 10) << 4) | (v % 10)));
}

/** An instant as ISO 8601 in China Standard Time, e.g. 2026-05-01T08:30:00+08:00: how terminals and operators read it. */
export function cstIso(ms: number): string {
  return `${new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

export const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;
