import { z } from 'zod';
import { ACTIVITY_KINDS, APPLICATION_STATUSES, FIELD_ROLES, SKILLS, VOLUNTEER_STATUSES } from './volunteers.rules.js';

const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
const skill = z.enum(SKILLS).describe(`A skill code: ${SKILLS.join(', ')}.`);
const skills = z.array(skill).max(SKILLS.length).describe('Skills offered, as codes from the catalogue.');
const day = z.iso.date().describe('A calendar day in China Standard Time, YYYY-MM-DD.');
const instant = z.iso.datetime({ offset: true });
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const personParams = z.strictObject({ id: z.uuid() });
export const applicationParams = z.strictObject({ id: z.uuid() });

export const catalogue = z.object({
  skills: z.array(z.object({ code: skill, name: bilingual })),
  areas: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        nameEn: z.string().nullable(),
        level: z.enum(['community', 'grid']),
        parentName: z.string().nullable(),
      }),
    )
    .describe('The communities and grids one may serve.'),
});

export const applyBody = z
  .strictObject({
    name: z.string().max(300).describe('Full name, 1 to 100 characters.'),
    phone: z.string().max(64).describe('Mobile (13800138000) or landline with area code; stored encrypted.'),
    areaId: z.uuid().describe('The community (or grid) one wishes to serve.'),
    skills: skills.default([]),
    note: z.string().trim().max(1000).nullable().optional().describe('Anything the office should know, e.g. when one is free.'),
  })
  .describe('An application to volunteer; the community or street office approves or declines it.');

export const applied = z.object({ id: z.uuid(), status: z.literal('pending'), submittedAt: z.string() });

export const applicationView = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().describe('Masked: 138****5678.'),
  areaId: z.uuid(),
  skills: z.array(skill),
  note: z.string().nullable(),
  status: z.enum(APPLICATION_STATUSES),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  personId: z.uuid().nullable(),
  abilities: z.object({ decide: z.boolean() }),
});
export const applicationList = z.object({ items: z.array(applicationView) });
export const applicationQuery = z.strictObject({ status: z.enum(APPLICATION_STATUSES).optional() });

export const approveBody = z.strictObject({
  personId: z.uuid().optional().describe('Link to this registered person rather than one found by name and phone, or a new one.'),
  skills: skills.optional().describe('The skills as the office confirmed them; by default those applied with.'),
});
export const declineBody = z.strictObject({ reason: z.string().trim().min(1).max(500).describe('Why, told to the applicant.') });

export const registerBody = z
  .strictObject({
    role: z.enum(FIELD_ROLES),
    areaId: z.uuid().describe('A community for a volunteer; a grid (or community) for a grid worker.'),
    skills: skills.default([]),
    personId: z.uuid().optional().describe('A person already in the directory.'),
    name: z.string().max(300).optional().describe('Or a new (or same-phone) person: name…'),
    phone: z.string().max(64).nullable().optional().describe('…and phone number.'),
  })
  .describe('Direct registration by the office: grants the role and writes the profile.');

export const statusBody = z.strictObject({
  status: z.enum(VOLUNTEER_STATUSES),
  reason: z.string().trim().min(1).max(500),
});

export const hoursBody = z.strictObject({
  date: day,
  hours: z.number().gt(0).max(24).multipleOf(0.25).describe('Hours served, in quarter hours.'),
  activity: z.string().trim().min(1).max(200).describe('What was done, e.g. 消防知识培训.'),
  kind: z.enum(ACTIVITY_KINDS).describe('work, or training (training earns points).'),
});
export const hoursRecorded = z.object({
  id: z.uuid(),
  date: z.string(),
  hours: z.number(),
  activity: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  recordedAt: z.string(),
});

const finding = z.union([
  z.strictObject({
    reportCode: z
      .string()
      .regex(/^[A-Z]{2}-\d{4}-\d{6}$/)
      .describe('A report filed for it, e.g. JB-2026-000012.'),
  }),
  z.strictObject({ text: z.string().trim().min(1).max(500) }),
]);

export const patrolBody = z.strictObject({
  startedAt: instant,
  endedAt: instant.describe('After startedAt, at most 12 hours later, not in the future.'),
  route: z
    .strictObject({ type: z.literal('LineString'), coordinates: z.array(lngLat).min(2).max(2000) })
    .nullable()
    .optional()
    .describe('The route walked, as a GeoJSON LineString of WGS-84 [lng, lat] points.'),
  note: z.string().trim().max(2000).nullable().optional(),
  findings: z.array(finding).max(50).optional().describe('What was found: reports filed ({reportCode}) or free text ({text}).'),
});

const patrolView = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  areaId: z.uuid(),
  startedAt: z.string(),
  endedAt: z.string(),
  minutes: z.number().int(),
  route: z.object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) }).nullable(),
  note: z.string().nullable(),
  findings: z.array(z.union([z.object({ reportCode: z.string() }), z.object({ text: z.string() })])),
});
export const patrolCreated = patrolView;
export const areaPatrolList = z.object({ items: z.array(patrolView.extend({ name: z.string() })) });

export const periodQuery = z.strictObject({
  from: day.optional().describe('First CST day; by default 1 January of this year.'),
  to: day.optional().describe('Last CST day (included); by default today.'),
});
export const areaPatrolQuery = periodQuery.extend({ areaId: z.uuid().optional() });
export const listQuery = periodQuery.extend({ status: z.enum(VOLUNTEER_STATUSES).optional(), role: z.enum(FIELD_ROLES).optional() });
export const rankingQuery = periodQuery.extend({ areaId: z.uuid().describe('The community (or any area) to rank.') });

const figures = z.object({
  points: z.object({ reports: z.number(), patrols: z.number(), training: z.number(), total: z.number() }),
  hours: z.object({ patrolMinutes: z.number(), workHours: z.number(), trainingHours: z.number(), totalHours: z.number() }),
  patrols: z.number().int(),
  reportsFiled: z.number().int(),
  verifiedReports: z.number().int(),
});

export const volunteerView = z.object({
  personId: z.uuid(),
  name: z.string(),
  role: z.enum(FIELD_ROLES),
  areaId: z.uuid(),
  skills: z.array(skill),
  status: z.enum(VOLUNTEER_STATUSES),
  registeredAt: z.string(),
  figures: figures.describe('This year’s hours and points.'),
  abilities: z.object({ manage: z.boolean() }),
});
export const volunteerProfile = volunteerView.extend({ areaName: z.string() });
export const volunteerList = z.object({ items: z.array(volunteerView) });

export const mine = z.object({
  personId: z.uuid(),
  name: z.string(),
  role: z.enum(FIELD_ROLES),
  areaId: z.uuid().nullable(),
  status: z.enum(VOLUNTEER_STATUSES),
  registered: z.boolean().describe('Whether the office has written a volunteer profile (skills, status).'),
  skills: z.array(skill),
  period: z.object({ from: z.string(), to: z.string() }),
  figures,
  patrols: z.array(patrolView),
});

export const reportBody = z
  .strictObject({
    serviceCode: z.string().max(60).describe('The report category, as for the public form.'),
    description: z.string().trim().min(1).max(4000),
    location: z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }),
    address: z.string().trim().max(300).optional(),
    attributes: z.record(z.string().max(60), z.union([z.string().max(500), z.array(z.string().max(500)).max(20)])).optional(),
  })
  .describe('A report filed as the signed-in volunteer: it goes into the same intake and earns points once verified.');
export const reportFiled = z.object({
  code: z.string(),
  token: z.string(),
  trackingUrl: z.string(),
  dueAt: z.string(),
  serviceName: bilingual,
});
export const myReports = z.object({
  items: z.array(z.object({ code: z.string(), filedAt: z.string(), status: z.string(), points: z.number() })),
});

export const ranking = z.object({
  areaId: z.uuid(),
  areaName: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  items: z.array(
    z.object({
      rank: z.number().int().describe('Equal figures share a rank.'),
      personId: z.uuid(),
      name: z.string().describe('Masked (张**) unless you govern the area.'),
      points: z.number(),
      hours: z.number(),
      verifiedReports: z.number().int(),
      patrols: z.number().int(),
      me: z.boolean(),
    }),
  ),
});

export const pointsRule = z.object({
  rule: z.object({
    verifiedReport: z.number(),
    hazardReport: z.number(),
    patrolPerFullHour: z.number(),
    patrolDailyCap: z.number(),
    trainingPerFullHour: z.number(),
  }),
  text: z.record(z.string(), bilingual),
});
