import { describe, expect, it } from 'vitest';
import { bcdTime, gbkEncode } from './bytes.js';
import { encodeLocation } from './location.js';
import {
  authenticationBody,
  batchBody,
  decodeAuthentication,
  decodeBatch,
  decodeDriverIdentity,
  decodeGeneralResponse,
  decodeRegisterResponse,
  decodeRegistration,
  decodeResendRequest,
  driverIdentityBody,
  generalResponseBody,
  REGISTER_RESULT,
  registerResponseBody,
  registrationBody,
  resendRequestBody,
} from './messages.js';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const at = (bcd: string) => bcdTime(h(bcd), 0) as number;

describe('0x0100 registration', () => {
  const fields = { province: 31, city: 115, makerId: 'GZ001', model: 'GZ-T808', terminalId: 'A1B2C3D', plateColour: 2, plate: '沪A12345' };

  it('reads the 2013 layout (model BYTE[20], terminal id BYTE[7]) with a GBK plate', () => {
    const body = registrationBody(fields, '2013');
    expect(body.length).toBe(37 + gbkEncode('沪A12345').length);
    expect(decodeRegistration(body, '2013')).toEqual({ layout: '2013', ...fields });
  });

  it('reads the 2019 layout (maker BYTE[11], model BYTE[30], terminal id BYTE[30])', () => {
    const body = registrationBody({ ...fields, makerId: 'GZ0000001', terminalId: 'T2019ABCDEFGH' }, '2019');
    expect(body.length).toBe(76 + 8);
    expect(decodeRegistration(body, '2019')).toEqual({ layout: '2019', ...fields, makerId: 'GZ0000001', terminalId: 'T2019ABCDEFGH' });
  });

  it('reads the 2011 layout (model BYTE[8]) by its length', () => {
    const body = Buffer.concat([
      h('001f 0073'),
      Buffer.from('GZ001'),
      Buffer.from('GZ-T808\0'),
      Buffer.from('A1B2C3D'),
      h('01'),
      gbkEncode('沪B00001'),
    ]);
    expect(decodeRegistration(body, '2013')).toEqual({
      layout: '2011',
      province: 31,
      city: 115,
      makerId: 'GZ001',
      model: 'GZ-T808',
      terminalId: 'A1B2C3D',
      plateColour: 1,
      plate: '沪B00001',
    });
  });

  it('reads an unplated vehicle’s VIN', () => {
    const body = registrationBody({ ...fields, plateColour: 0, plate: 'LGWEF4A5XKF000001' }, '2013');
    expect(decodeRegistration(body, '2013')).toMatchObject({ plateColour: 0, plate: 'LGWEF4A5XKF000001' });
  });

  it('says which field is short', () => {
    expect(() => decodeRegistration(h('001f007347'), '2019')).toThrow(
      'maker id BYTE[11] needs 11 bytes at offset 4, but the body ends at 5',
    );
  });
});

describe('0x8100 registration response', () => {
  it('carries the authentication code only when the result is 0', () => {
    // hylexus/xtream-codec BuiltinMessage8100: serial 111, result 0, code "ok..ok..ok".
    expect(registerResponseBody(111, REGISTER_RESULT.ok, 'ok..ok..ok').toString('hex')).toBe('006f006f6b2e2e6f6b2e2e6f6b');
    expect(registerResponseBody(111, REGISTER_RESULT.terminalNotInDatabase, 'ignored').toString('hex')).toBe('006f04');
    expect(decodeRegisterResponse(h('006f04'))).toEqual({ replySerial: 111, result: 4, authCode: null });
    expect(decodeRegisterResponse(h('006f006f6b'))).toEqual({ replySerial: 111, result: 0, authCode: 'ok' });
  });
});

describe('0x0102 authentication', () => {
  it('takes the whole body as the code in 2013', () => {
    expect(decodeAuthentication(authenticationBody('AB12cd', '2013'), '2013')).toEqual({
      code: 'AB12cd',
      imei: null,
      softwareVersion: null,
    });
  });

  it('reads the length-prefixed code, IMEI and software version in 2019', () => {
    const body = authenticationBody('AB12cd', '2019', '866123456789012', 'V1.2.3');
    expect(body.length).toBe(1 + 6 + 15 + 20);
    expect(decodeAuthentication(body, '2019')).toEqual({ code: 'AB12cd', imei: '866123456789012', softwareVersion: 'V1.2.3' });
  });

  it('says when the 2019 code is longer than the body', () => {
    expect(() => decodeAuthentication(h('0a4142'), '2019')).toThrow('auth code needs 10 bytes at offset 1');
  });
});

describe('0x0704 batch location upload', () => {
  const one = encodeLocation({ latE6: 31000562, lngE6: 121451372, altitude: 666, speed: 33, direction: 89, time: at('241029213903') });
  const two = encodeLocation({ latE6: 31000563, lngE6: 121451373, altitude: 777, speed: 67, direction: 90, time: at('241029213904') });

  it('reads a normal batch', () => {
    const b = decodeBatch(batchBody([one, two], false));
    expect(b.backfill).toBe(false);
    expect(b.locations.map((l) => [l.latE6, l.speed])).toEqual([
      [31000562, 33],
      [31000563, 67],
    ]);
  });

  it('marks a blind-area back-fill', () => {
    expect(decodeBatch(batchBody([one], true))).toMatchObject({ backfill: true, type: 1 });
  });

  it('says which item is short', () => {
    const body = batchBody([one, two], false);
    expect(() => decodeBatch(body.subarray(0, body.length - 3))).toThrow('item 2 of 2 needs 28 bytes at offset 35');
  });

  it('refuses bytes after the items it announced', () => {
    expect(() => decodeBatch(Buffer.concat([batchBody([one], false), h('00')]))).toThrow('1 bytes after the 1 items the batch announced');
  });

  it('refuses an empty batch and an unknown type', () => {
    expect(() => decodeBatch(h('000000'))).toThrow('at least one location');
    const body = batchBody([one], false);
    body[2] = 2;
    expect(() => decodeBatch(body)).toThrow('location type 2 is neither 0');
  });

  it('names the item whose location is invalid', () => {
    const bad = Buffer.from(two);
    bad.fill(0, 22, 28);
    expect(() => decodeBatch(batchBody([one, bad], true))).toThrow('item 2 of 2: time 000000000000 is not a valid YYMMDDhhmmss');
  });
});

describe('0x0702 driver identity', () => {
  const card = {
    event: 'card_inserted' as const,
    time: at('260501063000'),
    driverName: '张三',
    qualificationCode: '310101199001011234',
    issuingAuthority: '上海市交通委员会',
    validUntil: '20300101',
    idNumber: null,
  };

  it('reads a card inserted in the 2013 layout', () => {
    expect(decodeDriverIdentity(driverIdentityBody(card, '2013'), '2013')).toEqual({ ...card, readResult: 0 });
  });

  it('reads the driver’s ID number in the 2019 layout', () => {
    const body = driverIdentityBody({ ...card, idNumber: '310101199001011234' }, '2019');
    expect(decodeDriverIdentity(body, '2019')).toMatchObject({ idNumber: '310101199001011234', driverName: '张三' });
  });

  it('reads a card removed and a card that could not be read', () => {
    expect(decodeDriverIdentity(driverIdentityBody({ ...card, event: 'card_removed' }, '2013'), '2013')).toMatchObject({
      event: 'card_removed',
      driverName: null,
      readResult: null,
    });
    expect(decodeDriverIdentity(driverIdentityBody({ ...card, readResult: 2 }, '2013'), '2013')).toMatchObject({
      event: 'card_inserted',
      readResult: 2,
      driverName: null,
    });
  });

  it('refuses an unknown status and a bad time', () => {
    expect(() => decodeDriverIdentity(h('03260501063000'), '2013')).toThrow('status 3 is neither');
    expect(() => decodeDriverIdentity(h('01261301063000'), '2013')).toThrow('time 261301063000 is not a valid');
  });
});

describe('general responses', () => {
  it('lays out 0x8001 as reply serial, reply id and result', () => {
    expect(generalResponseBody(111, 0x0200, 0).toString('hex')).toBe('006f020000');
    expect(generalResponseBody(0x1_0001, 0x0102, 1).toString('hex')).toBe('0001010201');
    expect(decodeGeneralResponse(h('006f020004'))).toEqual({ replySerial: 111, replyId: 0x0200, result: 4 });
  });
});

describe('0x8003 re-send request', () => {
  it('has a BYTE count in 2013 and a WORD count in 2019, as another implementation encodes them', () => {
    // hylexus/xtream-codec BuiltinMessage8003V2013 / V2019: first serial 111, packages 2, 3, 4.
    expect(resendRequestBody(111, [2, 3, 4], '2013').toString('hex')).toBe('006f03000200030004');
    expect(resendRequestBody(111, [2, 3, 4], '2019').toString('hex')).toBe('006f0003000200030004');
    expect(decodeResendRequest(h('006f0003000200030004'), '2019')).toEqual({ firstSerial: 111, packages: [2, 3, 4] });
    expect(decodeResendRequest(h('006f03000200030004'), '2013')).toEqual({ firstSerial: 111, packages: [2, 3, 4] });
  });
});
