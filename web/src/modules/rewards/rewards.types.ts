/** The rewards API's shapes (see src/modules/rewards/rewards.schemas.ts). Money is whole fen, with the server's text. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}
export interface Money {
  fen: number;
  text: string;
}
export const CASE_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface CaseSummary {
  id: string;
  code: string;
  status: CaseStatus;
  areaId: string;
  areaName: Bilingual | null;
  decisionNumber: string;
  decidedAt: string;
  fine: Money;
  majorHazard: boolean;
  reward: Money | null;
  proposedAt: string;
  updatedAt: string;
}
export interface CasePage {
  items: CaseSummary[];
  total: number;
}
export interface RuleView {
  version: number;
  effectiveFrom: string;
  rateBasisPoints: number;
  min: Money;
  max: Money;
  citation: Bilingual;
}
export interface Person {
  id: string;
  name: string;
}
export interface CaseDetail extends CaseSummary {
  hazardId: string;
  filedReportId: string;
  report: { id: string; code: string; named: boolean };
  note: string | null;
  rule: RuleView | null;
  computed: Money | null;
  basis: 'rate' | 'minimum' | 'maximum' | 'no_fine';
  approved: Money | null;
  proposedBy: Person | null;
  reviewedBy: Person | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  payment: {
    paidAt: string;
    method: PaymentMethod;
    reference: string | null;
    amount: Money | null;
    recordedBy: Person | null;
    recordedAt: string | null;
  } | null;
  abilities: { approve: boolean; reject: boolean; pay: boolean };
}
export interface RuleList {
  items: (RuleView & { majorOnly: boolean; publishedAt: string; inForce: boolean })[];
  abilities: { publish: boolean };
}
export interface ProposeRequest {
  reportId: string;
  decisionNumber: string;
  decidedAt: string;
  fineFen: number;
  majorHazard: boolean;
  note?: string;
}
export type ActRequest =
  | { action: 'approve'; note?: string }
  | { action: 'reject'; note: string }
  | { action: 'pay'; paidAt: string; method: PaymentMethod; reference?: string; amountFen: number };
export interface RuleRequest {
  effectiveFrom: string;
  rateBasisPoints: number;
  minFen: number;
  maxFen: number;
  majorOnly: boolean;
  citation: Bilingual;
}
