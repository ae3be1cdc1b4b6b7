import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME } from './risks.defaults.js';
import { RISK_LEVELS, type RiskLevel, TIERS } from './risks.reference.js';
import {
  type Band,
  bandOf,
  bandProblems,
  contains,
  controlTiers,
  dueState,
  effectiveScheme,
  formatInterval,
  grade,
  type Interval,
  lecScore,
  levelRank,
  matrixFromBands,
  nextDue,
  type SchemeContent,
  schemeProblems,
  stricter,
  strictest,
} from './risks.rules.js';

const clone = (): SchemeContent => structuredClone(DEFAULT_SCHEME);
const iv = (lower: number | null, lowerInclusive: boolean, upper: number | null, upperInclusive: boolean): Interval => ({
  lower,
  lowerInclusive,
  upper,
  upperInclusive,
});
const b = (interval: Interval, level: RiskLevel): Band => ({ interval, level, grade: '', meaning: { 'zh-CN': '', en: '' } });
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('levels', () => {
  it('ranks major above high above moderate above low', () => {
    expect(RISK_LEVELS.map(levelRank)).toEqual([4, 3, 2, 1]);
  });

  it('the stricter of any two levels is the more severe one, whichever comes first', () => {
    for (const a of RISK_LEVELS)
      for (const c of RISK_LEVELS) {
        const expected = RISK_LEVELS.indexOf(a) <= RISK_LEVELS.indexOf(c) ? a : c;
        expect(stricter(a, c)).toBe(expected);
        expect(stricter(c, a)).toBe(expected);
      }
  });

  it('the strictest of a list ignores missing levels and is null for none', () => {
    expect(strictest([])).toBeNull();
    expect(strictest([null, undefined])).toBeNull();
    expect(strictest(['low', null, 'moderate', undefined, 'low'])).toBe('moderate');
    expect(strictest(['high', 'major', 'low'])).toBe('major');
  });
});

describe('intervals', () => {
  it('an edge belongs to the interval only when it is inclusive', () => {
    expect(contains(iv(1, true, 2, false), 1)).toBe(true);
    expect(contains(iv(1, false, 2, false), 1)).toBe(false);
    expect(contains(iv(1, false, 2, true), 2)).toBe(true);
    expect(contains(iv(1, false, 2, false), 2)).toBe(false);
    expect(contains(iv(1, false, 2, false), 1.5)).toBe(true);
    expect(contains(iv(null, false, 2, false), -1e9)).toBe(true);
    expect(contains(iv(1, false, null, false), 1e9)).toBe(true);
    expect(contains(iv(1, false, null, false), 0.5)).toBe(false);
  });

  it('prints as people write intervals', () => {
    expect(formatInterval(iv(160, false, 320, true))).toBe('(160, 320]');
    expect(formatInterval(iv(20, true, null, false))).toBe('[20, +∞)');
    expect(formatInterval(iv(null, false, 9, false))).toBe('(-∞, 9)');
  });
});

describe('LEC by the default scheme', () => {
  const bands = DEFAULT_SCHEME.lec.bands;
  /** The classic reading, written independently of the band data. */
  const classic = (d: number): [RiskLevel, string] =>
    d > 320 ? ['major', '1'] : d > 160 ? ['high', '2'] : d > 70 ? ['moderate', '3'] : d > 20 ? ['low', '4'] : ['low', '5'];

  it.each([
    [20, 'low', '5'],
    [20.001, 'low', '4'],
    [70, 'low', '4'],
    [70.001, 'moderate', '3'],
    [160, 'moderate', '3'],
    [160.001, 'high', '2'],
    [320, 'high', '2'],
    [320.001, 'major', '1'],
    [0.05, 'low', '5'],
    [100_000, 'major', '1'],
  ])('D = %s is %s (grade %s): bands are left-open and right-closed', (d, level, g) => {
    expect(bandOf(bands, d)).toMatchObject({ level, grade: g });
  });

  it('grades every combination of the L, E and C tables as the classic table does', () => {
    let count = 0;
    for (const l of DEFAULT_SCHEME.lec.likelihood)
      for (const e of DEFAULT_SCHEME.lec.exposure)
        for (const c of DEFAULT_SCHEME.lec.consequence) {
          const result = grade(DEFAULT_SCHEME, { lec: { l: l.value, e: e.value, c: c.value } });
          if (!result.ok) throw new Error(JSON.stringify(result.problems));
          const d = lecScore(l.value, e.value, c.value);
          const [level, g] = classic(d);
          expect(result.graded.lec).toEqual({ l: l.value, e: e.value, c: c.value, d, level, grade: g });
          expect(result.graded.level).toBe(level);
          count++;
        }
    expect(count).toBe(7 * 6 * 6);
  });

  it('computes D without floating-point noise', () => {
    expect(lecScore(0.1, 6, 40)).toBe(24);
    expect(lecScore(0.2, 3, 7)).toBe(4.2);
    expect(lecScore(0.1, 0.5, 1)).toBe(0.05);
    expect(lecScore(6, 6, 7)).toBe(252);
  });

  it('the worked example: L 6, E 6, C 7 gives D 252, orange', () => {
    const result = grade(DEFAULT_SCHEME, { lec: { l: 6, e: 6, c: 7 } });
    expect(result).toMatchObject({ ok: true, graded: { level: 'high', lec: { d: 252, grade: '2' }, decidedBy: ['lec'] } });
  });

  it.each([
    ['l', { l: 7, e: 6, c: 7 }],
    ['e', { l: 6, e: 4, c: 7 }],
    ['c', { l: 6, e: 6, c: 10 }],
  ])('a value outside the %s table is refused, naming the field', (name, lec) => {
    const result = grade(DEFAULT_SCHEME, { lec });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(fields(result.problems)).toEqual([`lec.${name}`]);
  });
});

describe('LS by the default scheme', () => {
  const bands = DEFAULT_SCHEME.ls.bands;
  const db37 = (r: number): RiskLevel => (r >= 20 ? 'major' : r >= 15 ? 'high' : r >= 9 ? 'moderate' : 'low');

  it.each([
    [8, 'low'],
    [8.999, 'low'],
    [9, 'moderate'],
    [12, 'moderate'],
    [14.999, 'moderate'],
    [15, 'high'],
    [16, 'high'],
    [19.999, 'high'],
    [20, 'major'],
    [25, 'major'],
    [1, 'low'],
  ])('R = %s is %s: bands are right-open', (r, level) => {
    expect(bandOf(bands, r)?.level).toBe(level);
  });

  it('grades all 25 cells of the matrix as the DB37/T 2882 bands do', () => {
    for (let l = 1; l <= 5; l++)
      for (let s = 1; s <= 5; s++) {
        const result = grade(DEFAULT_SCHEME, { ls: { l, s } });
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        expect(result.graded.ls).toMatchObject({ l, s, r: l * s, level: db37(l * s) });
        expect(DEFAULT_SCHEME.ls.matrix[l - 1]?.[s - 1]).toBe(db37(l * s));
      }
  });

  it('the matrix decides, even where a jurisdiction colours a cell differently from the bands', () => {
    const scheme = clone();
    (scheme.ls.matrix[2] as RiskLevel[])[4] = 'high'; // L 3, S 5: R 15 is orange anyway
    (scheme.ls.matrix[1] as RiskLevel[])[4] = 'high'; // L 2, S 5: R 10 would be yellow by the bands
    expect(schemeProblems(scheme)).toEqual([]);
    const result = grade(scheme, { ls: { l: 2, s: 5 } });
    expect(result).toMatchObject({ ok: true, graded: { level: 'high', ls: { r: 10, grade: '3' } } });
  });

  it('values outside 1–5 are refused, naming the field', () => {
    const result = grade(DEFAULT_SCHEME, { ls: { l: 6, s: 0 } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(fields(result.problems)).toEqual(['ls.l', 'ls.s']);
  });
});

describe('the stricter level wins', () => {
  it('LEC low and LS major give major, decided by LS', () => {
    const result = grade(DEFAULT_SCHEME, { lec: { l: 1, e: 1, c: 1 }, ls: { l: 5, s: 5 } });
    expect(result).toMatchObject({
      ok: true,
      graded: { level: 'major', decidedBy: ['ls'], lec: { level: 'low' }, ls: { level: 'major' } },
    });
  });

  it('a direct determination of major overrides milder scores', () => {
    const result = grade(DEFAULT_SCHEME, {
      lec: { l: 1, e: 1, c: 1 },
      ls: { l: 1, s: 1 },
      direct: { level: 'major', basis: '构成重大危险源' },
    });
    expect(result).toMatchObject({ ok: true, graded: { level: 'major', decidedBy: ['direct'] } });
  });

  it('a milder direct determination does not lower a scored level', () => {
    const result = grade(DEFAULT_SCHEME, { lec: { l: 6, e: 6, c: 7 }, direct: { level: 'low', basis: '经验判断' } });
    expect(result).toMatchObject({ ok: true, graded: { level: 'high', decidedBy: ['lec'] } });
  });

  it('methods that agree are all named', () => {
    const result = grade(DEFAULT_SCHEME, { lec: { l: 6, e: 6, c: 7 }, ls: { l: 3, s: 5 } });
    expect(result).toMatchObject({ ok: true, graded: { level: 'high', decidedBy: ['lec', 'ls'] } });
  });

  it('every pair of method levels gives the more severe', () => {
    const lecFor: Record<RiskLevel, { l: number; e: number; c: number }> = {
      low: { l: 1, e: 1, c: 1 },
      moderate: { l: 3, e: 6, c: 7 },
      high: { l: 6, e: 6, c: 7 },
      major: { l: 10, e: 10, c: 15 },
    };
    const lsFor: Record<RiskLevel, { l: number; s: number }> = {
      low: { l: 1, s: 1 },
      moderate: { l: 3, s: 3 },
      high: { l: 3, s: 5 },
      major: { l: 4, s: 5 },
    };
    for (const a of RISK_LEVELS)
      for (const c of RISK_LEVELS) {
        const result = grade(DEFAULT_SCHEME, { lec: lecFor[a], ls: lsFor[c] });
        expect(result.ok && result.graded.level).toBe(stricter(a, c));
      }
  });

  it('an assessment by no method is refused', () => {
    expect(grade(DEFAULT_SCHEME, {})).toEqual({ ok: false, problems: [{ field: '', detail: expect.any(String) }] });
  });
});

describe('scheme validation', () => {
  it('the default scheme is valid', () => {
    expect(schemeProblems(DEFAULT_SCHEME)).toEqual([]);
  });

  it('bands that tile the line are accepted in either convention', () => {
    expect(bandProblems([b(iv(null, false, 5, true), 'low'), b(iv(5, false, null, false), 'major')], 'x')).toEqual([]);
    expect(bandProblems([b(iv(null, false, 5, false), 'low'), b(iv(5, true, null, false), 'major')], 'x')).toEqual([]);
    expect(bandProblems([b(iv(null, false, null, false), 'low')], 'x')).toEqual([]);
  });

  it('a gap between two bands is named at the upper band', () => {
    const problems = bandProblems([b(iv(null, false, 5, false), 'low'), b(iv(5, false, null, false), 'major')], 'x');
    expect(problems).toEqual([{ field: 'x.1.interval.lowerInclusive', detail: expect.stringContaining('gap') }]);
    const apart = bandProblems([b(iv(null, false, 5, true), 'low'), b(iv(6, false, null, false), 'major')], 'x');
    expect(fields(apart)).toEqual(['x.1.interval.lower']);
  });

  it('an overlap at an edge, or of two ranges, is refused', () => {
    const edge = bandProblems([b(iv(null, false, 5, true), 'low'), b(iv(5, true, null, false), 'major')], 'x');
    expect(edge).toEqual([{ field: 'x.1.interval.lowerInclusive', detail: expect.stringContaining('overlap') }]);
    const range = bandProblems([b(iv(null, false, 5, true), 'low'), b(iv(3, false, null, false), 'major')], 'x');
    expect(fields(range)).toEqual(['x.1.interval.lower']);
  });

  it('the first band must be unbounded below and the last unbounded above', () => {
    const problems = bandProblems([b(iv(0, true, 5, false), 'low'), b(iv(5, true, 100, true), 'major')], 'x');
    expect(fields(problems)).toEqual(['x.0.interval.lower', 'x.1.interval.upper']);
  });

  it('an unbounded edge cannot be inclusive, and a band cannot be empty', () => {
    const problems = bandProblems(
      [b(iv(null, true, 5, false), 'low'), b(iv(5, true, 5, false), 'low'), b(iv(5, true, null, true), 'major')],
      'x',
    );
    expect(fields(problems)).toEqual(
      expect.arrayContaining(['x.0.interval.lowerInclusive', 'x.1.interval.upper', 'x.2.interval.upperInclusive']),
    );
  });

  it('a higher band cannot carry a milder level', () => {
    const problems = bandProblems([b(iv(null, false, 5, false), 'major'), b(iv(5, true, null, false), 'low')], 'x');
    expect(fields(problems)).toEqual(['x.1.level']);
  });

  it('no bands at all is refused', () => {
    expect(fields(bandProblems([], 'x'))).toEqual(['x']);
  });

  it('the default LEC bands made to overlap at 160 are refused', () => {
    const scheme = clone();
    (scheme.lec.bands[3] as Band).interval.lowerInclusive = true;
    expect(fields(schemeProblems(scheme))).toEqual(['lec.bands.3.interval.lowerInclusive']);
  });

  it('value tables must be positive and distinct', () => {
    const scheme = clone();
    scheme.lec.likelihood.push({ value: 6, meaning: { 'zh-CN': '重复', en: 'again' } });
    scheme.lec.exposure[0] = { value: 0, meaning: { 'zh-CN': '零', en: 'zero' } };
    scheme.lec.consequence = [];
    expect(fields(schemeProblems(scheme))).toEqual(['lec.likelihood.7.value', 'lec.exposure.0.value', 'lec.consequence']);
  });

  it('LS scales must be exactly 1 to 5', () => {
    const scheme = clone();
    scheme.ls.likelihood.pop();
    (scheme.ls.severity[4] as { value: number }).value = 6;
    expect(fields(schemeProblems(scheme))).toEqual(['ls.likelihood', 'ls.severity']);
  });

  it('the LS matrix must be 5 × 5 and never milder towards greater L or S', () => {
    const small = clone();
    small.ls.matrix.pop();
    expect(fields(schemeProblems(small))).toEqual(['ls.matrix']);
    const dented = clone();
    (dented.ls.matrix[4] as RiskLevel[])[4] = 'low';
    expect(fields(schemeProblems(dented))).toEqual(['ls.matrix.4.4']);
  });

  it('the default matrix is what the bands draw', () => {
    expect(matrixFromBands(DEFAULT_SCHEME.ls.bands)).toEqual([
      ['low', 'low', 'low', 'low', 'low'],
      ['low', 'low', 'low', 'low', 'moderate'],
      ['low', 'low', 'moderate', 'moderate', 'high'],
      ['low', 'low', 'moderate', 'high', 'major'],
      ['low', 'moderate', 'high', 'major', 'major'],
    ]);
  });

  it('every level must be owned by a tier', () => {
    const scheme = clone();
    scheme.tiers.low = { company: 'none', department: 'supervises', team: 'implements', post: 'implements' };
    expect(fields(schemeProblems(scheme))).toEqual(['tiers.low']);
  });

  it('tiers below the owner must own or implement; tiers above may only supervise', () => {
    const scheme = clone();
    scheme.tiers.moderate = { company: 'implements', department: 'owns', team: 'none', post: 'implements' };
    expect(fields(schemeProblems(scheme))).toEqual(['tiers.moderate.company', 'tiers.moderate.team']);
  });

  it('a more severe level must be owned at least as high up as a milder one', () => {
    const scheme = clone();
    scheme.tiers.major = { company: 'supervises', department: 'supervises', team: 'owns', post: 'implements' };
    expect(fields(schemeProblems(scheme))).toEqual(['tiers.major']);
  });

  it('the default tiers: red owned by the company, blue by team and post under the department’s eye', () => {
    expect(controlTiers(DEFAULT_SCHEME.tiers, 'major')).toEqual({
      owns: ['company'],
      implements: ['department', 'team', 'post'],
      supervises: [],
    });
    expect(controlTiers(DEFAULT_SCHEME.tiers, 'low')).toEqual({ owns: ['team', 'post'], implements: [], supervises: ['department'] });
    for (const level of RISK_LEVELS) expect(Object.keys(DEFAULT_SCHEME.tiers[level])).toEqual([...TIERS]);
  });
});

describe('the scheme in force', () => {
  const schemes = [
    { id: 'national', areaId: null, version: 1 },
    { id: 'street-1', areaId: 'street', version: 1 },
    { id: 'street-2', areaId: 'street', version: 2 },
    { id: 'district-1', areaId: 'district', version: 1 },
  ];

  it('is the newest version of the nearest area that published one', () => {
    expect(effectiveScheme(schemes, ['grid', 'community', 'street', 'district', 'city'])?.id).toBe('street-2');
    expect(effectiveScheme(schemes, ['other-street', 'district', 'city'])?.id).toBe('district-1');
  });

  it('falls back to the national default', () => {
    expect(effectiveScheme(schemes, ['elsewhere'])?.id).toBe('national');
    expect(effectiveScheme(schemes, [])?.id).toBe('national');
    expect(effectiveScheme([], ['x'])).toBeUndefined();
  });
});

describe('when control checks fall due', () => {
  /** Beijing wall-clock time as an instant. */
  const cst = (iso: string) => new Date(`${iso}+08:00`);

  it('days and weeks are counted in whole 24-hour days', () => {
    expect(nextDue(cst('2026-03-01T09:00:00'), { every: 1, unit: 'day' })).toEqual(cst('2026-03-02T09:00:00'));
    expect(nextDue(cst('2026-03-01T09:00:00'), { every: 2, unit: 'week' })).toEqual(cst('2026-03-15T09:00:00'));
  });

  it('months are calendar months in Beijing time, clamped to the month’s end', () => {
    expect(nextDue(cst('2026-01-15T10:00:00'), { every: 1, unit: 'month' })).toEqual(cst('2026-02-15T10:00:00'));
    expect(nextDue(cst('2026-01-31T10:00:00'), { every: 1, unit: 'month' })).toEqual(cst('2026-02-28T10:00:00'));
    expect(nextDue(cst('2028-01-31T10:00:00'), { every: 1, unit: 'month' })).toEqual(cst('2028-02-29T10:00:00'));
    expect(nextDue(cst('2026-11-30T10:00:00'), { every: 3, unit: 'month' })).toEqual(cst('2027-02-28T10:00:00'));
  });

  it('a check early on the 1st in Beijing (still the 31st in UTC) counts from the 1st', () => {
    expect(nextDue(cst('2026-02-01T04:00:00'), { every: 1, unit: 'month' })).toEqual(cst('2026-03-01T04:00:00'));
  });

  it('years are twelve calendar months; 29 February moves to the 28th', () => {
    expect(nextDue(cst('2028-02-29T08:00:00'), { every: 1, unit: 'year' })).toEqual(cst('2029-02-28T08:00:00'));
    expect(nextDue(cst('2026-06-01T08:00:00'), { every: 2, unit: 'year' })).toEqual(cst('2028-06-01T08:00:00'));
  });

  it('a check is overdue just after its due instant, due within the horizon, else scheduled', () => {
    const due = cst('2026-03-10T09:00:00');
    const week = 7 * 86_400_000;
    expect(dueState(due, new Date(due.getTime() + 1), week)).toBe('overdue');
    expect(dueState(due, due, week)).toBe('due');
    expect(dueState(due, new Date(due.getTime() - week), week)).toBe('due');
    expect(dueState(due, new Date(due.getTime() - week - 1), week)).toBe('scheduled');
  });
});
