import { describe, expect, it } from 'vitest';
import { bcdDigits, bcdEncode, bcdTime, bcdTimeEncode, cstIso, gbkDecode, gbkEncode } from './bytes.js';
import {
  checkCode,
  encodeFrame,
  escapeBytes,
  type Frame,
  type FrameError,
  isFrameError,
  MAX_ESCAPED_FRAME,
  maxFrameLength,
  parseFrame,
  terminalBytes,
  terminalKey,
  unescapeBytes,
  writeFrame,
} from './frame.js';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** The bytes between the flags of a whole frame. */
const inner = (frame: Buffer) => frame.subarray(1, frame.length - 1);
const ok = (r: Frame | FrameError): Frame => {
  if (isFrameError(r)) throw new Error(`${r.reason}: ${r.detail}`);
  return r;
};
const fail = (r: Frame | FrameError): FrameError => {
  if (!isFrameError(r)) throw new Error('decoded, but should not have');
  return r;
};

/** Header + body + check code, unescaped, as the standard lays it out; the check code is computed unless given. */
function raw(parts: string, check?: number): Buffer {
  const b = h(parts);
  return Buffer.concat([b, Buffer.from([check ?? checkCode(b)])]);
}

describe('escaping', () => {
  it('escapes 0x7e and 0x7d as the standard’s own example shows', () => {
    // JT/T 808 §4.4.1: a packet 30 7e 08 7d 55 is sent as 7e 30 7d 02 08 7d 01 55 7e.
    expect(escapeBytes(h('307e087d55')).toString('hex')).toBe('307d02087d0155');
    expect((unescapeBytes(h('307d02087d0155')) as Buffer).toString('hex')).toBe('307e087d55');
  });

  it('returns the same bytes untouched when nothing needs escaping', () => {
    const b = h('0102030405');
    expect(escapeBytes(b)).toBe(b);
    expect(unescapeBytes(b)).toBe(b);
  });

  it('round-trips every byte value', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(unescapeBytes(escapeBytes(all))).toEqual(all);
  });

  it('refuses 0x7d followed by anything but 0x01 or 0x02, naming the offset and byte', () => {
    expect(unescapeBytes(h('01027d0304'))).toEqual({
      reason: 'bad_escape',
      detail: '0x7d at offset 2 is followed by 0x03; only 0x01 (for 0x7d) and 0x02 (for 0x7e) may follow it',
    });
    expect((unescapeBytes(h('7d00')) as FrameError).reason).toBe('bad_escape');
  });

  it('refuses 0x7d as the last byte before the flag', () => {
    expect(unescapeBytes(h('01027d'))).toMatchObject({ reason: 'bad_escape', detail: expect.stringContaining('last byte') });
  });
});

describe('BCD, GBK and time', () => {
  it('reads and writes BCD[6] and BCD[10] terminal numbers', () => {
    expect(bcdEncode('13812345678', 6).toString('hex')).toBe('013812345678');
    expect(bcdEncode('13812345678', 10).toString('hex')).toBe('00000000013812345678');
    expect(bcdDigits(h('013812345678'))).toBe('013812345678');
    expect(bcdDigits(h('01381234567a'))).toBeNull();
    expect(() => bcdEncode('1234567890123', 6)).toThrow(RangeError);
  });

  it('keys a terminal by its number without the padding zeros', () => {
    expect(terminalKey('013812345678')).toBe('13812345678');
    expect(terminalKey('00000000013812345678')).toBe('13812345678');
    expect(terminalKey('000000000000')).toBe('0');
  });

  it('decodes GBK text and strips the NUL padding of fixed fields', () => {
    expect(gbkEncode('粤B12345').toString('hex')).toBe('d4c1423132333435');
    expect(gbkDecode(Buffer.concat([gbkEncode('京A·F0236'), Buffer.alloc(4)]))).toBe('京A·F0236');
  });

  it('reads BCD time as China Standard Time', () => {
    const ms = bcdTime(h('260501083000'), 0);
    expect(new Date(ms as number).toISOString()).toBe('2026-05-01T00:30:00.000Z');
    expect(cstIso(ms as number)).toBe('2026-05-01T08:30:00+08:00');
    expect(bcdTimeEncode(ms as number).toString('hex')).toBe('260501083000');
  });

  it('crosses midnight and the year in China Standard Time, not UTC', () => {
    expect(new Date(bcdTime(h('260101000000'), 0) as number).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(bcdTime(h('251231235959'), 0) as number).toISOString()).toBe('2025-12-31T15:59:59.000Z');
  });

  it('refuses times that are not real instants', () => {
    for (const bad of ['261301000000', '260100000000', '260231000000', '250229000000', '260101240000', '260101006000', '2601010000a0']) {
      expect(bcdTime(h(bad), 0), bad).toBeNull();
    }
    expect(bcdTime(h('240229120000'), 0)).not.toBeNull();
  });
});

describe('headers of the 2011/2013 edition', () => {
  // 0x0002 heartbeat, attributes 0x0000, terminal 013812345678, serial 0x0087.
  const heartbeat = raw('0002 0000 013812345678 0087');

  it('reads message id, attributes, BCD[6] terminal number and serial', () => {
    const f = ok(parseFrame(heartbeat));
    expect(f.header).toEqual({
      messageId: 0x0002,
      attributes: 0,
      bodyLength: 0,
      encryption: 0,
      edition: '2013',
      versionFlag: false,
      protocolVersion: null,
      terminal: '013812345678',
      serial: 0x87,
      packet: null,
    });
    expect(f.body.length).toBe(0);
    expect(f.warnings).toEqual([]);
  });

  it('reads the sub-package items and RSA encryption bits', () => {
    const body = '0102030405';
    const f = ok(parseFrame(raw(`0200 2405 013812345678 0001 0003 0002 ${body}`)));
    expect(f.header.packet).toEqual({ total: 3, index: 2 });
    expect(f.header.encryption).toBe(1);
    expect(f.body.toString('hex')).toBe(body);
  });

  it('reads a header whose version bit is set but whose lengths fit 2013, and says so', () => {
    const f = ok(parseFrame(raw('0002 4000 013812345678 0001')));
    expect(f.header.edition).toBe('2013');
    expect(f.header.versionFlag).toBe(true);
    expect(f.warnings[0]).toContain('version flag (bit 14) is set but the lengths fit the 2013 header');
  });

  it('shows a terminal number that is not BCD as hex, with a warning', () => {
    const f = ok(parseFrame(raw('0002 0000 0a1b2c3d4e5f 0001')));
    expect(f.header.terminal).toBe('0a1b2c3d4e5f');
    expect(f.warnings[0]).toContain('not BCD');
  });
});

describe('headers of the 2019 edition', () => {
  it('reads the protocol version byte and the BCD[10] terminal number', () => {
    // The header of SmallChi/JT808's JT808HeaderTest, with a 255-byte body behind it.
    const f = ok(parseFrame(raw(`0102 64FF 02 00000000013812345678 0087 0000 0000 ${'00'.repeat(255)}`)));
    expect(f.header).toMatchObject({
      messageId: 0x0102,
      attributes: 0x64ff,
      bodyLength: 255,
      encryption: 1,
      edition: '2019',
      versionFlag: true,
      protocolVersion: 2,
      terminal: '00000000013812345678',
      serial: 135,
    });
    expect(f.header.packet).toEqual({ total: 0, index: 0 });
    expect(f.warnings[0]).toContain('out of range');
  });

  it('reads a 2019 header whose version bit is clear when only the 2019 layout fits the length', () => {
    const f = ok(parseFrame(raw('0002 0000 01 00000000013812345678 0005')));
    expect(f.header.edition).toBe('2019');
    expect(f.warnings[0]).toContain('version flag (bit 14) is clear');
  });

  it('decodes frames of another implementation (hylexus/xtream-codec) in both editions', () => {
    const v2013 = ok(parseFrame(inner(h('7e800300090139123443230000006f030002000300049d7e'))));
    expect(v2013.header).toMatchObject({ messageId: 0x8003, edition: '2013', terminal: '013912344323', serial: 0 });
    const v2019 = ok(parseFrame(inner(h('7e8003400a01000000000139123443290000006f0003000200030004d57e'))));
    expect(v2019.header).toMatchObject({ messageId: 0x8003, edition: '2019', protocolVersion: 1, terminal: '00000000013912344329' });
  });
});

describe('malformed frames', () => {
  it('refuses a bad check code, giving the one sent and the one computed', () => {
    const r = fail(parseFrame(raw('0002 0000 013812345678 0087', 0x00)));
    expect(r).toEqual({
      reason: 'bad_check_code',
      detail: `the check code is 0x00 but header and body XOR to 0x${checkCode(h('0002 0000 013812345678 0087')).toString(16).padStart(2, '0')}`,
    });
  });

  it('refuses a frame longer than its header says', () => {
    const r = fail(parseFrame(raw('0002 0001 013812345678 0087 aa bb')));
    expect(r.reason).toBe('length_mismatch');
    expect(r.detail).toBe(
      'the header says a body of 1 bytes, so the frame would be 14 bytes (2013 header) or 19 (2019 header), but it is 15',
    );
  });

  it('calls a frame shorter than its header says truncated', () => {
    const r = fail(parseFrame(raw('0200 001c 013812345678 0087 00000000')));
    expect(r.reason).toBe('truncated');
    expect(r.detail).toContain('body of 28 bytes');
  });

  it('calls a frame shorter than any header truncated', () => {
    expect(fail(parseFrame(h('0002000001')))).toEqual({
      reason: 'truncated',
      detail: '5 bytes after unescaping; the shortest frame (2013 header and check code) has 13',
    });
  });

  it('refuses an escape error before looking at anything else', () => {
    expect(fail(parseFrame(h('0002 0000 0138127d0578 0087 00'))).reason).toBe('bad_escape');
  });

  it('refuses more bytes between the flags than any frame can have', () => {
    expect(fail(parseFrame(Buffer.alloc(MAX_ESCAPED_FRAME + 1))).reason).toBe('oversized');
  });

  it('checks lengths and the check code on the unescaped bytes', () => {
    // Serial 0x7e7d: both bytes escaped on the wire; the frame is still 13 bytes long.
    const frame = encodeFrame({ messageId: 2, edition: '2013', terminal: '13812345678', serial: 0x7e7d });
    expect(inner(frame).length).toBeGreaterThanOrEqual(15);
    expect(ok(parseFrame(inner(frame))).header.serial).toBe(0x7e7d);
  });
});

describe('encoding frames', () => {
  it('round-trips a 2013 frame', () => {
    const body = h('00010200');
    const f = ok(parseFrame(inner(encodeFrame({ messageId: 0x8001, edition: '2013', terminal: '13812345678', serial: 7 }, body))));
    expect(f.header).toMatchObject({ messageId: 0x8001, edition: '2013', terminal: '013812345678', serial: 7, bodyLength: 4 });
    expect(f.body).toEqual(body);
  });

  it('round-trips a 2019 frame with sub-package items', () => {
    const frame = encodeFrame(
      { messageId: 0x0704, edition: '2019', protocolVersion: 1, terminal: '13812345678', serial: 65535, packet: { total: 2, index: 1 } },
      h('aabb'),
    );
    const f = ok(parseFrame(inner(frame)));
    expect(f.header).toMatchObject({ edition: '2019', versionFlag: true, serial: 65535, packet: { total: 2, index: 1 } });
  });

  it('produces the same bytes as another implementation for a 2019 platform response', () => {
    // hylexus/xtream-codec BuiltinMessage8001: reply to serial 111 of 0x0200, result 0.
    const frame = encodeFrame(
      { messageId: 0x8001, edition: '2019', protocolVersion: 1, terminal: '13912344329', serial: 0 },
      h('006f020000'),
    );
    expect(frame.toString('hex')).toBe('7e8001400501000000000139123443290000006f020000dc7e');
  });

  it('refuses a body longer than the 10-bit length allows', () => {
    expect(() => encodeFrame({ messageId: 1, edition: '2013', terminal: '1', serial: 0 }, Buffer.alloc(1024))).toThrow(RangeError);
  });
});

describe('writeFrame', () => {
  it('writes the bytes encodeFrame makes, escapes included, after what the buffer already holds', () => {
    const cases = [
      { messageId: 0x8001, edition: '2013' as const, terminal: '013912345678', serial: 0x7e7d, body: h('7e 7d 02 00 00') },
      { messageId: 0x8001, edition: '2013' as const, terminal: '13000000001', serial: 1, body: h('0001 0200 00') },
      {
        messageId: 0x8100,
        edition: '2019' as const,
        protocolVersion: 1,
        terminal: '00000000013912345678',
        serial: 0xffff,
        body: h('0001 00 31 32 33'),
      },
      { messageId: 0x8003, edition: '2013' as const, terminal: '7e7d00000001', serial: 9, body: Buffer.alloc(0) },
    ];
    for (const { body, ...header } of cases) {
      const want = encodeFrame(header, body);
      const out = Buffer.alloc(3 + maxFrameLength(header.edition, body.length));
      out.fill(0xaa, 0, 3);
      const end = writeFrame(out, 3, header, terminalBytes(header.terminal, header.edition === '2019' ? 10 : 6), body);
      expect(out.subarray(3, end).toString('hex')).toBe(want.toString('hex'));
      expect(out.subarray(0, 3).toString('hex')).toBe('aaaaaa');
    }
  });
});
