import { z } from 'zod';
import { PUBLIC_STATES, SERVICES } from './reports.rules.js';

const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
const point = z.object({ lng: z.number(), lat: z.number() });
const categoryCode = z.enum(SERVICES.map((s) => s.code) as [string, ...string[]]);
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).optional());

/** The filters shared by the list, the map and the feeds. */
export const publicQuery = z.object({
  area: z.uuid().optional().describe('An area id: its reports and those of the areas below it.'),
  category: csv(categoryCode).describe(`Comma-separated categories: ${SERVICES.map((s) => s.code).join(', ')}.`),
  state: csv(z.enum(PUBLIC_STATES)).describe(`Comma-separated public states: ${PUBLIC_STATES.join(', ')}.`),
  from: z.iso.date().optional().describe('First day received (China Standard Time), YYYY-MM-DD.'),
  to: z.iso.date().optional().describe('Last day received (China Standard Time), YYYY-MM-DD, inclusive.'),
});
export const listQuery = publicQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const feedQuery = publicQuery.extend({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN').describe('The language of titles and texts.'),
});

const item = z.object({
  code: z.string().describe('The public id, e.g. JB-2026-000012.'),
  category: z.object({ code: z.string(), name: bilingual }),
  state: z.enum(PUBLIC_STATES),
  stateText: bilingual,
  description: z.string().describe('As shown publicly (text hidden by moderation is not shown).'),
  location: point.nullable().describe('WGS-84, rounded to four decimals (about 10 m).'),
  receivedAt: z.string().describe('RFC 3339 in China Standard Time (+08:00).'),
  updatedAt: z.string().describe('The last change the public can see (the report’s or its hazard’s).'),
});
export const publicPage = z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const publicMap = z.object({
  total: z.number().int().describe('Reports under the filters; the newest 2,000 located ones are drawn.'),
  items: z.array(z.object({ code: z.string(), category: z.string(), state: z.enum(PUBLIC_STATES), location: point })),
});
export const publicDetail = item.extend({
  history: z.array(z.object({ at: z.string(), state: z.enum(PUBLIC_STATES), note: z.string().nullable() })),
  photos: z.array(z.object({ url: z.string(), mediaType: z.string() })).describe('Photos not hidden by moderation, without metadata.'),
});
export const codeParams = z.object({ code: z.string().min(1).max(40) });
export const publicFilters = z.object({
  areas: z.array(z.object({ id: z.string(), parentId: z.string().nullable(), level: z.string(), name: bilingual })),
  categories: z.array(z.object({ code: z.string(), name: bilingual })),
  states: z.array(z.object({ code: z.enum(PUBLIC_STATES), text: bilingual })),
});

export const subscribeBody = z
  .strictObject({
    email: z.string().trim().min(3).max(254).describe('Where the confirmation and the updates go; kept sealed.'),
    areaId: z.uuid().optional().describe('Follow one area (and the areas below it); leave out for all.'),
    category: categoryCode.optional().describe('Follow one category; leave out for all.'),
  })
  .describe('A subscription to e-mail updates; it starts only once the link in the confirmation mail is opened.');
export const tokenBody = z.strictObject({ token: z.string().trim().min(16).max(200).describe('The token from the link in the mail.') });
export const subscribed = z.object({ status: z.literal('confirmation_sent'), scope: bilingual });
export const confirmed = z.object({
  status: z.literal('confirmed'),
  areaId: z.string().nullable(),
  category: z.string().nullable(),
  scope: bilingual,
});
export const unsubscribed = z.object({ status: z.literal('unsubscribed') });
