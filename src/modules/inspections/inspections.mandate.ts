/**
 * Who may inspect which enterprise, and on whose behalf: the access module's
 * scopes read for each kind of inspection, the directory's areas and
 * mutual-aid groups, and the entrustment that carries a provider's work.
 */
import type { AccessModule, Actor, Mandate, PermissionRegistry, PersonActor } from '../access/index.js';
import { entrustmentFor } from '../access/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { CONDUCT } from './inspections.permissions.js';
import type { Kind } from './inspections.rules.js';

export type InspectionsAccess = Pick<AccessModule, 'scope' | 'mandateOf' | 'personIdsInOrganisations'>;
export type InspectionsDirectory = Pick<
  DirectoryModule,
  'areaPath' | 'organisationsByIds' | 'groupMembers' | 'personsByIds' | 'listEnterprises' | 'enterprisesWithin' | 'areasGeoJson'
>;

export interface Enterprise {
  id: string;
  name: string;
  creditCode: string | null;
  areaId: string | null;
  kind: string;
}

/** On whose behalf an inspection of an enterprise is made. */
export interface Coverage {
  organisationId: string;
  entrustmentId: string | null;
  groupId: string | null;
}

const NOBODY: Actor = { kind: 'anonymous', permissions: new Set() };

export function mandateOfActor(access: Pick<AccessModule, 'scope'>, actor: PersonActor): Mandate {
  return {
    personId: actor.personId,
    grants: actor.grants,
    entrusted: actor.entrusted,
    permissions: actor.permissions,
    scope: (permission) => access.scope(actor, permission),
  };
}

export function createMandateChecks(deps: { registry: PermissionRegistry; directory: InspectionsDirectory }) {
  const { registry, directory } = deps;
  const pathCache = new Map<string, { at: number; ids: string[] }>();

  /** The area and its ancestors (ids), briefly cached: areas rarely move. */
  async function areaPath(areaId: string | null): Promise<string[]> {
    if (!areaId) return [];
    const hit = pathCache.get(areaId);
    if (hit && Date.now() - hit.at < 60_000) return hit.ids;
    const ids = (await directory.areaPath(areaId)).map((a) => a.id);
    pathCache.set(areaId, { at: Date.now(), ids });
    return ids;
  }

  /** Members of a mutual-aid group (not its lead enterprise), through the directory's own group rules. */
  const memberCache = new Map<string, { at: number; ids: string[] }>();
  async function groupMemberIds(groupId: string): Promise<string[]> {
    const hit = memberCache.get(groupId);
    if (hit && Date.now() - hit.at < 60_000) return hit.ids;
    const members = await directory
      .groupMembers({ scope: () => ({ areaIds: [], organisationIds: [groupId] }) }, NOBODY, groupId)
      .catch(() => []);
    const ids = members.filter((m) => !m.isLead).map((m) => m.id);
    memberCache.set(groupId, { at: Date.now(), ids });
    return ids;
  }

  async function enterprise(id: string): Promise<Enterprise | undefined> {
    const [o] = await directory.organisationsByIds([id]);
    if (!o) return undefined;
    return { id: o.id, name: o.name, creditCode: o.credit_code, areaId: o.area_id, kind: o.kind };
  }

  /**
   * Whether the mandate lets its holder inspect the enterprise with this kind
   * of inspection, and on whose behalf; null when it does not.
   */
  async function coverage(m: Mandate, kind: Kind, target: Enterprise, options: { groupId?: string | null } = {}): Promise<Coverage | null> {
    if (target.kind !== 'enterprise') return null;
    const permission = CONDUCT[kind];
    const definition = registry.get(permission);
    if (!definition || !m.permissions.has(permission)) return null;
    const grants = m.grants.filter((g) => definition.roles.includes(g.role));
    const scope = m.scope(permission);
    const path = await areaPath(target.areaId);
    const inArea = path.some((a) => scope.areaIds.includes(a));
    switch (kind) {
      case 'self_check':
        return scope.organisationIds.includes(target.id) ? { organisationId: target.id, entrustmentId: null, groupId: null } : null;
      case 'third_party': {
        if (!inArea && !scope.organisationIds.includes(target.id)) return null;
        const entrustmentId = entrustmentFor(m.entrusted, definition, { enterpriseId: target.id, areaPath: path });
        const entrusted = m.entrusted.find((e) => e.entrustmentId === entrustmentId);
        if (!entrustmentId || !entrusted) return null;
        return { organisationId: entrusted.providerId, entrustmentId, groupId: null };
      }
      case 'enforcement':
      case 'patrol': {
        const grant = grants.find((g) => g.areaId !== null && path.includes(g.areaId));
        return grant ? { organisationId: grant.organisationId, entrustmentId: null, groupId: null } : null;
      }
      case 'peer_check': {
        const groups = scope.organisationIds.filter((g) => !options.groupId || g === options.groupId);
        for (const groupId of groups)
          if ((await groupMemberIds(groupId)).includes(target.id)) return { organisationId: groupId, entrustmentId: null, groupId };
        return null;
      }
    }
  }

  /** The organisation in which the mandate carries a permission (the first grant whose role carries it). */
  function organisationFor(m: Mandate, permission: string): string | null {
    const definition = registry.get(permission);
    return m.grants.find((g) => definition?.roles.includes(g.role))?.organisationId ?? null;
  }

  /** Every organisation in which the mandate carries the permission. */
  function organisationsFor(m: Mandate, permission: string): string[] {
    const definition = registry.get(permission);
    return [...new Set(m.grants.filter((g) => definition?.roles.includes(g.role)).map((g) => g.organisationId))];
  }

  return { coverage, enterprise, areaPath, groupMemberIds, organisationFor, organisationsFor };
}

export type MandateChecks = ReturnType<typeof createMandateChecks>;
