import { type Kysely, sql } from 'kysely';
import type { ActivityKind, ApplicationStatus, FieldRole, Skill, VolunteerStatus } from './volunteers.rules.js';
import type { PatrolFinding, VolunteersTables } from './volunteers.tables.js';

export type Db = Kysely<VolunteersTables>;

/** Below one of these area roots (an area path holds the area and its ancestors). */
const below = (roots: readonly string[]) => sql<boolean>`area_path && ${[...roots]}::uuid[]`;

/** Serialises one person's writes (patrol overlap checks), inside the caller's transaction. */
export async function lockPerson(db: Db, personId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`volunteers:${personId}`}))`.execute(db);
}

// ---- applications ------------------------------------------------------------------------------------------------

const APPLICATION = [
  'id',
  'name',
  'phone_enc',
  'phone_index',
  'area_id',
  'area_path',
  'skills',
  'note',
  'status',
  'submitted_at',
  'decided_at',
  'decided_by',
  'decline_reason',
  'person_id',
] as const;

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export async function insertApplication(
  db: Db,
  a: {
    name: string;
    phoneEnc: string;
    phoneIndex: string;
    areaId: string;
    areaPath: string[];
    skills: Skill[];
    note: string | null;
    addressHash: string | null;
    submittedAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('volunteers.application')
    .values({
      name: a.name,
      phone_enc: a.phoneEnc,
      phone_index: a.phoneIndex,
      area_id: a.areaId,
      area_path: a.areaPath,
      skills: a.skills,
      note: a.note,
      status: 'pending',
      address_hash: a.addressHash,
      submitted_at: a.submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applications from one address since an instant, oldest first; the caller holds the address's lock. */
export async function applicationTimesSince(db: Db, addressHash: string, since: Date): Promise<Date[]> {
  await sql`select pg_advisory_xact_lock(hashtext(${`volunteers:apply:${addressHash}`}))`.execute(db);
  const rows = await db
    .selectFrom('volunteers.application')
    .select('submitted_at')
    .where('address_hash', '=', addressHash)
    .where('submitted_at', '>', since)
    .orderBy('submitted_at')
    .execute();
  return rows.map((r) => r.submitted_at);
}

export function findApplication(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('volunteers.application').select(APPLICATION).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function listApplications(db: Db, roots: readonly string[], status: ApplicationStatus | undefined, limit: number) {
  let q = db.selectFrom('volunteers.application').select(APPLICATION).where(below(roots));
  if (status) q = q.where('status', '=', status);
  return q.orderBy('submitted_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function decideApplication(
  db: Db,
  id: string,
  d: { status: 'approved' | 'declined'; at: Date; by: string; reason: string | null; personId: string | null },
) {
  await db
    .updateTable('volunteers.application')
    .set({ status: d.status, decided_at: d.at, decided_by: d.by, decline_reason: d.reason, person_id: d.personId })
    .where('id', '=', id)
    .execute();
}

// ---- profiles ----------------------------------------------------------------------------------------------------

const PROFILE = ['person_id', 'role', 'area_id', 'area_path', 'skills', 'status', 'registered_at', 'updated_at'] as const;
export type VolunteerRow = NonNullable<Awaited<ReturnType<typeof findVolunteer>>>;

export function findVolunteer(db: Db, personId: string, forUpdate = false) {
  let q = db.selectFrom('volunteers.volunteer').select(PROFILE).where('person_id', '=', personId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertVolunteer(
  db: Db,
  v: { personId: string; role: FieldRole; areaId: string; areaPath: string[]; skills: Skill[]; at: Date },
) {
  await db
    .insertInto('volunteers.volunteer')
    .values({
      person_id: v.personId,
      role: v.role,
      area_id: v.areaId,
      area_path: v.areaPath,
      skills: v.skills,
      status: 'active',
      registered_at: v.at,
      updated_at: v.at,
    })
    .execute();
}

export async function updateVolunteer(db: Db, personId: string, patch: { status?: VolunteerStatus; skills?: Skill[]; at: Date }) {
  await db
    .updateTable('volunteers.volunteer')
    .set({
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.skills ? { skills: patch.skills } : {}),
      updated_at: patch.at,
    })
    .where('person_id', '=', personId)
    .execute();
}

export function listVolunteers(
  db: Db,
  roots: readonly string[],
  f: { status?: VolunteerStatus | undefined; role?: FieldRole | undefined },
) {
  let q = db.selectFrom('volunteers.volunteer').select(PROFILE).where(below(roots));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.role) q = q.where('role', '=', f.role);
  return q.orderBy('registered_at', 'desc').orderBy('person_id').execute();
}

// ---- patrols -----------------------------------------------------------------------------------------------------

const PATROL = ['id', 'person_id', 'area_id', 'started_at', 'ended_at', 'route', 'note', 'findings', 'created_at'] as const;
export type PatrolRow = Awaited<ReturnType<typeof patrolsOf>>[number];

/** These people's patrols that started in the period (or all when no period), newest first. */
export function patrolsOf(db: Db, personIds: readonly string[], period?: { from: Date; to: Date }) {
  if (personIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('volunteers.patrol')
    .select(PATROL)
    .where('person_id', 'in', [...personIds]);
  if (period) q = q.where('started_at', '>=', period.from).where('started_at', '<', period.to);
  return q.orderBy('started_at', 'desc').orderBy('id').execute();
}

export const findPatrol = (db: Db, id: string) => db.selectFrom('volunteers.patrol').select(PATROL).where('id', '=', id).executeTakeFirst();

export async function insertPatrol(
  db: Db,
  p: {
    personId: string;
    areaId: string;
    areaPath: string[];
    startedAt: Date;
    endedAt: Date;
    route: { type: 'LineString'; coordinates: [number, number][] } | null;
    note: string | null;
    findings: PatrolFinding[];
  },
): Promise<string> {
  const row = await db
    .insertInto('volunteers.patrol')
    .values({
      person_id: p.personId,
      area_id: p.areaId,
      area_path: p.areaPath,
      started_at: p.startedAt,
      ended_at: p.endedAt,
      route: JSON.stringify(p.route),
      note: p.note,
      findings: JSON.stringify(p.findings),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Patrols below these area roots that started in the period, newest first. */
export function patrolsBelow(db: Db, roots: readonly string[], period: { from: Date; to: Date }, limit: number) {
  return db
    .selectFrom('volunteers.patrol')
    .select(PATROL)
    .where(below(roots))
    .where('started_at', '>=', period.from)
    .where('started_at', '<', period.to)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

// ---- activity hours ----------------------------------------------------------------------------------------------

export async function insertActivity(
  db: Db,
  a: { personId: string; areaPath: string[]; date: string; hours: number; activity: string; kind: ActivityKind; by: string; at: Date },
): Promise<string> {
  const row = await db
    .insertInto('volunteers.activity')
    .values({
      person_id: a.personId,
      area_path: a.areaPath,
      date: a.date,
      hours: a.hours,
      activity: a.activity,
      kind: a.kind,
      recorded_by: a.by,
      recorded_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Recorded hours of these people on CST days from `from` up to (not including) `to`, both YYYY-MM-DD. */
export function activitiesOf(db: Db, personIds: readonly string[], period?: { fromDay: string; toDay: string }) {
  if (personIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('volunteers.activity')
    .select(['id', 'person_id', sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'hours', 'activity', 'kind', 'recorded_at'])
    .where('person_id', 'in', [...personIds]);
  if (period) q = q.where('date', '>=', period.fromDay).where('date', '<', period.toDay);
  return q.orderBy('date', 'desc').orderBy('id').execute();
}

// ---- report credits ----------------------------------------------------------------------------------------------

export async function insertCredit(db: Db, c: { reportId: string; reportCode: string; personId: string; areaPath: string[]; at: Date }) {
  await db
    .insertInto('volunteers.report_credit')
    .values({ report_id: c.reportId, report_code: c.reportCode, person_id: c.personId, area_path: c.areaPath, filed_at: c.at })
    .execute();
}

export function creditsOf(db: Db, personIds: readonly string[], period?: { from: Date; to: Date }) {
  if (personIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('volunteers.report_credit')
    .select(['report_id', 'report_code', 'person_id', 'filed_at'])
    .where('person_id', 'in', [...personIds]);
  if (period) q = q.where('filed_at', '>=', period.from).where('filed_at', '<', period.to);
  return q.orderBy('filed_at', 'desc').execute();
}

// ---- ranking -----------------------------------------------------------------------------------------------------

/** Everyone registered below the area, or who patrolled, filed or served there in the period. */
export async function peopleActiveBelow(db: Db, areaId: string, period: { from: Date; to: Date; fromDay: string; toDay: string }) {
  const roots = [areaId];
  const [profiles, patrols, credits, activities] = await Promise.all([
    db.selectFrom('volunteers.volunteer').select('person_id').where(below(roots)).execute(),
    db
      .selectFrom('volunteers.patrol')
      .select('person_id')
      .distinct()
      .where(below(roots))
      .where('started_at', '>=', period.from)
      .where('started_at', '<', period.to)
      .execute(),
    db
      .selectFrom('volunteers.report_credit')
      .select('person_id')
      .distinct()
      .where(below(roots))
      .where('filed_at', '>=', period.from)
      .where('filed_at', '<', period.to)
      .execute(),
    db
      .selectFrom('volunteers.activity')
      .select('person_id')
      .distinct()
      .where(below(roots))
      .where('date', '>=', period.fromDay)
      .where('date', '<', period.toDay)
      .execute(),
  ]);
  return [...new Set([...profiles, ...patrols, ...credits, ...activities].map((r) => r.person_id))];
}

// ---- bulk loading (demo) -----------------------------------------------------------------------------------------

export async function insertProfiles(
  db: Db,
  rows: readonly { personId: string; role: FieldRole; areaId: string; areaPath: string[]; skills: Skill[]; at: Date }[],
) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('volunteers.volunteer')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          person_id: r.personId,
          role: r.role,
          area_id: r.areaId,
          area_path: r.areaPath,
          skills: r.skills,
          status: 'active' as const,
          registered_at: r.at,
          updated_at: r.at,
        })),
      )
      .execute();
}

export async function insertPatrols(
  db: Db,
  rows: readonly { personId: string; areaId: string; areaPath: string[]; startedAt: Date; endedAt: Date; note: string | null }[],
) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('volunteers.patrol')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          person_id: r.personId,
          area_id: r.areaId,
          area_path: r.areaPath,
          started_at: r.startedAt,
          ended_at: r.endedAt,
          route: JSON.stringify(null),
          note: r.note,
          findings: JSON.stringify([]),
        })),
      )
      .execute();
}
