/**
 * The pure core of the hazard closed loop (排查→登记→评估→治理→验收→销号, 16号令):
 * the states, the transitions with the permission each needs and what each
 * requires, separation of duties, overdue and deadline notices, production stop
 * and resumption. No I/O, no clock: "now" is always an argument.
 */

export const STATUSES = [
  'discovered',
  'registered',
  'assessed',
  'treating',
  'awaiting_acceptance',
  'accepted',
  'closed',
  'dismissed',
] as const;
export type Status = (typeof STATUSES)[number];

/** Not closed and not dismissed: the hazard still has to be driven to its end. */
export const OPEN_STATUSES = ['discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted'] as const;
export const isOpen = (status: Status) => status !== 'closed' && status !== 'dismissed';

export const GRADES = ['general', 'major'] as const;
export type Grade = (typeof GRADES)[number];

export const SOURCES = ['self_check', 'third_party', 'enforcement', 'peer_check', 'patrol', 'public_report', 'control_check'] as const;
export type HazardSource = (typeof SOURCES)[number];

export const TRANSITION_NAMES = [
  'register',
  'assess',
  'fix_on_spot',
  'start_treatment',
  'submit',
  'accept',
  'reject',
  'close',
  'reopen',
  'dismiss',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

/** What a transition may require; each is checked by a pure function below and named in refusals. */
export const REQUIREMENTS = [
  'note',
  'reason',
  'grade',
  'criterion',
  'not_major',
  'after_evidence',
  'rectification_order',
  'five_implementations',
  'treatment_plan',
  'supervision_listed',
  'not_rectifier',
  'assessment_document',
  'future_deadline',
  'reopen_deadline',
] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export interface TransitionRule {
  /** From-state → to-state; a state absent here cannot take this transition. */
  edges: Partial<Record<Status, Status>>;
  /** The permission needed; by grade where general and major hazards differ. */
  permission: string | Readonly<Record<Grade, string>>;
  /** What must be true (of the hazard as the request would leave it, and of the request itself); by grade where they differ. */
  requires: readonly Requirement[] | Readonly<Record<Grade, readonly Requirement[]>>;
}

/** The closed loop as data: every transition, the permission it needs, and what it requires. */
export const TRANSITIONS = {
  register: { edges: { discovered: 'registered' }, permission: 'hazards.hazard.register', requires: [] },
  assess: { edges: { registered: 'assessed' }, permission: 'hazards.hazard.assess', requires: ['grade', 'criterion'] },
  fix_on_spot: {
    edges: { registered: 'closed', assessed: 'closed' },
    permission: 'hazards.rectification.order',
    requires: ['not_major', 'note', 'after_evidence'],
  },
  start_treatment: {
    edges: { assessed: 'treating' },
    permission: { general: 'hazards.rectification.order', major: 'hazards.major.plan' },
    requires: {
      general: ['rectification_order', 'future_deadline'],
      major: ['five_implementations', 'treatment_plan', 'supervision_listed', 'future_deadline'],
    },
  },
  submit: { edges: { treating: 'awaiting_acceptance' }, permission: 'hazards.rectification.submit', requires: ['note', 'after_evidence'] },
  accept: {
    edges: { awaiting_acceptance: 'accepted' },
    permission: { general: 'hazards.acceptance.general', major: 'hazards.acceptance.major' },
    requires: ['not_rectifier', 'assessment_document'],
  },
  reject: {
    edges: { awaiting_acceptance: 'treating' },
    permission: { general: 'hazards.acceptance.general', major: 'hazards.acceptance.major' },
    requires: ['not_rectifier', 'reason'],
  },
  close: { edges: { accepted: 'closed' }, permission: { general: 'hazards.hazard.close', major: 'hazards.major.close' }, requires: [] },
  reopen: {
    edges: { closed: 'treating', accepted: 'treating', dismissed: 'registered' },
    permission: 'hazards.hazard.reopen',
    requires: ['reason', 'reopen_deadline'],
  },
  dismiss: { edges: { discovered: 'dismissed', registered: 'dismissed' }, permission: 'hazards.hazard.dismiss', requires: ['reason'] },
} as const satisfies Record<TransitionName, TransitionRule>;

/** Which states may follow which (derived from the table, for diagrams and tests). */
export const NEXT_STATES: Record<Status, readonly Status[]> = Object.fromEntries(
  STATUSES.map((s) => [
    s,
    [...new Set(Object.values(TRANSITIONS as Record<TransitionName, TransitionRule>).flatMap((t) => (t.edges[s] ? [t.edges[s]] : [])))],
  ]),
) as unknown as Record<Status, readonly Status[]>;

// ---- what the requirements look at ---------------------------------------------------------------------------

export interface Criterion {
  library: string;
  version: string;
  clause: string;
}

export interface RectificationOrder {
  measures: string | null;
  responsibleName: string | null;
  deadline: Date | null;
}

/** 五落实: measures, responsibility, funding, deadline, contingency plan. */
export interface FiveImplementations {
  measures?: string | null;
  responsibility?: { organisation?: string | null; personName: string; personId?: string | null } | null;
  funding?: { amount: string; source: string } | null;
  deadline?: string | null;
  contingencyPlan?: { evidenceId: string; title: string } | null;
}

/** 16号令 Art. 15: the six elements of a major hazard's treatment plan (and optional interim measures). */
export interface TreatmentPlan {
  goalsAndTasks?: string | null;
  methodsAndMeasures?: string | null;
  fundsAndMaterials?: string | null;
  organisationAndPeople?: string | null;
  timeLimitAndRequirements?: string | null;
  safetyMeasuresAndContingency?: string | null;
  interimMeasures?: string | null;
}

export const FIVE_IMPLEMENTATION_FIELDS = ['measures', 'responsibility', 'funding', 'deadline', 'contingencyPlan'] as const;
export const TREATMENT_PLAN_FIELDS = [
  'goalsAndTasks',
  'methodsAndMeasures',
  'fundsAndMaterials',
  'organisationAndPeople',
  'timeLimitAndRequirements',
  'safetyMeasuresAndContingency',
] as const;

/** The hazard as the request would leave it. */
export interface HazardFacts {
  status: Status;
  /** The confirmed grade (after assessment), else null. */
  grade: Grade | null;
  /** The grade proposed when it was found (a checklist item that defines a major hazard). */
  proposedGrade: Grade | null;
  criterion: Criterion | null;
  order: RectificationOrder | null;
  five: FiveImplementations;
  plan: TreatmentPlan;
  supervisionListed: boolean;
  /** The deadline in force (order deadline, or the five implementations' deadline). */
  deadline: Date | null;
  /** The person who submitted the rectification for acceptance. */
  submittedBy: string | null;
  /** The contingency plan's evidence exists on this hazard. */
  contingencyPlanOnFile: boolean;
}

/** What the request itself carries. */
export interface RequestFacts {
  note?: string | null;
  reason?: string | null;
  /** How many of the evidence items bound to this transition are `after` photos or documents. */
  afterEvidence?: number;
  basis?: 'inspection' | 'assessment' | null;
  /** An `assessment` evidence of this hazard is named. */
  assessmentDocument?: boolean;
}

export interface ActorFacts {
  personId: string;
  /** Whether the actor holds the permission over this hazard's enterprise (mandate + scope). */
  may(permission: string): boolean;
}

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

/** The fields missing for a requirement (dotted paths, as problem+json names them); empty when it is met. */
export function unmet(
  requirement: Requirement,
  to: Status,
  h: HazardFacts,
  r: RequestFacts,
  actor: ActorFacts | null,
  now: Date,
): string[] {
  switch (requirement) {
    case 'note':
      return blank(r.note) ? ['note'] : [];
    case 'reason':
      return blank(r.reason) ? ['reason'] : [];
    case 'grade':
      return h.grade ? [] : ['grade'];
    case 'criterion':
      // A major hazard is major by a criterion: the clause it matched is recorded.
      return h.grade === 'major' && (!h.criterion || blank(h.criterion.library) || blank(h.criterion.version) || blank(h.criterion.clause))
        ? ['criterion']
        : [];
    case 'not_major':
      return (h.grade ?? h.proposedGrade) === 'major' ? ['grade'] : [];
    case 'after_evidence':
      return (r.afterEvidence ?? 0) > 0 ? [] : ['evidenceIds'];
    case 'rectification_order': {
      const o = h.order;
      return [
        ...(blank(o?.measures) ? ['measures'] : []),
        ...(blank(o?.responsibleName) ? ['responsiblePerson.name'] : []),
        ...(o?.deadline ? [] : ['deadline']),
      ];
    }
    case 'five_implementations': {
      const f = h.five;
      const missing: string[] = [];
      if (blank(f.measures)) missing.push('fiveImplementations.measures');
      if (!f.responsibility || blank(f.responsibility.personName)) missing.push('fiveImplementations.responsibility');
      if (!f.funding || blank(f.funding.amount) || blank(f.funding.source)) missing.push('fiveImplementations.funding');
      if (blank(f.deadline)) missing.push('fiveImplementations.deadline');
      if (!f.contingencyPlan || !h.contingencyPlanOnFile) missing.push('fiveImplementations.contingencyPlan');
      return missing;
    }
    case 'treatment_plan':
      return TREATMENT_PLAN_FIELDS.filter((k) => blank(h.plan[k])).map((k) => `treatmentPlan.${k}`);
    case 'supervision_listed':
      return h.supervisionListed ? [] : ['supervision'];
    case 'not_rectifier':
      return actor && h.submittedBy !== null && h.submittedBy === actor.personId ? ['actor'] : [];
    case 'assessment_document':
      return r.basis === 'assessment' && !r.assessmentDocument ? ['assessmentEvidenceId'] : [];
    case 'future_deadline':
      return h.deadline && h.deadline.getTime() > now.getTime() ? [] : [h.grade === 'major' ? 'fiveImplementations.deadline' : 'deadline'];
    case 'reopen_deadline':
      return to === 'treating' && !(h.deadline && h.deadline.getTime() > now.getTime()) ? ['deadline'] : [];
  }
}

/** The grade that decides a grade-dependent permission or requirement (unassessed counts as general). */
const gradeOf = (h: Pick<HazardFacts, 'grade' | 'proposedGrade'>): Grade => h.grade ?? 'general';

export function permissionFor(name: TransitionName, h: Pick<HazardFacts, 'grade' | 'proposedGrade'>): string {
  const p = (TRANSITIONS as Record<TransitionName, TransitionRule>)[name].permission;
  return typeof p === 'string' ? p : p[gradeOf(h)];
}

export function requirementsFor(name: TransitionName, h: Pick<HazardFacts, 'grade' | 'proposedGrade'>): readonly Requirement[] {
  const r = (TRANSITIONS as Record<TransitionName, TransitionRule>)[name].requires;
  return Array.isArray(r) ? r : (r as Record<Grade, readonly Requirement[]>)[gradeOf(h)];
}

/** The state a transition leads to from this state, or null when the table has no such edge. */
export function target(name: TransitionName, from: Status): Status | null {
  return (TRANSITIONS as Record<TransitionName, TransitionRule>)[name].edges[from] ?? null;
}

export type TransitionCheck =
  | { ok: true; to: Status; permission: string }
  | { ok: false; reason: 'not_allowed'; from: Status }
  | { ok: false; reason: 'forbidden'; permission: string }
  | { ok: false; reason: 'separation_of_duties' }
  | { ok: false; reason: 'requirements_unmet'; missing: string[] };

/**
 * Whether the actor may take the transition now: the edge exists, the actor holds its permission over the
 * hazard, the rectifier is not the acceptor, and every requirement is met. In that order, so the answer names
 * the first reason that stands in the way.
 */
export function checkTransition(name: TransitionName, h: HazardFacts, r: RequestFacts, actor: ActorFacts, now: Date): TransitionCheck {
  const to = target(name, h.status);
  if (!to) return { ok: false, reason: 'not_allowed', from: h.status };
  // Grade-specific edges: fix on the spot is for general hazards only (an unassessed one becomes general).
  const permission = permissionFor(name, h);
  if (!actor.may(permission)) return { ok: false, reason: 'forbidden', permission };
  const requirements = requirementsFor(name, h);
  if (requirements.includes('not_rectifier') && unmet('not_rectifier', to, h, r, actor, now).length > 0)
    return { ok: false, reason: 'separation_of_duties' };
  const missing = requirements.filter((q) => q !== 'not_rectifier').flatMap((q) => unmet(q, to, h, r, actor, now));
  if (missing.length > 0) return { ok: false, reason: 'requirements_unmet', missing: [...new Set(missing)] };
  return { ok: true, to, permission };
}

export class TransitionRefused extends Error {
  override name = 'TransitionRefused';
  constructor(readonly check: Exclude<TransitionCheck, { ok: true }>) {
    super(`transition refused: ${check.reason}`);
  }
}

/** The one gate every change of state passes: the target state, or a `TransitionRefused` naming why not. */
export function assertTransition(name: TransitionName, h: HazardFacts, r: RequestFacts, actor: ActorFacts, now: Date): Status {
  const check = checkTransition(name, h, r, actor, now);
  if (!check.ok) throw new TransitionRefused(check);
  return check.to;
}

/**
 * What the actor could do now, judged by state, permission and separation of duties only (not by the data a
 * request would still have to bring): the `abilities` of the API.
 */
export function mayAttempt(name: TransitionName, h: HazardFacts, actor: ActorFacts): boolean {
  const to = target(name, h.status);
  if (!to) return false;
  if (name === 'fix_on_spot' && (h.grade ?? h.proposedGrade) === 'major') return false;
  if (!actor.may(permissionFor(name, h))) return false;
  if (requirementsFor(name, h).includes('not_rectifier') && h.submittedBy === actor.personId) return false;
  return true;
}

/**
 * What the stored hazard still lacks for a transition (requirements that depend on the request itself, such
 * as a note or evidence, are left out): the `blockers` of the API.
 */
export function storedBlockers(name: TransitionName, h: HazardFacts, now: Date): string[] {
  const to = target(name, h.status);
  if (!to) return [];
  const stored: Requirement[] = [
    'grade',
    'criterion',
    'not_major',
    'rectification_order',
    'five_implementations',
    'treatment_plan',
    'supervision_listed',
    'future_deadline',
  ];
  if (name === 'assess') return [];
  return [
    ...new Set(
      requirementsFor(name, h)
        .filter((q) => stored.includes(q))
        .flatMap((q) => unmet(q, to, h, {}, null, now)),
    ),
  ];
}

// ---- overdue and deadline notices ----------------------------------------------------------------------------

/** Overdue: under treatment and past the deadline in force. A submitted rectification is not overdue. */
export function isOverdue(status: Status, deadline: Date | null, now: Date): boolean {
  return status === 'treating' && deadline !== null && deadline.getTime() < now.getTime();
}

export function daysOverdue(status: Status, deadline: Date | null, now: Date): number | null {
  if (!isOverdue(status, deadline, now) || !deadline) return null;
  return Math.floor((now.getTime() - deadline.getTime()) / 86_400_000);
}

/** Rectified on time: submitted for acceptance no later than the deadline in force. */
export const onTime = (submittedAt: Date | null, deadline: Date | null): boolean | null =>
  submittedAt && deadline ? submittedAt.getTime() <= deadline.getTime() : null;

/**
 * When to remind and escalate, as data: reminders N days before the deadline, the overdue notice at it (to the
 * enterprise and the tier-1 regulator), escalation to the next tier some days after.
 */
export interface DeadlinePolicy {
  remindDaysBefore: readonly number[];
  /** Days after the deadline at which each tier is told; tier 1 at 0 is the overdue notice. */
  escalations: readonly { afterDays: number; tier: 1 | 2 }[];
  /** 16号令 Art. 23 (as reproduced by Hubei): the department reviews a resumption application within 10 days. */
  resumptionReviewDays: number;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  remindDaysBefore: [3, 1],
  escalations: [
    { afterDays: 0, tier: 1 },
    { afterDays: 7, tier: 2 },
  ],
  resumptionReviewDays: 10,
};

export interface NoticeStage {
  kind: 'reminder' | 'overdue' | 'escalation';
  /** Seconds relative to the deadline (negative before it); also the stage's identity. */
  offsetSeconds: number;
  /** Who is told beyond the enterprise: 0 nobody, 1 the governing regulator, 2 the one above. */
  tier: 0 | 1 | 2;
}

export function noticeStages(policy: DeadlinePolicy): NoticeStage[] {
  const stages: NoticeStage[] = [
    ...policy.remindDaysBefore.map((d): NoticeStage => ({ kind: 'reminder', offsetSeconds: -Math.round(d * 86_400), tier: 0 })),
    ...policy.escalations.map(
      (e): NoticeStage => ({
        kind: e.afterDays === 0 && e.tier === 1 ? 'overdue' : 'escalation',
        offsetSeconds: Math.round(e.afterDays * 86_400),
        tier: e.tier,
      }),
    ),
  ];
  return stages.sort((a, b) => a.offsetSeconds - b.offsetSeconds);
}

/** The latest stage now due that has not been sent, or null. Stages skipped (the job was down) are not sent late. */
export function dueNotice(deadline: Date, lastOffsetSeconds: number | null, now: Date, policy: DeadlinePolicy): NoticeStage | null {
  let due: NoticeStage | null = null;
  for (const stage of noticeStages(policy)) {
    if (lastOffsetSeconds !== null && stage.offsetSeconds <= lastOffsetSeconds) continue;
    if (deadline.getTime() + stage.offsetSeconds * 1000 <= now.getTime()) due = stage;
  }
  return due;
}

/** How far ahead of now a deadline can be and still need a notice. */
export const noticeHorizonSeconds = (policy: DeadlinePolicy) => Math.max(0, ...policy.remindDaysBefore.map((d) => d * 86_400));

/**
 * The regulators to tell, by tier: tier 1 is the emergency-management regulator governing the nearest area on
 * the enterprise's path (the street office), tier 2 the next one above (the district bureau). Falls back to any
 * regulator on the path when no emergency-management one governs it.
 */
export function supervisingTiers(
  areaPath: readonly string[],
  regulators: readonly { id: string; areaId: string | null; department: string | null }[],
): { tier1: string | null; tier2: string | null } {
  const pick = (pool: typeof regulators) => {
    const chain: string[] = [];
    for (let i = areaPath.length - 1; i >= 0; i--) {
      const here = pool.filter((r) => r.areaId === areaPath[i]).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (here[0]) chain.push(here[0].id);
    }
    return chain;
  };
  const emergency = pick(regulators.filter((r) => r.department === 'emergency'));
  const chain = emergency.length > 0 ? emergency : pick(regulators);
  return { tier1: chain[0] ?? null, tier2: chain[1] ?? null };
}

// ---- production stop and resumption (复产须经审查) ----------------------------------------------------------------

export const PRODUCTION_STATUSES = ['none', 'stopped', 'resumption_applied', 'resumed'] as const;
export type ProductionStatus = (typeof PRODUCTION_STATUSES)[number];
export type ProductionAction = 'stop' | 'apply' | 'approve' | 'refuse';

export const PRODUCTION_TRANSITIONS = {
  stop: { from: ['none', 'resumed'], to: 'stopped', permission: 'hazards.production.stop' },
  apply: { from: ['stopped'], to: 'resumption_applied', permission: 'hazards.production.apply_resumption' },
  approve: { from: ['resumption_applied'], to: 'resumed', permission: 'hazards.production.review_resumption' },
  refuse: { from: ['resumption_applied'], to: 'stopped', permission: 'hazards.production.review_resumption' },
} as const satisfies Record<ProductionAction, { from: readonly ProductionStatus[]; to: ProductionStatus; permission: string }>;

/** The hazard states in which the enterprise may apply to resume: the rectification is done and awaits or passed acceptance. */
export const RESUMPTION_HAZARD_STATES: readonly Status[] = ['awaiting_acceptance', 'accepted', 'closed'];

export function productionTarget(action: ProductionAction, current: ProductionStatus, hazardStatus: Status): ProductionStatus | null {
  const rule = PRODUCTION_TRANSITIONS[action];
  if (!(rule.from as readonly ProductionStatus[]).includes(current)) return null;
  if (action === 'stop' && !isOpen(hazardStatus)) return null;
  if (action === 'apply' && !RESUMPTION_HAZARD_STATES.includes(hazardStatus)) return null;
  return rule.to;
}

// ---- codes and periods -----------------------------------------------------------------------------------------

const CST_OFFSET_MS = 8 * 3_600_000;

/** The year in China Standard Time. */
export const cstYear = (at: Date) => new Date(at.getTime() + CST_OFFSET_MS).getUTCFullYear();

/** A hazard's code: YH-<year of discovery, CST>-<serial>. */
export const hazardCode = (discoveredAt: Date, serial: number) => `YH-${cstYear(discoveredAt)}-${String(serial).padStart(6, '0')}`;

/** A quarter in CST, and when its statistics table is due: by the 15th of the month after it (16号令 Art. 14). */
export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): { from: Date; to: Date; dueBy: string } {
  const startMonth = (quarter - 1) * 3;
  const from = new Date(Date.UTC(year, startMonth, 1) - CST_OFFSET_MS);
  const to = new Date(Date.UTC(year, startMonth + 3, 1) - CST_OFFSET_MS);
  const due = new Date(Date.UTC(year, startMonth + 3, 15));
  return { from, to, dueBy: due.toISOString().slice(0, 10) };
}
