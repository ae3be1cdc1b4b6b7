/**
 * 0x0200 location frames written straight from a report, without the intermediate buffers of
 * `encodeLocation` + `encodeFrame`: one shared scratch buffer and one allocation (the frame on the wire)
 * per report. Byte for byte what the codec would produce (see wire.test.ts). 2013 header layout.
 */
import { bcdEncode } from '../jt808/bytes.js';
import { checkCode, ESCAPE, FLAG } from '../jt808/frame.js';
import { MSG } from '../jt808/messages.js';
import type { Report } from './motion.js';

/** Basic information (28) + items 0x01 mileage (6), 0x30 signal (3), 0x31 satellites (3). */
export const LOCATION_BODY_BYTES = 40;
const HEADER_BYTES = 12;
const CST_MS = 8 * 3_600_000;
const raw = Buffer.allocUnsafe(HEADER_BYTES + LOCATION_BODY_BYTES + 1);

/** The BCD[6] terminal number of a 2013 header; compute once per terminal. */
export const terminalBcd = (terminal: string): Buffer => bcdEncode(terminal, 6);

const bcd = (v: number) => ((Math.floor(v / 10) % 10) << 4) | (v % 10);

export function locationFrame(terminal: Buffer, serial: number, r: Report, signal = 25, satellites = 14): Buffer {
  raw.writeUInt16BE(MSG.location, 0);
  raw.writeUInt16BE(LOCATION_BODY_BYTES, 2);
  terminal.copy(raw, 4, 0, 6);
  raw.writeUInt16BE(serial & 0xffff, 10);
  let o = HEADER_BYTES;
  let status = r.status & ~0x0c;
  if (r.latE6 < 0) status |= 0x04;
  if (r.lngE6 < 0) status |= 0x08;
  raw.writeUInt32BE(r.alarm >>> 0, o);
  raw.writeUInt32BE(status >>> 0, o + 4);
  raw.writeUInt32BE(Math.abs(r.latE6), o + 8);
  raw.writeUInt32BE(Math.abs(r.lngE6), o + 12);
  raw.writeUInt16BE(r.altitude, o + 16);
  raw.writeUInt16BE(r.speed, o + 18);
  raw.writeUInt16BE(r.direction, o + 20);
  const t = new Date(r.time + CST_MS);
  raw[o + 22] = bcd(t.getUTCFullYear() - 2000);
  raw[o + 23] = bcd(t.getUTCMonth() + 1);
  raw[o + 24] = bcd(t.getUTCDate());
  raw[o + 25] = bcd(t.getUTCHours());
  raw[o + 26] = bcd(t.getUTCMinutes());
  raw[o + 27] = bcd(t.getUTCSeconds());
  o += 28;
  raw[o] = 0x01;
  raw[o + 1] = 4;
  raw.writeUInt32BE(r.mileage >>> 0, o + 2);
  raw[o + 6] = 0x30;
  raw[o + 7] = 1;
  raw[o + 8] = signal;
  raw[o + 9] = 0x31;
  raw[o + 10] = 1;
  raw[o + 11] = satellites;
  o += 12;
  raw[o] = checkCode(raw, 0, o);
  const n = o + 1;
  let extra = 0;
  for (let i = 0; i < n; i++) {
    const b = raw[i];
    if (b === FLAG || b === ESCAPE) extra++;
  }
  const out = Buffer.allocUnsafe(n + extra + 2);
  out[0] = FLAG;
  let j = 1;
  for (let i = 0; i < n; i++) {
    const b = raw[i] as number;
    if (b === FLAG) {
      out[j++] = ESCAPE;
      out[j++] = 0x02;
    } else if (b === ESCAPE) {
      out[j++] = ESCAPE;
      out[j++] = 0x01;
    } else out[j++] = b;
  }
  out[j] = FLAG;
  return out;
}
