import { BodyError, cstIso, hex } from './bytes.js';
import { type DropReason, FLAG, type Frame, parseFrame } from './frame.js';
import { decodeLocation, describeLocation } from './location.js';
import {
  decodeAuthentication,
  decodeBatch,
  decodeDriverIdentity,
  decodeGeneralResponse,
  decodeRegisterResponse,
  decodeRegistration,
  decodeResendRequest,
  MESSAGE_NAMES,
  READ_RESULTS,
  REGISTER_RESULT_NAMES,
  RESULT_NAMES,
} from './messages.js';

/**
 * Frames as JSON for people diagnosing a terminal (`gongzhi jt808 decode`):
 * the header, the body with alarm and status bits named in the frame's
 * edition, the additional items; or exactly why the bytes are not a frame.
 */

export type Described =
  | { ok: true; frame: ReturnType<typeof describeFrame> }
  | { ok: false; reason: DropReason | 'bad_hex' | 'bad_body' | 'empty'; detail: string };

/** The bytes of a hex dump: spaces, colons, commas and 0x prefixes are allowed. */
export function parseHex(text: string): Buffer | string {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (cleaned.length === 0) return 'no hex digits given';
  const bad = /[^0-9a-f]/i.exec(cleaned);
  if (bad) return `'${bad[0]}' at position ${bad.index} is not a hex digit`;
  if (cleaned.length % 2 !== 0) return `${cleaned.length} hex digits: an odd number cannot be whole bytes`;
  return Buffer.from(cleaned, 'hex');
}

/**
 * Decodes every frame in the bytes. Without flags the bytes are taken as one
 * frame's contents; a frame that opens with 0x7e must also close with it.
 */
export function describeBytes(bytes: Buffer): Described[] {
  if (bytes.length === 0) return [{ ok: false, reason: 'empty', detail: 'no bytes' }];
  if (bytes.indexOf(FLAG) === -1) return [describeContent(bytes)];
  if (bytes[0] !== FLAG) {
    const at = bytes.indexOf(FLAG);
    return [{ ok: false, reason: 'garbage', detail: `${at} bytes before the first 0x7e flag` }];
  }
  if (bytes[bytes.length - 1] !== FLAG || bytes.length === 1) {
    return [{ ok: false, reason: 'truncated', detail: 'the frame opens with 0x7e but does not close with one' }];
  }
  const out: Described[] = [];
  let start = 1;
  while (start < bytes.length) {
    const end = bytes.indexOf(FLAG, start);
    if (end > start) out.push(describeContent(bytes.subarray(start, end)));
    start = end + 1;
  }
  return out.length ? out : [{ ok: false, reason: 'empty', detail: 'only flags, no frame between them' }];
}

function describeContent(content: Buffer): Described {
  const parsed = parseFrame(content);
  if ('reason' in parsed) return { ok: false, reason: parsed.reason, detail: parsed.detail };
  try {
    return { ok: true, frame: describeFrame(parsed) };
  } catch (error) {
    if (error instanceof BodyError) {
      const name = MESSAGE_NAMES[parsed.header.messageId] ?? 'message';
      return { ok: false, reason: 'bad_body', detail: `${name} ${hex(parsed.header.messageId, 4)}: ${error.message}` };
    }
    throw error;
  }
}

export function describeFrame(frame: Frame) {
  const h = frame.header;
  return {
    header: {
      messageId: hex(h.messageId, 4),
      message: MESSAGE_NAMES[h.messageId] ?? null,
      edition: h.edition === '2019' ? '2019' : '2011/2013',
      versionFlag: h.versionFlag,
      protocolVersion: h.protocolVersion,
      terminal: h.terminal,
      serial: h.serial,
      bodyLength: h.bodyLength,
      encryption: h.encryption === 0 ? 'none' : h.encryption === 1 ? 'rsa' : `reserved (${h.encryption})`,
      subPackage: h.packet,
    },
    body: h.encryption !== 0 ? { encrypted: frame.body.toString('hex') } : describeBody(frame),
    checkCode: hex(frame.checkCode, 2),
    warnings: frame.warnings,
  };
}

function describeBody(frame: Frame): Record<string, unknown> {
  const { header, body } = frame;
  if (header.packet && header.packet.index > 1) {
    return { package: `${header.packet.index} of ${header.packet.total}`, bytes: body.toString('hex') };
  }
  const edition = header.edition;
  switch (header.messageId) {
    case 0x0002:
    case 0x0003:
      return body.length ? { unexpected: body.toString('hex') } : {};
    case 0x0001:
    case 0x8001: {
      const r = decodeGeneralResponse(body);
      return {
        replySerial: r.replySerial,
        replyId: hex(r.replyId, 4),
        replyTo: MESSAGE_NAMES[r.replyId] ?? null,
        result: RESULT_NAMES[r.result] ?? r.result,
      };
    }
    case 0x0100:
      return { ...decodeRegistration(body, edition) };
    case 0x8100: {
      const r = decodeRegisterResponse(body);
      return { replySerial: r.replySerial, result: REGISTER_RESULT_NAMES[r.result] ?? r.result, authCode: r.authCode };
    }
    case 0x0102:
      return { ...decodeAuthentication(body, edition) };
    case 0x0200:
      if (header.packet) return { firstPackage: body.toString('hex') };
      return describeLocation(decodeLocation(body), edition);
    case 0x0704: {
      if (header.packet) return { firstPackage: body.toString('hex') };
      const b = decodeBatch(body);
      return {
        type: b.backfill ? 'blind_area_backfill' : 'normal_batch',
        count: b.locations.length,
        locations: b.locations.map((l) => describeLocation(l, edition)),
      };
    }
    case 0x0702: {
      const d = decodeDriverIdentity(body, edition);
      return {
        ...d,
        time: cstIso(d.time),
        readResult: d.readResult === null ? null : (READ_RESULTS[d.readResult] ?? d.readResult),
      };
    }
    case 0x8003:
      return { ...decodeResendRequest(body, edition) };
    default:
      return { bytes: body.toString('hex') };
  }
}
