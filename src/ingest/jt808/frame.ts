import { bcdEncode, hex } from './bytes.js';

/**
 * One JT/T 808 frame: 0x7e | header | body | check code | 0x7e, with 0x7e and
 * 0x7d escaped as 0x7d 0x02 and 0x7d 0x01 between the flags. The check code is
 * the XOR of header and body before escaping. Pure functions.
 */

export const FLAG = 0x7e;
export const ESCAPE = 0x7d;

/** The body-length field has 10 bits. */
export const MAX_BODY = 1023;
/** 2019 header with sub-package items + the longest body + the check code. */
export const MAX_FRAME = 17 + 4 + MAX_BODY + 1;
/** The same, every byte escaped: the most bytes that may lie between two flags. */
export const MAX_ESCAPED_FRAME = 2 * MAX_FRAME;
/** The shortest frame: a 2013 header with an empty body, and the check code. */
export const MIN_FRAME = 12 + 1;

/** 2011 and 2013 share one header layout; 2019 has a version byte and a 10-byte terminal number. */
export type Edition = '2013' | '2019';

export interface Header {
  messageId: number;
  /** The attribute WORD as sent. */
  attributes: number;
  bodyLength: number;
  /** Bits 10–12: 0 none, bit 10 set = RSA. */
  encryption: number;
  /** The layout the lengths agree with. */
  edition: Edition;
  /** Bit 14 as the terminal set it (some 2013 terminals set it; the lengths decide). */
  versionFlag: boolean;
  /** 2019 protocol version byte; null in 2013. */
  protocolVersion: number | null;
  /** BCD digits as sent: 12 (2013) or 20 (2019); hex when the terminal packed something else into them. */
  terminal: string;
  /** The terminal's own message serial number. */
  serial: number;
  /** Sub-package items when bit 13 is set; index counts from 1. */
  packet: { total: number; index: number } | null;
}

export interface Frame {
  header: Header;
  body: Buffer;
  checkCode: number;
  /** What was odd but did not stop decoding. */
  warnings: string[];
}

export type DropReason = 'garbage' | 'bad_escape' | 'bad_check_code' | 'length_mismatch' | 'truncated' | 'oversized';

export const DROP_REASONS: readonly DropReason[] = ['garbage', 'bad_escape', 'bad_check_code', 'length_mismatch', 'truncated', 'oversized'];

export interface FrameError {
  reason: DropReason;
  /** One sentence saying exactly what is wrong, with the offsets and values involved. */
  detail: string;
}

export const isFrameError = (v: Frame | FrameError): v is FrameError => 'reason' in v;

/** XOR of buf[start..end). */
export function checkCode(buf: Buffer, start = 0, end = buf.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= buf[i] as number;
  return x;
}

/** Escapes the bytes that go between the flags. */
export function escapeBytes(buf: Buffer): Buffer {
  let extra = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === FLAG || b === ESCAPE) extra++;
  }
  if (extra === 0) return buf;
  const out = Buffer.allocUnsafe(buf.length + extra);
  let j = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number;
    if (b === FLAG) {
      out[j++] = ESCAPE;
      out[j++] = 0x02;
    } else if (b === ESCAPE) {
      out[j++] = ESCAPE;
      out[j++] = 0x01;
    } else out[j++] = b;
  }
  return out;
}

/** Reverses `escapeBytes`; a 0x7d followed by anything but 0x01 or 0x02 (or by nothing) is an error. */
export function unescapeBytes(buf: Buffer): Buffer | FrameError {
  let at = buf.indexOf(ESCAPE);
  if (at === -1) return buf;
  const out = Buffer.allocUnsafe(buf.length);
  buf.copy(out, 0, 0, at);
  let j = at;
  let i = at;
  while (i < buf.length) {
    const b = buf[i] as number;
    if (b !== ESCAPE) {
      out[j++] = b;
      i++;
      continue;
    }
    const next = buf[i + 1];
    if (next === 0x01) out[j++] = ESCAPE;
    else if (next === 0x02) out[j++] = FLAG;
    else {
      at = i;
      return {
        reason: 'bad_escape',
        detail:
          next === undefined
            ? `0x7d at offset ${at} is the last byte before the flag; an escape needs 0x01 or 0x02 after it`
            : `0x7d at offset ${at} is followed by ${hex(next, 2)}; only 0x01 (for 0x7d) and 0x02 (for 0x7e) may follow it`,
      };
    }
    i += 2;
  }
  return out.subarray(0, j);
}

function terminalNumber(buf: Buffer, start: number, end: number, warnings: string[]): string {
  // BCD digits read as hex are the digits themselves; only a nibble above 9 shows a letter.
  const text = buf.toString('hex', start, end);
  if (/^\d+$/.test(text)) return text;
  warnings.push('the terminal number is not BCD (an IMEI or other value packed into it?); shown as hex');
  return text;
}

/**
 * Decodes the bytes between two flags (still escaped) into a frame, or says
 * which rule they break. The header layout is the one whose length agrees
 * with the frame: the 2019 version bit is a hint, not the truth.
 */
export function parseFrame(escaped: Buffer): Frame | FrameError {
  if (escaped.length > MAX_ESCAPED_FRAME) {
    return {
      reason: 'oversized',
      detail: `${escaped.length} bytes between the flags; no frame is longer than ${MAX_ESCAPED_FRAME} escaped bytes`,
    };
  }
  const raw = unescapeBytes(escaped);
  if ('reason' in raw) return raw;
  const n = raw.length;
  if (n < MIN_FRAME) {
    return {
      reason: 'truncated',
      detail: `${n} byte${n === 1 ? '' : 's'} after unescaping; the shortest frame (2013 header and check code) has ${MIN_FRAME}`,
    };
  }
  const attributes = raw.readUInt16BE(2);
  const bodyLength = attributes & 0x3ff;
  const sub = (attributes & 0x2000) !== 0;
  const versionFlag = (attributes & 0x4000) !== 0;
  const extra = sub ? 4 : 0;
  const want2013 = 12 + extra + bodyLength + 1;
  const want2019 = 17 + extra + bodyLength + 1;
  const warnings: string[] = [];
  let edition: Edition;
  if (n === want2019) {
    edition = '2019';
    if (!versionFlag) warnings.push('the version flag (bit 14) is clear but the lengths fit the 2019 header; read as 2019');
  } else if (n === want2013) {
    edition = '2013';
    if (versionFlag) warnings.push('the version flag (bit 14) is set but the lengths fit the 2013 header; read as 2013');
  } else {
    const said = `the header says a body of ${bodyLength} bytes${sub ? ' in a sub-package' : ''}, so the frame would be ${want2013} bytes (2013 header) or ${want2019} (2019 header), but it is ${n}`;
    return n < Math.min(want2013, want2019) ? { reason: 'truncated', detail: said } : { reason: 'length_mismatch', detail: said };
  }
  const expected = checkCode(raw, 0, n - 1);
  const got = raw[n - 1] as number;
  if (expected !== got) {
    return {
      reason: 'bad_check_code',
      detail: `the check code is ${hex(got, 2)} but header and body XOR to ${hex(expected, 2)}`,
    };
  }
  let o = 4;
  let protocolVersion: number | null = null;
  let terminal: string;
  if (edition === '2019') {
    protocolVersion = raw[4] as number;
    terminal = terminalNumber(raw, 5, 15, warnings);
    o = 15;
  } else {
    terminal = terminalNumber(raw, 4, 10, warnings);
    o = 10;
  }
  const serial = raw.readUInt16BE(o);
  o += 2;
  let packet: Header['packet'] = null;
  if (sub) {
    packet = { total: raw.readUInt16BE(o), index: raw.readUInt16BE(o + 2) };
    o += 4;
    if (packet.total === 0 || packet.index === 0 || packet.index > packet.total) {
      warnings.push(`sub-package ${packet.index} of ${packet.total} is out of range (packages count from 1)`);
    }
  }
  return {
    header: {
      messageId: raw.readUInt16BE(0),
      attributes,
      bodyLength,
      encryption: (attributes >> 10) & 0x07,
      edition,
      versionFlag,
      protocolVersion,
      terminal,
      serial,
      packet,
    },
    body: raw.subarray(o, o + bodyLength),
    checkCode: got,
    warnings,
  };
}

/** What a sender puts in a header; lengths, flags and the check code are worked out. */
export interface OutgoingHeader {
  messageId: number;
  edition: Edition;
  /** 2019 only; defaults to 1. */
  protocolVersion?: number;
  /** Digits, padded to 12 (2013) or 20 (2019); or the hex a non-BCD number was read as. */
  terminal: string;
  serial: number;
  packet?: { total: number; index: number } | null;
  encryption?: number;
}

/** BCD of a digit string; a terminal number that came as hex (not BCD) goes back as the same bytes. */
export function terminalBytes(terminal: string, n: number): Buffer {
  if (/^\d*$/.test(terminal)) return bcdEncode(terminal, n);
  const out = Buffer.alloc(n);
  Buffer.from(terminal.padStart(2 * n, '0').slice(-2 * n), 'hex').copy(out);
  return out;
}

/** A whole frame, flags included, ready for the wire. */
export function encodeFrame(h: OutgoingHeader, body: Buffer = Buffer.alloc(0)): Buffer {
  if (body.length > MAX_BODY) throw new RangeError(`body of ${body.length} bytes exceeds ${MAX_BODY}; split it into sub-packages`);
  const is2019 = h.edition === '2019';
  const headerLength = (is2019 ? 17 : 12) + (h.packet ? 4 : 0);
  const raw = Buffer.allocUnsafe(headerLength + body.length + 1);
  raw.writeUInt16BE(h.messageId, 0);
  const attributes = body.length | ((h.encryption ?? 0) << 10) | (h.packet ? 0x2000 : 0) | (is2019 ? 0x4000 : 0);
  raw.writeUInt16BE(attributes, 2);
  let o = 4;
  if (is2019) {
    raw[4] = h.protocolVersion ?? 1;
    terminalBytes(h.terminal, 10).copy(raw, 5);
    o = 15;
  } else {
    terminalBytes(h.terminal, 6).copy(raw, 4);
    o = 10;
  }
  raw.writeUInt16BE(h.serial & 0xffff, o);
  o += 2;
  if (h.packet) {
    raw.writeUInt16BE(h.packet.total, o);
    raw.writeUInt16BE(h.packet.index, o + 2);
    o += 4;
  }
  body.copy(raw, o);
  raw[raw.length - 1] = checkCode(raw, 0, raw.length - 1);
  const inner = escapeBytes(raw);
  const out = Buffer.allocUnsafe(inner.length + 2);
  out[0] = FLAG;
  inner.copy(out, 1);
  out[out.length - 1] = FLAG;
  return out;
}

/** The terminal number without the zeros BCD pads it with: how the vehicle register keys terminals. */
export function terminalKey(terminal: string): string {
  const key = terminal.replace(/^0+/, '');
  return key === '' ? '0' : key;
}

/** The most bytes `writeFrame` may write: every byte between the flags escaped. */
export function maxFrameLength(edition: Edition, bodyLength: number, packet = false): number {
  return 2 + 2 * ((edition === '2019' ? 17 : 12) + (packet ? 4 : 0) + bodyLength + 1);
}

/** The unescaped frame is put together here first; single-threaded, and used only within one call. */
const scratch = Buffer.allocUnsafe(MAX_FRAME);

/**
 * `encodeFrame` written straight into `out` at `at` (which must have
 * `maxFrameLength` bytes of room), with the terminal's BCD bytes given (10
 * for 2019, 6 before). Returns the offset after the closing flag. The gateway
 * writes every acknowledgement this way: no buffer per frame.
 */
export function writeFrame(out: Buffer, at: number, h: OutgoingHeader, terminal: Buffer, body: Buffer): number {
  if (body.length > MAX_BODY) throw new RangeError(`body of ${body.length} bytes exceeds ${MAX_BODY}; split it into sub-packages`);
  const is2019 = h.edition === '2019';
  const raw = scratch;
  raw[0] = h.messageId >>> 8;
  raw[1] = h.messageId & 0xff;
  const attributes = body.length | ((h.encryption ?? 0) << 10) | (h.packet ? 0x2000 : 0) | (is2019 ? 0x4000 : 0);
  raw[2] = attributes >>> 8;
  raw[3] = attributes & 0xff;
  let n = 4;
  if (is2019) raw[n++] = h.protocolVersion ?? 1;
  for (let i = 0; i < terminal.length; i++) raw[n++] = terminal[i] as number;
  raw[n++] = (h.serial >>> 8) & 0xff;
  raw[n++] = h.serial & 0xff;
  if (h.packet) {
    raw[n++] = h.packet.total >>> 8;
    raw[n++] = h.packet.total & 0xff;
    raw[n++] = h.packet.index >>> 8;
    raw[n++] = h.packet.index & 0xff;
  }
  for (let i = 0; i < body.length; i++) raw[n++] = body[i] as number;
  let x = 0;
  for (let i = 0; i < n; i++) x ^= raw[i] as number;
  raw[n++] = x;
  let o = at;
  out[o++] = FLAG;
  for (let i = 0; i < n; i++) {
    const b = raw[i] as number;
    if (b === FLAG) {
      out[o++] = ESCAPE;
      out[o++] = 0x02;
    } else if (b === ESCAPE) {
      out[o++] = ESCAPE;
      out[o++] = 0x01;
    } else out[o++] = b;
  }
  out[o++] = FLAG;
  return o;
}
