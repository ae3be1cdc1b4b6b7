import { z } from 'zod';
import { GRADES, PRODUCTION_STATUSES, SOURCES, STATUSES } from './hazards.rules.js';

export const status = z.enum(STATUSES).describe('State in the closed loop (排查→登记→评估→治理→验收→销号).');
export const grade = z.enum(GRADES).describe('general (一般) or major (重大).');
export const source = z
  .enum(SOURCES)
  .describe('Who found it: self_check, third_party, enforcement, peer_check, patrol, public_report, control_check.');
export const productionStatus = z.enum(PRODUCTION_STATUSES).describe('Production stop and resumption after review.');
export const EVIDENCE_KINDS = [
  'before',
  'after',
  'document',
  'contingency_plan',
  'treatment_plan',
  'assessment',
  'stop_order',
  'resumption',
] as const;
export const evidenceKind = z.enum(EVIDENCE_KINDS).describe('before/after photos, documents, the contingency plan, an expert assessment…');
export const REFERRAL_RESULTS = ['penalised', 'ordered_rectification', 'rectified', 'no_violation', 'not_competent', 'other'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const future = z.iso.datetime({ offset: true });
const money = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'a decimal amount of yuan with at most two decimals, e.g. 120000.00')
  .describe('Yuan (CNY), as a decimal string.');
const evidenceIds = z.array(z.uuid()).max(50).default([]).describe('Evidence of this hazard uploaded before, bound to this step.');
const note = text(2000).optional();

export const criterion = z
  .strictObject({
    library: text(100).describe('Criteria library, e.g. gongmao-2023 (工贸企业重大事故隐患判定标准).'),
    version: text(40).describe('Version or effective date, e.g. 2023-05-15.'),
    clause: text(100).describe('The clause matched, e.g. 第三条第（一）项.'),
  })
  .describe('The major-hazard criterion matched.');

const personRef = z.object({ id: z.uuid(), name: z.string() });
const orgRef = z.object({ id: z.uuid(), name: z.string() });

// ---- requests --------------------------------------------------------------------------------------------------

export const createBody = z.strictObject({
  enterpriseId: z.uuid(),
  source: source.optional().describe('Defaults by the reporter’s role: enforcement, third_party, self_check, peer_check, patrol.'),
  title: text(200),
  description: z.string().trim().max(4000).default(''),
  legalBasis: z.string().trim().max(500).optional(),
  proposedGrade: grade.optional().describe('The reporter’s view; the grade is decided at assessment.'),
  criterion: criterion.optional(),
  location: z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
  riskPointId: z.uuid().optional(),
  controlMeasureId: z.uuid().optional(),
});

export const noteBody = z.strictObject({ note });
export const assessBody = z.strictObject({
  grade,
  criterion: criterion.optional().describe('Required for a major hazard.'),
  note,
  majorReport: z
    .strictObject({
      currentState: z.string().trim().max(4000).optional(),
      cause: z.string().trim().max(4000).optional(),
      harmAnalysis: z.string().trim().max(4000).optional(),
      treatmentApproach: z.string().trim().max(4000).optional(),
    })
    .optional()
    .describe('The report to the supervising department (16号令 Art. 14): state and cause, harm and difficulty, treatment approach.'),
});
export const fixOnSpotBody = z.strictObject({ note: z.string().trim().max(2000).default(''), evidenceIds });
export const rectificationOrderBody = z.strictObject({
  measures: text(4000),
  responsiblePerson: z.strictObject({ name: text(100), personId: z.uuid().optional() }),
  deadline: future.describe('Rectify by then (must be in the future).'),
  funding: z.strictObject({ amount: money, source: text(200) }).optional(),
  note,
});
export const majorPlanBody = z.strictObject({
  fiveImplementations: z
    .strictObject({
      measures: z.string().trim().max(4000).nullable().optional(),
      responsibility: z
        .strictObject({
          organisation: z.string().trim().max(200).nullable().optional(),
          personName: text(100),
          personId: z.uuid().nullable().optional(),
        })
        .nullable()
        .optional(),
      funding: z
        .strictObject({ amount: money, source: text(200) })
        .nullable()
        .optional(),
      deadline: future.nullable().optional(),
      contingencyPlan: z
        .strictObject({ evidenceId: z.uuid(), title: text(200) })
        .nullable()
        .optional(),
    })
    .optional()
    .describe('五落实: measures, responsibility, funding, deadline, contingency plan.'),
  treatmentPlan: z
    .strictObject({
      goalsAndTasks: z.string().trim().max(4000).nullable().optional(),
      methodsAndMeasures: z.string().trim().max(4000).nullable().optional(),
      fundsAndMaterials: z.string().trim().max(4000).nullable().optional(),
      organisationAndPeople: z.string().trim().max(4000).nullable().optional(),
      timeLimitAndRequirements: z.string().trim().max(4000).nullable().optional(),
      safetyMeasuresAndContingency: z.string().trim().max(4000).nullable().optional(),
      interimMeasures: z.string().trim().max(4000).nullable().optional(),
    })
    .optional()
    .describe('16号令 Art. 15: the six elements of the treatment plan, and interim measures.'),
});
export const submitBody = z.strictObject({ note: z.string().trim().max(4000).default(''), evidenceIds });
export const acceptBody = z.strictObject({
  basis: z
    .enum(['inspection', 'assessment'])
    .default('inspection')
    .describe('An acceptance check, or an expert/qualified body’s assessment the regulator accepts.'),
  assessmentEvidenceId: z.uuid().optional().describe('With basis assessment: the uploaded assessment document.'),
  note,
  evidenceIds,
});
export const rejectBody = z.strictObject({
  reason: z.string().trim().max(2000).default(''),
  newDeadline: future.optional(),
  evidenceIds,
});
export const reasonBody = z.strictObject({ reason: z.string().trim().max(2000).default('') });
export const reopenBody = z.strictObject({ reason: z.string().trim().max(2000).default(''), deadline: future.optional() });
export const stopOrderBody = z.strictObject({
  kind: z.enum(['full', 'partial']),
  reason: text(2000),
  documentNumber: z.string().trim().max(100).optional(),
  evidenceIds,
});
export const resumptionApplicationBody = z.strictObject({ note: text(4000), evidenceIds });
export const resumptionReviewBody = z.strictObject({ approve: z.boolean(), note: text(2000) });
export const referralBody = z.strictObject({ toOrganisationId: z.uuid().describe('A regulator (department).'), reason: text(2000) });
export const acknowledgeBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
export const outcomeBody = z.strictObject({ result: z.enum(REFERRAL_RESULTS), note: text(4000) });

const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
  .pipe(z.array(status));

export const listQuery = z.strictObject({
  status: statusList.optional().describe('One or more states, repeated or comma-separated.'),
  grade: z.enum(['general', 'major', 'unassessed']).optional(),
  source: source.optional(),
  trade: z.string().trim().min(1).max(40).optional().describe('The enterprise’s trade (directory trade codes), or other.'),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  supervised: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Listed for supervision: major and open.'),
  areaId: z.uuid().optional().describe('An area in your scope: its whole subtree.'),
  enterpriseId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional().describe('Words in the title or code.'),
  sort: z.enum(['newest', 'deadline']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});

export const countsQuery = listQuery.omit({ status: true, sort: true, limit: true, cursor: true });
export const countsView = z.object({
  byStatus: z.record(status, z.number().int()).describe('Hazards in each state under the filters.'),
  overdue: z.number().int(),
});
export const referralTargets = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable(), department: z.string().nullable() })),
});

export const idParams = z.strictObject({ id: z.uuid() });
export const evidenceParams = z.strictObject({ id: z.uuid(), evidenceId: z.uuid() });

// ---- responses -------------------------------------------------------------------------------------------------

export const ABILITY_KEYS = [
  'register',
  'assess',
  'fixOnSpot',
  'orderRectification',
  'editMajorPlan',
  'startTreatment',
  'submit',
  'accept',
  'reject',
  'close',
  'reopen',
  'dismiss',
  'attachEvidence',
  'stopProduction',
  'applyResumption',
  'reviewResumption',
  'refer',
] as const;
export type AbilityKey = (typeof ABILITY_KEYS)[number];

export const abilities = z
  .object(Object.fromEntries(ABILITY_KEYS.map((k) => [k, z.boolean()])) as Record<AbilityKey, z.ZodBoolean>)
  .describe('What the caller may do now (state, mandate, scope, separation of duties); show actions from these only.');

export const hazardSummary = z.object({
  id: z.uuid(),
  code: z.string().describe('YH-<year>-<serial>.'),
  title: z.string(),
  status,
  grade: grade.nullable(),
  proposedGrade: grade.nullable(),
  source,
  fixedOnSpot: z.boolean(),
  enterprise: orgRef,
  trade: z.string().nullable().describe('The enterprise’s trade when the hazard was found.'),
  area: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The enterprise’s grid.'),
  discoveredAt: z.iso.datetime(),
  deadline: z.iso.datetime().nullable(),
  overdue: z.boolean().describe('Under treatment and past the deadline, now.'),
  daysOverdue: z.number().int().nullable(),
  supervised: z.boolean().describe('Listed for supervision (挂牌督办): major and open.'),
  productionStatus,
  updatedAt: z.iso.datetime(),
  abilities,
});

export const hazardPage = z.object({
  items: z.array(hazardSummary),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end.'),
  total: z.number().int().nullable().describe('Exact count of the filtered list when cheap; null otherwise.'),
});

export const evidenceView = z.object({
  id: z.uuid(),
  kind: evidenceKind,
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string().describe('SHA-256 of the bytes: the stored file can always be checked against it.'),
  note: z.string().nullable(),
  eventId: z.uuid().nullable(),
  uploadedAt: z.iso.datetime(),
  uploadedBy: personRef.nullable(),
  url: z.string(),
});

export const referralView = z.object({
  id: z.uuid(),
  hazard: z.object({ id: z.uuid(), code: z.string(), title: z.string(), enterpriseName: z.string() }),
  from: orgRef,
  to: z.object({ id: z.uuid(), name: z.string(), department: z.string().nullable() }),
  reason: z.string(),
  referredAt: z.iso.datetime(),
  referredBy: personRef,
  status: z.enum(['pending', 'acknowledged', 'completed']),
  acknowledgedAt: z.iso.datetime().nullable(),
  acknowledgedBy: personRef.nullable(),
  result: z.enum(REFERRAL_RESULTS).nullable(),
  outcomeNote: z.string().nullable(),
  outcomeAt: z.iso.datetime().nullable(),
  outcomeBy: personRef.nullable(),
  abilities: z.object({ acknowledge: z.boolean(), recordOutcome: z.boolean() }),
});

const nullableText = z.string().nullable();

export const hazardDetail = hazardSummary.extend({
  description: z.string(),
  legalBasis: nullableText,
  criterion: criterion.nullable(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  links: z.object({
    inspectionId: z.uuid().nullable(),
    checklistItemKey: nullableText,
    riskPointId: z.uuid().nullable(),
    controlMeasureId: z.uuid().nullable(),
    entrustmentId: z.uuid().nullable(),
  }),
  reportedBy: z
    .object({ personId: z.uuid(), name: z.string(), organisationId: z.uuid().nullable(), organisationName: z.string().nullable() })
    .nullable(),
  rectification: z.object({
    order: z
      .object({
        measures: z.string(),
        responsiblePerson: z.object({ name: z.string(), personId: z.uuid().nullable() }),
        deadline: z.iso.datetime(),
        funding: z.object({ amount: money, source: z.string() }).nullable(),
      })
      .nullable(),
    submittedAt: z.iso.datetime().nullable(),
    submittedBy: personRef.nullable(),
    acceptedAt: z.iso.datetime().nullable(),
    acceptedBy: personRef.nullable(),
    acceptanceBasis: z.enum(['inspection', 'assessment']).nullable(),
    onTime: z.boolean().nullable(),
  }),
  major: z
    .object({
      fiveImplementations: z.object({
        measures: nullableText,
        responsibility: z.object({ organisation: nullableText, personName: z.string(), personId: z.uuid().nullable() }).nullable(),
        funding: z.object({ amount: money, source: z.string() }).nullable(),
        deadline: z.iso.datetime().nullable(),
        contingencyPlan: z.object({ evidenceId: z.uuid(), title: z.string() }).nullable(),
      }),
      treatmentPlan: z.object({
        goalsAndTasks: nullableText,
        methodsAndMeasures: nullableText,
        fundsAndMaterials: nullableText,
        organisationAndPeople: nullableText,
        timeLimitAndRequirements: nullableText,
        safetyMeasuresAndContingency: nullableText,
        interimMeasures: nullableText,
      }),
      report: z
        .object({
          reportedAt: z.iso.datetime(),
          reportedTo: orgRef.nullable(),
          content: z
            .object({ currentState: nullableText, cause: nullableText, harmAnalysis: nullableText, treatmentApproach: nullableText })
            .nullable(),
        })
        .nullable(),
      supervision: z.object({ regulator: orgRef, listedAt: z.iso.datetime() }).nullable(),
    })
    .nullable()
    .describe('For major hazards: the five implementations, the treatment plan, the report and the supervision listing.'),
  production: z
    .object({
      status: productionStatus,
      kind: z.enum(['full', 'partial']),
      reason: z.string(),
      documentNumber: nullableText,
      stoppedAt: z.iso.datetime(),
      stoppedBy: personRef.nullable(),
      appliedAt: z.iso.datetime().nullable(),
      applicationNote: nullableText,
      reviewDueAt: z.iso.datetime().nullable().describe('The review is due within 10 days of the application.'),
      decidedAt: z.iso.datetime().nullable(),
      decidedBy: personRef.nullable(),
      decision: z.enum(['approved', 'refused']).nullable(),
      decisionNote: nullableText,
    })
    .nullable(),
  notices: z
    .array(
      z.object({
        kind: z.enum(['reminder', 'overdue', 'escalation', 'major_report']),
        tier: z.number().int(),
        at: z.iso.datetime(),
        to: orgRef.nullable(),
      }),
    )
    .describe('Every report, reminder and escalation with its time, so that "promptly" can be audited.'),
  events: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      from: status.nullable(),
      to: status.nullable(),
      at: z.iso.datetime(),
      actor: z.union([
        z.object({ personId: z.uuid(), name: z.string(), organisationId: z.uuid().nullable(), role: z.string().nullable() }),
        z.object({ system: z.string() }),
      ]),
      note: nullableText,
      data: z.record(z.string(), z.unknown()).nullable(),
      evidenceIds: z.array(z.uuid()),
    }),
  ),
  evidence: z.array(evidenceView),
  referrals: z.array(referralView),
  blockers: z
    .record(z.string(), z.array(z.string()))
    .describe('For each transition the state allows: what the stored hazard still lacks (field paths).'),
});

export const referralListQuery = z.strictObject({
  direction: z.enum(['incoming', 'outgoing']).default('incoming'),
  status: z.enum(['pending', 'acknowledged', 'completed']).optional(),
});
export const referralList = z.object({ items: z.array(referralView) });

export const criteriaList = z.object({
  items: z.array(
    z.object({ library: z.string(), version: z.string(), clause: z.string(), text: z.object({ 'zh-CN': z.string(), en: z.string() }) }),
  ),
});
