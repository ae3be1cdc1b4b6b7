/**
 * The pure core of the volunteer register: the skills catalogue, patrol checks, hours served, the published points
 * rule and the ranking order. No I/O here; the web app imports the catalogue and the rule from this file too.
 */

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** The skills a volunteer or grid worker may offer (after Sahana Eden's skill catalogue, cut to what a street needs). */
export const SKILLS = ['first_aid', 'fire_safety', 'electrical', 'gas', 'construction', 'hazardous_chemicals', 'traffic', 'other'] as const;
export type Skill = (typeof SKILLS)[number];

export const SKILL_NAMES: Record<Skill, Bilingual> = {
  first_aid: { 'zh-CN': '急救', en: 'First aid' },
  fire_safety: { 'zh-CN': '消防安全', en: 'Fire safety' },
  electrical: { 'zh-CN': '电气', en: 'Electrical' },
  gas: { 'zh-CN': '燃气', en: 'Gas' },
  construction: { 'zh-CN': '建筑施工', en: 'Construction' },
  hazardous_chemicals: { 'zh-CN': '危险化学品', en: 'Hazardous chemicals' },
  traffic: { 'zh-CN': '交通安全', en: 'Traffic' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const FIELD_ROLES = ['volunteer', 'grid_worker'] as const;
export type FieldRole = (typeof FIELD_ROLES)[number];

export const VOLUNTEER_STATUSES = ['active', 'suspended'] as const;
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number];

export const APPLICATION_STATUSES = ['pending', 'approved', 'declined'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ACTIVITY_KINDS = ['work', 'training'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CST_OFFSET_MS = 8 * HOUR;

/** The calendar day in China Standard Time (UTC+8 all year), as YYYY-MM-DD. */
export const cstDay = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

/** The instant a CST calendar day (YYYY-MM-DD) begins. */
export const cstDayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00.000Z`) - CST_OFFSET_MS);

// ---- patrols ----------------------------------------------------------------------------------------------------

/** The longest patrol one entry may record. */
export const PATROL_MAX_HOURS = 12;

export interface Interval {
  startedAt: Date;
  endedAt: Date;
}

export interface FieldProblem {
  field: string;
  detail: string;
}

/**
 * What is wrong with a patrol entry, by field; empty when it may be recorded. `others` are the same person's
 * patrols already on record: patrols that touch end to start do not overlap.
 */
export function patrolProblems(patrol: Interval, now: Date, others: readonly Interval[]): FieldProblem[] {
  const start = patrol.startedAt.getTime();
  const end = patrol.endedAt.getTime();
  const problems: FieldProblem[] = [];
  if (start > now.getTime()) problems.push({ field: 'startedAt', detail: 'lies in the future' });
  if (end > now.getTime()) problems.push({ field: 'endedAt', detail: 'lies in the future' });
  if (end <= start) problems.push({ field: 'endedAt', detail: 'must be after startedAt' });
  else if (end - start > PATROL_MAX_HOURS * HOUR)
    problems.push({ field: 'endedAt', detail: `a patrol lasts at most ${PATROL_MAX_HOURS} hours` });
  if (problems.length === 0 && others.some((o) => start < o.endedAt.getTime() && o.startedAt.getTime() < end))
    problems.push({ field: 'startedAt', detail: 'overlaps another patrol of yours' });
  return problems;
}

/** Whole minutes of a patrol (seconds are dropped). */
export const patrolMinutes = (p: Interval): number => Math.max(0, Math.floor((p.endedAt.getTime() - p.startedAt.getTime()) / MINUTE));

// ---- hours served -----------------------------------------------------------------------------------------------

export interface ActivityHours {
  /** The CST day it was served, YYYY-MM-DD. */
  date: string;
  hours: number;
  kind: ActivityKind;
}

export interface HoursServed {
  patrolMinutes: number;
  workHours: number;
  trainingHours: number;
  /** Patrols plus office-recorded work and training, in hours to two decimals. */
  totalHours: number;
}

const twoDecimals = (n: number) => Math.round(n * 100) / 100;

/** Hours served: the sum of patrol durations plus the hours the office recorded (Sahana's programme hours). */
export function hoursOf(patrols: readonly Interval[], activities: readonly ActivityHours[]): HoursServed {
  const minutes = patrols.reduce((sum, p) => sum + patrolMinutes(p), 0);
  const work = activities.filter((a) => a.kind === 'work').reduce((sum, a) => sum + a.hours, 0);
  const training = activities.filter((a) => a.kind === 'training').reduce((sum, a) => sum + a.hours, 0);
  return {
    patrolMinutes: minutes,
    workHours: twoDecimals(work),
    trainingHours: twoDecimals(training),
    totalHours: twoDecimals(minutes / 60 + work + training),
  };
}

// ---- points -----------------------------------------------------------------------------------------------------

/** The published points rule, as data: changing a number here changes the rule and what the page says. */
export const POINTS_RULE = {
  verifiedReport: 10,
  hazardReport: 20,
  patrolPerFullHour: 1,
  patrolDailyCap: 8,
  trainingPerFullHour: 1,
} as const;
export type PointsRule = { [K in keyof typeof POINTS_RULE]: number };

export const POINTS_RULE_TEXT: Record<keyof typeof POINTS_RULE, Bilingual> = {
  verifiedReport: { 'zh-CN': '举报经核实，每件', en: 'Each report the office verified' },
  hazardReport: {
    'zh-CN': '举报转为事故隐患，每件（不再另计核实分）',
    en: 'Each report that became a hazard (instead of the verified points)',
  },
  patrolPerFullHour: { 'zh-CN': '巡查每满 1 小时（按开始日计）', en: 'Each full hour of patrol (counted on the day it started)' },
  patrolDailyCap: { 'zh-CN': '每日巡查积分上限（北京时间自然日）', en: 'Most patrol points in one day (China Standard Time)' },
  trainingPerFullHour: { 'zh-CN': '参加培训每满 1 小时（每条记录单独计）', en: 'Each full hour of training (per record)' },
};

/** Where a linked report stands, as the reports module says. */
export interface CreditedReport {
  status: string;
  /** Set once the office verified it; a report may be verified and later closed. */
  verifiedAt: Date | null;
  /** Whether it became a hazard; a report reopened after its hazard was fixed keeps the link. */
  becameHazard?: boolean;
}

/** A report counts as verified when the office confirmed it and did not later find it a duplicate or no hazard. */
export function reportPoints(report: CreditedReport, rule: PointsRule = POINTS_RULE): number {
  if (report.status === 'duplicate' || report.status === 'not_a_hazard') return 0;
  if (report.status === 'hazard' || report.becameHazard) return rule.hazardReport;
  if (report.status === 'verified' || report.verifiedAt !== null) return rule.verifiedReport;
  return 0;
}

export interface Points {
  reports: number;
  patrols: number;
  training: number;
  total: number;
}

/**
 * Points by the published rule. A patrol's minutes count on the CST day it started; each day gives one point per
 * full hour of that day's patrols, up to the daily cap. Training gives one point per full hour of each record.
 */
export function pointsOf(
  input: { reports: readonly CreditedReport[]; patrols: readonly Interval[]; activities: readonly ActivityHours[] },
  rule: PointsRule = POINTS_RULE,
): Points {
  const reports = input.reports.reduce((sum, r) => sum + reportPoints(r, rule), 0);
  const byDay = new Map<string, number>();
  for (const p of input.patrols) byDay.set(cstDay(p.startedAt), (byDay.get(cstDay(p.startedAt)) ?? 0) + patrolMinutes(p));
  let patrols = 0;
  for (const minutes of byDay.values()) patrols += Math.min(rule.patrolDailyCap, Math.floor(minutes / 60) * rule.patrolPerFullHour);
  const training = input.activities
    .filter((a) => a.kind === 'training')
    .reduce((sum, a) => sum + Math.floor(a.hours + 1e-9) * rule.trainingPerFullHour, 0);
  return { reports, patrols, training, total: reports + patrols + training };
}

// ---- ranking ----------------------------------------------------------------------------------------------------

export interface RankingRow {
  personId: string;
  name: string;
  points: number;
  hours: number;
  verifiedReports: number;
  patrols: number;
}

/**
 * Most points first; ties by more hours, then more verified reports, then more patrols, then the name and the
 * person id, so that two equal rows always come out in the same order. Equal figures share a rank (1, 1, 3).
 */
export function rank<R extends RankingRow>(rows: readonly R[]): (R & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) =>
      b.points - a.points ||
      b.hours - a.hours ||
      b.verifiedReports - a.verifiedReports ||
      b.patrols - a.patrols ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0),
  );
  const same = (a: R, b: R) =>
    a.points === b.points && a.hours === b.hours && a.verifiedReports === b.verifiedReports && a.patrols === b.patrols;
  const out: (R & { rank: number })[] = [];
  sorted.forEach((row, i) => {
    const previous = out[i - 1];
    out.push({ ...row, rank: previous && same(previous, row) ? previous.rank : i + 1 });
  });
  return out;
}

/** Skills as given, de-duplicated, in catalogue order. */
export const normaliseSkills = (skills: readonly Skill[]): Skill[] => SKILLS.filter((s) => skills.includes(s));
