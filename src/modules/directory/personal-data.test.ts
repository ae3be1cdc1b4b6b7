import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPersonalDataCipher,
  idNumberCheckCharacter,
  loadOrCreateDataKey,
  maskIdNumber,
  maskName,
  maskPhone,
  normaliseIdNumber,
  normalisePhone,
  parseDataKey,
  validateIdNumber,
  validatePhone,
} from './personal-data.js';

/** Small deterministic PRNG (mulberry32) so the random tests are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

function digits(random: () => number, count: number): string {
  let s = '';
  for (let i = 0; i < count; i++) s += String(randomInt(random, 10));
  return s;
}

/** The province-level codes, written out independently of the implementation. */
const PROVINCES = [
  ...['11', '12', '13', '14', '15'],
  ...['21', '22', '23'],
  ...['31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46'],
  ...['50', '51', '52', '53', '54'],
  ...['61', '62', '63', '64', '65'],
  ...['71', '81', '82', '83'],
];

/** ISO 7064 MOD 11-2, the check system GB 11643 adopts, in its own formulation: an independent reference. */
function iso7064Mod112(first17: string): string {
  let p = 0;
  for (const ch of first17) p = ((p + Number(ch)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

/** Completes 17 digits with the check character. */
function withCheck(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

/** 2025-06-15 12:00 in China Standard Time. */
const TODAY = new Date('2025-06-15T04:00:00Z');

/** A valid number (the often-quoted 110101199003074512 has a wrong check character: it should end in 4). */
const VALID_ID = '110101199003074514';

describe('idNumberCheckCharacter', () => {
  it('matches the examples of GB 11643-1999 and other published numbers', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X'); // GB 11643-1999 example
    expect(idNumberCheckCharacter('44052418800101001')).toBe('4'); // GB 11643-1999 example
    expect(idNumberCheckCharacter(VALID_ID.slice(0, 17))).toBe(VALID_ID.charAt(17));
    expect(validateIdNumber('110101199003074512', TODAY)).toEqual({ ok: false, reason: 'check_character', expected: '4' });
  });

  it('agrees with ISO 7064 MOD 11-2 on every unit vector and on 5,000 random inputs', () => {
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        const first17 = `${'0'.repeat(i)}${d}${'0'.repeat(16 - i)}`;
        expect(idNumberCheckCharacter(first17)).toBe(iso7064Mod112(first17));
      }
    }
    const random = mulberry32(11643);
    for (let n = 0; n < 5000; n++) {
      const first17 = digits(random, 17);
      expect(idNumberCheckCharacter(first17)).toBe(iso7064Mod112(first17));
    }
  });

  it('yields every one of the 11 check characters', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) seen.add(idNumberCheckCharacter(String(11010119900307000 + n)));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('throws on anything but 17 ASCII digits', () => {
    for (const bad of [
      '',
      '1101011990030745',
      '110101199003074512',
      '1101011990030745X',
      '１１０１０１１９９００３０７４５',
      '11010119900307 45',
    ]) {
      expect(() => idNumberCheckCharacter(bad)).toThrow(RangeError);
    }
  });
});

describe('normaliseIdNumber', () => {
  it.each([
    ['  110105194912310021 ', '110105194912310021'],
    ['11010519491231002x', '11010519491231002X'],
    ['110105 19491231 002x', '11010519491231002X'],
    ['110105\u300019491231\t002X\n', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
  ])('%j → %j', (input, expected) => {
    expect(normaliseIdNumber(input)).toBe(expected);
  });
});

describe('validateIdNumber', () => {
  it('accepts numbers built for 2,000 random regions, birth dates and sequences, with birth date and sex', () => {
    const random = mulberry32(20250615);
    const first = Date.UTC(1900, 0, 1);
    const last = Date.UTC(2025, 5, 15);
    for (let n = 0; n < 2000; n++) {
      const province = PROVINCES[randomInt(random, PROVINCES.length)] as string;
      const birth = new Date(first + randomInt(random, (last - first) / 86_400_000 + 1) * 86_400_000);
      const birthDate = birth.toISOString().slice(0, 10);
      const sequence = digits(random, 3);
      const id = withCheck(province + digits(random, 4) + birthDate.replace(/-/g, '') + sequence);
      const sex = Number(sequence.charAt(2)) % 2 === 1 ? 'male' : 'female';
      expect(validateIdNumber(id, TODAY)).toEqual({ ok: true, birthDate, sex });
    }
  });

  it('accepts the GB 11643 example with its X check character, in upper or lower case', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
    expect(validateIdNumber('11010519491231002x', TODAY)).toEqual({ ok: true, birthDate: '1949-12-31', sex: 'female' });
    expect(validateIdNumber(normaliseIdNumber(' 11010519491231002x '), TODAY)).toEqual({
      ok: true,
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('reads the sex from the parity of the sequence: odd male, even female', () => {
    for (let sequence = 0; sequence < 1000; sequence++) {
      const id = withCheck(`33010619850615${String(sequence).padStart(3, '0')}`);
      const result = validateIdNumber(id, TODAY);
      expect(result).toEqual({ ok: true, birthDate: '1985-06-15', sex: sequence % 2 === 1 ? 'male' : 'female' });
    }
  });

  it('refuses every single-character substitution of valid numbers', () => {
    const alphabet = '0123456789Xx';
    const random = mulberry32(7);
    const ids = ['11010519491231002X', VALID_ID];
    for (let n = 0; n < 20; n++) {
      const province = PROVINCES[randomInt(random, PROVINCES.length)] as string;
      ids.push(
        withCheck(
          `${province}${digits(random, 4)}19${String(10 + randomInt(random, 90))}0${1 + randomInt(random, 9)}1${randomInt(random, 10)}${digits(random, 3)}`,
        ),
      );
    }
    for (const id of ids) {
      expect(validateIdNumber(id, TODAY).ok).toBe(true);
      for (let i = 0; i < 18; i++) {
        for (const ch of alphabet) {
          const original = id.charAt(i);
          if (ch.toUpperCase() === original || (i < 17 && ch === 'x')) continue;
          const mutated = id.slice(0, i) + ch + id.slice(i + 1);
          expect(validateIdNumber(mutated, TODAY).ok, `${id} → ${mutated}`).toBe(false);
        }
      }
    }
  });

  it('refuses every swap of two adjacent different digits among the first 17', () => {
    const random = mulberry32(99);
    for (let n = 0; n < 50; n++) {
      const id = withCheck(
        `44030${digits(random, 1)}19${String(10 + randomInt(random, 90))}1${randomInt(random, 3)}1${randomInt(random, 10)}${digits(random, 3)}`,
      );
      expect(validateIdNumber(id, TODAY).ok).toBe(true);
      for (let i = 0; i < 16; i++) {
        if (id.charAt(i) === id.charAt(i + 1)) continue;
        const swapped = id.slice(0, i) + id.charAt(i + 1) + id.charAt(i) + id.slice(i + 2);
        expect(validateIdNumber(swapped, TODAY).ok, `${id} → ${swapped}`).toBe(false);
      }
    }
  });

  it('reports the length of anything but 18 characters, including 15-digit numbers', () => {
    for (const id of ['', '1', '110105491231002', '11010519491231002', '11010519491231002X1', ' 11010519491231002X']) {
      expect(validateIdNumber(id, TODAY)).toEqual({ ok: false, reason: 'length' });
    }
  });

  it('reports characters other than 17 digits then a digit or X', () => {
    for (const id of [
      '1101051949123100XX',
      'A1010519491231002X',
      '11010519491231002Y',
      '110105-9491231002X',
      '１10105194912310021',
      '11010519491231002 ',
    ]) {
      expect(validateIdNumber(id, TODAY)).toEqual({ ok: false, reason: 'charset' });
    }
  });

  it('accepts exactly the province-level codes (all 100 two-digit prefixes)', () => {
    const valid = new Set(PROVINCES);
    for (let p = 0; p < 100; p++) {
      const prefix = String(p).padStart(2, '0');
      const id = withCheck(`${prefix}010119900307451`);
      const result = validateIdNumber(id, TODAY);
      if (valid.has(prefix)) expect(result.ok, prefix).toBe(true);
      else expect(result, prefix).toEqual({ ok: false, reason: 'region' });
    }
  });

  it('knows leap days', () => {
    const cases: [string, boolean][] = [
      ['20000229', true], // divisible by 400
      ['19000229', false], // divisible by 100, not 400
      ['20240229', true],
      ['20230229', false],
      ['19960229', true],
      ['20000230', false],
      ['20240230', false],
    ];
    for (const [date, valid] of cases) {
      const result = validateIdNumber(withCheck(`320102${date}123`), TODAY);
      if (valid) expect(result.ok, date).toBe(true);
      else expect(result, date).toEqual({ ok: false, reason: 'birth_date' });
    }
  });

  it('knows the length of every month', () => {
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const date = `2023${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
        const expected = month >= 1 && month <= 12 && day >= 1 && day <= (lengths[month - 1] as number);
        expect(validateIdNumber(withCheck(`510104${date}376`), TODAY).ok, date).toBe(expected);
      }
    }
  });

  it('refuses birth dates before 1900 and after today in China Standard Time', () => {
    const birth = (date: string) => withCheck(`440524${date}001`);
    expect(validateIdNumber('440524188001010014', TODAY)).toEqual({ ok: false, reason: 'birth_date' }); // GB 11643 example, born 1880
    expect(validateIdNumber(birth('18991231'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(birth('19000101'), TODAY).ok).toBe(true);
    expect(validateIdNumber(birth('20250615'), TODAY).ok).toBe(true);
    expect(validateIdNumber(birth('20250616'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(birth('29991231'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(birth('00000101'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });

    // 2024-02-29 15:59:59 UTC is still 29 February in China; one second later it is 1 March.
    const lastSecond = new Date('2024-02-29T15:59:59Z');
    const nextSecond = new Date('2024-02-29T16:00:00Z');
    expect(validateIdNumber(birth('20240229'), lastSecond).ok).toBe(true);
    expect(validateIdNumber(birth('20240301'), lastSecond)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(birth('20240301'), nextSecond).ok).toBe(true);
  });

  it('defaults today to now', () => {
    const now = new Date(Date.now() + 8 * 3_600_000);
    const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    expect(validateIdNumber(withCheck(`370202${yesterday}002`)).ok).toBe(true);
    expect(validateIdNumber(withCheck(`370202${tomorrow}002`))).toEqual({ ok: false, reason: 'birth_date' });
  });

  it('reports a wrong check character with the expected one', () => {
    for (const wrong of '0123456789X') {
      if (wrong === 'X') continue;
      expect(validateIdNumber(`11010519491231002${wrong}`, TODAY)).toEqual({ ok: false, reason: 'check_character', expected: 'X' });
    }
    expect(validateIdNumber('11010519491231002X'.replace('X', '0').replace('1949', '1950'), TODAY)).toEqual({
      ok: false,
      reason: 'check_character',
      expected: idNumberCheckCharacter('11010519501231002'),
    });
  });

  it('checks in the order length, charset, region, birth date, check character', () => {
    expect(validateIdNumber('A1010519491231002', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(validateIdNumber('A00105 9491331002Z', TODAY)).toEqual({ ok: false, reason: 'charset' });
    expect(validateIdNumber('001005194913310029', TODAY)).toEqual({ ok: false, reason: 'region' });
    expect(validateIdNumber('110105194913310029', TODAY)).toEqual({ ok: false, reason: 'birth_date' });
  });

  it('throws on an invalid today', () => {
    expect(() => validateIdNumber('11010519491231002X', new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    [' 138 1234 5678 ', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['００８６１３８１２３４５６７８', '13812345678'],
    ['＋８６ １３８ １２３４ ５６７８', '13812345678'],
    ['010-12345678', '01012345678'],
    ['010-1234-5678', '01012345678'],
    ['(010) 1234 5678', '01012345678'],
    ['（０５７１）８７６５４３２', '05718765432'],
    ['0571-8765432', '05718765432'],
    ['010-12345678-123', '01012345678-123'],
    ['0571-8765432-1', '05718765432-1'],
    ['0571 87654321-888888', '057187654321-888888'],
    ['+86 10 1234 5678', '01012345678'],
    ['+86 571 8765 4321', '057187654321'],
    ['+86 (0)571 8765 4321', '057187654321'],
    ['+86 20 1234 5678 - 12', '02012345678-12'],
    ['8613812345678', '8613812345678'], // no plus, no 00: not a country code
    ['', ''],
    ['+86', ''],
    ['abc', 'abc'],
  ])('%j → %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });
});

describe('validatePhone', () => {
  it('accepts mobile numbers starting 13-19', () => {
    for (let second = 0; second <= 9; second++) {
      const phone = `1${second}812345678`;
      if (second >= 3) expect(validatePhone(phone)).toEqual({ ok: true, kind: 'mobile' });
      else expect(validatePhone(phone)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it.each([
    '010-12345678',
    '01012345678',
    '02012345678',
    '020-12345678',
    '0571-8765432',
    '05718765432',
    '057187654321',
    '0571-87654321',
    '0991-1234567',
    '01012345678-1',
    '010-12345678-123456',
    '05718765432-88',
  ])('accepts the landline %j', (phone) => {
    expect(validatePhone(phone)).toEqual({ ok: true, kind: 'landline' });
  });

  it.each([
    '',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '12812345678', // 12x is not a mobile prefix
    '23812345678',
    '+8613812345678', // not normalised
    '138 1234 5678',
    '138-1234-5678',
    '1381234567a',
    '０１０１２３４５６７８',
    '0101234567', // 3-digit area codes have 8-digit numbers
    '010123456789',
    '0571876543', // 6-digit local number
    '0571876543210', // 9-digit local number
    '12345678', // no area code
    '00112345678', // 00 is the international prefix
    '0571-8765432-', // empty extension
    '0571-8765432-1234567', // 7-digit extension
    '0571--8765432',
    '0571-8765432-12-3',
    '13812345678-1', // mobiles have no extension
  ])('refuses %j', (phone) => {
    expect(validatePhone(phone)).toEqual({ ok: false, reason: 'format' });
  });

  it('accepts what normalisePhone makes of everyday input', () => {
    for (const input of ['+86 138 1234 5678', '(010) 1234 5678', '+86 571 8765 4321', '020-12345678-12', '０５７１－８７６５４３２']) {
      expect(validatePhone(normalisePhone(input)).ok, input).toBe(true);
    }
  });
});

describe('masking', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['19912345678', '199****5678'],
    ['010-12345678', '010****5678'],
    ['02012345678', '020****5678'],
    ['0571-8765432', '0571****5432'],
    ['057187655432', '0571****5432'],
    ['010-12345678-123', '010****5678-***'],
    ['1381234567', '1*********'], // one digit short
    ['12345', '1****'],
    ['1', '1'],
    ['', ''],
    ['   ', ''],
    ['电话未知', '电***'],
    ['138123456789', '1***********'], // one digit too many
  ])('maskPhone(%j) → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it.each([
    ['110101199003074512', '110101********4512'],
    ['11010519491231002X', '110105********002X'],
    ['11010519491231002x', '110105********002X'],
    [' 110101 19900307 4512 ', '110101********4512'],
    ['110105491231002', '1**************'], // 15-digit old number
    ['1101011990', '1*********'],
    ['X', 'X'],
    ['', ''],
    ['身份证号码未登记', '身*******'],
    ['1101011990030745123', '1******************'],
  ])('maskIdNumber(%j) → %j', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['李', '李'],
    ['王小明', '王**'],
    ['John Smith', 'J*********'],
    ['  张三  ', '张*'],
    ['阿卜杜·热合曼', '阿******'],
    ['𠀀𠀁', '𠀀*'], // characters outside the BMP count as one
    ['', ''],
    [' ', ''],
  ])('maskName(%j) → %j', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });

  it('never throws on odd input', () => {
    const odd: unknown[] = [undefined, null, 42, {}, '\u0000', '\uD800', '-'.repeat(1000), '+86', '0086-'];
    for (const value of odd) {
      expect(() => maskPhone(value as string)).not.toThrow();
      expect(() => maskIdNumber(value as string)).not.toThrow();
      expect(() => maskName(value as string)).not.toThrow();
    }
  });

  it('reveals nothing of a valid number beyond the kept characters', () => {
    const random = mulberry32(3);
    for (let n = 0; n < 200; n++) {
      const id = withCheck(
        `110101${1950 + randomInt(random, 70)}0${1 + randomInt(random, 9)}1${randomInt(random, 10)}${digits(random, 3)}`,
      );
      const masked = maskIdNumber(id);
      expect(masked.slice(6, 14)).toBe('********');
      expect(masked.slice(0, 6) + masked.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
    }
  });
});

describe('createPersonalDataCipher', () => {
  const key = randomBytes(32);
  const cipher = createPersonalDataCipher(key);

  it('round-trips Chinese text, empty strings and long values', () => {
    for (const plain of ['张三', '110101199003074512', '', '浙江省杭州市西湖区文三路 90 号 🏭', 'x'.repeat(10_000)]) {
      const sealed = cipher.encrypt(plain);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
      expect(sealed).not.toContain(plain === '' ? '\u0000' : plain);
      expect(cipher.decrypt(sealed)).toBe(plain);
    }
  });

  it('gives distinct ciphertexts for equal plaintexts', () => {
    const sealed = new Set<string>();
    const ivs = new Set<string>();
    for (let n = 0; n < 100; n++) {
      const s = cipher.encrypt('13812345678');
      sealed.add(s);
      ivs.add(s.split('.')[1] as string);
    }
    expect(sealed.size).toBe(100);
    expect(ivs.size).toBe(100);
  });

  it('refuses a change of any single character in any part', () => {
    const sealed = cipher.encrypt('欧阳娜娜 13812345678');
    const parts = sealed.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let part = 1; part <= 3; part++) {
      const text = parts[part] as string;
      for (let i = 0; i < text.length; i++) {
        // Two replacements per position: the next character of the alphabet, and one that flips the lowest bit.
        const index = alphabet.indexOf(text.charAt(i));
        for (const replacement of [alphabet.charAt((index + 1) % 64), alphabet.charAt(index ^ 1)]) {
          const tampered = [...parts];
          tampered[part] = text.slice(0, i) + replacement + text.slice(i + 1);
          expect(() => cipher.decrypt(tampered.join('.')), `part ${part} position ${i}`).toThrow(/^personal data cannot be decrypted/);
        }
      }
    }
  });

  it('refuses truncated, extended, swapped and malformed values', () => {
    const sealed = cipher.encrypt('张三');
    const [version, iv, ciphertext, tag] = sealed.split('.') as [string, string, string, string];
    const other = cipher.encrypt('李四').split('.') as [string, string, string, string];
    const bad = [
      '',
      'v1',
      sealed.slice(0, -1),
      `${sealed}A`,
      `${sealed}.`,
      `v2.${iv}.${ciphertext}.${tag}`,
      `V1.${iv}.${ciphertext}.${tag}`,
      `${version}.${iv}.${ciphertext}`,
      `${version}.${iv}.${ciphertext}.${tag}.${tag}`,
      `${version}.${iv}==.${ciphertext}.${tag}`,
      `${version}.${iv}.${ciphertext}.${tag}=`,
      `${version}.${iv.replace(/./, '+')}.${ciphertext}.${tag}`,
      `${version}.${other[1]}.${ciphertext}.${tag}`,
      `${version}.${iv}.${other[2]}.${tag}`,
      `${version}.${iv}.${ciphertext}.${other[3]}`,
      `${version}.${iv}.${ciphertext}${ciphertext}.${tag}`,
      `${version}.${iv}..${tag}`,
      `${version}.${iv}.${ciphertext}.${tag.slice(0, 16)}`,
      `${version}.${iv}${iv}.${ciphertext}.${tag}`,
    ];
    for (const value of bad) {
      expect(() => cipher.decrypt(value), value).toThrow(/^personal data cannot be decrypted/);
    }
    expect(() => cipher.decrypt(undefined as unknown as string)).toThrow(/^personal data cannot be decrypted/);
  });

  it('refuses values sealed under another key, without revealing them', () => {
    const other = createPersonalDataCipher(randomBytes(32));
    const sealed = cipher.encrypt('110101199003074512');
    let message = '';
    try {
      other.decrypt(sealed);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^personal data cannot be decrypted/);
    expect(message).not.toContain('110101');
    expect(message).not.toContain(sealed);
  });

  it('decrypts with a new cipher built from the same key', () => {
    const sealed = cipher.encrypt('王小明');
    expect(createPersonalDataCipher(Buffer.from(key)).decrypt(sealed)).toBe('王小明');
  });

  it('computes a blind index equal for equal values, different for different values and across keys', () => {
    const index = cipher.blindIndex('110101199003074512');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('110101199003074512')).toBe(index);
    expect(createPersonalDataCipher(Buffer.from(key)).blindIndex('110101199003074512')).toBe(index);
    expect(cipher.blindIndex('110101199003074513')).not.toBe(index);
    expect(cipher.blindIndex('')).toMatch(/^[0-9a-f]{64}$/);
    expect(createPersonalDataCipher(randomBytes(32)).blindIndex('110101199003074512')).not.toBe(index);
    const indices = new Set<string>();
    for (let n = 0; n < 1000; n++) indices.add(cipher.blindIndex(String(13800000000 + n)));
    expect(indices.size).toBe(1000);
  });

  it('derives its keys with HKDF-SHA256 (known answer for the all-zero key)', async () => {
    const { createHmac, hkdfSync, createDecipheriv } = await import('node:crypto');
    const zero = Buffer.alloc(32);
    const zeroCipher = createPersonalDataCipher(zero);
    const indexKey = Buffer.from(hkdfSync('sha256', zero, Buffer.alloc(0), 'gongzhi blind index v1', 32));
    expect(zeroCipher.blindIndex('张三')).toBe(createHmac('sha256', indexKey).update('张三', 'utf8').digest('hex'));
    // The blind-index key is not the data key itself nor the encryption key.
    expect(zeroCipher.blindIndex('张三')).not.toBe(createHmac('sha256', zero).update('张三', 'utf8').digest('hex'));

    const encryptionKey = Buffer.from(hkdfSync('sha256', zero, Buffer.alloc(0), 'gongzhi encryption v1', 32));
    const [, iv, ciphertext, tag] = zeroCipher.encrypt('张三').split('.') as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from('gongzhi personal data v1', 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    expect(Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')).toBe('张三');
  });

  it('refuses keys that are not 32 bytes', () => {
    for (const bad of [Buffer.alloc(0), Buffer.alloc(16), Buffer.alloc(31), Buffer.alloc(33), 'a'.repeat(32) as unknown as Buffer]) {
      expect(() => createPersonalDataCipher(bad)).toThrow(/32 bytes/);
    }
  });
});

describe('parseDataKey', () => {
  const key = randomBytes(32);

  it('decodes 32 bytes of base64, padded or not, standard or URL alphabet, with surrounding white space', () => {
    const standard = key.toString('base64');
    expect(parseDataKey(standard).equals(key)).toBe(true);
    expect(parseDataKey(standard.replace(/=+$/, '')).equals(key)).toBe(true);
    expect(parseDataKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(parseDataKey(`  ${standard}\n`).equals(key)).toBe(true);
  });

  it('refuses anything else with a clear message that does not contain the value', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      [randomBytes(16).toString('base64'), /decodes to 16 bytes/],
      [randomBytes(31).toString('base64'), /decodes to 31 bytes/],
      [randomBytes(33).toString('base64'), /decodes to 33 bytes/],
      [randomBytes(64).toString('base64'), /decodes to 64 bytes/],
      [key.toString('hex'), /decodes to 48 bytes/],
      [`${key.toString('base64').slice(0, 20)}!${key.toString('base64').slice(21)}`, /not valid base64/],
      [`${key.toString('base64').slice(0, 20)} ${key.toString('base64').slice(21)}`, /not valid base64/],
      ['密钥'.repeat(22), /not valid base64/],
      [`${key.toString('base64')}=`, /not valid base64/],
    ];
    for (const [input, message] of cases) {
      let error: Error | undefined;
      try {
        parseDataKey(input);
      } catch (e) {
        error = e as Error;
      }
      expect(error, input).toBeInstanceOf(Error);
      expect(error?.message).toMatch(message);
      expect(error?.message).toMatch(/32 bytes/);
      if (input.trim() !== '') expect(error?.message).not.toContain(input.trim());
    }
  });

  it('refuses non-canonical base64 (unused bits set)', () => {
    const text = key.toString('base64').replace(/=+$/, ''); // 43 characters, the last carrying 2 unused bits
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = alphabet.indexOf(text.charAt(42));
    const altered = text.slice(0, 42) + alphabet.charAt(last ^ 1);
    expect(() => parseDataKey(altered)).toThrow(/not canonical base64/);
  });
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('loadOrCreateDataKey', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-data-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key once, in new parent folders, readable by the owner only, then reads the same key', () => {
    const file = path.join(dir, 'a', 'b', 'data.key');
    const created = loadOrCreateDataKey(file);
    expect(created.length).toBe(32);
    expect(parseDataKey(readFileSync(file, 'utf8')).equals(created)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadOrCreateDataKey(file);
    expect(again.equals(created)).toBe(true);
    expect(loadOrCreateDataKey(path.join(dir, 'other.key')).equals(created)).toBe(false);
    // No temporary files are left behind.
    expect(readdir(path.dirname(file))).toEqual(['data.key']);
  });

  it('reads a key written by an operator', () => {
    const file = path.join(dir, 'operator.key');
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
    expect(loadOrCreateDataKey(file).equals(key)).toBe(true);
  });

  it('refuses, and never overwrites, a file that does not hold a key', () => {
    for (const [name, content] of [
      ['empty.key', ''],
      ['short.key', randomBytes(16).toString('base64')],
      ['garbage.key', 'not a key!'],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, content, { mode: 0o600 });
      expect(() => loadOrCreateDataKey(file)).toThrow(new RegExp(`data key file .*${name}`));
      expect(readFileSync(file, 'utf8')).toBe(content);
    }
  });

  it('lets processes starting at once agree on one key', async () => {
    const file = path.join(dir, 'concurrent', 'data.key');
    const moduleUrl = new URL('./personal-data.ts', import.meta.url).href;
    const script = `import { loadOrCreateDataKey } from ${JSON.stringify(moduleUrl)};
process.stdout.write(loadOrCreateDataKey(${JSON.stringify(file)}).toString('base64'));`;
    const run = promisify(execFile);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: root })),
    );
    const keys = new Set(results.map((r) => r.stdout));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBe(readFileSync(file, 'utf8').trim());
    expect(readdir(path.dirname(file))).toEqual(['data.key']);
  });
});

function readdir(dir: string): string[] {
  return readdirSync(dir).sort();
}
