import { type Kysely, sql, type Updateable } from 'kysely';
import type { ReportStatus } from './reports.rules.js';
import type { ReportEventActor, ReportsTables, ReportTable } from './reports.tables.js';

export type Db = Kysely<ReportsTables>;

const COLUMNS = [
  'id',
  'code',
  'token',
  'service_code',
  'description',
  'lng',
  'lat',
  'address',
  'area_id',
  'area_path',
  'responsible_organisation_id',
  'status',
  'channel',
  'open311_client_id',
  'attributes',
  'media_url',
  'reporter_name_enc',
  'reporter_contact_enc',
  'received_at',
  'due_at',
  'updated_at',
  'verified_at',
  'closed_at',
  'duplicate_of',
  'referred_to',
  'hazard_id',
  'enterprise_id',
  'description_hidden_at',
  'reopened_at',
] as const;

export type ReportRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export interface NewReport {
  token: string;
  serviceCode: string;
  description: string;
  location: { lng: number; lat: number } | null;
  address: string | null;
  areaId: string;
  areaPath: string[];
  responsibleOrganisationId: string | null;
  channel: 'web' | 'open311';
  open311ClientId: string | null;
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  reporterNameEnc: string | null;
  reporterContactEnc: string | null;
  receivedAt: Date;
  dueAt: Date;
}

/** Inserts a report with its public code (JB-<CST year>-<serial>). */
export async function insert(db: Db, r: NewReport): Promise<{ id: string; code: string }> {
  return db
    .insertInto('reports.report')
    .values({
      code: sql<string>`'JB-' || to_char(${r.receivedAt}::timestamptz at time zone 'Asia/Shanghai', 'YYYY') || '-' || (select lpad(v::text, greatest(6, length(v::text)), '0') from nextval('reports.code_serial') as v)`,
      token: r.token,
      service_code: r.serviceCode,
      description: r.description,
      lng: r.location?.lng ?? null,
      lat: r.location?.lat ?? null,
      address: r.address,
      area_id: r.areaId,
      area_path: sql<string[]>`${r.areaPath}::uuid[]`,
      responsible_organisation_id: r.responsibleOrganisationId,
      status: 'submitted',
      channel: r.channel,
      open311_client_id: r.open311ClientId,
      attributes: JSON.stringify(r.attributes),
      media_url: r.mediaUrl,
      reporter_name_enc: r.reporterNameEnc,
      reporter_contact_enc: r.reporterContactEnc,
      received_at: r.receivedAt,
      due_at: r.dueAt,
      updated_at: r.receivedAt,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}

export function findById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('reports.report').select(COLUMNS).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export const findByToken = (db: Db, token: string) =>
  db.selectFrom('reports.report').select(COLUMNS).where('token', '=', token).executeTakeFirst();

export const findByCodes = (db: Db, codes: readonly string[]) =>
  codes.length
    ? db
        .selectFrom('reports.report')
        .select(COLUMNS)
        .where('code', 'in', [...codes])
        .execute()
    : Promise.resolve([]);

export const codesOf = async (db: Db, ids: readonly string[]) =>
  new Map(
    ids.length
      ? (
          await db
            .selectFrom('reports.report')
            .select(['id', 'code'])
            .where('id', 'in', [...ids])
            .execute()
        ).map((r) => [r.id, r.code])
      : [],
  );

export function update(db: Db, id: string, patch: Updateable<ReportTable>) {
  return db.updateTable('reports.report').set(patch).where('id', '=', id).execute();
}

export function insertEvent(
  db: Db,
  e: {
    reportId: string;
    at: Date;
    kind: string;
    from: ReportStatus | null;
    to: ReportStatus;
    actor: ReportEventActor;
    publicNote: string | null;
    detail?: Record<string, unknown> | null;
  },
) {
  return db
    .insertInto('reports.report_event')
    .values({
      report_id: e.reportId,
      at: e.at,
      kind: e.kind,
      from_status: e.from,
      to_status: e.to,
      actor: JSON.stringify(e.actor),
      public_note: e.publicNote,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })
    .execute();
}

export const eventsOf = (db: Db, reportId: string) =>
  db
    .selectFrom('reports.report_event')
    .select(['id', 'at', 'kind', 'from_status', 'to_status', 'actor', 'public_note', 'detail', 'note_hidden_at'])
    .where('report_id', '=', reportId)
    .orderBy('at')
    .orderBy('seq')
    .execute();

/** Open reports of a service inside a box (exact distance is the rule's). */
export function openInBox(db: Db, serviceCode: string, box: { minLng: number; maxLng: number; minLat: number; maxLat: number }) {
  return db
    .selectFrom('reports.report')
    .select(COLUMNS)
    .where('service_code', '=', serviceCode)
    .where('status', 'in', ['submitted', 'reopened', 'verified', 'hazard'])
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lng', '>=', box.minLng)
    .where('lng', '<=', box.maxLng)
    .orderBy('received_at', 'desc')
    .limit(200)
    .execute();
}

export interface InboxFilters {
  statuses?: ReportStatus[] | undefined;
  serviceCode?: string | undefined;
  overdue?: boolean | undefined;
  /** Words each found in the code, the description or the address. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** `%`, `_` and `\` are taken literally in a search. */
const likeLiteral = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reports below these area roots, newest first. */
export async function inbox(db: Db, areaIds: readonly string[], f: InboxFilters, now: Date) {
  let q = db.selectFrom('reports.report').where(sql<boolean>`area_path && ${[...areaIds]}::uuid[]`);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.serviceCode) q = q.where('service_code', '=', f.serviceCode);
  if (f.overdue) q = q.where('status', 'in', ['submitted', 'reopened']).where('due_at', '<', now);
  for (const word of f.q?.split(/\s+/).filter(Boolean) ?? []) {
    const pattern = likeLiteral(word);
    q = q.where((eb) => eb.or([eb('code', 'ilike', pattern), eb('description', 'ilike', pattern), eb('address', 'ilike', pattern)]));
  }
  const [rows, total] = await Promise.all([
    q.select(COLUMNS).orderBy('received_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** For Open311 GET requests: by codes (overriding the rest), or by services, internal states and received period. */
export function forOpen311(
  db: Db,
  f: {
    codes?: readonly string[] | undefined;
    serviceCodes?: readonly string[] | undefined;
    statuses?: readonly ReportStatus[];
    start: Date;
    end: Date;
  },
) {
  let q = db.selectFrom('reports.report').select(COLUMNS);
  if (f.codes)
    return q
      .where('code', 'in', [...f.codes])
      .orderBy('received_at', 'desc')
      .execute();
  if (f.serviceCodes?.length) q = q.where('service_code', 'in', [...f.serviceCodes]);
  if (f.statuses) q = q.where('status', 'in', [...f.statuses]);
  return q.where('received_at', '>=', f.start).where('received_at', '<=', f.end).orderBy('received_at', 'desc').orderBy('id').execute();
}

// ---------------------------------------------------------------------------------------------------------------------
// Rate limiting
// ---------------------------------------------------------------------------------------------------------------------

/** Serialises intakes of the same keys, inside the caller's transaction. */
export async function lockKeys(db: Db, keys: readonly string[]) {
  for (const key of [...keys].sort()) await sql`select pg_advisory_xact_lock(hashtext(${`reports:${key}`}))`.execute(db);
}

export async function hitsSince(db: Db, key: string, since: Date): Promise<Date[]> {
  const rows = await db.selectFrom('reports.intake_hit').select('at').where('key', '=', key).where('at', '>', since).execute();
  return rows.map((r) => r.at);
}

export async function addHit(db: Db, key: string, at: Date, forgetBefore: Date) {
  await db.deleteFrom('reports.intake_hit').where('key', '=', key).where('at', '<=', forgetBefore).execute();
  await db.insertInto('reports.intake_hit').values({ key, at }).execute();
}

// ---------------------------------------------------------------------------------------------------------------------
// Open311 clients
// ---------------------------------------------------------------------------------------------------------------------

export const insertClient = (db: Db, c: { name: string; keyHash: string; createdBy: string | null }) =>
  db
    .insertInto('reports.open311_client')
    .values({ name: c.name, key_hash: c.keyHash, created_by: c.createdBy })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();

export const clientByKeyHash = (db: Db, keyHash: string) =>
  db
    .selectFrom('reports.open311_client')
    .select(['id', 'name'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

export const listClients = (db: Db) =>
  db.selectFrom('reports.open311_client').select(['id', 'name', 'created_at', 'revoked_at']).orderBy('created_at').execute();

export const revokeClient = (db: Db, id: string, at: Date) =>
  db
    .updateTable('reports.open311_client')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();

// ---------------------------------------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------------------------------------

export const photosOf = (db: Db, reportIds: readonly string[]) =>
  reportIds.length
    ? db
        .selectFrom('reports.report_photo')
        .select(['report_id', 'sha256', 'media_type', 'size', 'at'])
        .where('report_id', 'in', [...reportIds])
        .where('hidden_at', 'is', null)
        .orderBy('at')
        .orderBy('id')
        .execute()
    : Promise.resolve([]);

/** Every photo of a report, hidden ones too (for the office). */
export const allPhotosOf = (db: Db, reportId: string) =>
  db
    .selectFrom('reports.report_photo')
    .select(['id', 'sha256', 'media_type', 'size', 'at', 'hidden_at'])
    .where('report_id', '=', reportId)
    .orderBy('at')
    .orderBy('id')
    .execute();

export const hidePhotos = (db: Db, reportId: string, ids: readonly string[], at: Date) =>
  ids.length
    ? db
        .updateTable('reports.report_photo')
        .set({ hidden_at: at })
        .where('report_id', '=', reportId)
        .where('id', 'in', [...ids])
        .where('hidden_at', 'is', null)
        .returning(['id', 'sha256'])
        .execute()
    : Promise.resolve([]);

/** The reporter-written notes (added information, re-opening reasons) of a report that can be hidden. */
export const REPORTER_NOTE_KINDS = ['information', 'reopen'] as const;

export const hideNotes = (db: Db, reportId: string, ids: readonly string[], at: Date) =>
  ids.length
    ? db
        .updateTable('reports.report_event')
        .set({ note_hidden_at: at })
        .where('report_id', '=', reportId)
        .where('id', 'in', [...ids])
        .where('kind', 'in', [...REPORTER_NOTE_KINDS])
        .where('note_hidden_at', 'is', null)
        .returning(['id', 'public_note'])
        .execute()
    : Promise.resolve([]);

/** One photo of a report, hidden or not (the office's view). */
export const photoOf = (db: Db, reportId: string, photoId: string) =>
  db
    .selectFrom('reports.report_photo')
    .select(['id', 'sha256', 'media_type', 'size'])
    .where('report_id', '=', reportId)
    .where('id', '=', photoId)
    .executeTakeFirst();

export async function insertPhoto(
  db: Db,
  p: { reportId: string; sha256: string; mediaType: string; size: number; orientation: number | null; at: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('reports.report_photo')
    .values({ report_id: p.reportId, sha256: p.sha256, media_type: p.mediaType, size: p.size, orientation: p.orientation, at: p.at })
    .onConflict((oc) => oc.columns(['report_id', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export const countPhotos = async (db: Db, reportId: string) =>
  Number(
    (
      await db
        .selectFrom('reports.report_photo')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('report_id', '=', reportId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const visiblePhoto = (db: Db, sha256: string) =>
  db
    .selectFrom('reports.report_photo')
    .select(['sha256', 'media_type', 'size'])
    .where('sha256', '=', sha256)
    .where('hidden_at', 'is', null)
    .limit(1)
    .executeTakeFirst();

/** Every change of state in a period, with its report's public code (the FixMyStreet updates feed). */
export const eventsBetween = (db: Db, start: Date, end: Date) =>
  db
    .selectFrom('reports.report_event as e')
    .innerJoin('reports.report as r', 'r.id', 'e.report_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.to_status', 'e.public_note', 'r.code', 'r.referred_to'])
    // Changes of state only: not the reporter's added information, nor moderation.
    .where('e.kind', 'not in', ['information', 'moderate'])
    .where('e.at', '>=', start)
    .where('e.at', '<=', end)
    .orderBy('e.at')
    .orderBy('e.seq')
    .limit(10_000)
    .execute();

/** Reports linked to a hazard (to find the hazards closed in a period). */
export const linkedBefore = (db: Db, end: Date) =>
  db
    .selectFrom('reports.report')
    .select(['id', 'code', 'hazard_id'])
    .where('status', '=', 'hazard')
    .where('received_at', '<=', end)
    .execute();

// ---------------------------------------------------------------------------------------------------------------------
// Response figures
// ---------------------------------------------------------------------------------------------------------------------

const TRIAGE_KINDS = ['verify', 'create_hazard', 'duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action'];

/** Reports received in a period below these area roots (and below `areaId` when given), with their first answer. */
export function forFigures(db: Db, areaIds: readonly string[], f: { from: Date; to: Date; areaId?: string | undefined }) {
  let q = db
    .selectFrom('reports.report as r')
    .where(sql<boolean>`r.area_path && ${[...areaIds]}::uuid[]`)
    .where('r.received_at', '>=', f.from)
    .where('r.received_at', '<', f.to);
  if (f.areaId) q = q.where(sql<boolean>`${f.areaId}::uuid = any(r.area_path)`);
  return q
    .select([
      'r.id',
      'r.service_code',
      'r.responsible_organisation_id',
      'r.status',
      'r.hazard_id',
      'r.received_at',
      'r.due_at',
      'r.verified_at',
      (eb) =>
        eb
          .selectFrom('reports.report_event as e')
          .select((e) => e.fn.min('e.at').as('first'))
          .whereRef('e.report_id', '=', 'r.id')
          .where('e.kind', 'in', TRIAGE_KINDS)
          .as('first_response_at'),
    ])
    .limit(100_000)
    .execute();
}

/** Where these reports stand, for the volunteer register's points (no personal data). */
export const statusesOf = (db: Db, ids: readonly string[]) =>
  ids.length
    ? db
        .selectFrom('reports.report')
        .select(['id', 'code', 'status', 'verified_at', 'hazard_id'])
        .where('id', 'in', [...ids])
        .execute()
    : Promise.resolve([]);
