import type { ColumnType, Generated } from 'kysely';
import type { ChecklistContent, ChecklistScope, Verdict } from './checklists.rules.js';
import type { Kind, Manner, Mode, PackageStep, Recurrence, Status } from './inspections.rules.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** A checklist template; its content lives in immutable versions. */
export interface ChecklistTable {
  id: Generated<string>;
  /** Stable key: the library's own (`gongmao-major-2023`) or generated. */
  key: string;
  scope: ChecklistScope;
  /** The regulator, provider or enterprise that owns it; null for the shipped library. */
  owner_organisation_id: string | null;
  /** For a regulator's template: the area it was written for. */
  area_id: string | null;
  current_version: number;
  archived_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ChecklistVersionTable {
  id: Generated<string>;
  checklist_id: string;
  version: number;
  content: Json<ChecklistContent>;
  /** SHA-256 of the canonical content: publishing identical content makes no new version. */
  content_hash: string;
  published_by: string | null;
  published_at: CreatedAt;
}

export interface InspectionTable {
  id: Generated<string>;
  code: string;
  kind: Kind;
  mode: Mode;
  manner: Manner;
  status: Status;
  enterprise_id: string;
  /** The enterprise's area (grid) when the inspection was made, for regulators' lists. */
  area_id: string | null;
  checklist_version_id: string;
  title: string;
  due_at: Date | null;
  /** The organisation that inspects (enterprise itself, provider, regulator, group, or the patrol's regulator). */
  organisation_id: string;
  plan_id: string | null;
  package_id: string | null;
  package_step: PackageStep | null;
  entrustment_id: string | null;
  group_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  started_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  summary: string | null;
  location_lng: number | null;
  location_lat: number | null;
  location_accuracy: number | null;
  location_address: string | null;
  located_at: Date | null;
  report_sha256: string | null;
  report_size: number | null;
  report_generated_at: Date | null;
  /** SHA-256 of the questionnaire link's token; the token itself is never stored. */
  q_token_hash: string | null;
  q_sent_at: Date | null;
  q_expires_at: Date | null;
  q_submitted_at: Date | null;
  q_respondent_name: string | null;
  q_respondent_title: string | null;
}

export interface InspectorTable {
  inspection_id: string;
  person_id: string;
  organisation_id: string;
  lead: boolean;
  assigned_by: string;
  assigned_at: CreatedAt;
}

export interface AnswerSnapshot {
  verdict: Verdict | null;
  number: number | null;
  choice: string | null;
  text: string | null;
  note: string | null;
}

export interface AnswerTable {
  inspection_id: string;
  item_key: string;
  verdict: Verdict | null;
  number: number | null;
  choice: string | null;
  text: string | null;
  note: string | null;
  fixed_on_spot: boolean;
  source: 'inspector' | 'questionnaire';
  answered_by: string | null;
  answered_at: Date;
  review_decision: 'accepted' | 'overridden' | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  /** What the enterprise answered, kept when the inspector reviewed it. */
  questionnaire: ColumnType<AnswerSnapshot | null, string | null, string | null>;
}

export interface PhotoTable {
  id: Generated<string>;
  inspection_id: string;
  item_key: string | null;
  sha256: string;
  media_type: string;
  size: number;
  name: string;
  uploaded_by: string | null;
  uploaded_at: CreatedAt;
}

export interface SignatureTable {
  inspection_id: string;
  party: 'inspector' | 'enterprise';
  sha256: string;
  signer_name: string;
  recorded_by: string;
  signed_at: Date;
}

export interface FindingTable {
  inspection_id: string;
  item_key: string;
  hazard_id: string;
  hazard_code: string;
  major: boolean;
}

export interface PlanTargets {
  kind: 'criteria' | 'enterprises';
  areaId?: string;
  trade?: string;
  usesHazardousChemicals?: boolean;
  enterpriseIds?: string[];
}

export interface PlanTable {
  id: Generated<string>;
  title: string;
  kind: Kind;
  mode: Mode;
  manner: Manner;
  checklist_id: string;
  checklist_version_id: string;
  targets: Json<PlanTargets>;
  period_start: string;
  period_end: string;
  recurrence: Recurrence;
  inspector_ids: string[];
  organisation_id: string;
  entrustment_id: string | null;
  status: 'active' | 'cancelled';
  cancel_reason: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ExpertReview {
  expertName: string;
  conclusion: string;
  recommendations: string | null;
  reviewedAt: string;
  reviewedBy: string;
}

export interface PackageTable {
  id: Generated<string>;
  title: string;
  enterprise_id: string;
  organisation_id: string;
  entrustment_id: string | null;
  kind: 'third_party' | 'enforcement';
  steps: PackageStep[];
  expert_review: ColumnType<ExpertReview | null, string | null, string | null>;
  created_by: string;
  created_at: CreatedAt;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

/** The tables the inspections module owns; only its repositories query them. */
export interface InspectionsTables {
  'inspections.checklist': ChecklistTable;
  'inspections.checklist_version': ChecklistVersionTable;
  'inspections.inspection': InspectionTable;
  'inspections.inspector': InspectorTable;
  'inspections.answer': AnswerTable;
  'inspections.photo': PhotoTable;
  'inspections.signature': SignatureTable;
  'inspections.finding': FindingTable;
  'inspections.plan': PlanTable;
  'inspections.package': PackageTable;
}
