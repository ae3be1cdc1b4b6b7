/**
 * Assessment schemes as versioned configuration per area: a regulator head
 * publishes a new version for an area they govern; nothing is ever changed in
 * place, so every assessment keeps pointing at the version it used.
 */
import type { Kysely } from 'kysely';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { bodyFields, risksErrors } from './risks.errors.js';
import { type Guard, type RisksDirectory, toScheme } from './risks.guard.js';
import type { RiskLevel } from './risks.reference.js';
import * as repo from './risks.repository.js';
import { matrixFromBands, type SchemeContent, schemeProblems } from './risks.rules.js';
import type { RisksTables } from './risks.tables.js';
import { schemeView } from './risks.views.js';

export type PublishInput = Omit<SchemeContent, 'ls'> & {
  ls: Omit<SchemeContent['ls'], 'matrix'> & { matrix?: RiskLevel[][] | undefined };
  areaId: string;
  note?: string | undefined;
};

export function createSchemeUseCases(deps: {
  db: Kysely<RisksTables>;
  registry: PermissionRegistry;
  access: Pick<AccessModule, 'scope'>;
  audit: Pick<AuditModule, 'record'>;
  directory: Pick<RisksDirectory, 'areaPath'>;
  guard: Guard;
}) {
  const { db, registry, access, audit, directory, guard } = deps;

  async function governs(actor: Actor, areaId: string): Promise<boolean> {
    const roots = access.scope(actor, 'risks.scheme.publish').areaIds;
    if (roots.length === 0) return false;
    return (await directory.areaPath(areaId)).some((a) => roots.includes(a.id));
  }

  /** The area whose schemes a caller sees by default: the area they govern, else their enterprise's. */
  async function defaultArea(actor: Actor): Promise<string | null> {
    const [root] = access.scope(actor, 'risks.scheme.read').areaIds;
    if (root) return root;
    if (actor.kind !== 'person') return null;
    for (const g of actor.grants) {
      const e = await guard.enterprise(g.organisationId);
      if (e?.areaId) return e.areaId;
    }
    return null;
  }

  async function views(schemes: ReturnType<typeof toScheme>[]) {
    const names = await guard.names(schemes.map((s) => s.publishedBy));
    const areaNames = new Map<string, string | null>();
    for (const s of schemes) if (s.areaId && !areaNames.has(s.areaId)) areaNames.set(s.areaId, await guard.areaName(s.areaId));
    return schemes.map((s) => schemeView(s, s.areaId ? (areaNames.get(s.areaId) ?? null) : null, names));
  }

  return {
    /** The versions published for an area, the one in force there, and whether the caller may publish. */
    async list(actor: Actor, areaId: string | undefined) {
      const area = areaId ?? (await defaultArea(actor));
      const path = area ? await directory.areaPath(area) : [];
      if (area && path.length === 0) throw risksErrors.notFound('area');
      const [effective, own] = await Promise.all([
        guard.schemeFor(path.map((a) => a.id)),
        area ? repo.schemeVersions(db, area) : Promise.resolve([]),
      ]);
      const [effectiveView, ...items] = await views([effective, ...own.map(toScheme)]);
      return {
        area: area && path[0] ? { id: area, name: path[0].name } : null,
        effective: effectiveView as NonNullable<typeof effectiveView>,
        items,
        abilities: { publish: area !== null && actor.permissions.has('risks.scheme.publish') && (await governs(actor, area)) },
      };
    },

    async get(id: string) {
      const [view] = await views([await guard.schemeById(id)]);
      return view as NonNullable<typeof view>;
    },

    /** Publishes the next version for an area the head governs, after checking every table, band and tier. */
    async publish(ctx: RequestContext, input: PublishInput) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw risksErrors.notFound('area');
      const content: SchemeContent = {
        lec: input.lec,
        ls: { ...input.ls, matrix: input.ls.matrix ?? matrixFromBands(input.ls.bands) },
        tiers: input.tiers,
      };
      const problems = bodyFields(schemeProblems(content));
      if (!(await governs(actor, input.areaId)))
        problems.unshift(...bodyFields([{ field: 'areaId', detail: 'is not in the area you govern' }]));
      if (problems.length) throw risksErrors.invalid(problems);
      const created = await db.transaction().execute(async (trx) => {
        const row = await repo.insertScheme(trx, input.areaId, content, input.note ?? null, actor.personId);
        await audit.record(trx, {
          actor: auditActorOf(actor, 'risks.scheme.publish', registry),
          action: 'risks.scheme.publish',
          target: { type: 'risk_scheme', id: row.id },
          after: { areaId: input.areaId, version: row.version, note: input.note ?? null, ...content },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return row;
      });
      return this.get(created.id);
    },
  };
}

export type SchemeUseCases = ReturnType<typeof createSchemeUseCases>;
