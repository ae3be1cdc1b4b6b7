import { z } from 'zod';
import { CASE_STATUSES, MAX_FINE_FEN, PAYMENT_METHODS } from './rewards.rules.js';

const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
const fen = z.number().int().min(0).max(MAX_FINE_FEN).describe('An amount of money in fen (分), a whole number: ¥3,000 is 300000.');
const money = z.object({ fen: z.number().int(), text: z.string().describe('Formatted, e.g. ¥3,000.00.') });
const instant = z.iso.datetime({ offset: true }).describe('An ISO 8601 instant with its offset, e.g. 2026-06-01T10:00:00+08:00.');
const person = z.object({ id: z.string(), name: z.string() });
export const caseStatus = z.enum(CASE_STATUSES);

export const idParams = z.object({ id: z.string() });
export const tokenParams = z.object({ token: z.string().min(8).max(100) });

export const proposeBody = z
  .strictObject({
    reportId: z.uuid().describe('The report turned into a hazard that the penalty decision is about.'),
    decisionNumber: z.string().trim().min(1).max(100).describe('The administrative penalty decision’s number (处罚决定书文号).'),
    decidedAt: instant.describe('When the penalty decision was made; picks the rule version in force.'),
    fineFen: fen.describe('The fine imposed, in fen; must be more than 0.'),
    majorHazard: z.boolean().describe('Whether the penalty is for a major hazard or illegal production.'),
    note: z.string().trim().max(2000).optional(),
  })
  .describe('The penalty decision on a reported hazard; the reward is computed by the rule in force on its date.');

export const actBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), note: z.string().trim().max(2000).optional() }),
  z.strictObject({ action: z.literal('reject'), note: z.string().trim().min(1).max(2000).describe('Why no reward is granted.') }),
  z.strictObject({
    action: z.literal('pay'),
    paidAt: instant.describe('When the reward was paid out.'),
    method: z.enum(PAYMENT_METHODS).describe('bank_transfer, cash or other.'),
    reference: z.string().trim().max(200).optional().describe('The voucher or transfer reference.'),
    amountFen: fen.describe('The amount paid, in fen; must equal the approved amount.'),
  }),
]);

export const listQuery = z.object({
  status: z
    .union([caseStatus, z.array(caseStatus)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v])),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ruleBody = z
  .strictObject({
    effectiveFrom: z.string().describe('The CST date from which the version applies, YYYY-MM-DD; not before the latest version’s.'),
    rateBasisPoints: z.number().int().describe('The share of the fine in basis points: 1500 is 15%.'),
    minFen: fen.describe('The smallest reward, in fen.'),
    maxFen: fen.describe('The largest reward, in fen.'),
    majorOnly: z.boolean().describe('Whether only major hazards and illegal production are rewarded.'),
    citation: z.strictObject({ 'zh-CN': z.string().max(2000), en: z.string().max(2000) }).describe('The source of the rule.'),
  })
  .describe('A new version of the reward rule.');

export const summaryQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

const ruleView = z.object({
  version: z.number(),
  effectiveFrom: z.string(),
  rateBasisPoints: z.number(),
  min: money,
  max: money,
  citation: bilingual,
});

const caseSummary = z.object({
  id: z.string(),
  code: z.string().describe('The case serial, e.g. JL-2026-000001.'),
  status: caseStatus,
  areaId: z.string(),
  areaName: bilingual.nullable(),
  decisionNumber: z.string(),
  decidedAt: z.string(),
  fine: money,
  majorHazard: z.boolean(),
  reward: money.nullable().describe('The approved amount, else the proposed one.'),
  proposedAt: z.string(),
  updatedAt: z.string(),
});

export const casePage = z.object({ items: z.array(caseSummary), total: z.number() });

export const caseDetail = caseSummary.extend({
  hazardId: z.string(),
  filedReportId: z.string(),
  report: z
    .object({ id: z.string(), code: z.string(), named: z.boolean() })
    .describe('The rewarded report: the first valid report of the hazard.'),
  note: z.string().nullable(),
  rule: ruleView.nullable(),
  computed: money.nullable(),
  basis: z.string().describe('rate, minimum or maximum: which part of the rule decided the amount.'),
  approved: money.nullable(),
  proposedBy: person.nullable(),
  reviewedBy: person.nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  payment: z
    .object({
      paidAt: z.string(),
      method: z.enum(PAYMENT_METHODS),
      reference: z.string().nullable(),
      amount: money.nullable(),
      recordedBy: person.nullable(),
      recordedAt: z.string().nullable(),
    })
    .nullable(),
  abilities: z.object({ approve: z.boolean(), reject: z.boolean(), pay: z.boolean() }),
});

export const ruleList = z.object({
  items: z.array(ruleView.extend({ majorOnly: z.boolean(), publishedAt: z.string(), inForce: z.boolean() })),
  abilities: z.object({ publish: z.boolean() }),
});

export const publicReward = z.object({
  state: z.enum(['none', 'under_review', 'approved', 'paid', 'not_granted', 'earlier_report']),
  text: bilingual,
  amount: money.nullable().describe('Shown once approved.'),
  howToClaim: bilingual.nullable(),
});

const figures = { cases: z.number(), approved: money.nullable(), paid: money.nullable() };
export const publicSummary = z.object({
  rule: ruleView.nullable().describe('The rule in force today.'),
  years: z.array(
    z.object({
      year: z.number(),
      ...figures,
      areas: z.array(z.object({ areaId: z.string(), areaName: bilingual.nullable(), ...figures })),
    }),
  ),
});
