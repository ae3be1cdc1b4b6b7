import { z } from 'zod';
import { CLOSURES, PUBLIC_STATES, REPORT_STATUSES, SERVICES, TRIAGE_ACTIONS } from './reports.rules.js';

const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
const lng = z.coerce.number().min(-180).max(180).describe('WGS-84 longitude');
const lat = z.coerce.number().min(-90).max(90).describe('WGS-84 latitude');
const point = z.object({ lng: z.number(), lat: z.number() });
export const serviceCode = z
  .enum(SERVICES.map((s) => s.code) as [string, ...string[]])
  .describe(`The category: ${SERVICES.map((s) => s.code).join(', ')}.`);
export const publicStateSchema = z
  .enum(PUBLIC_STATES)
  .describe('received, verified, in_progress (a hazard is being rectified), fixed (only once the hazard is closed), or a closing reason.');
export const statusSchema = z.enum(REPORT_STATUSES);

export const submitBody = z
  .strictObject({
    serviceCode,
    description: z.string().trim().min(1).max(4000).describe('What is wrong and where exactly; plain text.'),
    location: z
      .strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) })
      .describe('WGS-84 point of the hazard.'),
    address: z.string().trim().max(300).optional().describe('A landmark or address to help find it.'),
    reporter: z
      .strictObject({
        name: z.string().trim().min(1).max(100),
        contact: z.string().trim().min(1).max(200).optional().describe('A phone number or e-mail address for updates.'),
      })
      .optional()
      .describe('Leave out to report anonymously. A name and contact are sealed and seen only by the handling office.'),
    attributes: z
      .record(z.string().max(60), z.union([z.string().max(500), z.array(z.string().max(500)).max(20)]))
      .optional()
      .describe('Answers to the service’s questions (see the Open311 service definition).'),
    website: z
      .string()
      .max(500)
      .optional()
      .describe('Honeypot: the form hides this field from people; it must be left empty (a filled one is refused as spam).'),
  })
  .describe('A public report; no account needed.');

export const submitted = z.object({
  code: z.string().describe('The public id, e.g. JB-2026-000012.'),
  token: z.string().describe('The tracking token: keep it to follow the report.'),
  trackingUrl: z.string(),
  dueAt: z.string().describe('When the office must first answer.'),
  serviceName: bilingual,
});

export const tokenParams = z.object({ token: z.string().min(8).max(100) });
export const idParams = z.object({ id: z.string() });

export const publicReport = z.object({
  code: z.string(),
  service: z.object({ code: z.string(), name: bilingual }),
  description: z.string().describe('The neutral placeholder instead, when hidden by moderation.'),
  descriptionHidden: z.boolean(),
  location: point.nullable().describe('Rounded to about 10 m.'),
  state: publicStateSchema,
  stateText: bilingual,
  closedAt: z.string().nullable().describe('When it was closed, or its hazard fixed; null while open.'),
  canAddInformation: z
    .boolean()
    .describe('Whether the reporter may still add information or photos (open, or closed at most 30 days ago).'),
  canReopen: z.boolean().describe('Whether the reporter may re-open it (fixed at most 30 days ago).'),
  receivedAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string(),
  agency: z.string().nullable().describe('The office handling it.'),
  duplicateOf: z.string().nullable(),
  referredTo: z.string().nullable().describe('Whose responsibility it is, when closed as not ours.'),
  hazardCode: z.string().nullable(),
  photos: z.array(z.object({ url: z.string(), mediaType: z.string() })).describe('Stored without their metadata.'),
  history: z.array(
    z.object({
      at: z.string(),
      kind: z
        .string()
        .describe(
          'submit, verify, create_hazard, hazard_closed (fixed), a closing reason, information (the reporter added the note), reopen (the note is the reason).',
        ),
      state: publicStateSchema,
      note: z.string().nullable(),
    }),
  ),
});

export const nearbyQuery = z.object({ lng, lat, category: serviceCode });
export const nearbyList = z.object({
  radiusMeters: z.number(),
  items: z.array(
    z.object({
      code: z.string(),
      description: z.string(),
      state: publicStateSchema,
      receivedAt: z.string(),
      distanceMeters: z.number().int(),
      location: point,
    }),
  ),
});

const statusList = z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(statusSchema).optional());
export const inboxQuery = z.object({
  status: statusList.describe('Comma-separated internal states.'),
  serviceCode: serviceCode.optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  q: z.string().trim().min(1).max(100).optional().describe('Words, each found in the code, the description or the address.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const inboxItem = z.object({
  id: z.string(),
  code: z.string(),
  serviceCode: z.string(),
  serviceName: bilingual,
  description: z.string().describe('The original text, also when hidden publicly (see descriptionHidden).'),
  descriptionHidden: z.boolean().describe('Hidden from public view by moderation.'),
  location: point.nullable(),
  address: z.string().nullable(),
  areaId: z.string(),
  status: statusSchema,
  state: publicStateSchema,
  channel: z.enum(['web', 'open311']),
  named: z.boolean().describe('Whether the reporter gave a name (shown only to the handling office).'),
  responsible: z.object({ id: z.string(), name: z.string() }).nullable(),
  receivedAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  hazardId: z.string().nullable(),
  enterpriseId: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  referredTo: z.string().nullable(),
});
export const inboxPage = z.object({ items: z.array(inboxItem), total: z.number().int() });
export const reportDetail = inboxItem.extend({
  reopenedAt: z.string().nullable(),
  photos: z.array(
    z.object({
      id: z.string(),
      url: z.string().describe('The office’s address of the photo (hidden ones too).'),
      publicUrl: z.string().nullable().describe('Null when hidden by moderation.'),
      mediaType: z.string(),
      size: z.number().int(),
      at: z.string(),
      hidden: z.boolean(),
    }),
  ),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  mediaUrl: z.string().nullable(),
  reporterViewable: z.boolean(),
  events: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      from: statusSchema.nullable(),
      to: statusSchema,
      id: z.string(),
      actor: z.unknown(),
      publicNote: z.string().nullable().describe('The original, also when hidden publicly (see noteHidden).'),
      noteHidden: z.boolean().describe('A reporter’s note hidden publicly by moderation.'),
      detail: z
        .record(z.string(), z.unknown())
        .nullable()
        .describe('For the office: e.g. a moderation’s reason, a re-opened report’s hazard.'),
    }),
  ),
  abilities: z.object({ verify: z.boolean(), createHazard: z.boolean(), close: z.boolean(), moderate: z.boolean() }),
});
export const reporterView = z.object({ named: z.boolean(), name: z.string().nullable(), contact: z.string().nullable() });

const publicNote = z.string().trim().min(1).max(1000).optional().describe('Shown on the public tracking page.');
export const triageBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('verify'), publicNote }),
  z.strictObject({
    action: z.literal('create_hazard'),
    publicNote,
    enterpriseId: z.uuid().describe('The enterprise responsible for the hazard.'),
    title: z.string().trim().min(1).max(200).optional(),
    major: z.boolean().optional().describe('Proposed grade major (重大).'),
  }),
  z.strictObject({
    action: z.literal('duplicate'),
    publicNote,
    duplicateOf: z.string().trim().min(1).max(60).describe('Code or id of the original report.'),
  }),
  z.strictObject({ action: z.literal('not_a_hazard'), publicNote }),
  z.strictObject({
    action: z.literal('not_our_responsibility'),
    publicNote,
    referredTo: z.string().trim().min(1).max(200).describe('Whose responsibility it is (the body it is referred to).'),
  }),
  z.strictObject({ action: z.literal('no_further_action'), publicNote }),
]);
export const triageActions = [...TRIAGE_ACTIONS];
export const closures = [...CLOSURES];

export const clientBody = z.strictObject({ name: z.string().trim().min(1).max(200).describe('Who the key is for, e.g. 12345 热线网关.') });
export const clientIssued = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  apiKey: z.string().describe('Shown once; only its hash is kept.'),
});
export const clientList = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
});

export const photoAdded = z.object({
  url: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().describe('Of the stored photo, already turned upright.'),
  height: z.number().int(),
  exifLocation: z
    .object({ lng: z.number(), lat: z.number() })
    .nullable()
    .describe('The GPS position the photo carried (read before stripping), to offer as the location; never stored or shown.'),
});
export const photoParams = z.object({ sha256: z.string() });
export const officePhotoParams = z.object({ id: z.string(), photoId: z.string() });

export const informationBody = z.strictObject({
  text: z.string().trim().min(1).max(2000).describe('What the reporter adds; shown on the tracking page.'),
});
export const reopenBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000).describe('Why the hazard is not fixed; shown on the tracking page.'),
});
export const moderationBody = z.strictObject({
  hideDescription: z.boolean().optional().describe('true: hide the description publicly; false: show it again.'),
  hidePhotoIds: z.array(z.uuid()).max(20).optional().describe('Photos (ids from the report detail) to hide publicly.'),
  hideNoteIds: z
    .array(z.uuid())
    .max(50)
    .optional()
    .describe('Notes the reporter wrote (event ids of kind information or reopen, from the report detail) to hide publicly.'),
  reason: z.string().trim().min(1).max(500).describe('Why (kept in the history and the audit trail, not public).'),
});

const isoDate = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or date-time')
  .transform((v) => new Date(v));
export const figuresQuery = z.object({
  from: isoDate.optional().describe('Start of the period (reports received from then); default 30 days before to.'),
  to: isoDate.optional().describe('End of the period (exclusive); default now.'),
  areaId: z.uuid().optional().describe('Only reports in this area (within yours).'),
});
const figures = z.object({
  received: z.number().int(),
  verified: z.number().int(),
  handled: z.number().int().describe('Answered at all: verified or closed by the office.'),
  closed: z.object({
    fixed: z.number().int(),
    duplicate: z.number().int(),
    not_a_hazard: z.number().int(),
    not_our_responsibility: z.number().int(),
    no_further_action: z.number().int(),
  }),
  respondedInTime: z.number().int().describe('First answered by the category’s response deadline.'),
  inTimeRate: z.number().nullable().describe('respondedInTime over those answered or unanswered past the deadline; 0–1.'),
  medianHoursToFirstResponse: z.number().nullable(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export const figuresPage = z.object({
  from: z.string(),
  to: z.string(),
  areaId: z.string().nullable(),
  total: figures,
  byOrganisation: z.array(figures.extend({ organisationId: z.string().nullable(), name: z.string().nullable() })),
  byService: z.array(figures.extend({ serviceCode: z.string(), name: bilingual })),
});
