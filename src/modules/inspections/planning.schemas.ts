/** Request and response schemas of plans and service packages (the words come from inspections.schemas.ts). */
import { z } from 'zod';
import { idParams, inspectionSummary, kind, manner, mode, packageStep, recurrence, trade } from './inspections.schemas.js';

export { idParams };

const text = (max: number) => z.string().trim().min(1).max(max);
const localDate = z.iso.date().describe('Calendar date YYYY-MM-DD in China Standard Time.');
const ref = z.object({ id: z.uuid(), name: z.string() });

// ---- plans --------------------------------------------------------------------------------------------------

export const planTargets = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('criteria'),
    areaId: z.uuid().optional().describe('Enterprises in this area or below (default: all you may inspect).'),
    trade: trade.optional(),
    usesHazardousChemicals: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('enterprises'), enterpriseIds: z.array(z.uuid()).min(1).max(5000) }),
]);

export const createPlanBody = z.strictObject({
  title: text(200),
  kind,
  mode,
  manner: manner.default('announced'),
  checklistId: z.uuid(),
  targets: planTargets,
  periodStart: localDate,
  periodEnd: localDate,
  recurrence: recurrence.default('once').describe('once, or one inspection per calendar month / quarter of the period.'),
  inspectorIds: z.array(z.uuid()).max(10).default([]).describe('Assigned to every generated inspection; empty: assign later.'),
});

export const planView = z.object({
  id: z.uuid(),
  title: z.string(),
  kind,
  mode,
  manner,
  checklist: z.object({ id: z.uuid(), title: z.string(), version: z.number().int() }),
  targets: planTargets,
  periodStart: localDate,
  periodEnd: localDate,
  recurrence,
  inspectorIds: z.array(z.uuid()),
  owner: ref,
  entrustmentId: z.uuid().nullable(),
  status: z.enum(['active', 'cancelled']),
  createdAt: z.iso.datetime(),
  progress: z.object({
    total: z.number().int(),
    planned: z.number().int(),
    inProgress: z.number().int(),
    awaitingReview: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    overdue: z.number().int(),
  }),
  abilities: z.object({ cancel: z.boolean() }),
});
export const planList = z.object({ items: z.array(planView) });
export const planPreview = z.object({
  enterprises: z.number().int(),
  occurrences: z.number().int(),
  inspections: z.number().int(),
  sample: z.array(ref),
});

// ---- service packages ---------------------------------------------------------------------------------------

export const createPackageBody = z.strictObject({
  title: text(200),
  enterpriseId: z.uuid(),
  checklistId: z.uuid(),
  steps: z
    .array(packageStep)
    .min(1)
    .max(4)
    .default(['questionnaire', 'phone', 'on_site', 'expert_review'])
    .describe('Kept in the order questionnaire, phone, on_site, expert_review.'),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  inspectorIds: z.array(z.uuid()).min(1).max(10).optional(),
});
export const expertReviewBody = z.strictObject({
  expertName: text(100),
  conclusion: text(4000),
  recommendations: z.string().trim().max(4000).optional(),
});
export const packageQuery = z.strictObject({ enterpriseId: z.uuid().optional() });
export const packageView = z.object({
  id: z.uuid(),
  title: z.string(),
  enterprise: ref,
  owner: ref,
  entrustmentId: z.uuid().nullable(),
  kind: z.enum(['third_party', 'enforcement']),
  status: z.enum(['open', 'completed', 'cancelled']),
  createdAt: z.iso.datetime(),
  steps: z.array(
    z.object({
      step: packageStep,
      position: z.number().int(),
      status: z.enum(['pending', 'in_progress', 'done', 'cancelled']),
      inspectionId: z.uuid().nullable(),
      inspection: inspectionSummary.nullable(),
      expertReview: z
        .object({
          expertName: z.string(),
          conclusion: z.string(),
          recommendations: z.string().nullable(),
          reviewedAt: z.iso.datetime(),
          reviewedBy: ref,
        })
        .nullable(),
    }),
  ),
  abilities: z.object({ recordExpertReview: z.boolean(), cancel: z.boolean() }),
});
export const packageList = z.object({ items: z.array(packageView) });
