import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { AuditActor, AuditModule } from '../audit/index.js';
import { accessErrors } from './access.errors.js';
import * as repo from './access.repository.js';
import {
  activeGrants,
  type Entrusted,
  type Grant,
  type PermissionRegistry,
  permissionsOf,
  publicPermissions,
  ROLE_SCOPE,
  type Role,
  recordFailure,
  retryAfterSeconds,
  type Scope,
  scopeFor,
  type ThrottlePolicy,
} from './access.rules.js';
import type { AccessTables, Locale } from './access.tables.js';
import { hashPassword, verifyNothing, verifyPassword } from './passwords.js';

/** Who is making a request, with the grants in force at this instant. */
export type Actor =
  | { kind: 'anonymous'; permissions: ReadonlySet<string> }
  | {
      kind: 'person';
      accountId: string;
      personId: string;
      username: string;
      locale: Locale;
      grants: readonly Grant[];
      /** Entrustments in force of the providers the person works for. */
      entrusted: readonly Entrusted[];
      permissions: ReadonlySet<string>;
      session: { id: string; csrfToken: string };
    };

export type PersonActor = Extract<Actor, { kind: 'person' }>;

/** What a person may do and where, without a session: for checking someone else's mandate. */
export interface Mandate {
  personId: string;
  grants: readonly Grant[];
  entrusted: readonly Entrusted[];
  permissions: ReadonlySet<string>;
  scope(permission: string): Scope;
}

/** The caller and the request, as every use case that writes needs them for the audit trail. */
export interface RequestContext {
  actor: Actor;
  requestId: string | null;
  address: string | null;
}

/**
 * The actor as the audit trail records it: the grant whose role carries the
 * permission names the organisation and role the person acted in.
 */
export function auditActorOf(actor: Actor, permission: string | null, registry: PermissionRegistry): AuditActor {
  if (actor.kind === 'anonymous') return { kind: 'anonymous' };
  const definition = permission ? registry.get(permission) : undefined;
  const grant = definition ? actor.grants.find((g) => definition.roles.includes(g.role)) : actor.grants[0];
  return {
    kind: 'person',
    personId: actor.personId,
    accountId: actor.accountId,
    username: actor.username,
    organisationId: grant?.organisationId ?? null,
    role: grant?.role ?? null,
    entrustmentId: null,
  };
}

/** Names that the session view shows, looked up in the directory (injected, so access does not depend on it). */
export interface NameLookup {
  personsByIds(ids: readonly string[]): Promise<{ id: string; name: string }[]>;
  organisationsByIds(
    ids: readonly string[],
  ): Promise<{ id: string; name: string; name_en: string | null; kind: string; area_id: string | null }[]>;
}

/** Entrustments in force, looked up in the entrustment module (injected, so access does not depend on it). */
export interface EntrustmentLookup {
  inForce(providerIds: readonly string[], now: Date): Promise<Entrusted[]>;
}

export interface SessionView {
  account: { id: string; username: string; locale: Locale };
  person: { id: string; name: string };
  grants: {
    role: Role;
    organisation: { id: string; name: string; nameEn: string | null; kind: string };
    areaId: string | null;
    validUntil: string | null;
  }[];
  permissions: string[];
  csrfToken: string;
}

export interface AccessOptions {
  sessionTtlMs: number;
  sessionIdleMs: number;
  accountThrottle: ThrottlePolicy;
  addressThrottle: ThrottlePolicy;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAccessModule(deps: {
  db: Kysely<AccessTables>;
  clock: Clock;
  registry: PermissionRegistry;
  names: NameLookup;
  entrustments: EntrustmentLookup;
  audit: Pick<AuditModule, 'record'>;
  options: AccessOptions;
}) {
  const { db, clock, registry, names, entrustments, audit, options } = deps;
  const anonymous: Actor = { kind: 'anonymous', permissions: publicPermissions(registry) };

  async function loadGrants(personId: string, now: Date): Promise<Grant[]> {
    const rows = await repo.grantsOfPerson(db, personId);
    return activeGrants(
      rows.map((r) => ({
        id: r.id,
        role: r.role,
        organisationId: r.organisation_id,
        areaId: r.area_id,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
      })),
      now,
    );
  }

  async function throttleWait(keys: string[], now: Date): Promise<number> {
    const states = await repo.throttleStates(db, keys);
    return Math.max(
      0,
      ...states.map((s) =>
        retryAfterSeconds({ failures: s.failures, windowStartedAt: s.window_started_at, blockedUntil: s.blocked_until }, now),
      ),
    );
  }

  async function countFailure(keys: { key: string; policy: ThrottlePolicy }[], now: Date): Promise<void> {
    await db.transaction().execute(async (trx) => {
      for (const { key } of keys) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
      const states = new Map(
        (
          await repo.throttleStates(
            trx,
            keys.map((k) => k.key),
            true,
          )
        ).map((s) => [s.key, s]),
      );
      for (const { key, policy } of keys) {
        const s = states.get(key);
        const next = recordFailure(
          s && { failures: s.failures, windowStartedAt: s.window_started_at, blockedUntil: s.blocked_until },
          now,
          policy,
        );
        await repo.saveThrottle(trx, key, next);
      }
    });
  }

  return {
    anonymous,
    registry,

    hashPassword,

    /**
     * Checks the credentials under per-account and per-address throttles and opens
     * a session. Returns the cookie token (shown to nobody else) and the view.
     */
    async signIn(input: {
      username: string;
      password: string;
      address: string | null;
      userAgent: string | null;
      requestId: string | null;
    }) {
      const now = clock.now();
      const username = input.username.trim().toLowerCase();
      const accountKey = `account:${username}`;
      const addressKey = `address:${input.address ?? 'unknown'}`;
      const wait = await throttleWait([accountKey, addressKey], now);
      if (wait > 0) throw accessErrors.throttled(wait);

      const account = await repo.findAccountByUsername(db, username);
      const ok =
        account && !account.disabled_at ? await verifyPassword(account.password_hash, input.password) : await verifyNothing(input.password);
      if (!ok || !account) {
        await countFailure(
          [
            { key: accountKey, policy: options.accountThrottle },
            { key: addressKey, policy: options.addressThrottle },
          ],
          now,
        );
        const after = await throttleWait([accountKey, addressKey], now);
        if (after > 0) throw accessErrors.throttled(after);
        throw accessErrors.invalidCredentials();
      }

      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + options.sessionTtlMs);
      await db.transaction().execute(async (trx) => {
        await repo.clearThrottle(trx, accountKey);
        await repo.insertSession(trx, {
          id: hashToken(token),
          accountId: account.id,
          csrfToken,
          now,
          expiresAt,
          address: input.address,
          userAgent: input.userAgent?.slice(0, 400) ?? null,
        });
        await audit.record(trx, {
          actor: {
            kind: 'person',
            personId: account.person_id,
            accountId: account.id,
            username: account.username,
            organisationId: null,
            role: null,
            entrustmentId: null,
          },
          action: 'access.session.open',
          target: { type: 'account', id: account.id },
          after: { expiresAt, userAgent: input.userAgent?.slice(0, 400) ?? null },
          requestId: input.requestId,
          address: input.address,
        });
      });
      const actor = await this.actorFromToken(token);
      if (actor.kind !== 'person') throw new Error('session vanished right after sign-in');
      return { token, view: await this.sessionView(actor) };
    },

    /** The actor behind a session cookie token, or the anonymous actor. */
    async actorFromToken(token: string | undefined): Promise<Actor> {
      if (!token || token.length > 200) return anonymous;
      const now = clock.now();
      const id = hashToken(token);
      const session = await repo.findLiveSession(db, id, now, new Date(now.getTime() - options.sessionIdleMs));
      if (!session) return anonymous;
      // Refresh the idle clock at most once a minute, not on every request.
      if (now.getTime() - session.last_seen_at.getTime() > 60_000) await repo.touchSession(db, id, now);
      const grants = await loadGrants(session.person_id, now);
      const providers = [...new Set(grants.filter((g) => ROLE_SCOPE[g.role] === 'entrustment').map((g) => g.organisationId))];
      const entrusted = providers.length ? await entrustments.inForce(providers, now) : [];
      return {
        kind: 'person',
        accountId: session.account_id,
        personId: session.person_id,
        username: session.username,
        locale: session.locale,
        grants,
        entrusted,
        permissions: permissionsOf(grants, registry),
        session: { id, csrfToken: session.csrf_token },
      };
    },

    async signOut(ctx: RequestContext & { actor: PersonActor }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await repo.deleteSession(trx, ctx.actor.session.id);
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, null, registry),
          action: 'access.session.close',
          target: { type: 'account', id: ctx.actor.accountId },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
    },

    async setLocale(ctx: RequestContext & { actor: PersonActor }, locale: Locale): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await repo.setLocale(trx, ctx.actor.accountId, locale);
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, null, registry),
          action: 'access.account.set_locale',
          target: { type: 'account', id: ctx.actor.accountId },
          before: { locale: before },
          after: { locale },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
    },

    async sessionView(actor: PersonActor): Promise<SessionView> {
      const [persons, organisations] = await Promise.all([
        names.personsByIds([actor.personId]),
        names.organisationsByIds([...new Set(actor.grants.map((g) => g.organisationId))]),
      ]);
      const orgs = new Map(organisations.map((o) => [o.id, o]));
      return {
        account: { id: actor.accountId, username: actor.username, locale: actor.locale },
        person: { id: actor.personId, name: persons[0]?.name ?? actor.username },
        grants: actor.grants.map((g) => {
          const o = orgs.get(g.organisationId);
          return {
            role: g.role,
            organisation: { id: g.organisationId, name: o?.name ?? '', nameEn: o?.name_en ?? null, kind: o?.kind ?? '' },
            areaId: g.areaId,
            validUntil: g.validUntil?.toISOString() ?? null,
          };
        }),
        permissions: [...actor.permissions].sort(),
        csrfToken: actor.session.csrfToken,
      };
    },

    /** Where the actor's grants carry the permission. */
    scope(actor: Actor, permission: string): Scope {
      return actor.kind === 'person' ? scopeFor(actor.grants, permission, registry, actor.entrusted) : { areaIds: [], organisationIds: [] };
    },

    /**
     * Another person's mandate at this instant (grants and entrustments in force),
     * to check it before work is assigned to them.
     */
    async mandateOf(personId: string): Promise<Mandate> {
      const now = clock.now();
      const grants = await loadGrants(personId, now);
      const providers = [...new Set(grants.filter((g) => ROLE_SCOPE[g.role] === 'entrustment').map((g) => g.organisationId))];
      const entrusted = providers.length ? await entrustments.inForce(providers, now) : [];
      return {
        personId,
        grants,
        entrusted,
        permissions: permissionsOf(grants, registry),
        scope: (permission) => scopeFor(grants, permission, registry, entrusted),
      };
    },

    /** Removes sessions past their end; safe to call at any time. */
    async purgeSessions(): Promise<number> {
      const now = clock.now();
      const result = await repo.deleteExpiredSessions(db, now, new Date(now.getTime() - options.sessionIdleMs));
      return Number(result.numDeletedRows);
    },

    /** People holding a grant in force in any of these organisations (the directory's people lists). */
    personIdsInOrganisations: (organisationIds: readonly string[]) => repo.personIdsInOrganisations(db, organisationIds, clock.now()),

    /** Which of these usernames have accounts. */
    existingUsernames: (usernames: readonly string[]) => repo.existingUsernames(db, usernames),

    /** Accounts and grants in bulk (demo loading, imports). */
    async createAccounts(
      rows: { personId: string; username: string; password: string; locale?: Locale }[],
      tx: Kysely<AccessTables> = db,
    ): Promise<string[]> {
      const hashed = await Promise.all(
        rows.map(async (r) => ({ ...r, username: r.username.toLowerCase(), passwordHash: await hashPassword(r.password) })),
      );
      return repo.insertAccounts(tx, hashed);
    },
    createGrants: (rows: Parameters<typeof repo.insertGrants>[1], tx: Kysely<AccessTables> = db) => repo.insertGrants(tx, rows),
  };
}

export type AccessModule = ReturnType<typeof createAccessModule>;
