import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  type EffectiveStatus,
  effectiveStatus,
  normaliseCode,
  type RecordedStatus,
  type Transition,
  transition,
  validityProblems,
  verificationCode,
} from './entrustment.rules.js';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
const validity = { validFrom: at(10), validUntil: at(20) };
const moments: [string, Date][] = [
  ['before', at(5)],
  ['at the start', at(10)],
  ['inside', at(15)],
  ['just before the end', new Date(at(20).getTime() - 1)],
  ['at the end', at(20)],
  ['after', at(25)],
];

const EXPECTED: Record<RecordedStatus, EffectiveStatus[]> = {
  active: ['upcoming', 'in_force', 'in_force', 'in_force', 'expired', 'expired'],
  suspended: ['suspended', 'suspended', 'suspended', 'suspended', 'expired', 'expired'],
  ended: ['ended', 'ended', 'ended', 'ended', 'ended', 'ended'],
};

describe('effective status', () => {
  for (const recorded of ['active', 'suspended', 'ended'] as const) {
    it.each(moments.map(([label, when], i) => [label, when, EXPECTED[recorded][i]] as const))(
      `${recorded}, %s the period → %s`,
      (_label, when, expected) => {
        expect(effectiveStatus(recorded, validity, when)).toBe(expected);
      },
    );
  }
});

describe('transitions', () => {
  const TABLE: Record<RecordedStatus, Record<Transition, RecordedStatus | null>> = {
    active: { suspend: 'suspended', resume: null, end: 'ended' },
    suspended: { suspend: null, resume: 'active', end: 'ended' },
    ended: { suspend: null, resume: null, end: null },
  };
  for (const recorded of ['active', 'suspended', 'ended'] as const) {
    for (const action of ['suspend', 'resume', 'end'] as const) {
      it(`${action} from ${recorded} inside the period → ${TABLE[recorded][action]}`, () => {
        expect(transition(recorded, validity, at(15), action)).toBe(TABLE[recorded][action]);
      });
      it(`${action} from ${recorded} after the period → only ending is allowed`, () => {
        const expected = action === 'end' && recorded !== 'ended' ? 'ended' : null;
        expect(transition(recorded, validity, at(25), action)).toBe(expected);
      });
    }
  }
  it('abilities agree with transitions', () => {
    for (const recorded of ['active', 'suspended', 'ended'] as const) {
      for (const [, when] of moments) {
        const allowed = allowedTransitions(recorded, validity, when);
        for (const action of ['suspend', 'resume', 'end'] as const)
          expect(allowed[action]).toBe(transition(recorded, validity, when, action) !== null);
      }
    }
  });
});

describe('validity', () => {
  it('refuses an end before the start, an end in the past, and more than five years', () => {
    expect(validityProblems({ validFrom: at(10), validUntil: at(10) }, at(0)).map((p) => p.detail)).toEqual(['must be after validFrom']);
    expect(validityProblems({ validFrom: at(0), validUntil: at(5) }, at(6)).map((p) => p.detail)).toEqual(['must be in the future']);
    expect(validityProblems({ validFrom: at(0), validUntil: at(6 * 366) }, at(0)).map((p) => p.detail)).toEqual([
      'an entrustment lasts at most five years',
    ]);
    expect(validityProblems(validity, at(0))).toEqual([]);
  });
});

describe('verification codes', () => {
  it('are ten Crockford base32 characters, different for different bytes', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const bytes = new Uint8Array(8);
      for (let j = 0; j < 8; j++) bytes[j] = (i * 37 + j * 101) % 256;
      bytes[0] = i % 256;
      bytes[1] = Math.floor(i / 256);
      const code = verificationCode(bytes);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(1000);
  });
  it('read back however they are typed', () => {
    expect(normaliseCode(' 0o1l-ab ')).toBe('0011AB');
  });
});
