/**
 * What the use cases share: finding an enterprise the caller may reach with a
 * permission, the actor as the audit trail records it (with the entrustment a
 * provider acted under), and the scheme in force for an enterprise.
 */
import type { Kysely } from 'kysely';
import {
  type AccessModule,
  type Actor,
  auditActorOf,
  entrustmentFor,
  type PermissionRegistry,
  ROLE_SCOPE,
  type Scope,
} from '../access/index.js';
import type { AuditActor } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { risksErrors } from './risks.errors.js';
import type { RisksPermission } from './risks.permissions.js';
import * as repo from './risks.repository.js';
import { effectiveScheme, type SchemeContent } from './risks.rules.js';
import type { RisksTables } from './risks.tables.js';

/** What the risk register needs from the directory. */
export type RisksDirectory = Pick<DirectoryModule, 'organisationsByIds' | 'areaPath' | 'personsByIds' | 'areaTree' | 'enterprisePlaces'>;

export interface Enterprise {
  id: string;
  name: string;
  nameEn: string | null;
  areaId: string | null;
  areaName: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  /** Its area and the ancestors, nearest first. */
  path: string[];
}

export interface Scheme extends SchemeContent {
  id: string;
  areaId: string | null;
  version: number;
  note: string | null;
  publishedBy: string | null;
  publishedAt: Date;
}

export const toScheme = (r: repo.SchemeRow): Scheme => ({
  id: r.id,
  areaId: r.area_id,
  version: r.version,
  note: r.note,
  publishedBy: r.published_by,
  publishedAt: r.published_at,
  lec: r.lec,
  ls: r.ls,
  tiers: r.tiers,
});

/** Whether a scope reaches an enterprise: it is named, or it lies below an area root. */
export const reaches = (scope: Scope, e: { id: string; path: readonly string[] }) =>
  scope.organisationIds.includes(e.id) || e.path.some((a) => scope.areaIds.includes(a));

export function createGuard(deps: {
  db: Kysely<RisksTables>;
  registry: PermissionRegistry;
  access: Pick<AccessModule, 'scope'>;
  directory: RisksDirectory;
}) {
  const { db, registry, access, directory } = deps;

  async function enterprise(id: string): Promise<Enterprise | null> {
    const [o] = await directory.organisationsByIds([id]);
    if (o?.kind !== 'enterprise') return null;
    const path = o.area_id ? (await directory.areaPath(o.area_id)).map((a) => a.id) : [];
    return {
      id: o.id,
      name: o.name,
      nameEn: o.name_en,
      areaId: o.area_id,
      areaName: o.area_name,
      address: o.address,
      lng: o.lng,
      lat: o.lat,
      path,
    };
  }

  const may = (actor: Actor, permission: RisksPermission, e: Enterprise) =>
    actor.permissions.has(permission) && reaches(access.scope(actor, permission), e);

  return {
    enterprise,
    may,

    /**
     * The enterprise when the caller may read its register and holds the permission
     * over it; 404 when they may not even read it (so ids do not leak), 403 otherwise.
     */
    async authorise(actor: Actor, permission: RisksPermission, enterpriseId: string): Promise<Enterprise> {
      const e = await enterprise(enterpriseId);
      if (!e || !may(actor, 'risks.risk_point.read', e)) throw risksErrors.notFound('enterprise');
      if (!may(actor, permission, e))
        throw risksErrors.forbidden({
          'zh-CN': '您的权责不包括对该单位的这项操作。',
          en: 'Your mandate does not cover this action on this enterprise.',
        });
      return e;
    },

    abilities: (actor: Actor, e: Enterprise) => ({
      edit: may(actor, 'risks.risk_point.edit', e),
      recordCheck: may(actor, 'risks.control_check.record', e),
    }),

    /** The actor for the audit trail; a provider's staff act under the entrustment that covers the enterprise. */
    auditActor(actor: Actor, permission: RisksPermission, e: Enterprise): AuditActor {
      const base = auditActorOf(actor, permission, registry);
      const definition = registry.get(permission);
      if (base.kind !== 'person' || actor.kind !== 'person' || !definition) return base;
      const viaEntrustment = actor.grants.some((g) => definition.roles.includes(g.role) && ROLE_SCOPE[g.role] === 'entrustment');
      return viaEntrustment
        ? { ...base, entrustmentId: entrustmentFor(actor.entrusted, definition, { enterpriseId: e.id, areaPath: e.path }) }
        : base;
    },

    /** The scheme version in force for a place on this area path (nearest first). */
    async schemeFor(path: readonly string[]): Promise<Scheme> {
      const rows = await repo.schemesFor(db, path);
      const found = effectiveScheme(
        rows.map((r) => ({ ...r, areaId: r.area_id })),
        path,
      );
      if (!found) throw new Error('the national default scheme is missing (migration 0001_risks inserts it)');
      return toScheme(found);
    },

    /** A scheme version by id; schemes are published configuration, readable by all who assess. */
    async schemeById(id: string): Promise<Scheme> {
      const row = await repo.schemeById(db, id);
      if (!row) throw risksErrors.notFound('scheme');
      return toScheme(row);
    },

    async areaName(areaId: string | null): Promise<string | null> {
      if (!areaId) return null;
      return (await directory.areaPath(areaId))[0]?.name ?? null;
    },

    /** Names of enterprises by id, for lists. */
    async enterpriseNames(enterpriseIds: readonly string[]): Promise<Map<string, string>> {
      return new Map((await directory.organisationsByIds(enterpriseIds)).map((o) => [o.id, o.name]));
    },

    /** Names of people by id, for views. */
    async names(personIds: readonly (string | null)[]): Promise<Map<string, string>> {
      const wanted = [...new Set(personIds.filter((p): p is string => p !== null))];
      return new Map((await directory.personsByIds(wanted)).map((p) => [p.id, p.name]));
    },
  };
}

export type Guard = ReturnType<typeof createGuard>;
