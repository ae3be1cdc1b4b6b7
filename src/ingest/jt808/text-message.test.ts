import { describe, expect, it } from 'vitest';
import { BodyError } from './bytes.js';
import { decodeTextMessage, TEXT_MAX_BYTES, textBytes, textMessageBody } from './text-message.js';

const hex = (b: Buffer) => b.toString('hex');

describe('0x8300 text message', () => {
  it('2013: one flag byte (bit 0 emergency, bit 2 display, bit 3 TTS), then the GBK text', () => {
    const body = textMessageBody({ kind: 'emergency', display: true, tts: true, text: '请减速' }, '2013');
    // 0x0d = emergency | display | TTS; 请减速 in GBK.
    expect(hex(body)).toBe('0dc7ebbcf5cbd9');
    expect(hex(textMessageBody({ kind: 'notice', display: true, tts: false, text: 'A' }, '2013'))).toBe('0441');
    expect(decodeTextMessage(body, '2013')).toEqual({ kind: 'emergency', display: true, tts: true, text: '请减速' });
  });

  it('2019: bits 0–1 the kind (01 service, 10 emergency, 11 notice), then a type byte (1 notice, 2 service)', () => {
    expect(hex(textMessageBody({ kind: 'emergency', display: true, tts: true, text: 'A' }, '2019'))).toBe('0e0141');
    expect(hex(textMessageBody({ kind: 'notice', display: true, tts: true, text: 'A' }, '2019'))).toBe('0f0141');
    expect(hex(textMessageBody({ kind: 'service', display: false, tts: true, text: 'A' }, '2019'))).toBe('090241');
    for (const kind of ['emergency', 'notice', 'service'] as const) {
      const m = { kind, display: true, tts: true, text: '疲劳驾驶，请停车休息' };
      expect(decodeTextMessage(textMessageBody(m, '2019'), '2019')).toEqual(m);
    }
  });

  it('refuses an empty text and one longer than 1,024 GBK bytes; 512 Chinese characters fit exactly', () => {
    expect(textBytes('  ')).toBe('the text is empty');
    expect(textBytes('超'.repeat(512))).toBeInstanceOf(Buffer);
    expect(textBytes('超'.repeat(513))).toBe(`the text is 1026 bytes in GBK; at most ${TEXT_MAX_BYTES}`);
    expect(() => textMessageBody({ kind: 'notice', display: true, tts: true, text: 'a'.repeat(1025) }, '2013')).toThrow(RangeError);
  });

  it('a body that is cut short or names no kind is a body error', () => {
    expect(() => decodeTextMessage(Buffer.alloc(0), '2013')).toThrow(BodyError);
    expect(() => decodeTextMessage(Buffer.from([0x0c]), '2019')).toThrow(BodyError);
    expect(() => decodeTextMessage(Buffer.from([0x0c, 0x01, 0x41]), '2019')).toThrow(/no kind/);
  });
});
