import { describe, expect, it } from 'vitest';
import { bcdTime } from './bytes.js';
import { describeBytes, parseHex } from './describe.js';
import { encodeFrame } from './frame.js';
import { encodeLocation } from './location.js';
import { generalResponseBody } from './messages.js';

const at = (bcd: string) => bcdTime(Buffer.from(bcd, 'hex'), 0) as number;

describe('reading a hex dump', () => {
  it('accepts spaces, colons and 0x prefixes', () => {
    expect(parseHex('7e 00:02 0x00')).toEqual(Buffer.from('7e000200', 'hex'));
  });

  it('says what is wrong with the text', () => {
    expect(parseHex('7e0g')).toBe("'g' at position 3 is not a hex digit");
    expect(parseHex('7e0')).toBe('3 hex digits: an odd number cannot be whole bytes');
    expect(parseHex('  ')).toBe('no hex digits given');
  });
});

describe('describing frames', () => {
  const location = encodeFrame(
    { messageId: 0x0200, edition: '2013', terminal: '13812345678', serial: 5 },
    encodeLocation({ alarm: 1 << 15, latE6: 31230416, lngE6: 121473701, speed: 805, time: at('260501083000') }),
  );

  it('decodes a whole frame with its header, body and named bits', () => {
    const [d] = describeBytes(location);
    expect(d).toMatchObject({
      ok: true,
      frame: {
        header: { messageId: '0x0200', message: 'location report', edition: '2011/2013', terminal: '013812345678', serial: 5 },
        body: { alarm: { set: ['reserved_15'] }, latitude: 31.230416, time: '2026-05-01T08:30:00+08:00' },
        warnings: [],
      },
    });
  });

  it('decodes a frame given without its flags', () => {
    expect(describeBytes(location.subarray(1, location.length - 1))[0]?.ok).toBe(true);
  });

  it('decodes every frame of a dump holding several', () => {
    const reply = encodeFrame(
      { messageId: 0x8001, edition: '2013', terminal: '13812345678', serial: 1 },
      generalResponseBody(5, 0x0200, 0),
    );
    const all = describeBytes(Buffer.concat([location, reply]));
    expect(all.map((d) => d.ok && d.frame.header.messageId)).toEqual(['0x0200', '0x8001']);
    expect(all[1]).toMatchObject({ frame: { body: { replySerial: 5, replyId: '0x0200', replyTo: 'location report', result: 'ok' } } });
  });

  it('says a frame that opens with a flag but never closes is truncated', () => {
    expect(describeBytes(location.subarray(0, 20))).toEqual([
      { ok: false, reason: 'truncated', detail: 'the frame opens with 0x7e but does not close with one' },
    ]);
  });

  it('says bytes before the first flag are garbage', () => {
    expect(describeBytes(Buffer.concat([Buffer.from('abc'), location]))[0]).toMatchObject({ ok: false, reason: 'garbage' });
  });

  it('passes on the frame-level reason', () => {
    const bad = Buffer.from(location);
    bad[bad.length - 2] = (bad[bad.length - 2] as number) ^ 1;
    expect(describeBytes(bad)[0]).toMatchObject({ ok: false, reason: 'bad_check_code' });
  });

  it('names the message and field when a body does not decode', () => {
    const short = encodeFrame({ messageId: 0x0200, edition: '2019', terminal: '1', serial: 1 }, Buffer.alloc(20));
    expect(describeBytes(short)[0]).toEqual({
      ok: false,
      reason: 'bad_body',
      detail: 'location report 0x0200: a location needs 28 bytes of basic information, this one has 20',
    });
  });

  it('shows an RSA-encrypted body as bytes, and an unknown message’s body as bytes', () => {
    const enc = encodeFrame({ messageId: 0x0200, edition: '2013', terminal: '1', serial: 1, encryption: 1 }, Buffer.from('0102', 'hex'));
    expect(describeBytes(enc)[0]).toMatchObject({ frame: { header: { encryption: 'rsa' }, body: { encrypted: '0102' } } });
    const unknown = encodeFrame({ messageId: 0x0f01, edition: '2013', terminal: '1', serial: 1 }, Buffer.from('ab', 'hex'));
    expect(describeBytes(unknown)[0]).toMatchObject({ frame: { header: { message: null }, body: { bytes: 'ab' } } });
  });
});
