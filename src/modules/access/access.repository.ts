import type { Kysely } from 'kysely';
import type { Role } from './access.rules.js';
import type { AccessTables, Locale } from './access.tables.js';

type Db = Kysely<AccessTables>;

export function findAccountByUsername(db: Db, username: string) {
  return db
    .selectFrom('access.account')
    .select(['id', 'person_id', 'username', 'password_hash', 'locale', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function insertAccounts(
  db: Db,
  rows: readonly { personId: string; username: string; passwordHash: string; locale?: Locale }[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('access.account')
    .values(
      rows.map((r) => ({
        person_id: r.personId,
        username: r.username,
        password_hash: r.passwordHash,
        ...(r.locale ? { locale: r.locale } : {}),
      })),
    )
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

export async function insertGrants(
  db: Db,
  rows: readonly {
    personId: string;
    role: Role;
    organisationId: string;
    areaId: string | null;
    validFrom?: Date;
    validUntil?: Date | null;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await db
      .insertInto('access.grant')
      .values(
        rows.slice(i, i + 5000).map((r) => ({
          person_id: r.personId,
          role: r.role,
          organisation_id: r.organisationId,
          area_id: r.areaId,
          ...(r.validFrom ? { valid_from: r.validFrom } : {}),
          valid_until: r.validUntil ?? null,
        })),
      )
      .execute();
  }
}

export function grantsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('access.grant')
    .select(['id', 'role', 'organisation_id', 'area_id', 'valid_from', 'valid_until'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

export function insertSession(
  db: Db,
  row: { id: string; accountId: string; csrfToken: string; now: Date; expiresAt: Date; address: string | null; userAgent: string | null },
) {
  return db
    .insertInto('access.session')
    .values({
      id: row.id,
      account_id: row.accountId,
      csrf_token: row.csrfToken,
      created_at: row.now,
      last_seen_at: row.now,
      expires_at: row.expiresAt,
      address: row.address,
      user_agent: row.userAgent,
    })
    .execute();
}

/** The session with its account, when it has neither expired nor idled out. */
export function findLiveSession(db: Db, id: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('access.session as s')
    .innerJoin('access.account as a', 'a.id', 's.account_id')
    .select(['s.id', 's.csrf_token', 's.last_seen_at', 'a.id as account_id', 'a.person_id', 'a.username', 'a.locale'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
}

export function touchSession(db: Db, id: string, now: Date) {
  return db.updateTable('access.session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export function deleteSession(db: Db, id: string) {
  return db.deleteFrom('access.session').where('id', '=', id).executeTakeFirst();
}

export function deleteExpiredSessions(db: Db, now: Date, idleSince: Date) {
  return db
    .deleteFrom('access.session')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .executeTakeFirst();
}

/** Sets the language and returns the one it replaces. */
export async function setLocale(db: Db, accountId: string, locale: Locale): Promise<Locale | undefined> {
  const previous = await db.selectFrom('access.account').select('locale').where('id', '=', accountId).forUpdate().executeTakeFirst();
  await db.updateTable('access.account').set({ locale }).where('id', '=', accountId).execute();
  return previous?.locale;
}

export function throttleStates(db: Db, keys: readonly string[], forUpdate = false) {
  let q = db
    .selectFrom('access.sign_in_throttle')
    .selectAll()
    .where('key', 'in', keys as string[]);
  if (forUpdate) q = q.forUpdate();
  return q.execute();
}

export function saveThrottle(db: Db, key: string, state: { failures: number; windowStartedAt: Date; blockedUntil: Date | null }) {
  return db
    .insertInto('access.sign_in_throttle')
    .values({ key, failures: state.failures, window_started_at: state.windowStartedAt, blocked_until: state.blockedUntil })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ failures: state.failures, window_started_at: state.windowStartedAt, blocked_until: state.blockedUntil }),
    )
    .execute();
}

export function clearThrottle(db: Db, key: string) {
  return db.deleteFrom('access.sign_in_throttle').where('key', '=', key).execute();
}

export async function existingUsernames(db: Db, usernames: readonly string[]): Promise<string[]> {
  if (usernames.length === 0) return [];
  const rows = await db
    .selectFrom('access.account')
    .select('username')
    .where('username', 'in', usernames as string[])
    .execute();
  return rows.map((r) => r.username);
}

/** People holding a grant in force at `now` in any of these organisations. */
export async function personIdsInOrganisations(db: Db, organisationIds: readonly string[], now: Date): Promise<string[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('access.grant')
    .select('person_id')
    .distinct()
    .where('organisation_id', 'in', organisationIds as string[])
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .execute();
  return rows.map((r) => r.person_id);
}

export function grantsOfPersonAll(db: Db, personId: string) {
  return db
    .selectFrom('access.grant')
    .select(['id', 'person_id', 'role', 'organisation_id', 'area_id', 'valid_from', 'valid_until'])
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .execute();
}

export function findGrant(db: Db, id: string) {
  return db
    .selectFrom('access.grant')
    .select(['id', 'person_id', 'role', 'organisation_id', 'area_id', 'valid_from', 'valid_until'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function endGrant(db: Db, id: string, at: Date) {
  return db.updateTable('access.grant').set({ valid_until: at }).where('id', '=', id).execute();
}

export function accountOfPerson(db: Db, personId: string) {
  return db.selectFrom('access.account').select(['id', 'username']).where('person_id', '=', personId).executeTakeFirst();
}
