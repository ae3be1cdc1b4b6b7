import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { InvalidField } from '../../platform/http/index.js';
import {
  type AccessModule,
  type Actor,
  auditActorOf,
  type Entrusted,
  type PermissionRegistry,
  type RequestContext,
} from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { entrustmentErrors } from './entrustment.errors.js';
import * as repo from './entrustment.repository.js';
import {
  allowedTransitions,
  type EffectiveStatus,
  effectiveStatus,
  normaliseCode,
  type Service,
  type Transition,
  transition,
  validityProblems,
  verificationCode,
} from './entrustment.rules.js';
import type { EntrustmentTables } from './entrustment.tables.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findById>>>;

export interface CreateEntrustment {
  title: string;
  providerId: string;
  services: Service[];
  target: { kind: 'enterprises'; enterpriseIds: string[] } | { kind: 'area'; areaId: string };
  validFrom: string;
  validUntil: string;
  contractValue: string;
  deliverables: string[];
}

const PERMISSION = {
  suspend: 'entrustment.entrustment.suspend',
  resume: 'entrustment.entrustment.suspend',
  end: 'entrustment.entrustment.end',
} as const satisfies Record<Transition, string>;

const field = (name: string, detail: string): InvalidField => ({
  in: 'body',
  field: name,
  pointer: `/${name.replaceAll('.', '/')}`,
  detail,
});

export function createEntrustmentModule(deps: {
  db: Kysely<EntrustmentTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  directory: Pick<
    DirectoryModule,
    'organisationsByIds' | 'enterprisesWithin' | 'areaPath' | 'countEnterprisesBelow' | 'enterpriseByCreditCode' | 'providers'
  >;
}) {
  const { db, clock, registry, audit, directory } = deps;

  /** The organisations in which the actor holds a grant carrying the permission. */
  const ownOrganisations = (actor: Actor, permission: string): string[] => {
    if (actor.kind !== 'person') return [];
    const definition = registry.get(permission);
    return [...new Set(actor.grants.filter((g) => definition?.roles.includes(g.role)).map((g) => g.organisationId))];
  };

  async function views(actor: Actor, rows: Row[]) {
    const now = clock.now();
    const orgIds = [...new Set(rows.flatMap((r) => [r.regulator_id, r.provider_id]))];
    const [orgs, counts] = await Promise.all([
      directory.organisationsByIds(orgIds),
      repo.targetCounts(
        db,
        rows.filter((r) => r.target_kind === 'enterprises').map((r) => r.id),
      ),
    ]);
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const areas = new Map<string, { name: string; count: number }>();
    for (const areaId of new Set(rows.map((r) => r.area_id).filter((a): a is string => a !== null))) {
      const [path, count] = await Promise.all([directory.areaPath(areaId), directory.countEnterprisesBelow(areaId)]);
      areas.set(areaId, { name: path[0]?.name ?? '', count });
    }
    return rows.map((r) => {
      const validity = { validFrom: r.valid_from, validUntil: r.valid_until };
      const allowed = allowedTransitions(r.status, validity, now);
      const mayChange = (action: Transition) =>
        allowed[action] &&
        actor.permissions.has(PERMISSION[action]) &&
        ownOrganisations(actor, PERMISSION[action]).includes(r.regulator_id);
      const area = r.area_id ? areas.get(r.area_id) : undefined;
      return {
        id: r.id,
        code: r.code,
        title: r.title,
        regulator: { id: r.regulator_id, name: names.get(r.regulator_id) ?? '' },
        provider: { id: r.provider_id, name: names.get(r.provider_id) ?? '' },
        services: r.services,
        target:
          r.target_kind === 'area' && r.area_id
            ? { kind: 'area' as const, areaId: r.area_id, areaName: area?.name ?? '', enterpriseCount: area?.count ?? 0 }
            : { kind: 'enterprises' as const, enterpriseCount: counts.get(r.id) ?? 0 },
        validFrom: r.valid_from.toISOString(),
        validUntil: r.valid_until.toISOString(),
        contractValue: r.contract_value,
        deliverables: r.deliverables,
        status: effectiveStatus(r.status, validity, now),
        statusReason: r.status_reason,
        createdAt: r.created_at.toISOString(),
        abilities: { suspend: mayChange('suspend'), resume: mayChange('resume'), end: mayChange('end') },
      };
    });
  }

  async function visibleRow(actor: Actor, id: string): Promise<Row> {
    const row = await repo.findById(db, id);
    const mine = ownOrganisations(actor, 'entrustment.entrustment.read');
    if (!row || !(mine.includes(row.regulator_id) || mine.includes(row.provider_id))) throw entrustmentErrors.notFound();
    return row;
  }

  return {
    /** Entrustments in force for these providers, as the access module hands them to the provider's staff. */
    async inForce(providerIds: readonly string[], now: Date): Promise<Entrusted[]> {
      const rows = await repo.activeAt(db, providerIds, now);
      const targets = await repo.targetIds(
        db,
        rows.filter((r) => r.target_kind === 'enterprises').map((r) => r.id),
      );
      return rows.map((r) => ({
        entrustmentId: r.id,
        providerId: r.provider_id,
        services: r.services,
        enterpriseIds: targets.get(r.id) ?? [],
        areaId: r.area_id,
      }));
    },

    providers: async () => (await directory.providers()).map((p) => ({ id: p.id, name: p.name, nameEn: p.name_en })),

    /** A regulator commissions a provider over enterprises or an area it governs. */
    async create(ctx: RequestContext, access: Pick<AccessModule, 'scope'>, input: CreateEntrustment) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw entrustmentErrors.notFound();
      const now = clock.now();
      const validity = { validFrom: new Date(input.validFrom), validUntil: new Date(input.validUntil) };
      const problems: InvalidField[] = validityProblems(validity, now).map((p) => field(p.field, p.detail));
      const scope = access.scope(actor, 'entrustment.entrustment.create');
      const regulatorId = ownOrganisations(actor, 'entrustment.entrustment.create')[0];
      const [provider] = await directory.organisationsByIds([input.providerId]);
      if (provider?.kind !== 'provider') problems.push(field('providerId', 'is not a service provider'));
      if (input.target.kind === 'enterprises') {
        const ids = [...new Set(input.target.enterpriseIds)];
        const within = new Set(await directory.enterprisesWithin(ids, scope.areaIds));
        const outside = ids.filter((id) => !within.has(id));
        if (outside.length)
          problems.push(field('target.enterpriseIds', `${outside.length} of them are not enterprises in the area you govern`));
        input = { ...input, target: { kind: 'enterprises', enterpriseIds: ids } };
      } else {
        const path = await directory.areaPath(input.target.areaId);
        if (!path.some((a) => scope.areaIds.includes(a.id))) problems.push(field('target.areaId', 'is not in the area you govern'));
      }
      if (!regulatorId) problems.push(field('providerId', 'you hold no regulator grant to entrust with'));
      if (problems.length || !regulatorId) throw entrustmentErrors.invalid(problems);

      const id = await db.transaction().execute(async (trx) => {
        let code = verificationCode(randomBytes(8));
        while (await repo.findByCode(trx, code)) code = verificationCode(randomBytes(8));
        const created = await repo.insert(trx, {
          code,
          title: input.title,
          regulatorId,
          providerId: input.providerId,
          services: [...new Set(input.services)],
          target: input.target,
          validFrom: validity.validFrom,
          validUntil: validity.validUntil,
          contractValue: input.contractValue,
          deliverables: input.deliverables,
          createdBy: actor.personId,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, 'entrustment.entrustment.create', registry),
          action: 'entrustment.entrustment.create',
          target: { type: 'entrustment', id: created },
          after: { ...input, regulatorId, code },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return created;
      });
      return this.get(actor, id);
    },

    async list(
      actor: Actor,
      filters: { status?: EffectiveStatus | undefined; providerId?: string | undefined; limit: number; offset: number },
    ) {
      const { rows, total } = await repo.listVisible(db, ownOrganisations(actor, 'entrustment.entrustment.read'), filters, clock.now());
      return { items: await views(actor, rows), total };
    },

    async get(actor: Actor, id: string) {
      const row = await visibleRow(actor, id);
      const [view] = await views(actor, [row]);
      const targetIds = row.target_kind === 'enterprises' ? ((await repo.targetIds(db, [row.id])).get(row.id) ?? []) : [];
      const enterprises = await directory.organisationsByIds(targetIds);
      return {
        ...(view as NonNullable<typeof view>),
        enterprises: enterprises.map((e) => ({ id: e.id, name: e.name, creditCode: e.credit_code, areaName: e.area_name })),
      };
    },

    /** Suspend, resume or end; only the issuing regulator, and only where the workflow allows. */
    async change(ctx: RequestContext, id: string, action: Transition, reason: string | null) {
      const { actor } = ctx;
      await visibleRow(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findById(trx, id, true);
        if (!row) throw entrustmentErrors.notFound();
        if (!ownOrganisations(actor, PERMISSION[action]).includes(row.regulator_id)) throw entrustmentErrors.notIssuer();
        const now = clock.now();
        const validity = { validFrom: row.valid_from, validUntil: row.valid_until };
        const next = transition(row.status, validity, now, action);
        if (!next) throw entrustmentErrors.transitionNotAllowed(action, effectiveStatus(row.status, validity, now));
        await repo.setStatus(trx, id, next, reason, now);
        await audit.record(trx, {
          actor: auditActorOf(actor, PERMISSION[action], registry),
          action: `entrustment.entrustment.${action}`,
          target: { type: 'entrustment', id },
          before: { status: row.status, statusReason: row.status_reason },
          after: { status: next, statusReason: reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return this.get(actor, id);
    },

    /** Entrustments in force over the caller's own enterprises: who may come to inspect us. */
    async coveringMe(actor: Actor) {
      const enterprises = ownOrganisations(actor, 'entrustment.entrustment.read_own');
      const orgs = await directory.organisationsByIds(enterprises);
      const areaIds = new Set<string>();
      for (const o of orgs) if (o.area_id) for (const a of await directory.areaPath(o.area_id)) areaIds.add(a.id);
      const rows = await repo.activeCovering(db, enterprises, [...areaIds], clock.now());
      return views(actor, rows as Row[]);
    },

    /** What anyone may check by the code: who, what, over how many, until when, and whether it covers an enterprise. */
    async verify(code: string, creditCode?: string) {
      const row = await repo.findByCode(db, normaliseCode(code));
      if (!row) throw entrustmentErrors.notFound();
      const now = clock.now();
      const orgs = await directory.organisationsByIds([row.regulator_id, row.provider_id]);
      const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
      const enterpriseCount =
        row.target_kind === 'area' && row.area_id
          ? await directory.countEnterprisesBelow(row.area_id)
          : ((await repo.targetCounts(db, [row.id])).get(row.id) ?? 0);
      let covers: boolean | undefined;
      if (creditCode) {
        const enterprise = await directory.enterpriseByCreditCode(creditCode.toUpperCase());
        if (!enterprise) covers = false;
        else if (row.target_kind === 'area' && row.area_id)
          covers = enterprise.area_id ? (await directory.areaPath(enterprise.area_id)).some((a) => a.id === row.area_id) : false;
        else covers = await repo.covers(db, row.id, enterprise.id);
      }
      return {
        code: row.code,
        title: row.title,
        regulator: { name: name(row.regulator_id) },
        provider: { name: name(row.provider_id) },
        services: row.services,
        validFrom: row.valid_from.toISOString(),
        validUntil: row.valid_until.toISOString(),
        status: effectiveStatus(row.status, { validFrom: row.valid_from, validUntil: row.valid_until }, now),
        enterpriseCount,
        contractValue: row.contract_value,
        ...(covers === undefined ? {} : { covers }),
      };
    },
  };
}

export type EntrustmentModule = ReturnType<typeof createEntrustmentModule>;
