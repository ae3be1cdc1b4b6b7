/**
 * The pure core of alarm handling (§5.6 of the research: verify → notify the
 * enterprise with a deadline → the enterprise acts → closes with a result;
 * overdue handling escalates): the states, the steps as a table with the
 * permission each needs and what each requires, separation of duties, overdue
 * and escalation. No I/O, no clock: "now" is always an argument.
 */

export const ALARM_STATUSES = ['open', 'confirmed', 'false_positive', 'notified', 'handling', 'closed'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

export const STEP_NAMES = ['verify', 'notify', 'handle', 'close'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const VERDICTS = ['confirmed', 'false_positive'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const HANDLING_ACTIONS = ['message_driver', 'call_driver', 'stop_vehicle', 'other'] as const;
export type HandlingAction = (typeof HANDLING_ACTIONS)[number];

/** Which side of the separation of duties a step belongs to. */
export type Side = 'monitor' | 'enterprise';

/** What a step may require; each is checked below and named in refusals. */
export const STEP_REQUIREMENTS = ['verdict', 'future_deadline', 'action', 'note', 'result', 'not_operator'] as const;
export type StepRequirement = (typeof STEP_REQUIREMENTS)[number];

export interface StepRule {
  /** From-state → to-state; verify goes where its verdict says. */
  edges: Partial<Record<AlarmStatus, AlarmStatus | Readonly<Record<Verdict, AlarmStatus>>>>;
  permission: string;
  side: Side;
  requires: readonly StepRequirement[];
}

/** The handling loop as data. */
export const STEPS = {
  verify: {
    edges: { open: { confirmed: 'confirmed', false_positive: 'false_positive' } },
    permission: 'alarms.alarm.verify',
    side: 'monitor',
    requires: ['verdict', 'not_operator'],
  },
  notify: {
    edges: { confirmed: 'notified' },
    permission: 'alarms.alarm.notify',
    side: 'monitor',
    requires: ['future_deadline', 'not_operator'],
  },
  // The enterprise may act more than once (a message, then a call) before closing.
  handle: {
    edges: { notified: 'handling', handling: 'handling' },
    permission: 'alarms.alarm.handle',
    side: 'enterprise',
    requires: ['action', 'note'],
  },
  close: { edges: { handling: 'closed' }, permission: 'alarms.alarm.close', side: 'enterprise', requires: ['result'] },
} as const satisfies Record<StepName, StepRule>;

/** States no step leaves. */
export const FINAL_STATUSES: readonly AlarmStatus[] = ['false_positive', 'closed'];

/** Which states may follow which (derived from the table). */
export const NEXT_STATUSES: Record<AlarmStatus, readonly AlarmStatus[]> = Object.fromEntries(
  ALARM_STATUSES.map((s) => [
    s,
    [
      ...new Set(
        Object.values(STEPS as Record<StepName, StepRule>).flatMap((rule) => {
          const to = rule.edges[s];
          return to === undefined ? [] : typeof to === 'string' ? [to] : Object.values(to);
        }),
      ),
    ],
  ]),
) as unknown as Record<AlarmStatus, readonly AlarmStatus[]>;

/** The longest deadline an operator may give: a week. */
export const MAX_DEADLINE_MS = 7 * 86_400_000;

export interface StepRequest {
  verdict?: Verdict | undefined;
  deadline?: Date | undefined;
  action?: HandlingAction | undefined;
  note?: string | undefined;
  result?: string | undefined;
}

export interface StepActor {
  /** Whether the actor holds the step's permission over this alarm's enterprise (mandate and scope). */
  may: (permission: string) => boolean;
  /** The organisations the actor works in. */
  organisationIds: readonly string[];
}

export interface AlarmFacts {
  status: AlarmStatus;
  enterpriseId: string;
}

export type StepCheck =
  | { ok: true; to: AlarmStatus }
  | { ok: false; reason: 'state'; status: AlarmStatus }
  | { ok: false; reason: 'forbidden'; permission: string }
  | { ok: false; reason: 'separation' }
  | { ok: false; reason: 'unmet'; missing: StepRequirement[] };

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** Whether the request leaves this requirement unmet. */
function fails(r: StepRequirement, alarm: AlarmFacts, request: StepRequest, actor: StepActor, now: Date): boolean {
  switch (r) {
    case 'verdict':
      return request.verdict === undefined;
    case 'future_deadline':
      return (
        request.deadline === undefined ||
        Number.isNaN(request.deadline.getTime()) ||
        request.deadline.getTime() <= now.getTime() ||
        request.deadline.getTime() - now.getTime() > MAX_DEADLINE_MS
      );
    case 'action':
      return request.action === undefined;
    case 'note':
      return blank(request.note);
    case 'result':
      return blank(request.result);
    case 'not_operator':
      return actor.organisationIds.includes(alarm.enterpriseId);
  }
}

/** What the request leaves unmet, in the table's order. */
export function unmetRequirements(step: StepName, alarm: AlarmFacts, request: StepRequest, actor: StepActor, now: Date): StepRequirement[] {
  const rule: StepRule = STEPS[step];
  return rule.requires.filter((r) => fails(r, alarm, request, actor, now));
}

/** Where the step would take an alarm in this state (null: not from here). */
export function targetOf(step: StepName, from: AlarmStatus, verdict?: Verdict): AlarmStatus | null {
  const to = (STEPS as Record<StepName, StepRule>)[step].edges[from];
  if (to === undefined) return null;
  if (typeof to === 'string') return to;
  return verdict ? to[verdict] : null;
}

/**
 * Whether the step may be taken, in order: the state, the mandate, the separation of duties
 * (no one working for the operating enterprise verifies or notifies its alarms), then the request.
 */
export function checkStep(step: StepName, alarm: AlarmFacts, request: StepRequest, actor: StepActor, now: Date): StepCheck {
  const rule: StepRule = STEPS[step];
  if (rule.edges[alarm.status] === undefined) return { ok: false, reason: 'state', status: alarm.status };
  if (!actor.may(rule.permission)) return { ok: false, reason: 'forbidden', permission: rule.permission };
  const missing = unmetRequirements(step, alarm, request, actor, now);
  if (missing.includes('not_operator')) return { ok: false, reason: 'separation' };
  if (missing.length > 0) return { ok: false, reason: 'unmet', missing };
  const to = targetOf(step, alarm.status, request.verdict);
  return to ? { ok: true, to } : { ok: false, reason: 'unmet', missing: ['verdict'] };
}

/** Whether to offer the step (the `abilities` on the wire): state, mandate and separation, before any input. */
export function mayAttempt(step: StepName, alarm: AlarmFacts, actor: StepActor): boolean {
  const rule: StepRule = STEPS[step];
  if (rule.edges[alarm.status] === undefined || !actor.may(rule.permission)) return false;
  return !(rule.requires.includes('not_operator') && actor.organisationIds.includes(alarm.enterpriseId));
}

/** Notified or being handled, and past its deadline. */
export function isOverdue(status: AlarmStatus, deadline: Date | null, now: Date): boolean {
  return (status === 'notified' || status === 'handling') && deadline !== null && deadline.getTime() < now.getTime();
}

/** Overdue and not escalated yet: the escalation job's work. */
export function dueForEscalation(alarm: { status: AlarmStatus; deadline: Date | null; escalatedAt: Date | null }, now: Date): boolean {
  return alarm.escalatedAt === null && isOverdue(alarm.status, alarm.deadline, now);
}

/** Closed on or before its deadline (null when not closed or there was no deadline). */
export function closedInTime(closedAt: Date | null, deadline: Date | null): boolean | null {
  if (!closedAt || !deadline) return null;
  return closedAt.getTime() <= deadline.getTime();
}

/**
 * The regulator to tell of an overdue alarm: the one governing the nearest area on the enterprise's
 * path (nearest last in `areaPath`), a transport department preferred, then any.
 */
export function regulatorFor(
  areaPath: readonly string[],
  regulators: readonly { id: string; areaId: string | null; department: string | null }[],
): string | null {
  for (const preferTransport of [true, false]) {
    for (let i = areaPath.length - 1; i >= 0; i--) {
      const here = regulators
        .filter((r) => r.areaId === areaPath[i] && (!preferTransport || r.department === 'transport'))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      if (here[0]) return here[0].id;
    }
  }
  return null;
}

/** A rate, or null when nothing was there to count. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
