import { BodyError, ByteReader, bcdDigits, bcdTime, bcdTimeEncode, gbkDecode, gbkEncode, gbkFixed } from './bytes.js';
import type { Edition } from './frame.js';
import { decodeLocation, type Location } from './location.js';

/** Message ids this gateway speaks. */
export const MSG = {
  terminalResponse: 0x0001,
  heartbeat: 0x0002,
  logout: 0x0003,
  register: 0x0100,
  authenticate: 0x0102,
  location: 0x0200,
  driverIdentity: 0x0702,
  batchLocation: 0x0704,
  platformResponse: 0x8001,
  resendRequest: 0x8003,
  registerResponse: 0x8100,
  textMessage: 0x8300,
} as const;

export const MESSAGE_NAMES: Record<number, string> = {
  1: 'terminal general response',
  2: 'heartbeat',
  3: 'terminal logout',
  4: 'query server time',
  5: 'terminal re-send request',
  256: 'terminal registration',
  258: 'terminal authentication',
  260: 'terminal parameters',
  512: 'location report',
  513: 'location query response',
  1794: 'driver identity',
  1796: 'batch location upload',
  2048: 'multimedia event',
  2049: 'multimedia data upload',
  2304: 'uplink transparent data',
  32769: 'platform general response',
  32771: 'sub-package re-send request',
  32772: 'server time',
  33024: 'registration response',
  33027: 'set terminal parameters',
  33028: 'query terminal parameters',
  33281: 'query location',
  33282: 'temporary tracking',
  33283: 'manual alarm confirmation',
  33536: 'text message',
};

/** Results of 0x0001 and 0x8001. */
export const RESULT = { ok: 0, failure: 1, messageError: 2, unsupported: 3, alarmConfirmed: 4 } as const;
export const RESULT_NAMES = ['ok', 'failure', 'message_error', 'unsupported', 'alarm_handling_confirmed'] as const;

/** Results of 0x8100. */
export const REGISTER_RESULT = {
  ok: 0,
  vehicleAlreadyRegistered: 1,
  vehicleNotInDatabase: 2,
  terminalAlreadyRegistered: 3,
  terminalNotInDatabase: 4,
} as const;
export type RegisterResult = (typeof REGISTER_RESULT)[keyof typeof REGISTER_RESULT];
export const REGISTER_RESULT_NAMES = [
  'ok',
  'vehicle_already_registered',
  'vehicle_not_in_database',
  'terminal_already_registered',
  'terminal_not_in_database',
] as const;

// ---- terminal → platform -----------------------------------------------------

export interface GeneralResponse {
  replySerial: number;
  replyId: number;
  result: number;
}

export function decodeGeneralResponse(body: Buffer): GeneralResponse {
  const r = new ByteReader(body);
  return { replySerial: r.word('reply serial'), replyId: r.word('reply message id'), result: r.byte('result') };
}

export interface Registration {
  /** Which body layout the lengths fit: 2011 (model BYTE[8]), 2013 (BYTE[20]) or 2019. */
  layout: '2011' | '2013' | '2019';
  province: number;
  city: number;
  makerId: string;
  model: string;
  terminalId: string;
  /** JT/T 697.7: 0 unplated (the identifier is then a VIN), 1 blue, 2 yellow, 3 black, 4 white, 5 green, 9 other. */
  plateColour: number;
  /** The plate number, or the VIN when the colour is 0. */
  plate: string;
}

const PLATE_COLOURS = new Set([0, 1, 2, 3, 4, 5, 9]);

/** 0x0100. The 2011 and 2013 layouts share a header; the body length and the colour byte tell them apart. */
export function decodeRegistration(body: Buffer, edition: Edition): Registration {
  let layout: Registration['layout'];
  if (edition === '2019') layout = '2019';
  else if (body.length >= 37 && PLATE_COLOURS.has(body[36] as number)) layout = '2013';
  else layout = '2011';
  const [maker, model, id] = layout === '2019' ? [11, 30, 30] : layout === '2013' ? [5, 20, 7] : [5, 8, 7];
  const r = new ByteReader(body);
  const province = r.word('province');
  const city = r.word('city/county');
  const makerId = gbkDecode(r.bytes(maker, `maker id BYTE[${maker}]`));
  const modelText = gbkDecode(r.bytes(model, `terminal model BYTE[${model}]`));
  const terminalId = gbkDecode(r.bytes(id, `terminal id BYTE[${id}]`));
  const plateColour = r.byte('plate colour');
  const plate = gbkDecode(r.rest()).trim();
  return { layout, province, city, makerId, model: modelText, terminalId, plateColour, plate };
}

export interface Authentication {
  code: string;
  /** 2019 only. */
  imei: string | null;
  softwareVersion: string | null;
}

/** 0x0102: the whole body is the code in 2013; 2019 prefixes its length and adds IMEI and software version. */
export function decodeAuthentication(body: Buffer, edition: Edition): Authentication {
  if (edition !== '2019') return { code: gbkDecode(body), imei: null, softwareVersion: null };
  const r = new ByteReader(body);
  const n = r.byte('auth code length');
  const code = gbkDecode(r.bytes(n, 'auth code'));
  const imei = gbkDecode(r.bytes(15, 'IMEI BYTE[15]'));
  const softwareVersion = gbkDecode(r.bytes(20, 'software version BYTE[20]'));
  return { code, imei, softwareVersion };
}

export interface BatchLocation {
  /** 1 = blind-area back-fill (盲区补报): positions recorded while out of coverage. */
  backfill: boolean;
  type: number;
  locations: Location[];
}

/** 0x0704: count WORD, type BYTE, then per item a length WORD and a 0x0200 body. */
export function decodeBatch(body: Buffer): BatchLocation {
  const r = new ByteReader(body);
  const count = r.word('item count');
  const type = r.byte('location type');
  if (type > 1) throw new BodyError(`location type ${type} is neither 0 (normal batch) nor 1 (blind-area back-fill)`, 2);
  if (count === 0) throw new BodyError('a batch upload must hold at least one location', 0);
  const locations: Location[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.word(`length of item ${i + 1}`);
    const at = r.offset;
    const itemBody = r.bytes(len, `item ${i + 1} of ${count}`);
    try {
      locations.push(decodeLocation(itemBody));
    } catch (error) {
      if (error instanceof BodyError) throw new BodyError(`item ${i + 1} of ${count}: ${error.message}`, at + error.offset);
      throw error;
    }
  }
  if (r.remaining > 0) throw new BodyError(`${r.remaining} bytes after the ${count} items the batch announced`, r.offset);
  return { backfill: type === 1, type, locations };
}

export interface DriverIdentity {
  /** 0x01 card inserted (driver on duty), 0x02 card removed (off duty). */
  event: 'card_inserted' | 'card_removed';
  time: number;
  /** 0 = read; 1–4 = why reading failed. Null when the card was removed. */
  readResult: number | null;
  driverName: string | null;
  /** 从业资格证 number, 20 bytes. */
  qualificationCode: string | null;
  issuingAuthority: string | null;
  /** YYYYMMDD. */
  validUntil: string | null;
  /** 2019: the driver's ID card number (personal information). */
  idNumber: string | null;
}

export const READ_RESULTS = ['ok', 'key_authentication_failed', 'card_locked', 'card_removed', 'checksum_error'] as const;

/** 0x0702 in the 2013 and 2019 layouts. */
export function decodeDriverIdentity(body: Buffer, edition: Edition): DriverIdentity {
  const r = new ByteReader(body);
  const status = r.byte('status');
  if (status !== 1 && status !== 2) throw new BodyError(`status ${status} is neither 0x01 (card inserted) nor 0x02 (card removed)`, 0);
  r.need(6, 'time BCD[6]');
  const time = bcdTime(body, r.offset);
  if (time === null)
    throw new BodyError(`time ${body.subarray(r.offset, r.offset + 6).toString('hex')} is not a valid YYMMDDhhmmss`, r.offset);
  r.offset += 6;
  const none = { readResult: null, driverName: null, qualificationCode: null, issuingAuthority: null, validUntil: null, idNumber: null };
  if (status === 2) return { event: 'card_removed', time, ...none };
  const readResult = r.byte('IC card read result');
  if (readResult !== 0) return { event: 'card_inserted', time, ...none, readResult };
  const nameLength = r.byte('driver name length');
  const driverName = gbkDecode(r.bytes(nameLength, 'driver name'));
  const qualificationCode = gbkDecode(r.bytes(20, 'qualification certificate code BYTE[20]'));
  const authorityLength = r.byte('issuing authority length');
  const issuingAuthority = gbkDecode(r.bytes(authorityLength, 'issuing authority'));
  const validUntil = bcdDigits(r.bytes(4, 'certificate validity BCD[4]'));
  if (validUntil === null) throw new BodyError('certificate validity is not BCD', r.offset - 4);
  const idNumber = edition === '2019' && r.remaining >= 20 ? gbkDecode(r.bytes(20, 'driver ID number BYTE[20]')) : null;
  return { event: 'card_inserted', time, readResult, driverName, qualificationCode, issuingAuthority, validUntil, idNumber };
}

// ---- platform → terminal -----------------------------------------------------

/** 0x8001 body: the terminal's serial and message id, and the result. */
export function generalResponseBody(replySerial: number, replyId: number, result: number): Buffer {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt16BE(replySerial & 0xffff, 0);
  b.writeUInt16BE(replyId, 2);
  b[4] = result;
  return b;
}

/** 0x8100 body: the registration's serial, the result, and the authentication code only when the result is 0. */
export function registerResponseBody(replySerial: number, result: RegisterResult, authCode?: string): Buffer {
  const head = Buffer.allocUnsafe(3);
  head.writeUInt16BE(replySerial & 0xffff, 0);
  head[2] = result;
  return result === REGISTER_RESULT.ok && authCode ? Buffer.concat([head, gbkEncode(authCode)]) : head;
}

export function decodeRegisterResponse(body: Buffer): { replySerial: number; result: number; authCode: string | null } {
  const r = new ByteReader(body);
  const replySerial = r.word('reply serial');
  const result = r.byte('result');
  return { replySerial, result, authCode: result === 0 ? gbkDecode(r.rest()) : null };
}

/**
 * 0x8003 body: the serial of the first package of the original message and
 * the package numbers to send again. The count is a BYTE in 2013 and a WORD in 2019.
 */
export function resendRequestBody(firstSerial: number, missing: readonly number[], edition: Edition): Buffer {
  const countBytes = edition === '2019' ? 2 : 1;
  const b = Buffer.allocUnsafe(2 + countBytes + 2 * missing.length);
  b.writeUInt16BE(firstSerial & 0xffff, 0);
  if (edition === '2019') b.writeUInt16BE(missing.length, 2);
  else b[2] = missing.length;
  missing.forEach((m, i) => {
    b.writeUInt16BE(m, 2 + countBytes + 2 * i);
  });
  return b;
}

export function decodeResendRequest(body: Buffer, edition: Edition): { firstSerial: number; packages: number[] } {
  const r = new ByteReader(body);
  const firstSerial = r.word('original serial');
  const count = edition === '2019' ? r.word('package count') : r.byte('package count');
  const packages: number[] = [];
  for (let i = 0; i < count; i++) packages.push(r.word(`package id ${i + 1}`));
  return { firstSerial, packages };
}

// ---- terminal-side encoders (simulator, tests, benchmarks) ----------------------

export function registrationBody(input: Omit<Registration, 'layout'>, edition: Edition): Buffer {
  const [maker, model, id] = edition === '2019' ? [11, 30, 30] : [5, 20, 7];
  const head = Buffer.alloc(4);
  head.writeUInt16BE(input.province, 0);
  head.writeUInt16BE(input.city, 2);
  return Buffer.concat([
    head,
    gbkFixed(input.makerId, maker),
    gbkFixed(input.model, model),
    gbkFixed(input.terminalId, id),
    Buffer.from([input.plateColour]),
    gbkEncode(input.plate),
  ]);
}

export function authenticationBody(code: string, edition: Edition, imei = '', softwareVersion = ''): Buffer {
  if (edition !== '2019') return gbkEncode(code);
  const c = gbkEncode(code);
  return Buffer.concat([Buffer.from([c.length]), c, gbkFixed(imei, 15), gbkFixed(softwareVersion, 20)]);
}

export function batchBody(locations: readonly Buffer[], backfill: boolean): Buffer {
  const head = Buffer.allocUnsafe(3);
  head.writeUInt16BE(locations.length, 0);
  head[2] = backfill ? 1 : 0;
  const parts: Buffer[] = [head];
  for (const l of locations) {
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(l.length, 0);
    parts.push(len, l);
  }
  return Buffer.concat(parts);
}

export function driverIdentityBody(
  d: Omit<DriverIdentity, 'event' | 'readResult'> & { event: DriverIdentity['event']; readResult?: number },
  edition: Edition,
): Buffer {
  const head = Buffer.concat([Buffer.from([d.event === 'card_inserted' ? 1 : 2]), bcdTimeEncode(d.time)]);
  if (d.event === 'card_removed') return head;
  if ((d.readResult ?? 0) !== 0) return Buffer.concat([head, Buffer.from([d.readResult ?? 1])]);
  const name = gbkEncode(d.driverName ?? '');
  const authority = gbkEncode(d.issuingAuthority ?? '');
  const valid = Buffer.from((d.validUntil ?? '00000000').padStart(8, '0'), 'hex');
  return Buffer.concat([
    head,
    Buffer.from([0, name.length]),
    name,
    gbkFixed(d.qualificationCode ?? '', 20),
    Buffer.from([authority.length]),
    authority,
    valid,
    ...(edition === '2019' ? [gbkFixed(d.idNumber ?? '', 20)] : []),
  ]);
}
