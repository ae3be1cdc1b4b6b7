import type { PositionRecord } from './vehicles.rules.js';

/**
 * Rows of vehicles.position in PostgreSQL's binary COPY format, written
 * straight into large buffers. The text format cost the gateway a string per
 * row, a join per batch and PostgreSQL a parse of every number and timestamp;
 * binary is fixed-width and needs neither. Columns in the order of
 * POSITION_COLUMNS (vehicles.rules.ts).
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Signature, flags (0) and header extension length (0). */
export const COPY_BINARY_HEADER = Buffer.concat([SIGNATURE, Buffer.alloc(8)]);
/** A field count of -1 ends the data. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const FIELDS = 13;
/** Every fixed-width field with its length word; items come on top. */
const FIXED_ROW = 2 + FIELDS * 4 + 16 + 8 + 8 + 8 + 8 + 4 + 4 + 2 + 4 + 4 + 8 + 1;
/** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix ms. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const CHUNK = 1 << 20;

/** The 16 bytes of a uuid, kept per vehicle: a fleet is bounded, and parsing one per row is not free. */
const uuids = new Map<string, Buffer>();
function uuidBytes(id: string): Buffer {
  let b = uuids.get(id);
  if (!b) {
    b = Buffer.from(id.replace(/-/g, ''), 'hex');
    if (b.length !== 16) throw new RangeError(`not a uuid: ${id}`);
    if (uuids.size >= 1_000_000) uuids.clear();
    uuids.set(id, b);
  }
  return b;
}

export class PositionCopyEncoder {
  private chunks: Buffer[] = [];
  private buf: Buffer = Buffer.allocUnsafe(0);
  /** DataView writes are compiled inline; Buffer's writeInt32BE and kin check their arguments on every call. */
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, 0);
  private o = 0;
  rows = 0;

  /** The rows so far, header and trailer included, as buffers to write in order. */
  finish(): Buffer[] {
    const out = [COPY_BINARY_HEADER, ...this.chunks];
    if (this.o > 0) out.push(this.buf.subarray(0, this.o));
    out.push(COPY_BINARY_TRAILER);
    return out;
  }

  add(p: PositionRecord): void {
    // Items are sent as hex; each pair is one byte.
    const itemBytes = p.itemsHex ? p.itemsHex.length >>> 1 : 0;
    this.room(FIXED_ROW + itemBytes);
    const v = this.view;
    let o = this.o;
    v.setInt16(o, FIELDS);
    v.setInt32(o + 2, 16);
    this.buf.set(uuidBytes(p.vehicleId), o + 6);
    o = timestamp(v, o + 22, p.time);
    o = timestamp(v, o, p.receivedAt);
    v.setInt32(o, 8);
    v.setFloat64(o + 4, p.latE6 / 1e6);
    v.setInt32(o + 12, 8);
    v.setFloat64(o + 16, p.lngE6 / 1e6);
    v.setInt32(o + 24, 4);
    v.setInt32(o + 28, p.altitude | 0);
    v.setInt32(o + 32, 4);
    v.setFloat32(o + 36, p.speed / 10);
    v.setInt32(o + 40, 2);
    v.setInt16(o + 44, p.direction);
    // DWORDs stored as the signed 32-bit integer of the same bits.
    v.setInt32(o + 46, 4);
    v.setInt32(o + 50, p.alarm | 0);
    v.setInt32(o + 54, 4);
    v.setInt32(o + 58, p.status | 0);
    o += 62;
    if (p.mileage === null) {
      v.setInt32(o, -1);
      o += 4;
    } else {
      v.setInt32(o, 8);
      v.setFloat64(o + 4, p.mileage / 10);
      o += 12;
    }
    v.setInt32(o, 1);
    v.setUint8(o + 4, p.backfill ? 1 : 0);
    o += 5;
    if (p.itemsHex) {
      // What the hex really held, should it be shorter than its length says.
      const written = this.buf.write(p.itemsHex, o + 4, itemBytes, 'hex');
      v.setInt32(o, written);
      o += 4 + written;
    } else {
      v.setInt32(o, -1);
      o += 4;
    }
    this.o = o;
    this.rows++;
  }

  private room(n: number): void {
    if (this.o + n <= this.buf.length) return;
    if (this.o > 0) this.chunks.push(this.buf.subarray(0, this.o));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.o = 0;
  }
}

/** timestamptz: microseconds since 2000-01-01 as a signed 64-bit integer, written as two words (no BigInt per row). */
function timestamp(v: DataView, o: number, ms: number): number {
  const us = Math.round((ms - PG_EPOCH_MS) * 1000);
  const hi = Math.floor(us / TWO_32);
  v.setInt32(o, 8);
  v.setInt32(o + 4, hi);
  v.setUint32(o + 8, us - hi * TWO_32);
  return o + 12;
}
