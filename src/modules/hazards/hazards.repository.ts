import { type Kysely, sql, type Updateable } from 'kysely';
import type { Status } from './hazards.rules.js';
import type { EventActor, EvidenceKind, HazardsTables, HazardTable } from './hazards.tables.js';

type Db = Kysely<HazardsTables>;

export type HazardRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

export interface NewHazard {
  enterpriseId: string;
  areaId: string | null;
  areaPath: string[];
  trade: string | null;
  industryCode: string | null;
  source: HazardTable['source'];
  title: string;
  description: string;
  legalBasis: string | null;
  proposedGrade: 'general' | 'major' | null;
  criterion: { library: string; version: string; clause: string } | null;
  status: Status;
  location: { lng: number; lat: number } | null;
  inspectionId: string | null;
  checklistItemKey: string | null;
  riskPointId: string | null;
  controlMeasureId: string | null;
  entrustmentId: string | null;
  reportedBy: string | null;
  reportedByOrganisation: string | null;
  discoveredAt: Date;
}

/** Inserts one hazard with its code (YH-<CST year>-<serial>). */
export async function insert(db: Db, h: NewHazard): Promise<{ id: string; code: string }> {
  return db
    .insertInto('hazards.hazard')
    .values({
      code: sql<string>`'YH-' || to_char(${h.discoveredAt}::timestamptz at time zone 'Asia/Shanghai', 'YYYY') || '-' || (select lpad(v::text, greatest(6, length(v::text)), '0') from nextval('hazards.code_serial') as v)`,
      enterprise_id: h.enterpriseId,
      area_id: h.areaId,
      area_path: sql<string[]>`${h.areaPath}::uuid[]`,
      trade: h.trade,
      industry_code: h.industryCode,
      source: h.source,
      title: h.title,
      description: h.description,
      legal_basis: h.legalBasis,
      proposed_grade: h.proposedGrade,
      criterion: h.criterion ? JSON.stringify(h.criterion) : null,
      status: h.status,
      lng: h.location?.lng ?? null,
      lat: h.location?.lat ?? null,
      inspection_id: h.inspectionId,
      checklist_item_key: h.checklistItemKey,
      risk_point_id: h.riskPointId,
      control_measure_id: h.controlMeasureId,
      entrustment_id: h.entrustmentId,
      reported_by: h.reportedBy,
      reported_by_organisation: h.reportedByOrganisation,
      discovered_at: h.discoveredAt,
      five_implementations: '{}',
      treatment_plan: '{}',
      notice_offset: null,
      on_time: null,
      updated_at: h.discoveredAt,
    } as never)
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}

export function findById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('hazards.hazard').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('hazards.hazard')
    .selectAll()
    .where('id', 'in', ids as string[])
    .execute();
}

export type HazardPatch = Updateable<HazardTable>;

export function update(db: Db, id: string, patch: HazardPatch) {
  return db.updateTable('hazards.hazard').set(patch).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Db,
  e: {
    hazardId: string;
    kind: string;
    from: Status | null;
    to: Status | null;
    at: Date;
    actor: EventActor;
    note: string | null;
    data?: Record<string, unknown> | null;
  },
): Promise<string> {
  const row = await db
    .insertInto('hazards.event')
    .values({
      hazard_id: e.hazardId,
      kind: e.kind,
      from_status: e.from,
      to_status: e.to,
      at: e.at,
      actor: JSON.stringify(e.actor),
      note: e.note,
      data: e.data ? JSON.stringify(e.data) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function eventsOf(db: Db, hazardId: string) {
  return db
    .selectFrom('hazards.event')
    .select(['id', 'hazard_id', 'kind', 'from_status', 'to_status', 'at', 'actor', 'note', 'data'])
    .where('hazard_id', '=', hazardId)
    .orderBy('seq')
    .execute();
}

export async function insertEvidence(
  db: Db,
  e: {
    hazardId: string;
    eventId: string | null;
    kind: EvidenceKind;
    sha256: string;
    mediaType: string;
    name: string;
    size: number;
    note: string | null;
    uploadedBy: string | null;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('hazards.evidence')
    .values({
      hazard_id: e.hazardId,
      event_id: e.eventId,
      kind: e.kind,
      sha256: e.sha256,
      media_type: e.mediaType,
      name: e.name,
      size: e.size,
      note: e.note,
      uploaded_by: e.uploadedBy,
      uploaded_at: e.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function evidenceOf(db: Db, hazardId: string) {
  return db.selectFrom('hazards.evidence').selectAll().where('hazard_id', '=', hazardId).orderBy('uploaded_at').orderBy('id').execute();
}

export function evidenceById(db: Db, hazardId: string, id: string) {
  return db.selectFrom('hazards.evidence').selectAll().where('hazard_id', '=', hazardId).where('id', '=', id).executeTakeFirst();
}

/** Binds unbound evidence of the hazard to an event; returns the rows bound. */
export function bindEvidence(db: Db, hazardId: string, ids: readonly string[], eventId: string) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .updateTable('hazards.evidence')
    .set({ event_id: eventId })
    .where('hazard_id', '=', hazardId)
    .where('id', 'in', ids as string[])
    .where('event_id', 'is', null)
    .returning(['id', 'kind'])
    .execute();
}

// ---- referrals ---------------------------------------------------------------------------------------------------

export type ReferralRow = Awaited<ReturnType<typeof referralsOf>>[number];

const referralColumns = [
  'r.id',
  'r.hazard_id',
  'r.from_organisation_id',
  'r.to_organisation_id',
  'r.reason',
  'r.referred_by',
  'r.referred_at',
  'r.status',
  'r.acknowledged_at',
  'r.acknowledged_by',
  'r.acknowledge_note',
  'r.result',
  'r.outcome_note',
  'r.outcome_at',
  'r.outcome_by',
  'h.code',
  'h.title',
  'h.enterprise_id',
] as const;

export function referralsOf(db: Db, hazardId: string) {
  return db
    .selectFrom('hazards.referral as r')
    .innerJoin('hazards.hazard as h', 'h.id', 'r.hazard_id')
    .select(referralColumns)
    .where('r.hazard_id', '=', hazardId)
    .orderBy('r.referred_at')
    .execute();
}

export function referralById(db: Db, id: string, forUpdate = false) {
  let q = db
    .selectFrom('hazards.referral as r')
    .innerJoin('hazards.hazard as h', 'h.id', 'r.hazard_id')
    .select(referralColumns)
    .where('r.id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function referralsFor(
  db: Db,
  direction: 'incoming' | 'outgoing',
  organisationIds: readonly string[],
  status: 'pending' | 'acknowledged' | 'completed' | undefined,
) {
  if (organisationIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('hazards.referral as r')
    .innerJoin('hazards.hazard as h', 'h.id', 'r.hazard_id')
    .select(referralColumns)
    .where(direction === 'incoming' ? 'r.to_organisation_id' : 'r.from_organisation_id', 'in', organisationIds as string[]);
  if (status) q = q.where('r.status', '=', status);
  return q.orderBy('r.referred_at', 'desc').limit(500).execute();
}

export async function insertReferral(
  db: Db,
  r: { hazardId: string; from: string; to: string; reason: string; by: string; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('hazards.referral')
    .values({
      hazard_id: r.hazardId,
      from_organisation_id: r.from,
      to_organisation_id: r.to,
      reason: r.reason,
      referred_by: r.by,
      referred_at: r.at,
      status: 'pending',
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledge_note: null,
      result: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function updateReferral(db: Db, id: string, patch: Updateable<HazardsTables['hazards.referral']>) {
  return db.updateTable('hazards.referral').set(patch).where('id', '=', id).execute();
}

/** Whether any referral of the hazard went to one of these organisations (they may read it). */
export async function referredTo(db: Db, hazardId: string, organisationIds: readonly string[]): Promise<boolean> {
  if (organisationIds.length === 0) return false;
  const row = await db
    .selectFrom('hazards.referral')
    .select('id')
    .where('hazard_id', '=', hazardId)
    .where('to_organisation_id', 'in', organisationIds as string[])
    .executeTakeFirst();
  return row !== undefined;
}

// ---- deadlines ---------------------------------------------------------------------------------------------------

/** Hazards under treatment whose deadline is before `until` and whose notices are not all sent. */
export function deadlineCandidates(db: Db, until: Date, lastOffset: number, limit: number, afterId: string | null) {
  let q = db
    .selectFrom('hazards.hazard')
    .select(['id', 'code', 'title', 'enterprise_id', 'area_path', 'deadline', 'notice_offset', 'grade'])
    .where('status', '=', 'treating')
    .where('deadline', '<=', until)
    .where((eb) => eb.or([eb('notice_offset', 'is', null), eb('notice_offset', '<', lastOffset)]));
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit).execute();
}

/** Counts of open hazards per enterprise, with majors and those overdue now. */
export async function openCounts(db: Db, enterpriseIds: readonly string[], now: Date) {
  if (enterpriseIds.length === 0) return [];
  return db
    .selectFrom('hazards.hazard')
    .select([
      'enterprise_id',
      sql<string>`count(*)`.as('open'),
      sql<string>`count(*) filter (where grade = 'major')`.as('major'),
      sql<string>`count(*) filter (where status = 'treating' and deadline < ${now})`.as('overdue'),
    ])
    .where('enterprise_id', 'in', enterpriseIds as string[])
    .where('status', 'not in', ['closed', 'dismissed'])
    .groupBy('enterprise_id')
    .execute();
}
