import { z } from 'zod';
import { CHECKLIST_SCOPES, ITEM_TYPES, KEY_PATTERN, VERDICTS } from './checklists.rules.js';
import { KINDS, MANNERS, MODES, PACKAGE_STEPS, RECURRENCES, STATUSES } from './inspections.rules.js';

// ---- words ----------------------------------------------------------------------------------------------------

export const kind = z
  .enum(KINDS)
  .describe(
    'self_check (enterprise), third_party (entrusted provider), enforcement (regulator), peer_check (mutual-aid group), patrol (grid worker / volunteer).',
  );
export const mode = z.enum(MODES).describe('On site, by phone, or by online questionnaire sent to the enterprise.');
export const manner = z
  .enum(MANNERS)
  .describe('announced; unannounced (四不两直: hidden from the enterprise until started); cross_area (交叉检查).');
export const status = z.enum(STATUSES).describe('planned → in_progress → (awaiting_review for questionnaires) → completed; or cancelled.');
export const verdict = z.enum(VERDICTS).describe('compliant / non_compliant / not_applicable (N/A is left out of the score).');
export const outcome = z.enum(['pass', 'fail', 'na', 'info', 'unanswered']).describe('What the answer means for the score.');
export const checklistScope = z
  .enum(CHECKLIST_SCOPES)
  .describe('Whose template: the shipped library, a regulator, a provider, an enterprise.');
export const packageStep = z.enum(PACKAGE_STEPS);
export const recurrence = z.enum(RECURRENCES);
export const trade = z.enum(['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport']);

const key = z.string().regex(KEY_PATTERN, 'lower-case letters, digits and _, starting with a letter (at most 63)');
const text = (max: number) => z.string().trim().min(1).max(max);
const ref = z.object({ id: z.uuid(), name: z.string() });
export const idParams = z.strictObject({ id: z.uuid() });

// ---- checklists ---------------------------------------------------------------------------------------------

export const checklistItem = z.strictObject({
  key: key.describe('Stable key of the item inside the template (XLSForm `name`).'),
  label: text(500).describe('The question, as the inspector reads it.'),
  hint: z.string().trim().max(1000).nullable().default(null),
  type: z.enum(ITEM_TYPES).describe('verdict, number (with limits), choice, text, photo.'),
  required: z.boolean().default(true).describe('Must be answered before the inspection completes.'),
  weight: z.number().min(0).max(100).default(1).describe('Points in the score; 0 leaves the item out.'),
  legalBasis: z
    .strictObject({ document: text(300), clause: z.string().trim().max(100).nullable().default(null) })
    .nullable()
    .default(null)
    .describe('Law / standard and clause the item rests on.'),
  major: z.boolean().default(false).describe('A failure is a major accident hazard (重大事故隐患).'),
  criterion: z.string().trim().max(100).nullable().default(null).describe('Clause of the criteria library, e.g. 第三条第（一）项.'),
  min: z.number().nullable().default(null).describe('Number items: lowest compliant value.'),
  max: z.number().nullable().default(null).describe('Number items: highest compliant value.'),
  unit: z.string().trim().max(20).nullable().default(null),
  choices: z
    .array(z.strictObject({ value: z.string().trim().min(1).max(64), label: text(200), fail: z.boolean().default(false) }))
    .max(50)
    .default([]),
});

export const checklistSection = z.strictObject({ key, title: text(200), items: z.array(checklistItem).max(500) });

export const checklistContent = z.strictObject({
  title: text(200),
  description: z.string().trim().max(2000).nullable().default(null),
  criteriaLibrary: z
    .strictObject({ library: text(64), version: text(32) })
    .nullable()
    .default(null)
    .describe('The dated criteria library the items’ criterion clauses cite, e.g. gongmao-2023 / 2023-05-15.'),
  sections: z.array(checklistSection).min(1).max(100),
});

export const createChecklistBody = checklistContent.extend({
  organisationId: z.uuid().optional().describe('Which of your organisations owns it, when you hold roles in several.'),
});
export const copyChecklistBody = z.strictObject({ title: text(200).optional(), organisationId: z.uuid().optional() });
export const emptyBody = z.strictObject({});
export const reasonBody = z.strictObject({ reason: text(500) });

export const checklistQuery = z.strictObject({
  scope: checklistScope.optional(),
  q: z.string().trim().max(100).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export const versionParams = z.strictObject({ id: z.uuid(), version: z.coerce.number().int().min(1) });
export const xlsformQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

export const checklistSummary = z.object({
  id: z.uuid(),
  key: z.string(),
  scope: checklistScope,
  owner: ref.nullable(),
  title: z.string(),
  version: z.number().int().describe('The version shown (the current one unless asked).'),
  itemCount: z.number().int(),
  majorItemCount: z.number().int(),
  publishedAt: z.iso.datetime(),
  archived: z.boolean(),
  abilities: z
    .object({ edit: z.boolean(), archive: z.boolean(), copy: z.boolean(), use: z.boolean() })
    .describe('edit: publish a new version; use: start inspections with it.'),
});
export const checklistDetail = checklistSummary.extend({
  content: checklistContent,
  versions: z.array(z.object({ version: z.number().int(), publishedAt: z.iso.datetime(), publishedBy: z.string().nullable() })),
});
export const checklistList = z.object({ items: z.array(checklistSummary) });

export const xlsformRowProblem = z.object({
  sheet: z.string(),
  row: z.number().int().describe('1-based row of the sheet (row 1 is the header).'),
  column: z.string().nullable(),
  reason: z.string(),
});

// ---- inspections --------------------------------------------------------------------------------------------

const answerValues = {
  verdict: verdict.nullable().optional(),
  number: z.number().finite().nullable().optional(),
  choice: z.string().max(64).nullable().optional(),
  text: z.string().max(4000).nullable().optional(),
  note: z.string().max(2000).nullable().optional().describe('The inspector’s remark (what was seen).'),
};

export const answerInput = z.strictObject({
  itemKey: key,
  ...answerValues,
  fixedOnSpot: z.boolean().optional().describe('A general hazard put right during the inspection (立查立改), photos as evidence.'),
});
export const answersBody = z.strictObject({ answers: z.array(answerInput).min(1).max(1000) });
export const questionnaireAnswersBody = z.strictObject({
  answers: z
    .array(z.strictObject({ itemKey: key, ...answerValues }))
    .min(1)
    .max(1000),
});

const answerSnapshot = z.object({
  verdict: verdict.nullable(),
  number: z.number().nullable(),
  choice: z.string().nullable(),
  text: z.string().nullable(),
  note: z.string().nullable(),
});

export const answerView = answerSnapshot.extend({
  itemKey: z.string(),
  fixedOnSpot: z.boolean(),
  outcome,
  source: z.enum(['inspector', 'questionnaire']),
  answeredAt: z.iso.datetime().nullable(),
  answeredBy: ref.nullable().describe('null for questionnaire answers (the respondent is named on the questionnaire).'),
  review: z
    .object({
      decision: z.enum(['accepted', 'overridden']),
      by: ref,
      at: z.iso.datetime(),
      questionnaire: answerSnapshot.describe('What the enterprise answered.'),
    })
    .nullable(),
});

export const photoView = z.object({
  id: z.uuid(),
  itemKey: z.string().nullable(),
  mediaType: z.string(),
  size: z.number().int(),
  name: z.string(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime(),
  url: z.string(),
});

export const signatureView = z.object({
  party: z.enum(['inspector', 'enterprise']),
  signerName: z.string(),
  signedAt: z.iso.datetime(),
  sha256: z.string(),
  url: z.string(),
});

export const scoreView = z.object({
  value: z.number().nullable().describe('Percent of the applicable weight that passed; N/A and unanswered excluded; null when none.'),
  passed: z.number().int(),
  failed: z.number().int(),
  na: z.number().int(),
  unanswered: z.number().int(),
  majorFailed: z.number().int(),
});

export const inspectionAbilities = z
  .object({
    start: z.boolean(),
    answer: z.boolean(),
    uploadPhoto: z.boolean(),
    locate: z.boolean(),
    sign: z.boolean(),
    complete: z.boolean(),
    cancel: z.boolean(),
    assign: z.boolean(),
    sendQuestionnaire: z.boolean(),
    review: z.boolean(),
    returnQuestionnaire: z.boolean(),
    downloadReport: z.boolean(),
  })
  .describe('What the caller may do with it now.');

export const inspectionSummary = z.object({
  id: z.uuid(),
  code: z.string().describe('Human reference, e.g. JC-20260315-0001.'),
  title: z.string(),
  kind,
  mode,
  manner,
  status,
  overdue: z.boolean(),
  enterprise: z.object({ id: z.uuid(), name: z.string(), creditCode: z.string().nullable() }),
  checklist: z.object({ id: z.uuid(), version: z.number().int(), title: z.string() }),
  dueAt: z.iso.datetime().nullable(),
  startedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  inspectors: z.array(z.object({ id: z.uuid(), name: z.string(), organisation: ref, lead: z.boolean() })),
  planId: z.uuid().nullable(),
  packageId: z.uuid().nullable(),
  packageStep: packageStep.nullable(),
  entrustmentId: z.uuid().nullable().describe('The entrustment under which a provider inspects.'),
  groupId: z.uuid().nullable().describe('The mutual-aid group of a peer check.'),
  score: scoreView,
  abilities: inspectionAbilities,
});

export const locationBody = z.strictObject({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracy: z.number().min(0).max(100_000).nullable().optional().describe('Metres.'),
  address: z.string().trim().max(300).nullable().optional(),
});

export const inspectionDetail = inspectionSummary.extend({
  content: checklistContent.describe('The checklist version this inspection uses.'),
  answers: z.array(answerView),
  photos: z.array(photoView),
  signatures: z.array(signatureView),
  location: z
    .object({ lng: z.number(), lat: z.number(), accuracy: z.number().nullable(), address: z.string().nullable(), at: z.iso.datetime() })
    .nullable(),
  questionnaire: z
    .object({
      sentAt: z.iso.datetime(),
      expiresAt: z.iso.datetime(),
      submittedAt: z.iso.datetime().nullable(),
      respondentName: z.string().nullable(),
      respondentTitle: z.string().nullable(),
    })
    .nullable(),
  findings: z.array(z.object({ itemKey: z.string(), hazardId: z.uuid(), hazardCode: z.string(), major: z.boolean() })),
  report: z.object({ sha256: z.string(), size: z.number().int(), generatedAt: z.iso.datetime(), url: z.string() }).nullable(),
  cancelReason: z.string().nullable(),
  summary: z.string().nullable(),
});

export const inspectionQuery = z.strictObject({
  status: status.optional(),
  kind: kind.optional(),
  mode: mode.optional(),
  inspectorId: z.uuid().optional().describe('Only those this person is assigned to (a person id).'),
  enterpriseId: z.uuid().optional(),
  planId: z.uuid().optional(),
  packageId: z.uuid().optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only those assigned to me.'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const inspectionPage = z.object({ items: z.array(inspectionSummary), total: z.number().int() });

export const createInspectionBody = z.strictObject({
  kind,
  mode,
  manner: manner.default('announced'),
  enterpriseId: z.uuid(),
  checklistId: z.uuid().describe('Its current version is used and kept.'),
  title: text(200).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  inspectorIds: z.array(z.uuid()).min(1).max(10).optional().describe('Person ids; the first leads. Default: the caller.'),
  groupId: z.uuid().optional().describe('Peer check: the mutual-aid group (default: the caller’s).'),
});

export const startBody = z.strictObject({ location: locationBody.optional() });
export const completeBody = z.strictObject({ summary: z.string().trim().max(4000).optional() });
export const signatureParams = z.strictObject({ id: z.uuid(), party: z.enum(['inspector', 'enterprise']) });
export const signatureBody = z.strictObject({
  dataUrl: z
    .string()
    .max(800_000)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'a PNG data URL from a canvas')
    .describe('data:image/png;base64,… (at most 512 KB of image).'),
  signerName: text(100).optional().describe('Required for the enterprise representative; the inspector defaults to the caller.'),
});
export const photoParams = z.strictObject({ id: z.uuid(), photoId: z.uuid() });
export const photoQuery = z.strictObject({ itemKey: key.optional() });
export const assignBody = z.strictObject({ inspectorIds: z.array(z.uuid()).min(1).max(10).describe('The first leads.') });
export const assignableList = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), organisation: ref, role: z.string() })),
});

export const questionnaireSendBody = z.strictObject({ expiresInDays: z.number().int().min(1).max(60).default(14) });
export const questionnaireLink = z.object({
  token: z.string().describe('Shown only now; sending again replaces it.'),
  path: z.string().describe('/q/<token>: the page the enterprise opens, no account needed.'),
  expiresAt: z.iso.datetime(),
});
export const tokenParams = z.strictObject({ token: z.string().min(20).max(100) });
export const questionnaireSubmitBody = z.strictObject({ respondentName: text(100), respondentTitle: text(100).optional() });
export const questionnaireView = z.object({
  code: z.string(),
  title: z.string(),
  enterprise: z.object({ name: z.string() }),
  inspectorOrganisation: z.object({ name: z.string() }),
  dueAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime(),
  status: z.enum(['open', 'submitted']),
  content: checklistContent,
  answers: z.array(answerView),
  respondentName: z.string().nullable(),
  respondentTitle: z.string().nullable(),
});

export const reviewBody = z.strictObject({
  decisions: z
    .array(
      z.discriminatedUnion('decision', [
        z.strictObject({ itemKey: key, decision: z.literal('accepted') }),
        z.strictObject({ itemKey: key, decision: z.literal('overridden'), ...answerValues }),
      ]),
    )
    .min(1)
    .max(1000),
});

export const abilitiesView = z.object({
  kinds: z.array(kind).describe('Kinds of inspection the caller may conduct now.'),
  author: z.boolean(),
  plan: z.boolean(),
  assign: z.boolean(),
  packages: z.boolean(),
  authorScopes: z.array(z.enum(['regulator', 'provider', 'enterprise'])),
});
export const targetsQuery = z.strictObject({
  kind,
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const targetPage = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      creditCode: z.string().nullable(),
      areaName: z.string().nullable(),
      trade: trade.nullable(),
      usesHazardousChemicals: z.boolean(),
    }),
  ),
  total: z.number().int(),
});
