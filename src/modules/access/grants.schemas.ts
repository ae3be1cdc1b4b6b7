import { z } from 'zod';
import { ROLES } from './access.rules.js';

export const grantView = z.object({
  id: z.uuid(),
  role: z.enum(ROLES),
  organisation: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }),
  areaId: z.uuid().nullable(),
  areaName: z.string().nullable(),
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime().nullable(),
  active: z.boolean().describe('In force now.'),
  abilities: z.object({ end: z.boolean() }),
});
export const grantList = z.object({ items: z.array(grantView) });
export const personParams = z.strictObject({ id: z.uuid() });
export const createGrantBody = z.strictObject({
  role: z.enum(ROLES),
  organisationId: z.uuid(),
  areaId: z.uuid().optional().describe('Required for area-scoped roles: regulator officer and head, grid worker, volunteer.'),
  validFrom: z.iso.datetime({ offset: true }).optional(),
  validUntil: z.iso.datetime({ offset: true }).optional(),
});
export const endGrantBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const createAccountBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, '2 to 64 letters, digits or . _ @ -, starting with a letter or digit'),
  password: z.string().min(10, 'at least 10 characters').max(256),
});
export const accountView = z.object({ id: z.uuid(), username: z.string() });
