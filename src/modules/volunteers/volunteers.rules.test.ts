import { describe, expect, it } from 'vitest';
import {
  cstDay,
  cstDayStart,
  hoursOf,
  type Interval,
  normaliseSkills,
  PATROL_MAX_HOURS,
  POINTS_RULE,
  POINTS_RULE_TEXT,
  patrolMinutes,
  patrolProblems,
  pointsOf,
  rank,
  reportPoints,
  SKILL_NAMES,
  SKILLS,
} from './volunteers.rules.js';

const MIN = 60_000;

/** An instant given as a reading on a clock in Beijing. */
const cst = (reading: string) => new Date(`${reading}+08:00`);
const patrol = (start: string, minutes: number): Interval => ({
  startedAt: cst(start),
  endedAt: new Date(cst(start).getTime() + minutes * MIN),
});
const none = { reports: [], patrols: [], activities: [] };

describe('the CST calendar', () => {
  it('puts 23:59 and 00:00 Beijing time on different days whatever UTC says', () => {
    expect(cstDay(cst('2026-03-01T23:59:59'))).toBe('2026-03-01');
    expect(cstDay(cst('2026-03-02T00:00:00'))).toBe('2026-03-02');
    expect(cstDay(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(cstDayStart('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });
});

describe('patrol checks', () => {
  const now = cst('2026-03-02T12:00:00');

  it('accepts a patrol that ended now and one of exactly the maximum length', () => {
    expect(patrolProblems({ startedAt: cst('2026-03-02T11:00:00'), endedAt: now }, now, [])).toEqual([]);
    expect(patrolProblems(patrol('2026-03-01T20:00:00', PATROL_MAX_HOURS * 60), now, [])).toEqual([]);
  });

  it('refuses an end before or at the start, naming endedAt', () => {
    expect(patrolProblems({ startedAt: cst('2026-03-02T10:00:00'), endedAt: cst('2026-03-02T10:00:00') }, now, [])).toEqual([
      { field: 'endedAt', detail: 'must be after startedAt' },
    ]);
    expect(patrolProblems({ startedAt: cst('2026-03-02T10:00:00'), endedAt: cst('2026-03-02T09:00:00') }, now, [])[0]?.field).toBe(
      'endedAt',
    );
  });

  it('refuses a patrol one minute longer than 12 hours', () => {
    expect(patrolProblems(patrol('2026-03-01T20:00:00', PATROL_MAX_HOURS * 60 + 1), now, [])).toEqual([
      { field: 'endedAt', detail: 'a patrol lasts at most 12 hours' },
    ]);
  });

  it('refuses times in the future, naming each field', () => {
    const fields = patrolProblems({ startedAt: cst('2026-03-02T11:00:00'), endedAt: cst('2026-03-02T12:00:01') }, now, []).map(
      (p) => p.field,
    );
    expect(fields).toEqual(['endedAt']);
    expect(
      patrolProblems({ startedAt: cst('2026-03-02T13:00:00'), endedAt: cst('2026-03-02T14:00:00') }, now, []).map((p) => p.field),
    ).toEqual(['startedAt', 'endedAt']);
  });

  it('refuses an overlap with another patrol but allows one that starts as the other ends', () => {
    const other = patrol('2026-03-02T08:00:00', 60);
    expect(patrolProblems(patrol('2026-03-02T08:30:00', 60), now, [other])).toEqual([
      { field: 'startedAt', detail: 'overlaps another patrol of yours' },
    ]);
    expect(patrolProblems(patrol('2026-03-02T07:00:00', 240), now, [other])[0]?.field).toBe('startedAt');
    expect(patrolProblems(patrol('2026-03-02T09:00:00', 60), now, [other])).toEqual([]);
    expect(patrolProblems(patrol('2026-03-02T07:00:00', 60), now, [other])).toEqual([]);
  });

  it('counts whole minutes only', () => {
    expect(patrolMinutes({ startedAt: cst('2026-03-02T08:00:00'), endedAt: cst('2026-03-02T08:59:59') })).toBe(59);
    expect(patrolMinutes(patrol('2026-03-02T08:00:00', 60))).toBe(60);
  });
});

describe('hours served', () => {
  it('adds patrol durations and recorded work and training hours', () => {
    const h = hoursOf(
      [patrol('2026-03-02T08:00:00', 90), patrol('2026-03-03T08:00:00', 45)],
      [
        { date: '2026-03-04', hours: 2.5, kind: 'work' },
        { date: '2026-03-05', hours: 3, kind: 'training' },
      ],
    );
    expect(h).toEqual({ patrolMinutes: 135, workHours: 2.5, trainingHours: 3, totalHours: 7.75 });
  });

  it('is zero for nothing', () => {
    expect(hoursOf([], [])).toEqual({ patrolMinutes: 0, workHours: 0, trainingHours: 0, totalHours: 0 });
  });

  it('rounds to two decimals', () => {
    expect(hoursOf([patrol('2026-03-02T08:00:00', 1)], []).totalHours).toBe(0.02);
  });
});

describe('points by the published rule', () => {
  it('gives one point for exactly one hour of patrol and none for 59 minutes', () => {
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T08:00:00', 60)] }).patrols).toBe(1);
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T08:00:00', 59)] }).patrols).toBe(0);
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T08:00:00', 119)] }).patrols).toBe(1);
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T08:00:00', 120)] }).patrols).toBe(2);
  });

  it('adds up the patrols of one day before counting full hours', () => {
    const twoHalves = [patrol('2026-03-02T08:00:00', 30), patrol('2026-03-02T14:00:00', 30)];
    expect(pointsOf({ ...none, patrols: twoHalves }).patrols).toBe(1);
  });

  it('caps a day at eight points', () => {
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T06:00:00', 9 * 60)] }).patrols).toBe(8);
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T06:00:00', 8 * 60)] }).patrols).toBe(8);
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T06:00:00', 7 * 60 + 59)] }).patrols).toBe(7);
  });

  it('counts a patrol across CST midnight on the day it started, under that day’s cap', () => {
    // 20:00 to 08:00 Beijing time: 12 hours, all on the first day, capped at 8.
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T20:00:00', 12 * 60)] }).patrols).toBe(8);
    // The next day has its own cap: 8 more hours starting after midnight count in full.
    const both = [patrol('2026-03-02T20:00:00', 4 * 60), patrol('2026-03-03T00:00:00', 8 * 60)];
    expect(pointsOf({ ...none, patrols: both }).patrols).toBe(12);
  });

  it('uses the Beijing day, not the UTC day, for the cap', () => {
    // 07:00 and 09:00 Beijing time on one day fall on two UTC days (23:00 and 01:00 UTC).
    const oneCstDay = [patrol('2026-03-02T07:00:00', 6 * 60), patrol('2026-03-02T13:00:00', 6 * 60)];
    expect(pointsOf({ ...none, patrols: oneCstDay }).patrols).toBe(8);
    // 23:00 and 01:00 Beijing time are one UTC day but two Beijing days.
    const twoCstDays = [patrol('2026-03-02T17:00:00', 6 * 60), patrol('2026-03-03T01:00:00', 6 * 60)];
    expect(cstDay(twoCstDays[0]?.startedAt as Date)).not.toBe(cstDay(twoCstDays[1]?.startedAt as Date));
    expect(pointsOf({ ...none, patrols: twoCstDays }).patrols).toBe(12);
  });

  it('scores reports by where they stand now', () => {
    expect(reportPoints({ status: 'submitted', verifiedAt: null })).toBe(0);
    expect(reportPoints({ status: 'verified', verifiedAt: new Date() })).toBe(POINTS_RULE.verifiedReport);
    expect(reportPoints({ status: 'hazard', verifiedAt: new Date() })).toBe(POINTS_RULE.hazardReport);
    expect(reportPoints({ status: 'no_further_action', verifiedAt: new Date() })).toBe(POINTS_RULE.verifiedReport);
    expect(reportPoints({ status: 'no_further_action', verifiedAt: null })).toBe(0);
    expect(reportPoints({ status: 'duplicate', verifiedAt: new Date() })).toBe(0);
    expect(reportPoints({ status: 'not_a_hazard', verifiedAt: new Date() })).toBe(0);
    expect(reportPoints({ status: 'not_our_responsibility', verifiedAt: new Date() })).toBe(POINTS_RULE.verifiedReport);
    // Reopened after its hazard was fixed: it still became a hazard.
    expect(reportPoints({ status: 'reopened', verifiedAt: new Date(), becameHazard: true })).toBe(POINTS_RULE.hazardReport);
    expect(reportPoints({ status: 'reopened', verifiedAt: new Date(), becameHazard: false })).toBe(POINTS_RULE.verifiedReport);
  });

  it('gives training one point per full hour of each record and work none', () => {
    const activities = [
      { date: '2026-03-02', hours: 1, kind: 'training' as const },
      { date: '2026-03-02', hours: 0.5, kind: 'training' as const },
      { date: '2026-03-03', hours: 2.75, kind: 'training' as const },
      { date: '2026-03-03', hours: 5, kind: 'work' as const },
    ];
    expect(pointsOf({ ...none, activities }).training).toBe(3);
  });

  it('adds everything up', () => {
    const p = pointsOf({
      reports: [
        { status: 'verified', verifiedAt: new Date() },
        { status: 'hazard', verifiedAt: new Date() },
        { status: 'submitted', verifiedAt: null },
      ],
      patrols: [patrol('2026-03-02T08:00:00', 150)],
      activities: [{ date: '2026-03-02', hours: 2, kind: 'training' }],
    });
    expect(p).toEqual({ reports: 30, patrols: 2, training: 2, total: 34 });
  });

  it('follows a changed rule', () => {
    const rule = { ...POINTS_RULE, patrolDailyCap: 2, hazardReport: 50 };
    expect(pointsOf({ ...none, patrols: [patrol('2026-03-02T06:00:00', 5 * 60)] }, rule).patrols).toBe(2);
    expect(reportPoints({ status: 'hazard', verifiedAt: null }, rule)).toBe(50);
  });

  it('describes every part of the rule in both languages', () => {
    for (const key of Object.keys(POINTS_RULE) as (keyof typeof POINTS_RULE)[]) {
      expect(POINTS_RULE_TEXT[key]['zh-CN'].length).toBeGreaterThan(0);
      expect(POINTS_RULE_TEXT[key].en.length).toBeGreaterThan(0);
    }
    for (const s of SKILLS) expect(SKILL_NAMES[s].en.length).toBeGreaterThan(0);
  });
});

describe('ranking', () => {
  const row = (personId: string, name: string, points: number, hours = 0, verifiedReports = 0, patrols = 0) => ({
    personId,
    name,
    points,
    hours,
    verifiedReports,
    patrols,
  });

  it('orders by points, then hours, verified reports, patrols, name and id', () => {
    const ranked = rank([
      row('b', '乙', 10, 1),
      row('a', '甲', 10, 2),
      row('c', '丙', 30),
      row('d', '丁', 10, 1, 1),
      row('e', '戊', 10, 1, 1, 3),
    ]);
    expect(ranked.map((r) => r.personId)).toEqual(['c', 'a', 'e', 'd', 'b']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives equal figures the same rank and a stable order by name then id', () => {
    const ranked = rank([row('2', 'Wang', 5), row('1', 'Wang', 5), row('3', 'Li', 5), row('4', 'Zhao', 1)]);
    expect(ranked.map((r) => r.personId)).toEqual(['3', '1', '2', '4']);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 1, 4]);
    expect(rank([...ranked].reverse()).map((r) => r.personId)).toEqual(['3', '1', '2', '4']);
  });

  it('is empty for nobody', () => {
    expect(rank([])).toEqual([]);
  });
});

describe('skills', () => {
  it('keeps catalogue order and drops repeats', () => {
    expect(normaliseSkills(['traffic', 'first_aid', 'traffic'])).toEqual(['first_aid', 'traffic']);
  });
});
