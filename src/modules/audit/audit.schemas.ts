import { z } from 'zod';

export const verifyResult = z
  .union([
    z.object({
      ok: z.literal(true),
      entries: z.number().int().describe('Entries checked.'),
      head: z.object({
        seq: z.number().int(),
        hash: z.string().describe('SHA-256 of the newest entry; record it elsewhere to detect removal of the newest entries.'),
      }),
    }),
    z.object({
      ok: z.literal(false),
      entries: z.number().int().describe('Entries that held before the break.'),
      brokenAt: z.number().int().describe('Sequence number of the first entry that does not hold.'),
      reason: z.enum(['sequence_gap', 'previous_hash_mismatch', 'hash_mismatch']),
    }),
  ])
  .describe('Result of re-reading and re-hashing the whole audit chain.');

const jsonValue = z.unknown().describe('JSON snapshot.');

export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.record(z.string(), z.unknown()).describe('Who: person, account, organisation, role and entrustment; or the system.'),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: jsonValue,
  after: jsonValue,
  requestId: z.string().nullable(),
  address: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const historyQuery = z.strictObject({
  targetType: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z_]+$/),
  targetId: z.string().min(1).max(100),
  before: z.coerce.number().int().min(1).optional().describe('Only entries older than this sequence number (paging).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const historyPage = z.object({ items: z.array(auditEntry) });
