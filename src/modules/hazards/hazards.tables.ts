import type { ColumnType, Generated } from 'kysely';
import type { Criterion, FiveImplementations, Grade, HazardSource, ProductionStatus, Status, TreatmentPlan } from './hazards.rules.js';

type Json<T> = ColumnType<T, string, string>;
type JsonNullable<T> = ColumnType<T | null, string | null | undefined, string | null>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type EvidenceKind =
  | 'before'
  | 'after'
  | 'document'
  | 'contingency_plan'
  | 'treatment_plan'
  | 'assessment'
  | 'stop_order'
  | 'resumption';

/** Who acted, as the history records it. */
export type EventActor =
  | { kind: 'person'; personId: string; organisationId: string | null; role: string | null }
  | { kind: 'system'; name: string };

export interface ProductionRecord {
  kind: 'full' | 'partial';
  reason: string;
  documentNumber: string | null;
  stoppedAt: string;
  stoppedBy: string;
  appliedAt: string | null;
  applicationNote: string | null;
  appliedBy: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decision: 'approved' | 'refused' | null;
  decisionNote: string | null;
}

export interface MajorReport {
  currentState: string | null;
  cause: string | null;
  harmAnalysis: string | null;
  treatmentApproach: string | null;
}

export interface HazardTable {
  id: Generated<string>;
  code: string;
  enterprise_id: string;
  /** The enterprise's area (its grid) when the hazard was found, and that area's ancestors root first. */
  area_id: string | null;
  area_path: ColumnType<string[], string[], string[]>;
  trade: string | null;
  industry_code: string | null;
  source: HazardSource;
  title: string;
  description: string;
  legal_basis: string | null;
  proposed_grade: Grade | null;
  grade: Grade | null;
  criterion: JsonNullable<Criterion>;
  status: Status;
  lng: number | null;
  lat: number | null;
  inspection_id: string | null;
  checklist_item_key: string | null;
  risk_point_id: string | null;
  control_measure_id: string | null;
  entrustment_id: string | null;
  fixed_on_spot: Generated<boolean>;
  reported_by: string | null;
  reported_by_organisation: string | null;
  discovered_at: Date;
  registered_at: Date | null;
  assessed_at: Date | null;
  treating_at: Date | null;
  submitted_at: Date | null;
  submitted_by: string | null;
  accepted_at: Date | null;
  accepted_by: string | null;
  acceptance_basis: 'inspection' | 'assessment' | null;
  closed_at: Date | null;
  dismissed_at: Date | null;
  deadline: Date | null;
  order_measures: string | null;
  order_responsible_name: string | null;
  order_responsible_person_id: string | null;
  order_funding: JsonNullable<{ amount: string; source: string }>;
  five_implementations: Json<FiveImplementations>;
  treatment_plan: Json<TreatmentPlan>;
  major_report: JsonNullable<MajorReport>;
  reported_at: Date | null;
  reported_to: string | null;
  supervised_by: string | null;
  supervised_at: Date | null;
  production_status: Generated<ProductionStatus>;
  production: JsonNullable<ProductionRecord>;
  /** Offset in seconds from the deadline of the last deadline notice sent (null: none since the deadline was set). */
  notice_offset: number | null;
  on_time: boolean | null;
  reopen_count: Generated<number>;
  created_at: CreatedAt;
  updated_at: Date;
}

export interface EventTable {
  id: Generated<string>;
  /** Order of writing (events of one instant keep their order). */
  seq: Generated<string>;
  hazard_id: string;
  kind: string;
  from_status: Status | null;
  to_status: Status | null;
  at: Date;
  actor: Json<EventActor>;
  note: string | null;
  data: JsonNullable<Record<string, unknown>>;
}

export interface EvidenceTable {
  id: Generated<string>;
  hazard_id: string;
  event_id: string | null;
  kind: EvidenceKind;
  sha256: string;
  media_type: string;
  name: string;
  size: number;
  note: string | null;
  uploaded_by: string | null;
  uploaded_at: Date;
}

export interface ReferralTable {
  id: Generated<string>;
  hazard_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  reason: string;
  referred_by: string;
  referred_at: Date;
  status: 'pending' | 'acknowledged' | 'completed';
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledge_note: string | null;
  result: string | null;
  outcome_note: string | null;
  outcome_at: Date | null;
  outcome_by: string | null;
}

/** Read model: current counts per area (every level of the path) and dimension; kept in the transaction of each change. */
export interface TallyTable {
  area_id: string;
  parent_area_id: string | null;
  status: Status;
  grade: 'general' | 'major' | 'unassessed';
  source: HazardSource;
  trade: string;
  n: number;
}

/** Read model: the same counts by area, state and grade only (the dashboard's breakdown by child area). */
export interface AreaTallyTable {
  area_id: string;
  parent_area_id: string | null;
  status: Status;
  grade: 'general' | 'major' | 'unassessed';
  n: number;
}

/** Read model: closures per area, month (CST) of closing, grade and source, for on-time rates and time to close. */
export interface ClosureTallyTable {
  area_id: string;
  month: ColumnType<Date, string, string>;
  grade: 'general' | 'major' | 'unassessed';
  source: HazardSource;
  closed: number;
  with_deadline: number;
  on_time: number;
  close_seconds: ColumnType<string, number | string, number | string>;
}

export interface HazardsTables {
  'hazards.hazard': HazardTable;
  'hazards.event': EventTable;
  'hazards.evidence': EvidenceTable;
  'hazards.referral': ReferralTable;
  'hazards.tally': TallyTable;
  'hazards.area_tally': AreaTallyTable;
  'hazards.closure_tally': ClosureTallyTable;
}
