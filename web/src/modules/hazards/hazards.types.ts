/** Shapes of the hazards module's API answers and requests (see /work/notes/hazards-api.md). */

/** The closed loop's states, in the order a hazard goes through them; `dismissed` is off the main path. */
export const hazardStatuses = [
  'discovered',
  'registered',
  'assessed',
  'treating',
  'awaiting_acceptance',
  'accepted',
  'closed',
  'dismissed',
] as const;
export type HazardStatus = (typeof hazardStatuses)[number];

/** States in which a hazard is still open (not closed, not dismissed). */
export const openStatuses = ['discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted'] as const;

export const hazardSources = [
  'self_check',
  'third_party',
  'enforcement',
  'peer_check',
  'patrol',
  'public_report',
  'control_check',
] as const;
export type HazardSource = (typeof hazardSources)[number];

export const grades = ['general', 'major'] as const;
export type Grade = (typeof grades)[number];
/** The grade filter also offers hazards not yet assessed. */
export const gradeFilters = ['general', 'major', 'unassessed'] as const;
export type GradeFilter = (typeof gradeFilters)[number];

export const productionStatuses = ['none', 'stopped', 'resumption_applied', 'resumed'] as const;
export type ProductionStatus = (typeof productionStatuses)[number];

export interface NamedRef {
  id: string;
  name: string;
}

/** What the caller may do with the hazard now: the server decides, the screen only shows. */
export interface HazardAbilities {
  register: boolean;
  assess: boolean;
  fixOnSpot: boolean;
  orderRectification: boolean;
  editMajorPlan: boolean;
  startTreatment: boolean;
  submit: boolean;
  accept: boolean;
  reject: boolean;
  close: boolean;
  reopen: boolean;
  dismiss: boolean;
  attachEvidence: boolean;
  stopProduction: boolean;
  applyResumption: boolean;
  reviewResumption: boolean;
  refer: boolean;
}
export type Ability = keyof HazardAbilities;

export interface HazardSummary {
  id: string;
  /** e.g. YH-2026-000123 */
  code: string;
  title: string;
  status: HazardStatus;
  grade: Grade | null;
  /** The grade the finding proposed (a failed major-hazard item proposes `major`). */
  proposedGrade: Grade | null;
  source: HazardSource;
  fixedOnSpot: boolean;
  enterprise: NamedRef;
  /** The enterprise's grid. */
  area: NamedRef | null;
  discoveredAt: string;
  deadline: string | null;
  overdue: boolean;
  daysOverdue: number | null;
  supervised: boolean;
  productionStatus: ProductionStatus;
  updatedAt: string;
  abilities: HazardAbilities;
}

export interface Criterion {
  library: string;
  version: string;
  clause: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface RectificationOrder {
  measures: string;
  responsiblePerson: { name: string; personId: string | null };
  deadline: string;
  funding: { amount: string; source: string } | null;
}

export interface Rectification {
  order: RectificationOrder | null;
  submittedAt: string | null;
  submittedBy: PersonRef | null;
  acceptedAt: string | null;
  acceptedBy: PersonRef | null;
  acceptanceBasis: 'inspection' | 'assessment' | null;
  onTime: boolean | null;
}

export interface FiveImplementations {
  measures: string | null;
  responsibility: { organisation?: string | null; personName: string; personId?: string | null } | null;
  funding: { amount: string; source: string } | null;
  deadline: string | null;
  contingencyPlan: { evidenceId: string; title: string } | null;
}
export const fiveImplementationKeys = ['measures', 'responsibility', 'funding', 'deadline', 'contingencyPlan'] as const;
export type FiveImplementationKey = (typeof fiveImplementationKeys)[number];

/** The six elements of a major hazard's treatment plan (16号令 Art. 15), and interim measures. */
export const treatmentPlanKeys = [
  'goalsAndTasks',
  'methodsAndMeasures',
  'fundsAndMaterials',
  'organisationAndPeople',
  'timeLimitAndRequirements',
  'safetyMeasuresAndContingency',
] as const;
export type TreatmentPlanKey = (typeof treatmentPlanKeys)[number];
export type TreatmentPlan = { [K in TreatmentPlanKey]: string | null } & { interimMeasures: string | null };

export interface MajorDossier {
  fiveImplementations: FiveImplementations;
  treatmentPlan: TreatmentPlan;
  report: {
    reportedAt: string;
    reportedTo: NamedRef | null;
    content: { currentState: string | null; cause: string | null; harmAnalysis: string | null; treatmentApproach: string | null } | null;
  } | null;
  supervision: { regulator: NamedRef; listedAt: string } | null;
}

export interface Production {
  status: ProductionStatus;
  kind: 'full' | 'partial' | null;
  reason: string | null;
  documentNumber: string | null;
  stoppedAt: string | null;
  stoppedBy: PersonRef | null;
  appliedAt: string | null;
  applicationNote: string | null;
  reviewDueAt: string | null;
  decidedAt: string | null;
  decidedBy: PersonRef | null;
  decision: 'approved' | 'refused' | null;
  decisionNote: string | null;
}

export const noticeKinds = ['reminder', 'overdue', 'escalation', 'major_report'] as const;
export interface Notice {
  kind: string;
  tier: number;
  at: string;
  to: NamedRef | null;
}

export type EventActor = { personId: string | null; name: string; organisationId: string | null; role: string | null } | { system: string };

export interface HazardEvent {
  id: string;
  kind: string;
  from: HazardStatus | null;
  to: HazardStatus | null;
  at: string;
  actor: EventActor;
  note: string | null;
  data: unknown;
  evidenceIds: string[];
}

export const evidenceKinds = [
  'before',
  'after',
  'document',
  'contingency_plan',
  'treatment_plan',
  'assessment',
  'stop_order',
  'resumption',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  note: string | null;
  eventId: string | null;
  uploadedAt: string;
  uploadedBy: PersonRef | null;
  /** The content route, relative to the site (`/api/v1/hazards/…/content`). */
  url: string;
}

export const referralResults = ['penalised', 'ordered_rectification', 'rectified', 'no_violation', 'not_competent', 'other'] as const;
export type ReferralResult = (typeof referralResults)[number];
export const referralStatuses = ['pending', 'acknowledged', 'completed'] as const;

export interface Referral {
  id: string;
  hazard: { id: string; code: string; title: string; enterpriseName: string };
  from: NamedRef;
  to: NamedRef & { department: string | null };
  reason: string;
  referredAt: string;
  referredBy: PersonRef | null;
  status: (typeof referralStatuses)[number];
  acknowledgedAt: string | null;
  acknowledgedBy: PersonRef | null;
  result: ReferralResult | null;
  outcomeNote: string | null;
  outcomeAt: string | null;
  outcomeBy: PersonRef | null;
  abilities: { acknowledge: boolean; recordOutcome: boolean };
}

export interface HazardDetail extends HazardSummary {
  description: string;
  legalBasis: string | null;
  criterion: Criterion | null;
  location: { lng: number; lat: number } | null;
  links: {
    inspectionId: string | null;
    checklistItemKey: string | null;
    riskPointId: string | null;
    controlMeasureId: string | null;
    entrustmentId: string | null;
  };
  reportedBy: { personId: string | null; name: string; organisationId: string | null; organisationName: string | null } | null;
  rectification: Rectification | null;
  major: MajorDossier | null;
  production: Production | null;
  notices: Notice[];
  events: HazardEvent[];
  evidence: Evidence[];
  referrals: Referral[];
  /** Unmet requirement codes per transition, e.g. `{ startTreatment: ['fiveImplementations.funding'] }`. */
  blockers: Partial<Record<Ability, string[]>>;
}

export interface HazardListQuery {
  status?: string;
  grade?: GradeFilter;
  source?: HazardSource;
  overdue?: boolean;
  supervised?: boolean;
  areaId?: string;
  enterpriseId?: string;
  trade?: string;
  q?: string;
  sort?: 'newest' | 'deadline';
  limit: number;
  cursor?: string;
}

export interface HazardPage {
  items: HazardSummary[];
  nextCursor: string | null;
  /** Exact when cheap for the server, else null. */
  total: number | null;
}

export interface HazardCounts {
  byStatus: Partial<Record<HazardStatus, number>>;
  overdue: number;
  capped?: boolean;
}

export interface CriterionOption extends Criterion {
  text: { 'zh-CN': string; en: string };
}

/* ---- statistics ---- */

export interface HazardStatistics {
  area: NamedRef;
  generatedAt: string;
  totals: {
    all: number;
    open: number;
    closed: number;
    dismissed: number;
    major: number;
    majorOpen: number;
    overdue: number;
    supervised: number;
    productionStopped: number;
  };
  byStatus: { status: HazardStatus; count: number }[];
  byGrade: { grade: GradeFilter; count: number; open: number }[];
  bySource: { source: HazardSource; count: number; open: number }[];
  byIndustry: { trade: string; count: number; open: number }[];
  byArea: { area: NamedRef; count: number; open: number; major: number; overdue: number }[];
  closure: {
    from: string;
    to: string;
    closed: number;
    withDeadline: number;
    onTime: number;
    onTimeRate: number | null;
    meanDaysToClose: number | null;
  };
}

export interface QuarterlyStatistics {
  enterprise: { id: string; name: string; creditCode: string | null };
  year: number;
  quarter: number;
  period: { from: string; to: string };
  dueBy: string;
  found: { general: number; major: number; total: number };
  bySource: { source: HazardSource; count: number }[];
  rectified: { general: number; major: number; total: number };
  rate: number | null;
  carriedOver: { fromBefore: number; openAtEnd: number };
  major: { listedForSupervision: number; underTreatment: number; funding: string };
  overdueAtEnd: number;
  rows: {
    code: string;
    title: string;
    grade: Grade | null;
    source: HazardSource;
    status: HazardStatus;
    discoveredAt: string;
    deadline: string | null;
    closedAt: string | null;
  }[];
}

/* ---- notifications ---- */

export interface AppNotification {
  id: string;
  kind: string;
  title: { 'zh-CN': string; en: string };
  body: { 'zh-CN': string; en: string };
  subject: { type: 'hazard' | 'referral'; id: string; code?: string | null } | null;
  recipient: { kind: 'person' | 'organisation'; id: string };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
  unread: number;
}

/* ---- requests ---- */

export interface AssessRequest {
  grade: Grade;
  criterion?: Criterion;
  note?: string;
}
export interface OrderRequest {
  measures: string;
  responsiblePerson: { name: string; personId?: string };
  deadline: string;
  funding?: { amount: string; source: string };
  note?: string;
}
export interface MajorPlanRequest {
  fiveImplementations?: {
    measures?: string;
    responsibility?: { organisation?: string; personName: string; personId?: string };
    funding?: { amount: string; source: string };
    deadline?: string;
    contingencyPlan?: { evidenceId: string; title: string };
  };
  treatmentPlan?: Partial<Record<TreatmentPlanKey | 'interimMeasures', string>>;
}
