import { z } from 'zod';
import { trade } from './directory.schemas.js';

export const groupAbilities = z
  .object({
    manageMembers: z.boolean().describe('The caller may add members and remove members other than the lead.'),
    setLead: z.boolean().describe('The caller may make a member the lead enterprise.'),
  })
  .describe('What the caller may do with this group; the web app shows actions from these only.');

export const groupList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      nameEn: z.string().nullable(),
      areaId: z.uuid().nullable().describe('The area the group serves; members come from it.'),
      members: z.number().int(),
      leadName: z.string().nullable(),
      abilities: groupAbilities,
    }),
  ),
});

export const groupMemberList = z.object({
  items: z.array(
    z.object({ id: z.uuid(), name: z.string(), creditCode: z.string().nullable(), trade: trade.nullable(), isLead: z.boolean() }),
  ),
});

export const groupParams = z.strictObject({ id: z.uuid() });
export const groupMemberParams = z.strictObject({ id: z.uuid(), enterpriseId: z.uuid() });
export const memberBody = z.strictObject({ enterpriseId: z.uuid().describe('A member enterprise, or one to become a member.') });

export const candidateQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Part of the name or of the unified social credit code.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const candidateList = z.object({
  items: z.array(
    z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable(), creditCode: z.string().nullable(), trade: trade.nullable() }),
  ),
});
