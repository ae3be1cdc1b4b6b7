import { describe, expect, it } from 'vitest';
import {
  combinationProblem,
  completionProblems,
  cstDate,
  EVENTS,
  type Event,
  endOfDayCst,
  expertReviewReady,
  isOverdue,
  KIND_MANNERS,
  KIND_MODES,
  KINDS,
  MANNERS,
  MODES,
  type Mode,
  mayAnswer,
  next,
  occurrences,
  packageStatus,
  STATUSES,
  type Status,
  stepStatus,
  TRANSITIONS,
} from './inspections.rules.js';

/** The whole workflow, written out by hand: [status, mode, event] → next status. Anything not listed is refused. */
const ALLOWED: [Status, Mode, Event, Status][] = [
  ['planned', 'on_site', 'start', 'in_progress'],
  ['planned', 'phone', 'start', 'in_progress'],
  ['planned', 'questionnaire', 'send_questionnaire', 'in_progress'],
  ['in_progress', 'questionnaire', 'send_questionnaire', 'in_progress'],
  ['in_progress', 'questionnaire', 'submit_questionnaire', 'awaiting_review'],
  ['awaiting_review', 'questionnaire', 'return_questionnaire', 'in_progress'],
  ['in_progress', 'on_site', 'complete', 'completed'],
  ['in_progress', 'phone', 'complete', 'completed'],
  ['awaiting_review', 'questionnaire', 'complete', 'completed'],
  ['planned', 'on_site', 'cancel', 'cancelled'],
  ['planned', 'phone', 'cancel', 'cancelled'],
  ['planned', 'questionnaire', 'cancel', 'cancelled'],
  ['in_progress', 'on_site', 'cancel', 'cancelled'],
  ['in_progress', 'phone', 'cancel', 'cancelled'],
  ['in_progress', 'questionnaire', 'cancel', 'cancelled'],
  ['awaiting_review', 'questionnaire', 'cancel', 'cancelled'],
];

describe('the inspection workflow', () => {
  it('allows exactly the listed moves, for every state, mode and event', () => {
    for (const status of STATUSES)
      for (const mode of MODES)
        for (const event of EVENTS) {
          const listed = ALLOWED.find(([s, m, e]) => s === status && m === mode && e === event);
          expect(next(status, mode, event), `${status} ${mode} ${event}`).toBe(listed ? listed[3] : null);
        }
  });

  it('every move it makes is an edge of the transition table', () => {
    for (const [from, , , to] of ALLOWED) if (from !== to) expect(TRANSITIONS[from] as readonly Status[]).toContain(to);
  });

  it('completed and cancelled are final', () => {
    for (const mode of MODES)
      for (const event of EVENTS) for (const s of ['completed', 'cancelled'] as const) expect(next(s, mode, event)).toBeNull();
  });

  it('the inspector answers only while an on-site or phone inspection runs; questionnaires are answered by the enterprise', () => {
    for (const status of STATUSES)
      for (const mode of MODES)
        expect(mayAnswer(status, mode), `${status} ${mode}`).toBe(status === 'in_progress' && mode !== 'questionnaire');
  });

  it('is overdue only while open and past its due time', () => {
    const due = new Date('2026-03-31T16:00:00Z');
    const before = new Date('2026-03-31T15:59:59Z');
    const after = new Date('2026-03-31T16:00:01Z');
    for (const status of STATUSES) {
      const open = status !== 'completed' && status !== 'cancelled';
      expect(isOverdue(status, due, after), status).toBe(open);
      expect(isOverdue(status, due, before), status).toBe(false);
      expect(isOverdue(status, null, after), status).toBe(false);
    }
  });
});

describe('kinds, modes and manners', () => {
  it('every combination is either allowed by the tables or refused with the field at fault', () => {
    for (const kind of KINDS)
      for (const mode of MODES)
        for (const manner of MANNERS) {
          const problem = combinationProblem(kind, mode, manner);
          const allowed =
            (KIND_MODES[kind] as readonly string[]).includes(mode) &&
            (KIND_MANNERS[kind] as readonly string[]).includes(manner) &&
            !(mode === 'questionnaire' && manner === 'unannounced');
          expect(problem === null, `${kind} ${mode} ${manner}`).toBe(allowed);
        }
  });

  it('a self-check is announced and on site; a questionnaire cannot be unannounced', () => {
    expect(combinationProblem('self_check', 'phone', 'announced')).toMatchObject({ field: 'mode' });
    expect(combinationProblem('self_check', 'on_site', 'unannounced')).toMatchObject({ field: 'manner' });
    expect(combinationProblem('third_party', 'questionnaire', 'unannounced')).toMatchObject({ field: 'manner' });
    expect(combinationProblem('enforcement', 'on_site', 'unannounced')).toBeNull();
  });
});

describe('completion', () => {
  const base = {
    mode: 'on_site' as Mode,
    requiredItemKeys: ['a', 'b'],
    answeredItemKeys: new Set(['a', 'b']),
    unreviewedItemKeys: [] as string[],
    signatures: new Set<'inspector' | 'enterprise'>(['inspector', 'enterprise']),
  };

  it('needs every required item answered and, on site, both signatures', () => {
    expect(completionProblems(base)).toEqual([]);
    expect(
      completionProblems({ ...base, answeredItemKeys: new Set(['a']), signatures: new Set(['inspector']) }).map((p) => p.field),
    ).toEqual(['answers.b', 'signatures.enterprise']);
  });

  it('a fix on the spot needs a photo of it', () => {
    expect(completionProblems({ ...base, fixedWithoutPhotoItemKeys: ['b'] }).map((p) => p.field)).toEqual(['photos.b']);
  });

  it('a phone inspection needs no signatures; a questionnaire needs every answer reviewed', () => {
    expect(completionProblems({ ...base, mode: 'phone', signatures: new Set() })).toEqual([]);
    expect(
      completionProblems({ ...base, mode: 'questionnaire', signatures: new Set(), unreviewedItemKeys: ['a'] }).map((p) => p.field),
    ).toEqual(['answers.a']);
  });
});

describe('plan periods', () => {
  it('once is the whole range', () => {
    expect(occurrences('2026-04-01', '2026-06-30', 'once')).toEqual([{ from: '2026-04-01', to: '2026-06-30' }]);
  });

  it('monthly periods follow the calendar, clipped to the range', () => {
    expect(occurrences('2026-01-15', '2026-04-10', 'monthly')).toEqual([
      { from: '2026-01-15', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-10' },
    ]);
    expect(occurrences('2028-02-01', '2028-02-29', 'monthly')).toEqual([{ from: '2028-02-01', to: '2028-02-29' }]);
  });

  it('quarters begin in January, April, July and October, across a year end', () => {
    expect(occurrences('2026-11-20', '2027-07-01', 'quarterly')).toEqual([
      { from: '2026-11-20', to: '2026-12-31' },
      { from: '2027-01-01', to: '2027-03-31' },
      { from: '2027-04-01', to: '2027-06-30' },
      { from: '2027-07-01', to: '2027-07-01' },
    ]);
  });

  it('a reversed range has none; a one-day range has one', () => {
    expect(occurrences('2026-05-02', '2026-05-01', 'monthly')).toEqual([]);
    expect(occurrences('2026-05-01', '2026-05-01', 'quarterly')).toEqual([{ from: '2026-05-01', to: '2026-05-01' }]);
  });

  it('a period ends at midnight China Standard Time, and instants map back to CST dates', () => {
    expect(endOfDayCst('2026-03-31').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(cstDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(cstDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
  });
});

describe('service packages', () => {
  it('a step follows its inspection; the expert review is done once recorded', () => {
    expect(stepStatus('planned', false)).toBe('pending');
    expect(stepStatus('in_progress', false)).toBe('in_progress');
    expect(stepStatus('awaiting_review', false)).toBe('in_progress');
    expect(stepStatus('completed', false)).toBe('done');
    expect(stepStatus('cancelled', false)).toBe('cancelled');
    expect(stepStatus(null, false)).toBe('pending');
    expect(stepStatus(null, true)).toBe('done');
  });

  it('is completed when every step is done or cancelled, cancelled when all are, else open', () => {
    expect(packageStatus(['done', 'done', 'done', 'done'], null)).toBe('completed');
    expect(packageStatus(['done', 'cancelled', 'done', 'done'], null)).toBe('completed');
    expect(packageStatus(['done', 'in_progress', 'pending', 'pending'], null)).toBe('open');
    expect(packageStatus(['cancelled', 'cancelled'], null)).toBe('cancelled');
    expect(packageStatus(['done', 'pending'], new Date())).toBe('cancelled');
  });

  it('the expert review waits for the other steps', () => {
    expect(expertReviewReady(['done', 'cancelled', 'done'])).toBe(true);
    expect(expertReviewReady(['done', 'in_progress'])).toBe(false);
    expect(expertReviewReady(['pending'])).toBe(false);
    expect(expertReviewReady([])).toBe(true);
  });
});
