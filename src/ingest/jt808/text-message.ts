/**
 * 0x8300 text message (文本信息下发): what the monitoring centre or the operating
 * enterprise says to a driver, shown on the terminal's display and read aloud by
 * its TTS. The flag byte changed meaning in 2019, which also added a type byte.
 */
import { BodyError, ByteReader, gbkDecode, gbkEncode } from './bytes.js';
import type { Edition } from './frame.js';

/** Longest text the standard allows, in GBK bytes. */
export const TEXT_MAX_BYTES = 1024;

export type TextKind = 'emergency' | 'notice' | 'service';

export interface TextMessage {
  kind: TextKind;
  /** Shown on the terminal's display (flag bit 2). */
  display: boolean;
  /** Read aloud by the terminal's TTS (flag bit 3). */
  tts: boolean;
  text: string;
}

const DISPLAY = 1 << 2;
const TTS = 1 << 3;
/** 2019: bits 0–1 are the kind; 2013: bit 0 is emergency, bit 1 reserved. */
const KIND_2019: Record<TextKind, number> = { service: 0b01, emergency: 0b10, notice: 0b11 };
/** 2019's type byte: 1 notice, 2 service (an emergency is a notice). */
const TYPE_2019: Record<TextKind, number> = { notice: 1, emergency: 1, service: 2 };

/** GBK bytes of the text, or why it cannot be sent. */
export function textBytes(text: string): Buffer | string {
  if (text.trim().length === 0) return 'the text is empty';
  const bytes = gbkEncode(text);
  if (bytes.length > TEXT_MAX_BYTES) return `the text is ${bytes.length} bytes in GBK; at most ${TEXT_MAX_BYTES}`;
  return bytes;
}

export function textMessageBody(m: TextMessage, edition: Edition): Buffer {
  const text = textBytes(m.text);
  if (typeof text === 'string') throw new RangeError(text);
  const screen = (m.display ? DISPLAY : 0) | (m.tts ? TTS : 0);
  if (edition === '2019') return Buffer.concat([Buffer.from([KIND_2019[m.kind] | screen, TYPE_2019[m.kind]]), text]);
  return Buffer.concat([Buffer.from([(m.kind === 'emergency' ? 1 : 0) | screen]), text]);
}

export function decodeTextMessage(body: Buffer, edition: Edition): TextMessage {
  const r = new ByteReader(body);
  const flags = r.byte('text flags');
  let kind: TextKind;
  if (edition === '2019') {
    const bits = flags & 0b11;
    const type = r.byte('text type');
    if (bits === 0) throw new BodyError(`text message flags ${flags}: no kind in bits 0–1`, 0);
    kind = bits === 0b10 ? 'emergency' : bits === 0b01 || type === 2 ? 'service' : 'notice';
  } else kind = flags & 1 ? 'emergency' : 'notice';
  const text = body.subarray(r.offset);
  if (text.length > TEXT_MAX_BYTES) throw new BodyError(`text message of ${text.length} bytes; at most ${TEXT_MAX_BYTES}`, r.offset);
  return { kind, display: (flags & DISPLAY) !== 0, tts: (flags & TTS) !== 0, text: gbkDecode(text) };
}
