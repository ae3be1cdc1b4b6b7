import { z } from 'zod';

const text = z.object({ 'zh-CN': z.string(), en: z.string() });

export const notificationView = z
  .object({
    id: z.uuid(),
    kind: z.string().describe('Dotted kind, e.g. hazard.overdue.'),
    title: text,
    body: text,
    subject: z.object({ type: z.string(), id: z.uuid(), code: z.string().nullable() }).nullable().describe('What it is about.'),
    recipient: z.object({ kind: z.enum(['person', 'organisation', 'external']), id: z.uuid() }),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable().describe('When the caller read it; null when unread.'),
  })
  .describe('An in-app notification to the caller or to an organisation the caller holds a grant in.');

export const notificationPage = z.object({
  items: z.array(notificationView),
  nextCursor: z.string().nullable(),
  unread: z.number().int().describe('How many of the caller’s notifications are unread.'),
});

export const listQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Only unread ones.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });
export const markedView = z.object({ marked: z.number().int() });
