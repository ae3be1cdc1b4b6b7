import type { ColumnType, Generated } from 'kysely';
import type { CaseStatus, PaymentMethod } from './rewards.rules.js';

/** int8 columns: PostgreSQL's driver returns them as strings; written as numbers (whole fen). */
type Fen = ColumnType<string, number, number>;
type NullableFen = ColumnType<string | null, number | null, number | null>;

/** A published version of the reward rule; rows are never updated or deleted (a trigger refuses it). */
export interface RuleTable {
  version: number;
  effective_from: string;
  rate_bp: number;
  min_fen: Fen;
  max_fen: Fen;
  major_only: boolean;
  citation_zh: string;
  citation_en: string;
  published_at: Date;
  /** The publishing person; null for the version seeded from the 2018 measures. */
  published_by: string | null;
}

/** A reward case: the penalty decision on a reported hazard, the reward it gives, its approval and payment. */
export interface CaseTable {
  id: Generated<string>;
  /** The public serial, e.g. JL-2026-000003 (no report code: it would link a reward to a report). */
  code: string;
  hazard_id: string;
  /** The report the officer recorded the decision on. */
  filed_report_id: string;
  /** The first valid report of the hazard: the one rewarded. */
  report_id: string;
  area_id: string;
  area_path: string[];
  decision_number: string;
  decided_at: Date;
  fine_fen: Fen;
  major_hazard: boolean;
  note: string | null;
  rule_version: number;
  computed_fen: Fen;
  basis: string;
  status: CaseStatus;
  proposed_by: string;
  proposed_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
  approved_fen: NullableFen;
  paid_by: string | null;
  paid_at: Date | null;
  paid_recorded_at: Date | null;
  pay_method: PaymentMethod | null;
  pay_reference: string | null;
  paid_fen: NullableFen;
  updated_at: Date;
}

export interface RewardsTables {
  'rewards.rule': RuleTable;
  'rewards.reward_case': CaseTable;
}
