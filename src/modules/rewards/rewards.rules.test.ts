import { describe, expect, it } from 'vitest';
import {
  CASE_ACTION_RULES,
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  type CaseStatus,
  cstDate,
  cstYear,
  dutyConflict,
  fenProblem,
  firstValidReport,
  formatFen,
  nextCaseStatus,
  RULE_2018,
  rewardFor,
  ruleInForce,
  rulePublishProblems,
} from './rewards.rules.js';

const YUAN = 100;

describe('rewardFor under the 2018 rule (15%, at least ¥3,000, at most ¥300,000)', () => {
  it('gives nothing for a penalty without a fine', () => {
    expect(rewardFor(0, RULE_2018)).toEqual({ amountFen: 0, rateFen: 0, basis: 'no_fine' });
  });

  it('raises a small share to the minimum: a ¥1,000 fine gives ¥3,000', () => {
    expect(rewardFor(1_000 * YUAN, RULE_2018)).toEqual({ amountFen: 3_000 * YUAN, rateFen: 150 * YUAN, basis: 'minimum' });
    expect(rewardFor(1, RULE_2018)).toEqual({ amountFen: 3_000 * YUAN, rateFen: 0, basis: 'minimum' });
  });

  it('gives exactly the minimum when 15% is ¥3,000: a ¥20,000 fine', () => {
    expect(rewardFor(20_000 * YUAN, RULE_2018)).toEqual({ amountFen: 3_000 * YUAN, rateFen: 3_000 * YUAN, basis: 'rate' });
  });

  it('one fen below and above the minimum', () => {
    // 15% of ¥19,999.99 is ¥2,999.9985, rounded to ¥3,000.00 — still the rate, not the floor.
    expect(rewardFor(1_999_999, RULE_2018)).toEqual({ amountFen: 300_000, rateFen: 300_000, basis: 'rate' });
    expect(rewardFor(1_999_990, RULE_2018)).toEqual({ amountFen: 300_000, rateFen: 299_999, basis: 'minimum' });
    expect(rewardFor(2_000_007, RULE_2018)).toEqual({ amountFen: 300_001, rateFen: 300_001, basis: 'rate' });
  });

  it('gives 15% between the bounds: a ¥100,000 fine gives ¥15,000', () => {
    expect(rewardFor(100_000 * YUAN, RULE_2018)).toEqual({ amountFen: 15_000 * YUAN, rateFen: 15_000 * YUAN, basis: 'rate' });
  });

  it('gives exactly the maximum when 15% is ¥300,000: a ¥2,000,000 fine', () => {
    expect(rewardFor(2_000_000 * YUAN, RULE_2018)).toEqual({ amountFen: 300_000 * YUAN, rateFen: 300_000 * YUAN, basis: 'rate' });
  });

  it('caps a larger share at the maximum: a ¥5,000,000 fine gives ¥300,000', () => {
    expect(rewardFor(5_000_000 * YUAN, RULE_2018)).toEqual({ amountFen: 300_000 * YUAN, rateFen: 750_000 * YUAN, basis: 'maximum' });
    // 15% of 200,000,001 fen rounds to exactly the cap (rate); 200,000,004 rounds one fen over it (maximum).
    expect(rewardFor(200_000_001, RULE_2018)).toMatchObject({ amountFen: 30_000_000, basis: 'rate' });
    expect(rewardFor(200_000_004, RULE_2018)).toMatchObject({ amountFen: 30_000_000, rateFen: 30_000_001, basis: 'maximum' });
  });

  it('rounds odd fen half up', () => {
    // 15% of 2,000,001 fen is 300,000.15 → 300,000; of 2,000,003 is 300,000.45 → 300,000; of 2,000,004 is 300,000.6 → 300,001.
    expect(rewardFor(2_000_001, RULE_2018).amountFen).toBe(300_000);
    expect(rewardFor(2_000_003, RULE_2018).amountFen).toBe(300_000);
    expect(rewardFor(2_000_004, RULE_2018).amountFen).toBe(300_001);
    // Exactly half a fen rounds up: 15% of 2,000,010 fen is 300,001.5 → 300,002.
    expect(rewardFor(2_000_010, RULE_2018).amountFen).toBe(300_002);
    // A rule of 12.5% shows the half case on an even share too: 12.5% of 4,000,004 = 500,000.5 → 500,001.
    expect(rewardFor(4_000_004, { rateBasisPoints: 1250, minFen: 0, maxFen: 10 ** 9 }).amountFen).toBe(500_001);
  });

  it('is exact at the largest accepted fine, where floating point would drift', () => {
    expect(rewardFor(9_999_999_999, { rateBasisPoints: 1500, minFen: 0, maxFen: 10 ** 10 }).amountFen).toBe(1_500_000_000);
  });

  it('refuses negative, fractional and non-numeric fines', () => {
    expect(() => rewardFor(-1, RULE_2018)).toThrow(RangeError);
    expect(() => rewardFor(100.5, RULE_2018)).toThrow(/whole number/);
    expect(() => rewardFor(Number.NaN, RULE_2018)).toThrow(RangeError);
    expect(() => rewardFor(Number.POSITIVE_INFINITY, RULE_2018)).toThrow(RangeError);
    expect(() => rewardFor(10_000_000_001, RULE_2018)).toThrow(/at most/);
    expect(fenProblem('100')).toMatch(/whole number/);
    expect(fenProblem(0)).toBeNull();
  });

  it('follows a configured rule: 20% with ¥500 to ¥1,000', () => {
    const rule = { rateBasisPoints: 2000, minFen: 500 * YUAN, maxFen: 1_000 * YUAN };
    expect(rewardFor(1_000 * YUAN, rule).amountFen).toBe(500 * YUAN);
    expect(rewardFor(4_000 * YUAN, rule).amountFen).toBe(800 * YUAN);
    expect(rewardFor(9_000 * YUAN, rule).amountFen).toBe(1_000 * YUAN);
  });
});

describe('the rule in force', () => {
  const v1 = { version: 1, effectiveFrom: '2018-01-04' };
  const v2 = { version: 2, effectiveFrom: '2027-01-01' };
  const v3 = { version: 3, effectiveFrom: '2027-01-01' };

  it('is the latest effective date not after the decision’s CST date, then the highest version', () => {
    expect(ruleInForce([v1, v2], new Date('2026-06-01T00:00:00Z'))).toBe(v1);
    expect(ruleInForce([v2, v1], new Date('2027-01-01T00:00:00+08:00'))).toBe(v2);
    // 2026-12-31 16:30 UTC is already 2027-01-01 in China.
    expect(ruleInForce([v1, v2], new Date('2026-12-31T16:30:00Z'))).toBe(v2);
    expect(ruleInForce([v1, v2], new Date('2026-12-31T15:59:59Z'))).toBe(v1);
    expect(ruleInForce([v1, v3, v2], new Date('2027-05-01T00:00:00Z'))).toBe(v3);
    expect(ruleInForce([v1], new Date('2017-12-31T00:00:00Z'))).toBeNull();
    expect(ruleInForce([], new Date())).toBeNull();
  });

  it('dates in China Standard Time', () => {
    expect(cstDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(cstYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });

  it('checks a new version field by field', () => {
    const good = {
      effectiveFrom: '2027-01-01',
      rateBasisPoints: 1500,
      minFen: 1,
      maxFen: 2,
      majorOnly: true,
      citation: { 'zh-CN': '依据', en: 'Source' },
    };
    expect(rulePublishProblems(good, v1)).toEqual([]);
    const fields = (over: Partial<typeof good>, latest = v1) => rulePublishProblems({ ...good, ...over }, latest).map((p) => p.field);
    expect(fields({ effectiveFrom: '2027-02-30' })).toEqual(['effectiveFrom']);
    expect(fields({ effectiveFrom: '2017-12-31' })).toEqual(['effectiveFrom']);
    expect(fields({ effectiveFrom: '2017-12-31' }, { version: 0, effectiveFrom: '2000-01-01' })).toEqual([]);
    expect(fields({ rateBasisPoints: 0 })).toEqual(['rateBasisPoints']);
    expect(fields({ rateBasisPoints: 10_001 })).toEqual(['rateBasisPoints']);
    expect(fields({ minFen: -1 })).toEqual(['minFen']);
    expect(fields({ maxFen: 0.5 })).toEqual(['maxFen']);
    expect(fields({ minFen: 3, maxFen: 2 })).toEqual(['maxFen']);
    expect(fields({ citation: { 'zh-CN': ' ', en: '' } })).toEqual(['citation.zh-CN', 'citation.en']);
  });
});

describe('the first valid reporter', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 8, minute));
  const r = (code: string, minute: number, status: string) => ({ id: code, code, status, receivedAt: at(minute) });

  it('is the earliest received of the report turned into the hazard and its duplicates', () => {
    expect(firstValidReport([r('JB-2', 10, 'hazard'), r('JB-3', 20, 'duplicate')])?.code).toBe('JB-2');
    // A duplicate received before the report the officer triaged is still the first reporter.
    expect(firstValidReport([r('JB-2', 10, 'hazard'), r('JB-1', 5, 'duplicate')])?.code).toBe('JB-1');
  });

  it('breaks a tie by the public code, and ignores reports that are not valid', () => {
    expect(firstValidReport([r('JB-9', 10, 'hazard'), r('JB-8', 10, 'duplicate')])?.code).toBe('JB-8');
    expect(firstValidReport([r('JB-1', 1, 'not_a_hazard'), r('JB-2', 2, 'hazard')])?.code).toBe('JB-2');
    expect(firstValidReport([r('JB-1', 1, 'submitted')])).toBeNull();
    expect(firstValidReport([])).toBeNull();
  });
});

describe('the case workflow', () => {
  it('goes proposed → approved | rejected, approved → paid, and nowhere from rejected or paid', () => {
    const table = Object.fromEntries(
      CASE_STATUSES.map((s) => [s, Object.fromEntries(CASE_ACTIONS.map((a) => [a, nextCaseStatus(s, a)]))]),
    ) as Record<CaseStatus, Record<string, CaseStatus | null>>;
    expect(table).toEqual({
      proposed: { approve: 'approved', reject: 'rejected', pay: null },
      approved: { approve: null, reject: null, pay: 'paid' },
      rejected: { approve: null, reject: null, pay: null },
      paid: { approve: null, reject: null, pay: null },
    });
    for (const s of CASE_STATUSES) for (const to of CASE_TRANSITIONS[s]) expect(CASE_STATUSES).toContain(to);
  });

  it('names the permission of each step', () => {
    expect(CASE_ACTION_RULES.approve.permission).toBe('rewards.case.approve');
    expect(CASE_ACTION_RULES.reject.permission).toBe('rewards.case.approve');
    expect(CASE_ACTION_RULES.pay.permission).toBe('rewards.case.pay');
  });

  it('keeps the proposer from reviewing and the approver from paying', () => {
    const people = { proposedBy: 'officer', reviewedBy: 'head' };
    expect(dutyConflict('approve', people, 'officer')).toBe('proposer_cannot_review');
    expect(dutyConflict('reject', people, 'officer')).toBe('proposer_cannot_review');
    expect(dutyConflict('approve', people, 'head')).toBeNull();
    expect(dutyConflict('pay', people, 'head')).toBe('reviewer_cannot_pay');
    expect(dutyConflict('pay', people, 'officer')).toBeNull();
    expect(dutyConflict('pay', { proposedBy: 'a', reviewedBy: null }, 'b')).toBeNull();
  });
});

describe('formatFen', () => {
  it('writes yuan with thousands separators and two decimals', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(300_000)).toBe('¥3,000.00');
    expect(formatFen(30_000_000)).toBe('¥300,000.00');
    expect(formatFen(123_456_789_01)).toBe('¥123,456,789.01');
    expect(formatFen(-150)).toBe('-¥1.50');
  });
});
