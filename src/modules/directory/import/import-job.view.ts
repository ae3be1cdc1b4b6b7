import { z } from 'zod';
import { csvDocument } from '../../../platform/csv/index.js';
import type { PersonActor } from '../../access/index.js';
import { directoryErrors } from '../directory.errors.js';
import type { findJob } from './import.repository.js';

/** An import job as the database holds it (either kind). */
export type JobRow = NonNullable<Awaited<ReturnType<typeof findJob>>>;

export const refusalSchema = z.object({
  line: z.number().int().describe('Row number as the spreadsheet shows it (header = 1).'),
  column: z.string().nullable(),
  value: z.string().nullable().describe('The value as written; for personal data (ID and phone numbers) masked only.'),
  reason: z.string().describe('Machine-readable reason, e.g. credit_code.check_character.'),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
});

export const jobView = z
  .object({
    id: z.uuid(),
    kind: z.enum(['enterprise', 'person']).describe('What the file holds: the enterprise register or people.'),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z.enum(['running', 'succeeded', 'failed']),
    totalBytes: z.number().int().nullable(),
    bytesRead: z.number().int(),
    progress: z.number().min(0).max(1).describe('Share of the file read so far.'),
    rowsRead: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    refusals: z.array(refusalSchema).describe('The first 1,000 refused rows; all of them (up to 10,000) at …/refusals.csv.'),
    error: z.object({ code: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) }).nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .describe('An import of a file and its report.');

export const jobParams = z.strictObject({ id: z.uuid() });

type Refusal = z.infer<typeof refusalSchema>;

export const viewJob = (j: JobRow) => ({
  id: j.id,
  kind: j.kind,
  fileName: j.file_name,
  format: j.format,
  status: j.status,
  totalBytes: j.total_bytes === null ? null : Number(j.total_bytes),
  bytesRead: Number(j.bytes_read),
  progress: j.status === 'succeeded' ? 1 : j.total_bytes ? Math.min(1, Number(j.bytes_read) / Number(j.total_bytes)) : 0,
  rowsRead: j.rows_read,
  created: j.created,
  updated: j.updated,
  unchanged: j.unchanged,
  refused: j.refused,
  refusals: (j.refusals as Refusal[]).slice(0, 1000),
  error: j.error,
  startedAt: j.started_at.toISOString(),
  finishedAt: j.finished_at?.toISOString() ?? null,
});

/**
 * The job when the actor may see it: started by them or by their organisation, and (when asked) of that kind;
 * a 404 otherwise, so that other people's imports do not show.
 */
export function visibleJob(actor: PersonActor, job: JobRow | undefined, kind?: JobRow['kind']): JobRow {
  const mine = new Set(actor.grants.map((g) => g.organisationId));
  if (!job || (kind && job.kind !== kind) || !((job.organisation_id && mine.has(job.organisation_id)) || job.person_id === actor.personId))
    throw directoryErrors.importNotFound();
  return job;
}

/** The refused rows as CSV, in both languages. */
export function refusalsCsv(job: JobRow): string {
  const rows = (job.refusals as Refusal[]).map((r) => [r.line, r.column, r.value, r.reason, r.message['zh-CN'], r.message.en]);
  return csvDocument([['row', 'column', 'value', 'reason', '原因', 'message'], ...rows]);
}
