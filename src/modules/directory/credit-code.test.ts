import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  hasValidOrganisationCode,
  makeCreditCode,
  normaliseCreditCode,
  organisationCodeCheckCharacter,
  validateCreditCode,
} from './credit-code.js';

/**
 * Codes published by their holders (business licences, annual reports). Each passes both the GB 32100
 * check (position 18) and the GB 11714 check of the embedded organisation code (position 17), which a
 * mistyped or invented code does with probability 1/341.
 */
const PUBLISHED_CODES = [
  '91350100M000100Y43', // commonly cited example (Fuzhou)
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '9144030071526726XG', // Shenzhen Tencent Computer Systems Co., Ltd.
  '91330100716105852F', // Alibaba (China) Co., Ltd.
  '911000001000013428', // Bank of China Ltd.
  '91520000214434146R', // Kweichow Moutai Co., Ltd.
  '91110108551385082Q', // Beijing Xiaomi Technology Co., Ltd.
  '91110000802100433B',
  '91310000132200821H',
  '91440300708461136T',
  '91330000142916567N',
];

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

describe('creditCodeCheckCharacter', () => {
  it('computes the check character of published codes', () => {
    for (const code of PUBLISHED_CODES) {
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17));
    }
  });

  it('uses weights 3^i mod 31 and maps 31 to 0', () => {
    // A single 1 at position i contributes weight w_i; check value = (31 - w_i mod 31) mod 31.
    for (let i = 0; i < 17; i++) {
      const first17 = `${'0'.repeat(i)}1${'0'.repeat(16 - i)}`;
      const w = 3 ** i % 31;
      expect(creditCodeCheckCharacter(first17)).toBe(CREDIT_CODE_ALPHABET.charAt((31 - w) % 31));
    }
    expect(creditCodeCheckCharacter('0'.repeat(17))).toBe('0');
  });

  it('values letters by their index in the 31-character alphabet', () => {
    // Y is value 30 at position 1 (weight 1): sum 30 -> check 1.
    expect(creditCodeCheckCharacter(`Y${'0'.repeat(16)}`)).toBe('1');
    // A is value 10 at position 2 (weight 3): sum 30 -> check 1.
    expect(creditCodeCheckCharacter(`0A${'0'.repeat(15)}`)).toBe('1');
  });

  it('throws on wrong length or characters outside the alphabet', () => {
    expect(() => creditCodeCheckCharacter('9135010')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100M000100Y43')).toThrow(RangeError);
    for (const bad of ['I', 'O', 'S', 'V', 'Z', 'a', '-', ' ']) {
      expect(() => creditCodeCheckCharacter(`9135010${bad}M000100Y4`)).toThrow(RangeError);
    }
  });
});

describe('organisationCodeCheckCharacter (GB 11714)', () => {
  it('matches the organisation codes embedded in published credit codes', () => {
    for (const code of PUBLISHED_CODES) {
      expect(organisationCodeCheckCharacter(code.slice(8, 16))).toBe(code.charAt(16));
      expect(hasValidOrganisationCode(code)).toBe(true);
    }
  });

  it('writes 10 as X and 11 as 0', () => {
    // 00000001: sum 2 -> 11 - 2 = 9.
    expect(organisationCodeCheckCharacter('00000001')).toBe('9');
    expect(organisationCodeCheckCharacter('00000000')).toBe('0'); // sum 0 -> 11 -> '0'
    expect(organisationCodeCheckCharacter('00000010')).toBe('7'); // sum 4 -> 7
    // sum 1 (mod 11) -> 10 -> 'X': '3' at the position of weight 4 gives 12 = 1 mod 11.
    expect(organisationCodeCheckCharacter('00000030')).toBe('X');
    expect(organisationCodeCheckCharacter('71526726')).toBe('X');
  });

  it('values letters A=10 ... Z=35', () => {
    // Z (35) at weight 3: 105 = 6 mod 11 -> 5.
    expect(organisationCodeCheckCharacter('Z0000000')).toBe('5');
    // A (10) at weight 3: 30 = 8 mod 11 -> 3.
    expect(organisationCodeCheckCharacter('A0000000')).toBe('3');
  });

  it('throws on bad input', () => {
    expect(() => organisationCodeCheckCharacter('1234567')).toThrow(RangeError);
    expect(() => organisationCodeCheckCharacter('1234567a')).toThrow(RangeError);
  });

  it('hasValidOrganisationCode rejects a wrong position 17', () => {
    expect(hasValidOrganisationCode('91350100M000100X43')).toBe(false);
    expect(hasValidOrganisationCode('short')).toBe(false);
  });
});

describe('validateCreditCode', () => {
  it('accepts published codes', () => {
    for (const code of PUBLISHED_CODES) expect(validateCreditCode(code)).toEqual({ ok: true });
  });

  it('rejects every single-character substitution of a valid code', () => {
    const failures: string[] = [];
    let tried = 0;
    for (const code of PUBLISHED_CODES) {
      for (let i = 0; i < 18; i++) {
        for (const ch of CREDIT_CODE_ALPHABET) {
          if (ch === code.charAt(i)) continue;
          const mutated = code.slice(0, i) + ch + code.slice(i + 1);
          const result = validateCreditCode(mutated);
          const expected = i === 17 ? code.charAt(17) : creditCodeCheckCharacter(mutated.slice(0, 17));
          if (result.ok || result.reason !== 'check_character' || result.expected !== expected || expected === mutated.charAt(17))
            failures.push(mutated);
          tried++;
        }
      }
    }
    expect(tried).toBe(PUBLISHED_CODES.length * 18 * 30);
    expect(failures).toEqual([]);
  });

  it('rejects every transposition of two different adjacent characters in the first 17', () => {
    for (const code of PUBLISHED_CODES) {
      for (let i = 0; i < 16; i++) {
        const a = code.charAt(i);
        const b = code.charAt(i + 1);
        if (a === b) continue;
        const swapped = code.slice(0, i) + b + a + code.slice(i + 2);
        expect(validateCreditCode(swapped).ok, swapped).toBe(false);
      }
    }
  });

  it('reports the expected check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check_character', expected: '3' });
  });

  it('rejects wrong lengths', () => {
    for (const code of ['', '9', '91350100M000100Y4', '91350100M000100Y433', ' 91350100M000100Y43']) {
      expect(validateCreditCode(code)).toEqual({ ok: false, reason: 'length' });
    }
  });

  it('rejects lower case and characters outside the alphabet', () => {
    expect(validateCreditCode('91350100m000100y43')).toEqual({ ok: false, reason: 'charset' });
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', ' ', '０', '*']) {
      expect(validateCreditCode(`91350100${bad}000100Y43`)).toEqual({ ok: false, reason: 'charset' });
    }
  });

  it('does not require the embedded organisation code to pass GB 11714', () => {
    const first17 = '91350100M000100X4';
    const code = first17 + creditCodeCheckCharacter(first17);
    expect(validateCreditCode(code)).toEqual({ ok: true });
    expect(hasValidOrganisationCode(code)).toBe(false);
  });
});

describe('normaliseCreditCode', () => {
  it('trims, removes spaces and upper-cases', () => {
    expect(normaliseCreditCode('  91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('\t91350100M000100Y43\n')).toBe('91350100M000100Y43');
    expect(normaliseCreditCode('91350100\u3000M000100Y43')).toBe('91350100M000100Y43');
    expect(validateCreditCode(normaliseCreditCode(' 9135 0100m000100y43 '))).toEqual({ ok: true });
  });
});

describe('makeCreditCode', () => {
  it('rebuilds published codes from their parts', () => {
    for (const code of PUBLISHED_CODES) {
      const built = makeCreditCode({
        department: code.charAt(0),
        category: code.charAt(1),
        division: code.slice(2, 8),
        body8: code.slice(8, 16),
      });
      expect(built).toBe(code);
    }
  });

  it('round-trips for many seeded random inputs', () => {
    const random = mulberry32(32100);
    const pick = (s: string) => s.charAt(Math.floor(random() * s.length));
    const digits = '0123456789';
    const seen = new Set<string>();
    const failures: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const department = pick('1589ANY');
      const category = pick('123459');
      let division = '';
      for (let i = 0; i < 6; i++) division += pick(digits);
      let body8 = '';
      for (let i = 0; i < 8; i++) body8 += pick(CREDIT_CODE_ALPHABET);
      const code = makeCreditCode({ department, category, division, body8 });
      const ok =
        code.length === 18 &&
        code.slice(0, 16) === department + category + division + body8 &&
        validateCreditCode(code).ok &&
        hasValidOrganisationCode(code);
      if (!ok) failures.push(code);
      seen.add(code);
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThan(2990);
  });

  it('throws on malformed parts', () => {
    const good = { department: '9', category: '1', division: '330106', body8: 'MA2ABCDE' };
    expect(makeCreditCode(good)).toHaveLength(18);
    expect(() => makeCreditCode({ ...good, department: '' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, department: 'I' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, category: '11' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, division: '33010' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, division: '33010A' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, body8: 'MA2ABCD' })).toThrow(RangeError);
    expect(() => makeCreditCode({ ...good, body8: 'MA2ABCDO' })).toThrow(RangeError);
  });
});
