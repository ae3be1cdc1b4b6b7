import { z } from 'zod';
import { ROLES } from './access.rules.js';

export const localeSchema = z.enum(['zh-CN', 'en']).describe('Interface language.');

export const signInBody = z.strictObject({
  username: z.string().min(1).max(64).describe('Account name, case-insensitive.'),
  password: z.string().min(1).max(256).describe('Password.'),
});

export const localeBody = z.strictObject({ locale: localeSchema });

export const sessionView = z
  .object({
    account: z.object({ id: z.uuid(), username: z.string(), locale: localeSchema }),
    person: z.object({ id: z.uuid(), name: z.string() }),
    grants: z
      .array(
        z.object({
          role: z.enum(ROLES).describe('Role held.'),
          organisation: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() }),
          areaId: z.uuid().nullable().describe('Area the role governs, for area-scoped roles.'),
          validUntil: z.iso.datetime().nullable().describe('End of the grant; null when open-ended.'),
        }),
      )
      .describe('Role grants in force now.'),
    permissions: z.array(z.string()).describe('Every mandate permission the caller holds; the web app shows actions from these only.'),
    csrfToken: z.string().describe('Send as X-CSRF-Token on every request that changes data.'),
  })
  .describe('The signed-in session.');
