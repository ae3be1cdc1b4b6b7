/**
 * The pure core of the risk register (安全风险分级管控): grading by LEC and by
 * the LS matrix against a jurisdiction's scheme, "the stricter level wins",
 * scheme validation (bands must tile the number line), the management tiers
 * that own a level's controls, and when a control measure's next check is due.
 * No I/O, no clock: everything is a function of its arguments.
 */
import { type FrequencyUnit, type Named, RISK_LEVELS, type RiskLevel, TIERS, type Tier, type TierDuty } from './risks.reference.js';

// ---- levels -------------------------------------------------------------------------------------

const RANK: Record<RiskLevel, number> = { low: 1, moderate: 2, high: 3, major: 4 };

/** 4 for major (red) down to 1 for low (blue). */
export const levelRank = (level: RiskLevel): number => RANK[level];

/** The more severe of two levels (从严从高). */
export const stricter = (a: RiskLevel, b: RiskLevel): RiskLevel => (RANK[a] >= RANK[b] ? a : b);

/** The most severe of the levels, or null for none. */
export function strictest(levels: readonly (RiskLevel | null | undefined)[]): RiskLevel | null {
  let out: RiskLevel | null = null;
  for (const level of levels) if (level) out = out ? stricter(out, level) : level;
  return out;
}

// ---- intervals and bands -------------------------------------------------------------------------

/**
 * An interval of the number line with each edge stated explicitly: a null edge is
 * unbounded (and never inclusive). The classic LEC band "160–320" is written
 * `{ lower: 160, lowerInclusive: false, upper: 320, upperInclusive: true }`.
 */
export interface Interval {
  lower: number | null;
  lowerInclusive: boolean;
  upper: number | null;
  upperInclusive: boolean;
}

export interface Band {
  interval: Interval;
  level: RiskLevel;
  /** The method's own grade, e.g. LEC 1–5 (A–E); shown beside the level. */
  grade: string;
  meaning: Named;
}

export function contains(interval: Interval, x: number): boolean {
  const { lower, lowerInclusive, upper, upperInclusive } = interval;
  if (lower !== null && (lowerInclusive ? x < lower : x <= lower)) return false;
  if (upper !== null && (upperInclusive ? x > upper : x >= upper)) return false;
  return true;
}

/** The band a value falls in; a valid band set always has exactly one. */
export const bandOf = (bands: readonly Band[], x: number): Band | undefined => bands.find((b) => contains(b.interval, x));

/** `(160, 320]`, `[20, +∞)`, `(-∞, 9)`: the interval as people write it. */
export function formatInterval(i: Interval): string {
  const lower = i.lower === null ? '(-∞' : `${i.lowerInclusive ? '[' : '('}${i.lower}`;
  const upper = i.upper === null ? '+∞)' : `${i.upper}${i.upperInclusive ? ']' : ')'}`;
  return `${lower}, ${upper}`;
}

export interface Problem {
  /** Dotted path of the offending field, e.g. `lec.bands.2.interval.lower`. */
  field: string;
  detail: string;
}

/**
 * Bands, listed from the lowest values up, must tile the whole number line: the
 * first starts unbounded, the last ends unbounded, each starts exactly where the
 * one before ends with that edge in exactly one of the two, and a higher value
 * never gets a milder level.
 */
export function bandProblems(bands: readonly Band[], path: string): Problem[] {
  const problems: Problem[] = [];
  const at = (i: number, rest: string) => `${path}.${i}.${rest}`;
  if (bands.length === 0) return [{ field: path, detail: 'give at least one band' }];
  bands.forEach((b, i) => {
    const { lower, lowerInclusive, upper, upperInclusive } = b.interval;
    if (lower === null && lowerInclusive)
      problems.push({ field: at(i, 'interval.lowerInclusive'), detail: 'an unbounded edge cannot be inclusive' });
    if (upper === null && upperInclusive)
      problems.push({ field: at(i, 'interval.upperInclusive'), detail: 'an unbounded edge cannot be inclusive' });
    if (lower !== null && upper !== null && (lower > upper || (lower === upper && !(lowerInclusive && upperInclusive))))
      problems.push({ field: at(i, 'interval.upper'), detail: `the band ${formatInterval(b.interval)} is empty` });
  });
  const first = bands[0] as Band;
  const last = bands[bands.length - 1] as Band;
  if (first.interval.lower !== null)
    problems.push({
      field: at(0, 'interval.lower'),
      detail: 'the lowest band must be unbounded below (null), so every value falls in a band',
    });
  if (last.interval.upper !== null)
    problems.push({
      field: at(bands.length - 1, 'interval.upper'),
      detail: 'the highest band must be unbounded above (null), so every value falls in a band',
    });
  for (let i = 1; i < bands.length; i++) {
    const prev = (bands[i - 1] as Band).interval;
    const next = (bands[i] as Band).interval;
    if (prev.upper === null || next.lower === null || prev.upper !== next.lower) {
      problems.push({
        field: at(i, 'interval.lower'),
        detail: `must start where the band before ends (${prev.upper ?? '+∞'}): bands are listed from the lowest up, without gaps or overlaps`,
      });
    } else if (prev.upperInclusive && next.lowerInclusive) {
      problems.push({
        field: at(i, 'interval.lowerInclusive'),
        detail: `${next.lower} is in this band and the one before: the bands overlap`,
      });
    } else if (!prev.upperInclusive && !next.lowerInclusive) {
      problems.push({
        field: at(i, 'interval.lowerInclusive'),
        detail: `${next.lower} is in neither this band nor the one before: there is a gap`,
      });
    }
    if (levelRank((bands[i] as Band).level) < levelRank((bands[i - 1] as Band).level))
      problems.push({ field: at(i, 'level'), detail: 'a higher value cannot give a milder level than the band below it' });
  }
  return problems;
}

// ---- schemes --------------------------------------------------------------------------------------

export interface TableValue {
  value: number;
  meaning: Named;
}

/** 作业条件危险性评价法: D = L × E × C, graded by bands over D. */
export interface LecScheme {
  likelihood: TableValue[];
  exposure: TableValue[];
  consequence: TableValue[];
  bands: Band[];
}

/**
 * 风险矩阵法: R = L × S with L and S from 1 to 5. The 5 × 5 matrix of levels decides
 * (`matrix[L-1][S-1]`); the bands over R name R's grade and draw the default matrix.
 */
export interface LsScheme {
  likelihood: TableValue[];
  severity: TableValue[];
  bands: Band[];
  matrix: RiskLevel[][];
}

/** For each level, what each management tier does about its controls (分级管控). */
export type TierMatrix = Record<RiskLevel, Record<Tier, TierDuty>>;

export interface SchemeContent {
  lec: LecScheme;
  ls: LsScheme;
  tiers: TierMatrix;
}

/** The LS matrix the bands imply: each cell is the level of the band R = L × S falls in. */
export function matrixFromBands(bands: readonly Band[]): RiskLevel[][] {
  return [1, 2, 3, 4, 5].map((l) => [1, 2, 3, 4, 5].map((s) => bandOf(bands, l * s)?.level ?? 'low'));
}

function tableProblems(table: readonly TableValue[], path: string): Problem[] {
  const problems: Problem[] = [];
  if (table.length === 0) problems.push({ field: path, detail: 'give at least one value' });
  const seen = new Set<number>();
  table.forEach((v, i) => {
    if (!Number.isFinite(v.value) || v.value <= 0) problems.push({ field: `${path}.${i}.value`, detail: 'must be a positive number' });
    if (seen.has(v.value)) problems.push({ field: `${path}.${i}.value`, detail: `${v.value} is listed twice` });
    seen.add(v.value);
  });
  return problems;
}

function scaleProblems(table: readonly TableValue[], path: string): Problem[] {
  const values = table.map((v) => v.value).sort((a, b) => a - b);
  return values.length === 5 && values.every((v, i) => v === i + 1)
    ? []
    : [{ field: path, detail: 'must list the values 1, 2, 3, 4 and 5, once each' }];
}

function matrixProblems(matrix: readonly (readonly RiskLevel[])[], path: string): Problem[] {
  if (matrix.length !== 5 || matrix.some((row) => row.length !== 5))
    return [{ field: path, detail: 'must be 5 rows (L = 1…5) of 5 levels (S = 1…5)' }];
  const problems: Problem[] = [];
  for (let l = 0; l < 5; l++) {
    for (let s = 0; s < 5; s++) {
      const cell = matrix[l]?.[s] as RiskLevel;
      const left = s > 0 ? (matrix[l]?.[s - 1] as RiskLevel) : null;
      const below = l > 0 ? (matrix[l - 1]?.[s] as RiskLevel) : null;
      if ((left && levelRank(cell) < levelRank(left)) || (below && levelRank(cell) < levelRank(below)))
        problems.push({ field: `${path}.${l}.${s}`, detail: `L=${l + 1}, S=${s + 1}: a greater L or S cannot give a milder level` });
    }
  }
  return problems;
}

/**
 * The principle 风险越大，管控级别越高；上级负责管控的风险，下级必须负责管控: every level is
 * owned by some tier; every tier below the highest owner owns or implements; no tier
 * above it owns or implements; and a more severe level is owned at least as high up.
 */
function tierProblems(tiers: TierMatrix, path: string): Problem[] {
  const problems: Problem[] = [];
  const top = new Map<RiskLevel, number>();
  for (const level of RISK_LEVELS) {
    const row = tiers[level];
    const owner = TIERS.findIndex((t) => row[t] === 'owns');
    if (owner < 0) {
      problems.push({ field: `${path}.${level}`, detail: 'some tier must own the controls of this level' });
      continue;
    }
    top.set(level, owner);
    TIERS.forEach((tier, i) => {
      const duty = row[tier];
      if (i > owner && duty !== 'owns' && duty !== 'implements')
        problems.push({ field: `${path}.${level}.${tier}`, detail: 'a tier below the owning tier must own or implement the controls' });
      if (i < owner && duty !== 'supervises' && duty !== 'none')
        problems.push({ field: `${path}.${level}.${tier}`, detail: 'a tier above the owning tier can only supervise' });
    });
  }
  for (let i = 1; i < RISK_LEVELS.length; i++) {
    const severe = RISK_LEVELS[i - 1] as RiskLevel;
    const milder = RISK_LEVELS[i] as RiskLevel;
    const a = top.get(severe);
    const b = top.get(milder);
    if (a !== undefined && b !== undefined && a > b)
      problems.push({ field: `${path}.${severe}`, detail: `must be owned at least as high up as ${milder} risks` });
  }
  return problems;
}

/** Everything wrong with a scheme, by field; empty when it may be published. */
export function schemeProblems(scheme: SchemeContent): Problem[] {
  return [
    ...tableProblems(scheme.lec.likelihood, 'lec.likelihood'),
    ...tableProblems(scheme.lec.exposure, 'lec.exposure'),
    ...tableProblems(scheme.lec.consequence, 'lec.consequence'),
    ...bandProblems(scheme.lec.bands, 'lec.bands'),
    ...tableProblems(scheme.ls.likelihood, 'ls.likelihood'),
    ...scaleProblems(scheme.ls.likelihood, 'ls.likelihood'),
    ...tableProblems(scheme.ls.severity, 'ls.severity'),
    ...scaleProblems(scheme.ls.severity, 'ls.severity'),
    ...bandProblems(scheme.ls.bands, 'ls.bands'),
    ...matrixProblems(scheme.ls.matrix, 'ls.matrix'),
    ...tierProblems(scheme.tiers, 'tiers'),
  ];
}

/** The tiers that own, implement and supervise the controls of a level. */
export function controlTiers(tiers: TierMatrix, level: RiskLevel): Record<Exclude<TierDuty, 'none'>, Tier[]> {
  const row = tiers[level];
  return {
    owns: TIERS.filter((t) => row[t] === 'owns'),
    implements: TIERS.filter((t) => row[t] === 'implements'),
    supervises: TIERS.filter((t) => row[t] === 'supervises'),
  };
}

/**
 * The scheme in force for a place: the newest version published for the nearest
 * area on its path (nearest first), else the national default.
 */
export function effectiveScheme<S extends { areaId: string | null; version: number }>(
  schemes: readonly S[],
  areaPath: readonly string[],
): S | undefined {
  const newest = (areaId: string | null) =>
    schemes
      .filter((s) => s.areaId === areaId)
      .reduce<S | undefined>((best, s) => (!best || s.version > best.version ? s : best), undefined);
  for (const areaId of areaPath) {
    const found = newest(areaId);
    if (found) return found;
  }
  return newest(null);
}

// ---- grading --------------------------------------------------------------------------------------

export interface AssessmentInput {
  lec?: { l: number; e: number; c: number } | undefined;
  ls?: { l: number; s: number } | undefined;
  direct?: { level: RiskLevel; basis: string } | undefined;
}

export interface Graded {
  lec: { l: number; e: number; c: number; d: number; level: RiskLevel; grade: string } | null;
  ls: { l: number; s: number; r: number; level: RiskLevel; grade: string } | null;
  direct: { level: RiskLevel; basis: string } | null;
  /** The strictest of the methods used. */
  level: RiskLevel;
  /** The methods that gave that level. */
  decidedBy: ('lec' | 'ls' | 'direct')[];
}

/** D = L × E × C, rounded to a thousandth so that 0.1 × 6 × 40 is exactly 24. */
export const lecScore = (l: number, e: number, c: number): number => Math.round(l * e * c * 1000) / 1000;

const valuesOf = (table: readonly TableValue[]) => table.map((v) => v.value).join(', ');

/** Grades an assessment by each method given; the stricter level wins. */
export function grade(scheme: SchemeContent, input: AssessmentInput): { ok: true; graded: Graded } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!input.lec && !input.ls && !input.direct)
    return { ok: false, problems: [{ field: '', detail: 'assess by at least one method: lec, ls or direct' }] };

  let lec: Graded['lec'] = null;
  if (input.lec) {
    const { l, e, c } = input.lec;
    const tables = [
      ['l', l, scheme.lec.likelihood],
      ['e', e, scheme.lec.exposure],
      ['c', c, scheme.lec.consequence],
    ] as const;
    for (const [name, value, table] of tables)
      if (!table.some((v) => v.value === value))
        problems.push({ field: `lec.${name}`, detail: `must be one of the scheme's values: ${valuesOf(table)}` });
    const d = lecScore(l, e, c);
    const band = bandOf(scheme.lec.bands, d);
    if (band) lec = { l, e, c, d, level: band.level, grade: band.grade };
  }

  let ls: Graded['ls'] = null;
  if (input.ls) {
    const { l, s } = input.ls;
    if (!scheme.ls.likelihood.some((v) => v.value === l))
      problems.push({ field: 'ls.l', detail: `must be one of ${valuesOf(scheme.ls.likelihood)}` });
    if (!scheme.ls.severity.some((v) => v.value === s))
      problems.push({ field: 'ls.s', detail: `must be one of ${valuesOf(scheme.ls.severity)}` });
    const level = scheme.ls.matrix[l - 1]?.[s - 1];
    const band = bandOf(scheme.ls.bands, l * s);
    if (level && band) ls = { l, s, r: l * s, level, grade: band.grade };
  }

  const direct = input.direct ? { level: input.direct.level, basis: input.direct.basis } : null;
  if (problems.length) return { ok: false, problems };
  const level = strictest([lec?.level, ls?.level, direct?.level]) as RiskLevel;
  const decidedBy = (['lec', 'ls', 'direct'] as const).filter(
    (m) => ({ lec: lec?.level, ls: ls?.level, direct: direct?.level })[m] === level,
  );
  return { ok: true, graded: { lec, ls, direct, level, decidedBy } };
}

// ---- control checks ------------------------------------------------------------------------------

export interface Frequency {
  every: number;
  unit: FrequencyUnit;
}

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * When the next check of a measure is due: one period after the last check (or
 * after the measure was put in place). Months and years are calendar months in
 * China Standard Time, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
 */
export function nextDue(from: Date, frequency: Frequency): Date {
  switch (frequency.unit) {
    case 'day':
      return new Date(from.getTime() + frequency.every * DAY_MS);
    case 'week':
      return new Date(from.getTime() + frequency.every * 7 * DAY_MS);
    case 'month':
    case 'year': {
      const months = frequency.unit === 'year' ? frequency.every * 12 : frequency.every;
      const local = new Date(from.getTime() + CST_OFFSET_MS);
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth() + months;
      const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
      const day = Math.min(local.getUTCDate(), lastDay);
      const shifted = Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
      return new Date(shifted - CST_OFFSET_MS);
    }
  }
}

export type DueState = 'overdue' | 'due' | 'scheduled';

/** Overdue once the due instant has passed; due when it falls within the horizon; else scheduled. */
export function dueState(dueAt: Date, now: Date, horizonMs: number): DueState {
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  if (dueAt.getTime() - now.getTime() <= horizonMs) return 'due';
  return 'scheduled';
}
