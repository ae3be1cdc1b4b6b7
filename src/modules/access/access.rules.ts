/**
 * The pure core of the mandate: roles, what each role's grants reach, which
 * permissions a set of grants holds, and sign-in throttling. No I/O here.
 * The web app imports its roles from this file too, so that they are written
 * once: keep it free of imports and of Node APIs.
 */

export const ROLES = [
  'regulator_officer',
  'regulator_head',
  'provider_inspector',
  'provider_manager',
  'enterprise_principal',
  'enterprise_safety_manager',
  'group_lead',
  'grid_worker',
  'volunteer',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * What a grant of the role reaches: an area subtree, the organisation it is
 * held in, or (for a service provider's staff) the targets of the provider's
 * entrustments in force.
 */
export type ScopeKind = 'area' | 'organisation' | 'entrustment';

export const ROLE_SCOPE = {
  regulator_officer: 'area',
  regulator_head: 'area',
  provider_inspector: 'entrustment',
  provider_manager: 'entrustment',
  enterprise_principal: 'organisation',
  enterprise_safety_manager: 'organisation',
  group_lead: 'organisation',
  grid_worker: 'area',
  volunteer: 'area',
} as const satisfies Record<Role, ScopeKind>;

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/** One row of the mandate, declared by the module that owns the action. */
export interface PermissionDefinition {
  /** `<module>.<object>.<action>`, e.g. `directory.enterprise.list`. */
  name: string;
  description: LocalisedText;
  /** Roles whose grants carry this permission over their scope. */
  roles: readonly Role[];
  /** Also open to anyone, signed in or not. */
  public?: boolean;
  /**
   * For provider roles: only entrustments for one of these services carry the
   * permission (all services when absent).
   */
  services?: readonly string[];
  /** Reaches only the organisation the grant is held in, whatever the role's scope. */
  ownOrganisationOnly?: boolean;
}

/** What an entrustment in force hands to the provider's staff. */
export interface Entrusted {
  entrustmentId: string;
  providerId: string;
  services: readonly string[];
  /** Enterprises named one by one. */
  enterpriseIds: readonly string[];
  /** Or a whole area subtree. */
  areaId: string | null;
}

export interface Grant {
  id: string;
  role: Role;
  organisationId: string;
  areaId: string | null;
  validFrom: Date;
  validUntil: Date | null;
}

/** Grants in force at `now`: checked on every request, never revoked later by a job. */
export function activeGrants<G extends Pick<Grant, 'validFrom' | 'validUntil'>>(grants: readonly G[], now: Date): G[] {
  const t = now.getTime();
  return grants.filter((g) => g.validFrom.getTime() <= t && (g.validUntil === null || t < g.validUntil.getTime()));
}

export type PermissionRegistry = ReadonlyMap<string, PermissionDefinition>;

export function buildRegistry(definitions: readonly PermissionDefinition[]): PermissionRegistry {
  const registry = new Map<string, PermissionDefinition>();
  for (const definition of definitions) {
    if (!/^[a-z_]+(\.[a-z_]+)+$/.test(definition.name))
      throw new Error(`permission name ${definition.name} is not <module>.<object>.<action>`);
    if (registry.has(definition.name)) throw new Error(`permission ${definition.name} is declared twice`);
    for (const role of definition.roles)
      if (!ROLES.includes(role)) throw new Error(`permission ${definition.name} names unknown role ${role}`);
    registry.set(definition.name, definition);
  }
  return registry;
}

export function publicPermissions(registry: PermissionRegistry): Set<string> {
  return new Set([...registry.values()].filter((p) => p.public).map((p) => p.name));
}

/** Every permission the grants carry (plus the public ones). */
export function permissionsOf(grants: readonly Pick<Grant, 'role'>[], registry: PermissionRegistry): Set<string> {
  const roles = new Set(grants.map((g) => g.role));
  const out = publicPermissions(registry);
  for (const p of registry.values()) if (p.roles.some((r) => roles.has(r))) out.add(p.name);
  return out;
}

/** Where a permission reaches for these grants: area roots (whole subtrees) and single organisations. */
export interface Scope {
  areaIds: string[];
  organisationIds: string[];
}

export function scopeFor(
  grants: readonly Grant[],
  permission: string,
  registry: PermissionRegistry,
  entrusted: readonly Entrusted[] = [],
): Scope {
  const definition = registry.get(permission);
  const areaIds = new Set<string>();
  const organisationIds = new Set<string>();
  if (!definition) return { areaIds: [], organisationIds: [] };
  for (const grant of grants) {
    if (!definition.roles.includes(grant.role)) continue;
    const kind = definition.ownOrganisationOnly ? 'organisation' : ROLE_SCOPE[grant.role];
    switch (kind) {
      case 'area':
        if (grant.areaId) areaIds.add(grant.areaId);
        break;
      case 'organisation':
        organisationIds.add(grant.organisationId);
        break;
      case 'entrustment':
        for (const e of entrusted) {
          if (e.providerId !== grant.organisationId) continue;
          if (definition.services && !e.services.some((s) => definition.services?.includes(s))) continue;
          if (e.areaId) areaIds.add(e.areaId);
          for (const id of e.enterpriseIds) organisationIds.add(id);
        }
        break;
    }
  }
  return { areaIds: [...areaIds], organisationIds: [...organisationIds] };
}

/** The entrustment that carries the permission over an enterprise, for the audit trail; null when none does. */
export function entrustmentFor(
  entrusted: readonly Entrusted[],
  permission: PermissionDefinition,
  target: { enterpriseId: string; areaPath: readonly string[] },
): string | null {
  for (const e of entrusted) {
    if (permission.services && !e.services.some((s) => permission.services?.includes(s))) continue;
    if (e.enterpriseIds.includes(target.enterpriseId) || (e.areaId && target.areaPath.includes(e.areaId))) return e.entrustmentId;
  }
  return null;
}

/** The whole role × permission matrix, for the published mandate and its snapshot test. */
export function mandateMatrix(registry: PermissionRegistry): { permission: string; public: boolean; roles: Record<Role, boolean> }[] {
  return [...registry.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => ({
      permission: p.name,
      public: p.public === true,
      roles: Object.fromEntries(ROLES.map((r) => [r, p.roles.includes(r)])) as Record<Role, boolean>,
    }));
}

/** The matrix as fixed-width text: one line per permission, a column per role. For review diffs. */
export function mandateMatrixText(registry: PermissionRegistry): string {
  const rows = mandateMatrix(registry);
  const width = Math.max(10, ...rows.map((r) => r.permission.length));
  const header = `${'permission'.padEnd(width)}  public  ${ROLES.map((_, i) => `R${i + 1}`.padEnd(3)).join(' ')}`;
  const legend = ROLES.map((r, i) => `R${i + 1} = ${r}`).join('\n');
  const lines = rows.map(
    (r) =>
      `${r.permission.padEnd(width)}  ${(r.public ? 'yes' : '').padEnd(6)}  ${ROLES.map((role) => (r.roles[role] ? 'x' : '.').padEnd(3)).join(' ')}`,
  );
  return [legend, '', header, ...lines].join('\n');
}

// ---- sign-in throttling -----------------------------------------------------

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  blockedUntil: Date | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

/** Seconds until the key may try again, or 0 when it may now. */
export function retryAfterSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.blockedUntil) return 0;
  const ms = state.blockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/**
 * Counts a failure inside a fixed window; reaching the limit blocks the key for
 * one window length from this failure. A failure after the window (or after a
 * block has passed) starts a new window.
 */
export function recordFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const t = now.getTime();
  const fresh =
    !state || t - state.windowStartedAt.getTime() >= policy.windowMs || (state.blockedUntil !== null && state.blockedUntil.getTime() <= t);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  return {
    failures,
    windowStartedAt,
    blockedUntil: failures >= policy.maxFailures ? new Date(t + policy.windowMs) : null,
  };
}

// ---- role assignment ----------------------------------------------------------

/** The kind of organisation a role is held in. */
export const ROLE_ORGANISATION_KIND = {
  regulator_officer: 'regulator',
  regulator_head: 'regulator',
  provider_inspector: 'provider',
  provider_manager: 'provider',
  enterprise_principal: 'enterprise',
  enterprise_safety_manager: 'enterprise',
  group_lead: 'mutual_aid_group',
  grid_worker: 'regulator',
  volunteer: 'regulator',
} as const satisfies Record<Role, string>;

/** What is wrong with a proposed grant, by field; empty when it may be made. */
export function grantProblems(
  role: Role,
  organisation: { kind: string } | undefined,
  areaId: string | null,
  validity: { validFrom: Date; validUntil: Date | null },
): { field: 'role' | 'organisationId' | 'areaId' | 'validUntil'; detail: string }[] {
  const problems: { field: 'role' | 'organisationId' | 'areaId' | 'validUntil'; detail: string }[] = [];
  if (!organisation) problems.push({ field: 'organisationId', detail: 'no such organisation' });
  else if (organisation.kind !== ROLE_ORGANISATION_KIND[role]) {
    problems.push({
      field: 'organisationId',
      detail: `a ${role} is held in a ${ROLE_ORGANISATION_KIND[role].replaceAll('_', ' ')}, not a ${organisation.kind.replaceAll('_', ' ')}`,
    });
  }
  if (ROLE_SCOPE[role] === 'area' && !areaId) problems.push({ field: 'areaId', detail: `a ${role} governs an area: name it` });
  if (ROLE_SCOPE[role] !== 'area' && areaId) problems.push({ field: 'areaId', detail: `a ${role} does not govern an area` });
  if (validity.validUntil && validity.validUntil.getTime() <= validity.validFrom.getTime())
    problems.push({ field: 'validUntil', detail: 'must be after validFrom' });
  return problems;
}
