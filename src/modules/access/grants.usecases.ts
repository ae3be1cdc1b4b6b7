import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { AuditModule, InTransaction } from '../audit/index.js';
import { accessErrors } from './access.errors.js';
import * as repo from './access.repository.js';
import { activeGrants, grantProblems, type PermissionRegistry, type Role, scopeFor } from './access.rules.js';
import type { AccessTables } from './access.tables.js';
import { auditActorOf, type NameLookup, type RequestContext } from './access.usecases.js';
import { hashPassword } from './passwords.js';

/** Who holds which role where: assigning, ending and listing grants, and opening sign-in accounts. */
export function createGrantsModule(deps: {
  db: Kysely<AccessTables>;
  clock: Clock;
  registry: PermissionRegistry;
  names: NameLookup & { areaPath(areaId: string): Promise<{ id: string; name: string }[]> };
  audit: Pick<AuditModule, 'record'>;
}) {
  const { db, clock, registry, names, audit } = deps;

  /** Inside the caller's area: the area, or the organisation's area, lies below one of the caller's roots. */
  async function withinScope(ctx: RequestContext, permission: string, areaId: string | null): Promise<boolean> {
    if (ctx.actor.kind !== 'person') return false;
    const roots = scopeFor(ctx.actor.grants, permission, registry).areaIds;
    if (!areaId) return false;
    return (await names.areaPath(areaId)).some((a) => roots.includes(a.id));
  }

  async function views(ctx: RequestContext, rows: Awaited<ReturnType<typeof repo.grantsOfPersonAll>>) {
    const now = clock.now();
    const orgs = new Map((await names.organisationsByIds([...new Set(rows.map((r) => r.organisation_id))])).map((o) => [o.id, o]));
    const areaNames = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.area_id).filter((a): a is string => a !== null)))
      areaNames.set(id, (await names.areaPath(id))[0]?.name ?? '');
    const mayEnd = ctx.actor.permissions.has('access.grant.end');
    return rows.map((r) => {
      const active = activeGrants([{ validFrom: r.valid_from, validUntil: r.valid_until }], now).length === 1;
      const o = orgs.get(r.organisation_id);
      return {
        id: r.id,
        role: r.role,
        organisation: { id: r.organisation_id, name: o?.name ?? '', kind: o?.kind ?? '' },
        areaId: r.area_id,
        areaName: r.area_id ? (areaNames.get(r.area_id) ?? null) : null,
        validFrom: r.valid_from.toISOString(),
        validUntil: r.valid_until?.toISOString() ?? null,
        active,
        abilities: { end: mayEnd && (r.valid_until === null || r.valid_until.getTime() > now.getTime()) },
      };
    });
  }

  return {
    async list(ctx: RequestContext, personId: string) {
      return views(ctx, await repo.grantsOfPersonAll(db, personId));
    },

    async assign(
      ctx: RequestContext,
      personId: string,
      input: {
        role: Role;
        organisationId: string;
        areaId?: string | undefined;
        validFrom?: string | undefined;
        validUntil?: string | undefined;
      },
      /**
       * The permission whose reach the area must lie in. Only the volunteer register passes its own
       * (`volunteers.volunteer.manage`, having authorised the actor), and then only for volunteer and grid-worker grants.
       */
      under = 'access.grant.create',
      /** The caller's transaction, when the grant must stand or fall with the caller's own writes. */
      tx?: InTransaction,
    ) {
      const now = clock.now();
      const [person] = await names.personsByIds([personId]);
      if (!person) throw accessErrors.notFound('person');
      const [organisation] = await names.organisationsByIds([input.organisationId]);
      const validity = {
        validFrom: input.validFrom ? new Date(input.validFrom) : now,
        validUntil: input.validUntil ? new Date(input.validUntil) : null,
      };
      const problems = grantProblems(input.role, organisation, input.areaId ?? null, validity);
      if (under !== 'access.grant.create' && input.role !== 'volunteer' && input.role !== 'grid_worker')
        problems.push({ field: 'role', detail: 'only volunteer and grid-worker grants are made this way' });
      if (organisation && !(await withinScope(ctx, under, input.areaId ?? organisation.area_id))) {
        problems.push({ field: input.areaId ? 'areaId' : 'organisationId', detail: 'lies outside the area you govern' });
      }
      if (problems.length) throw accessErrors.grantInvalid(problems);
      const within = <T>(work: (trx: Kysely<AccessTables>) => Promise<T>): Promise<T> => {
        if (!tx) return db.transaction().execute(work);
        if (!tx.isTransaction) throw new Error('grants.assign was given a connection that is not a transaction');
        return work(tx as unknown as Kysely<AccessTables>);
      };
      const row = await within(async (trx) => {
        await repo.insertGrants(trx, [
          {
            personId,
            role: input.role,
            organisationId: input.organisationId,
            areaId: input.areaId ?? null,
            validFrom: validity.validFrom,
            validUntil: validity.validUntil,
          },
        ]);
        const all = await repo.grantsOfPersonAll(trx, personId);
        const created = all[all.length - 1];
        if (!created) throw new Error('grant vanished');
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, under, registry),
          action: 'access.grant.create',
          target: { type: 'person', id: personId },
          after: {
            grantId: created.id,
            role: input.role,
            organisationId: input.organisationId,
            areaId: input.areaId ?? null,
            validFrom: validity.validFrom,
            validUntil: validity.validUntil,
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return created;
      });
      const [view] = await views(ctx, [row]);
      return view as NonNullable<typeof view>;
    },

    /** Ends a grant now; the person loses what it carried at their next request. */
    async end(ctx: RequestContext, grantId: string, reason: string) {
      const now = clock.now();
      const row = await db.transaction().execute(async (trx) => {
        const grant = await repo.findGrant(trx, grantId);
        if (!grant) throw accessErrors.notFound('grant');
        const [organisation] = await names.organisationsByIds([grant.organisation_id]);
        if (!(await withinScope(ctx, 'access.grant.end', grant.area_id ?? organisation?.area_id ?? null)))
          throw accessErrors.notFound('grant');
        if (grant.valid_until && grant.valid_until.getTime() <= now.getTime()) {
          throw accessErrors.grantEnded();
        }
        await repo.endGrant(trx, grantId, now);
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'access.grant.end', registry),
          action: 'access.grant.end',
          target: { type: 'person', id: grant.person_id },
          before: { grantId, validUntil: grant.valid_until },
          after: { grantId, validUntil: now, reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return { ...grant, valid_until: now };
      });
      const [view] = await views(ctx, [row]);
      return view as NonNullable<typeof view>;
    },

    async account(personId: string) {
      const account = await repo.accountOfPerson(db, personId);
      if (!account) throw accessErrors.notFound('account');
      return account;
    },

    async openAccount(ctx: RequestContext, personId: string, input: { username: string; password: string }) {
      const [person] = await names.personsByIds([personId]);
      if (!person) throw accessErrors.notFound('person');
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (trx) => {
        if (await repo.accountOfPerson(trx, personId)) {
          throw accessErrors.accountExists();
        }
        if ((await repo.existingUsernames(trx, [input.username])).length) {
          throw accessErrors.usernameTaken(input.username);
        }
        const [id] = await repo.insertAccounts(trx, [{ personId, username: input.username, passwordHash }]);
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'access.account.create', registry),
          action: 'access.account.create',
          target: { type: 'person', id: personId },
          after: { accountId: id, username: input.username },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return { id: id as string, username: input.username };
      });
    },
  };
}

export type GrantsModule = ReturnType<typeof createGrantsModule>;
