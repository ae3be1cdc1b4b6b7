import { z } from 'zod';

const headSchema = z.object({
  seq: z.number().int(),
  hash: z.string().describe('SHA-256 of the newest entry; record it elsewhere to detect removal of the newest entries.'),
});
const expectedSchema = z
  .object({ seq: z.number().int(), hash: z.string() })
  .describe('The published head the request asked about (expect=<seq>:<hash>).');

export const verifyQuery = z.strictObject({
  expect: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^\d{1,15}:[0-9a-f]{64}$/, 'must be <seq>:<64 hex digits of SHA-256>')
    .optional()
    .describe('A head published earlier (GET /api/v1/audit/head), as <seq>:<hash>; the chain must still contain it.'),
});

export const verifyResult = z
  .union([
    z.object({
      ok: z.literal(true),
      entries: z.number().int().describe('Entries checked.'),
      head: headSchema,
      expected: expectedSchema.optional(),
    }),
    z.object({
      ok: z.literal(false),
      entries: z.number().int().describe('Entries that held before the break.'),
      brokenAt: z.number().int().describe('Sequence number of the first entry that does not hold (for truncation: the first one missing).'),
      reason: z
        .enum(['sequence_gap', 'previous_hash_mismatch', 'hash_mismatch', 'truncated', 'head_mismatch'])
        .describe(
          'truncated: the chain ends before the expected head (its newest entries were removed); head_mismatch: the entry at the expected number is another one (the chain was rewritten from there).',
        ),
      head: headSchema.optional().describe('For truncated and head_mismatch: the head the chain has now.'),
      expected: expectedSchema.optional(),
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

export const publishedHead = z
  .object({
    seq: z.number().int().describe('Sequence number of the newest entry; 0 for an empty trail.'),
    hash: z.string().describe('Its SHA-256, which covers every entry before it.'),
    at: z.iso.datetime().nullable().describe('When it was written.'),
    expect: z.string().describe('The head as <seq>:<hash>, for GET /api/v1/audit/verify?expect= and gongzhi audit verify --expect.'),
  })
  .describe('The head of the audit chain, published: keep it elsewhere, and a later removal of entries up to it can be detected.');
