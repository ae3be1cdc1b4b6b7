/**
 * The pure core of inspections (隐患排查): kinds, modes and manners, the
 * workflow as a transition table, plan occurrences and service-package
 * progress. No I/O here.
 */

export const KINDS = ['self_check', 'third_party', 'enforcement', 'peer_check', 'patrol'] as const;
export type Kind = (typeof KINDS)[number];

export const MODES = ['on_site', 'phone', 'questionnaire'] as const;
export type Mode = (typeof MODES)[number];

/** announced; unannounced (四不两直: no notice, no greeting, straight to the site); cross-area (交叉检查). */
export const MANNERS = ['announced', 'unannounced', 'cross_area'] as const;
export type Manner = (typeof MANNERS)[number];

export const STATUSES = ['planned', 'in_progress', 'awaiting_review', 'completed', 'cancelled'] as const;
export type Status = (typeof STATUSES)[number];

/** Which states may follow which. */
export const TRANSITIONS = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['awaiting_review', 'completed', 'cancelled'],
  awaiting_review: ['in_progress', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
} as const satisfies Record<Status, readonly Status[]>;

export const EVENTS = ['start', 'send_questionnaire', 'submit_questionnaire', 'return_questionnaire', 'complete', 'cancel'] as const;
export type Event = (typeof EVENTS)[number];

/** Each event: the state it leads to, and from which states in each mode it may happen (absent: not in that mode). */
export const EVENT_RULES = {
  start: { to: 'in_progress', from: { on_site: ['planned'], phone: ['planned'] } },
  send_questionnaire: { to: 'in_progress', from: { questionnaire: ['planned', 'in_progress'] } },
  submit_questionnaire: { to: 'awaiting_review', from: { questionnaire: ['in_progress'] } },
  return_questionnaire: { to: 'in_progress', from: { questionnaire: ['awaiting_review'] } },
  complete: { to: 'completed', from: { on_site: ['in_progress'], phone: ['in_progress'], questionnaire: ['awaiting_review'] } },
  cancel: {
    to: 'cancelled',
    from: {
      on_site: ['planned', 'in_progress'],
      phone: ['planned', 'in_progress'],
      questionnaire: ['planned', 'in_progress', 'awaiting_review'],
    },
  },
} as const satisfies Record<Event, { to: Status; from: Partial<Record<Mode, readonly Status[]>> }>;

/** The state an event leads to, or null when it is not allowed in this state and mode. */
export function next(status: Status, mode: Mode, event: Event): Status | null {
  const rule: { to: Status; from: Partial<Record<Mode, readonly Status[]>> } = EVENT_RULES[event];
  if (!rule.from[mode]?.includes(status)) return null;
  if (rule.to !== status && !(TRANSITIONS[status] as readonly Status[]).includes(rule.to)) return null;
  return rule.to;
}

export const isOpen = (status: Status): boolean => status !== 'completed' && status !== 'cancelled';

export const isOverdue = (status: Status, dueAt: Date | null, now: Date): boolean =>
  isOpen(status) && dueAt !== null && now.getTime() > dueAt.getTime();

/** Answers may be written by the inspector while the inspection runs (for questionnaires: by review). */
export const mayAnswer = (status: Status, mode: Mode): boolean => status === 'in_progress' && mode !== 'questionnaire';

/** Which modes each kind may use: patrols and peer checks are walked on site. */
export const KIND_MODES = {
  self_check: ['on_site'],
  third_party: ['on_site', 'phone', 'questionnaire'],
  enforcement: ['on_site', 'phone', 'questionnaire'],
  peer_check: ['on_site'],
  patrol: ['on_site'],
} as const satisfies Record<Kind, readonly Mode[]>;

/** Which manners each kind may use: an enterprise cannot surprise itself; cross-area is for supervisors. */
export const KIND_MANNERS = {
  self_check: ['announced'],
  third_party: ['announced', 'unannounced', 'cross_area'],
  enforcement: ['announced', 'unannounced', 'cross_area'],
  peer_check: ['announced', 'unannounced', 'cross_area'],
  patrol: ['announced', 'unannounced'],
} as const satisfies Record<Kind, readonly Manner[]>;

export function combinationProblem(kind: Kind, mode: Mode, manner: Manner): { field: 'mode' | 'manner'; detail: string } | null {
  if (!(KIND_MODES[kind] as readonly Mode[]).includes(mode))
    return { field: 'mode', detail: `a ${kind} inspection is done ${KIND_MODES[kind].join(' or ')}` };
  if (!(KIND_MANNERS[kind] as readonly Manner[]).includes(manner))
    return { field: 'manner', detail: `a ${kind} inspection is ${KIND_MANNERS[kind].join(' or ')}` };
  if (mode === 'questionnaire' && manner === 'unannounced')
    return { field: 'manner', detail: 'a questionnaire sent to the enterprise cannot be unannounced' };
  return null;
}

/** The hazard source a finding of each kind of inspection records. */
export const HAZARD_SOURCE = {
  self_check: 'self_check',
  third_party: 'third_party',
  enforcement: 'enforcement',
  peer_check: 'peer_check',
  patrol: 'patrol',
} as const satisfies Record<Kind, string>;

/** What completing needs that is missing, as field paths; empty when it may complete. */
export function completionProblems(input: {
  mode: Mode;
  requiredItemKeys: readonly string[];
  answeredItemKeys: ReadonlySet<string>;
  unreviewedItemKeys: readonly string[];
  signatures: ReadonlySet<'inspector' | 'enterprise'>;
  /** Items recorded as fixed on the spot that have no photo of the fix. */
  fixedWithoutPhotoItemKeys?: readonly string[];
}): { field: string; detail: string }[] {
  const problems: { field: string; detail: string }[] = [];
  for (const key of input.requiredItemKeys)
    if (!input.answeredItemKeys.has(key)) problems.push({ field: `answers.${key}`, detail: 'a required item is not answered' });
  for (const key of input.fixedWithoutPhotoItemKeys ?? [])
    problems.push({ field: `photos.${key}`, detail: 'a hazard fixed on the spot needs a photo of the fix as evidence' });
  if (input.mode === 'questionnaire')
    for (const key of input.unreviewedItemKeys)
      problems.push({ field: `answers.${key}`, detail: 'the enterprise’s answer is not reviewed' });
  if (input.mode === 'on_site')
    for (const party of ['inspector', 'enterprise'] as const)
      if (!input.signatures.has(party)) problems.push({ field: `signatures.${party}`, detail: 'an on-site inspection is signed by both' });
  return problems;
}

// ---- plans --------------------------------------------------------------------------------------------------

export const RECURRENCES = ['once', 'monthly', 'quarterly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** A calendar date, YYYY-MM-DD, in China Standard Time. */
export type LocalDate = string;

const CST_OFFSET_MS = 8 * 3_600_000;

/** The instant a CST calendar day ends (the next day's 00:00 CST), as UTC. */
export function endOfDayCst(date: LocalDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - CST_OFFSET_MS);
}

/** The CST calendar date of an instant. */
export function cstDate(at: Date): LocalDate {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/**
 * The periods of a plan, each with its first and last day: the whole range
 * once, or calendar months / quarters clipped to the range. Empty when the
 * range is reversed.
 */
export function occurrences(start: LocalDate, end: LocalDate, recurrence: Recurrence): { from: LocalDate; to: LocalDate }[] {
  if (end < start) return [];
  if (recurrence === 'once') return [{ from: start, to: end }];
  const months = recurrence === 'monthly' ? 1 : 3;
  const [sy, sm] = start.split('-').map(Number) as [number, number];
  // Periods are aligned to the calendar: months, or quarters beginning in January, April, July, October.
  let y = sy;
  let m = recurrence === 'monthly' ? sm - 1 : Math.floor((sm - 1) / 3) * 3;
  const out: { from: LocalDate; to: LocalDate }[] = [];
  for (;;) {
    const from = iso(y, m, 1);
    if (from > end) break;
    const to = iso(y, m + months, 0);
    out.push({ from: from < start ? start : from, to: to > end ? end : to });
    m += months;
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
  }
  return out;
}

// ---- service packages ---------------------------------------------------------------------------------------

/** A service package (安全服务包): questionnaire, phone follow-up, on-site visit and expert review, in that order. */
export const PACKAGE_STEPS = ['questionnaire', 'phone', 'on_site', 'expert_review'] as const;
export type PackageStep = (typeof PACKAGE_STEPS)[number];

export const STEP_MODE = { questionnaire: 'questionnaire', phone: 'phone', on_site: 'on_site' } as const satisfies Record<
  Exclude<PackageStep, 'expert_review'>,
  Mode
>;

export type StepStatus = 'pending' | 'in_progress' | 'done' | 'cancelled';

/** A step's status from its inspection's status (expert review: from whether it was recorded). */
export function stepStatus(inspection: Status | null, expertReviewed: boolean): StepStatus {
  if (inspection === null) return expertReviewed ? 'done' : 'pending';
  switch (inspection) {
    case 'planned':
      return 'pending';
    case 'in_progress':
    case 'awaiting_review':
      return 'in_progress';
    case 'completed':
      return 'done';
    case 'cancelled':
      return 'cancelled';
  }
}

export type PackageStatus = 'open' | 'completed' | 'cancelled';

/** Completed when every step is done or cancelled and at least one is done; cancelled when all are. */
export function packageStatus(steps: readonly StepStatus[], cancelledAt: Date | null): PackageStatus {
  if (cancelledAt) return 'cancelled';
  if (steps.length > 0 && steps.every((s) => s === 'cancelled')) return 'cancelled';
  return steps.every((s) => s === 'done' || s === 'cancelled') ? 'completed' : 'open';
}

/** The expert review closes the package: the other steps must be finished first. */
export const expertReviewReady = (others: readonly StepStatus[]): boolean => others.every((s) => s === 'done' || s === 'cancelled');
