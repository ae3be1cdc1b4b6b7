import { describe, expect, it } from 'vitest';
import {
  ALARM_STATUSES,
  type AlarmStatus,
  checkStep,
  closedInTime,
  dueForEscalation,
  FINAL_STATUSES,
  isOverdue,
  MAX_DEADLINE_MS,
  mayAttempt,
  NEXT_STATUSES,
  rate,
  regulatorFor,
  STEP_NAMES,
  STEPS,
  type StepActor,
  type StepName,
  type StepRequest,
  targetOf,
} from './alarms.rules.js';

const now = new Date('2026-05-01T04:00:00Z');
const enterpriseId = 'e1';
const monitor: StepActor = { may: () => true, organisationIds: ['provider'] };
const enterprise: StepActor = {
  may: (p) => p === 'alarms.alarm.handle' || p === 'alarms.alarm.close',
  organisationIds: [enterpriseId],
};
const hour = new Date(now.getTime() + 3_600_000);
const full: StepRequest = {
  verdict: 'confirmed',
  deadline: hour,
  action: 'call_driver',
  note: '已电话提醒驾驶员减速',
  result: '驾驶员已减速',
};

/** The states each step may start from, read off the table. */
const fromStates = (step: StepName): AlarmStatus[] => ALARM_STATUSES.filter((s) => (STEPS[step].edges as Record<string, unknown>)[s]);

describe('the handling loop as a table', () => {
  it('leads open → confirmed → notified → handling → closed, and open → false_positive', () => {
    expect(NEXT_STATUSES).toEqual({
      open: ['confirmed', 'false_positive'],
      confirmed: ['notified'],
      false_positive: [],
      notified: ['handling'],
      handling: ['handling', 'closed'],
      closed: [],
    });
    for (const s of FINAL_STATUSES) expect(NEXT_STATUSES[s]).toEqual([]);
  });

  it('verify goes where the verdict says; other steps ignore it', () => {
    expect(targetOf('verify', 'open', 'confirmed')).toBe('confirmed');
    expect(targetOf('verify', 'open', 'false_positive')).toBe('false_positive');
    expect(targetOf('verify', 'open')).toBeNull();
    expect(targetOf('notify', 'confirmed', 'false_positive')).toBe('notified');
    expect(targetOf('close', 'notified')).toBeNull();
  });

  it.each(STEP_NAMES.flatMap((step) => ALARM_STATUSES.map((status) => [step, status] as const)))(
    '%s from %s: allowed exactly when the table has the edge',
    (step, status) => {
      const actor = STEPS[step].side === 'monitor' ? monitor : enterprise;
      const check = checkStep(step, { status, enterpriseId }, full, actor, now);
      if (fromStates(step).includes(status)) {
        expect(check).toEqual({ ok: true, to: targetOf(step, status, full.verdict) });
        expect(mayAttempt(step, { status, enterpriseId }, actor)).toBe(true);
      } else {
        expect(check).toEqual({ ok: false, reason: 'state', status });
        expect(mayAttempt(step, { status, enterpriseId }, actor)).toBe(false);
      }
    },
  );
});

describe('who may take which step', () => {
  it.each(STEP_NAMES)('%s needs its permission over the enterprise', (step) => {
    const status = fromStates(step)[0] as AlarmStatus;
    const nobody: StepActor = { may: () => false, organisationIds: [] };
    expect(checkStep(step, { status, enterpriseId }, full, nobody, now)).toEqual({
      ok: false,
      reason: 'forbidden',
      permission: STEPS[step].permission,
    });
    expect(mayAttempt(step, { status, enterpriseId }, nobody)).toBe(false);
  });

  it('the operating enterprise cannot verify or notify its own alarms, even holding the permission', () => {
    const insider: StepActor = { may: () => true, organisationIds: [enterpriseId] };
    expect(checkStep('verify', { status: 'open', enterpriseId }, full, insider, now)).toEqual({ ok: false, reason: 'separation' });
    expect(checkStep('notify', { status: 'confirmed', enterpriseId }, full, insider, now)).toEqual({ ok: false, reason: 'separation' });
    expect(mayAttempt('verify', { status: 'open', enterpriseId }, insider)).toBe(false);
    expect(mayAttempt('notify', { status: 'confirmed', enterpriseId }, insider)).toBe(false);
    expect(checkStep('handle', { status: 'notified', enterpriseId }, full, insider, now)).toEqual({ ok: true, to: 'handling' });
  });

  it('the enterprise’s roles do not carry verification', () => {
    expect(checkStep('verify', { status: 'open', enterpriseId }, full, enterprise, now)).toEqual({
      ok: false,
      reason: 'forbidden',
      permission: 'alarms.alarm.verify',
    });
  });
});

describe('what each step requires', () => {
  const missing = (step: StepName, status: AlarmStatus, request: StepRequest) => {
    const c = checkStep(step, { status, enterpriseId }, request, STEPS[step].side === 'monitor' ? monitor : enterprise, now);
    return c.ok ? [] : c.reason === 'unmet' ? c.missing : [c.reason];
  };

  it('verify needs a verdict', () => {
    expect(missing('verify', 'open', {})).toEqual(['verdict']);
  });

  it('notify needs a deadline after now and within a week', () => {
    expect(missing('notify', 'confirmed', {})).toEqual(['future_deadline']);
    expect(missing('notify', 'confirmed', { deadline: now })).toEqual(['future_deadline']);
    expect(missing('notify', 'confirmed', { deadline: new Date(now.getTime() - 1) })).toEqual(['future_deadline']);
    expect(missing('notify', 'confirmed', { deadline: new Date(now.getTime() + 1) })).toEqual([]);
    expect(missing('notify', 'confirmed', { deadline: new Date(now.getTime() + MAX_DEADLINE_MS) })).toEqual([]);
    expect(missing('notify', 'confirmed', { deadline: new Date(now.getTime() + MAX_DEADLINE_MS + 1) })).toEqual(['future_deadline']);
    expect(missing('notify', 'confirmed', { deadline: new Date(Number.NaN) })).toEqual(['future_deadline']);
  });

  it('handle needs an action and a note that is not blank', () => {
    expect(missing('handle', 'notified', {})).toEqual(['action', 'note']);
    expect(missing('handle', 'notified', { action: 'other', note: '   ' })).toEqual(['note']);
    expect(missing('handle', 'handling', { action: 'stop_vehicle', note: '责令停车休息' })).toEqual([]);
  });

  it('close needs a result', () => {
    expect(missing('close', 'handling', { result: '' })).toEqual(['result']);
    expect(missing('close', 'handling', { result: '已纠正' })).toEqual([]);
  });
});

describe('deadlines, escalation and timeliness', () => {
  const past = new Date(now.getTime() - 1);
  it.each(ALARM_STATUSES)('an alarm %s past its deadline is overdue only while notified or handling', (status) => {
    const expected = status === 'notified' || status === 'handling';
    expect(isOverdue(status, past, now)).toBe(expected);
    expect(isOverdue(status, now, now)).toBe(false);
    expect(isOverdue(status, null, now)).toBe(false);
    expect(dueForEscalation({ status, deadline: past, escalatedAt: null }, now)).toBe(expected);
    expect(dueForEscalation({ status, deadline: past, escalatedAt: past }, now)).toBe(false);
  });

  it('closed in time means on or before the deadline', () => {
    expect(closedInTime(now, now)).toBe(true);
    expect(closedInTime(new Date(now.getTime() + 1), now)).toBe(false);
    expect(closedInTime(null, now)).toBeNull();
    expect(closedInTime(now, null)).toBeNull();
  });
});

describe('the regulator told of an overdue alarm', () => {
  const regulators = [
    { id: 'r-city-em', areaId: 'city', department: 'emergency' },
    { id: 'r-city-tr', areaId: 'city', department: 'transport' },
    { id: 'r-district', areaId: 'district', department: 'emergency' },
  ];
  it('is the transport regulator nearest on the path, else the nearest regulator, else none', () => {
    expect(regulatorFor(['city', 'district', 'street'], regulators)).toBe('r-city-tr');
    expect(regulatorFor(['district', 'street'], regulators)).toBe('r-district');
    expect(regulatorFor(['elsewhere'], regulators)).toBeNull();
    expect(regulatorFor([], regulators)).toBeNull();
  });
});

describe('rates', () => {
  it('are rounded to four places and null over nothing', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(rate(2, 2)).toBe(1);
  });
});
