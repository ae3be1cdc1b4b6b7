import { describe, expect, it } from 'vitest';
import {
  activeGrants,
  buildRegistry,
  entrustmentFor,
  type Grant,
  mandateMatrix,
  type PermissionDefinition,
  permissionsOf,
  ROLE_SCOPE,
  ROLES,
  type Role,
  recordFailure,
  retryAfterSeconds,
  scopeFor,
  type ThrottleState,
} from './access.rules.js';

const t = (iso: string) => new Date(iso);
const grant = (over: Partial<Grant> = {}): Grant => ({
  id: 'g1',
  role: 'regulator_officer',
  organisationId: 'org-1',
  areaId: 'area-1',
  validFrom: t('2026-01-01T00:00:00Z'),
  validUntil: null,
  ...over,
});

const definitions: PermissionDefinition[] = [
  { name: 'x.area.read', description: { 'zh-CN': '读', en: 'read' }, roles: [...ROLES] },
  { name: 'x.enterprise.list', description: { 'zh-CN': '列', en: 'list' }, roles: ['regulator_officer', 'grid_worker'] },
  { name: 'x.own.read', description: { 'zh-CN': '本', en: 'own' }, roles: ['enterprise_principal', 'provider_manager'] },
  { name: 'x.mandate.read', description: { 'zh-CN': '公', en: 'public' }, roles: [], public: true },
];
const registry = buildRegistry(definitions);

describe('grants in force', () => {
  const g = grant({ validFrom: t('2026-03-01T00:00:00Z'), validUntil: t('2026-04-01T00:00:00Z') });
  it.each([
    ['before it starts', '2026-02-28T23:59:59.999Z', false],
    ['at the first instant', '2026-03-01T00:00:00Z', true],
    ['in the middle', '2026-03-15T12:00:00Z', true],
    ['at the last millisecond', '2026-03-31T23:59:59.999Z', true],
    ['at its end (exclusive)', '2026-04-01T00:00:00Z', false],
    ['after its end', '2026-05-01T00:00:00Z', false],
  ])('a time-limited grant is %s: %s → %s', (_label, at, expected) => {
    expect(activeGrants([g], t(at)).length === 1).toBe(expected);
  });
  it('an open-ended grant holds from its start on', () => {
    const open = grant({ validFrom: t('2026-03-01T00:00:00Z') });
    expect(activeGrants([open], t('2099-01-01T00:00:00Z'))).toHaveLength(1);
    expect(activeGrants([open], t('2026-02-01T00:00:00Z'))).toHaveLength(0);
  });
});

describe('permission registry', () => {
  it('refuses a permission declared twice', () => {
    expect(() => buildRegistry([definitions[0] as PermissionDefinition, definitions[0] as PermissionDefinition])).toThrow(/declared twice/);
  });
  it('refuses a name that is not module.object.action', () => {
    expect(() => buildRegistry([{ ...(definitions[0] as PermissionDefinition), name: 'Read' }])).toThrow(/is not/);
  });
  it('refuses an unknown role', () => {
    expect(() => buildRegistry([{ ...(definitions[0] as PermissionDefinition), roles: ['mayor' as Role] }])).toThrow(/unknown role/);
  });
});

describe('permissions of a set of grants', () => {
  it('anyone holds the public permissions, even with no grant', () => {
    expect([...permissionsOf([], registry)]).toEqual(['x.mandate.read']);
  });
  it.each(ROLES.map((role) => [role]))('a %s holds exactly the permissions listing the role, plus the public ones', (role) => {
    const held = permissionsOf([grant({ role })], registry);
    const expected = definitions.filter((d) => d.public || d.roles.includes(role)).map((d) => d.name);
    expect([...held].sort()).toEqual(expected.sort());
  });
  it('several grants hold the union of their roles', () => {
    const held = permissionsOf([grant({ role: 'grid_worker' }), grant({ role: 'enterprise_principal' })], registry);
    expect([...held].sort()).toEqual(['x.area.read', 'x.enterprise.list', 'x.mandate.read', 'x.own.read']);
  });
});

describe('scope of a permission', () => {
  it('area-scoped roles reach their area subtree roots, once each', () => {
    const grants = [
      grant({ id: 'a', areaId: 'street' }),
      grant({ id: 'b', role: 'grid_worker', areaId: 'grid-7' }),
      grant({ id: 'c', areaId: 'street' }),
    ];
    expect(scopeFor(grants, 'x.enterprise.list', registry)).toEqual({ areaIds: ['street', 'grid-7'], organisationIds: [] });
  });
  it('organisation-scoped roles reach their own organisation', () => {
    const grants = [grant({ role: 'enterprise_principal', organisationId: 'e-1', areaId: null })];
    expect(scopeFor(grants, 'x.own.read', registry)).toEqual({ areaIds: [], organisationIds: ['e-1'] });
  });
  it('grants of roles without the permission reach nothing', () => {
    expect(scopeFor([grant({ role: 'volunteer' })], 'x.enterprise.list', registry)).toEqual({ areaIds: [], organisationIds: [] });
  });
  it('an unknown permission reaches nothing', () => {
    expect(scopeFor([grant()], 'x.nothing.here', registry)).toEqual({ areaIds: [], organisationIds: [] });
  });
  it('an area-scoped grant without an area reaches nothing', () => {
    expect(scopeFor([grant({ areaId: null })], 'x.enterprise.list', registry)).toEqual({ areaIds: [], organisationIds: [] });
  });
  it('every role has a scope kind', () => {
    for (const role of ROLES) expect(['area', 'organisation', 'entrustment']).toContain(ROLE_SCOPE[role]);
  });
});

describe('the mandate matrix', () => {
  it('lists every permission sorted, with a column per role', () => {
    const matrix = mandateMatrix(registry);
    expect(matrix.map((r) => r.permission)).toEqual(['x.area.read', 'x.enterprise.list', 'x.mandate.read', 'x.own.read']);
    for (const row of matrix) expect(Object.keys(row.roles)).toEqual([...ROLES]);
    expect(matrix.find((r) => r.permission === 'x.mandate.read')?.public).toBe(true);
  });
});

describe('sign-in throttling', () => {
  const policy = { maxFailures: 3, windowMs: 15 * 60_000 };
  const at = (minutes: number) => new Date(t('2026-06-01T08:00:00Z').getTime() + minutes * 60_000);

  it('counts failures inside the window and blocks at the limit for one window', () => {
    let s: ThrottleState | undefined;
    s = recordFailure(s, at(0), policy);
    expect(s).toEqual({ failures: 1, windowStartedAt: at(0), blockedUntil: null });
    s = recordFailure(s, at(1), policy);
    expect(retryAfterSeconds(s, at(1))).toBe(0);
    s = recordFailure(s, at(2), policy);
    expect(s.blockedUntil).toEqual(at(17));
    expect(retryAfterSeconds(s, at(2))).toBe(15 * 60);
    expect(retryAfterSeconds(s, at(16.5))).toBe(30);
    expect(retryAfterSeconds(s, at(17))).toBe(0);
  });
  it('a failure after the window starts a new count', () => {
    const s = recordFailure(recordFailure(undefined, at(0), policy), at(15), policy);
    expect(s).toEqual({ failures: 1, windowStartedAt: at(15), blockedUntil: null });
  });
  it('a failure after a block has passed starts a new count', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 3; i++) s = recordFailure(s, at(i * 0.1), policy);
    s = recordFailure(s, at(16), policy);
    expect(s.failures).toBe(1);
    expect(s.blockedUntil).toBeNull();
  });
  it('a failure during a block extends it', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 3; i++) s = recordFailure(s, at(i), policy);
    s = recordFailure(s, at(5), policy);
    expect(s.failures).toBe(4);
    expect(s.blockedUntil).toEqual(at(20));
  });
  it('a limit of one blocks at the first failure', () => {
    expect(recordFailure(undefined, at(0), { maxFailures: 1, windowMs: 60_000 }).blockedUntil).toEqual(at(1));
  });
  it('no state means no wait', () => {
    expect(retryAfterSeconds(undefined, at(0))).toBe(0);
  });
});

describe('scope through entrustments', () => {
  const reg = buildRegistry([
    { name: 'x.enterprise.list', description: { 'zh-CN': '列', en: 'list' }, roles: ['regulator_officer', 'provider_inspector'] },
    {
      name: 'x.hazard.record',
      description: { 'zh-CN': '录', en: 'record' },
      roles: ['provider_inspector'],
      services: ['hazard_investigation'],
    },
    { name: 'x.own.read', description: { 'zh-CN': '本', en: 'own' }, roles: ['provider_inspector'], ownOrganisationOnly: true },
  ]);
  const inspector = grant({ role: 'provider_inspector', organisationId: 'prov-1', areaId: null });
  const entrusted = [
    { entrustmentId: 'e1', providerId: 'prov-1', services: ['risk_examination'], enterpriseIds: ['ent-1', 'ent-2'], areaId: null },
    { entrustmentId: 'e2', providerId: 'prov-1', services: ['hazard_investigation'], enterpriseIds: [], areaId: 'grid-3' },
    { entrustmentId: 'e3', providerId: 'prov-2', services: ['hazard_investigation'], enterpriseIds: ['ent-9'], areaId: null },
  ];

  it('a provider’s inspector reaches the targets of its own provider’s entrustments only', () => {
    expect(scopeFor([inspector], 'x.enterprise.list', reg, entrusted)).toEqual({
      areaIds: ['grid-3'],
      organisationIds: ['ent-1', 'ent-2'],
    });
  });
  it('a permission tied to services is carried only by entrustments for those services', () => {
    expect(scopeFor([inspector], 'x.hazard.record', reg, entrusted)).toEqual({ areaIds: ['grid-3'], organisationIds: [] });
  });
  it('with no entrustment in force, the permission reaches nothing', () => {
    expect(scopeFor([inspector], 'x.enterprise.list', reg, [])).toEqual({ areaIds: [], organisationIds: [] });
  });
  it('an own-organisation permission reaches the provider itself, not the targets', () => {
    expect(scopeFor([inspector], 'x.own.read', reg, entrusted)).toEqual({ areaIds: [], organisationIds: ['prov-1'] });
  });
  it('names the entrustment that carries a permission over an enterprise', () => {
    const list = reg.get('x.enterprise.list') as PermissionDefinition;
    const record = reg.get('x.hazard.record') as PermissionDefinition;
    expect(entrustmentFor(entrusted, list, { enterpriseId: 'ent-2', areaPath: ['grid-1'] })).toBe('e1');
    expect(entrustmentFor(entrusted, record, { enterpriseId: 'ent-2', areaPath: ['grid-1'] })).toBeNull();
    expect(entrustmentFor(entrusted, record, { enterpriseId: 'ent-5', areaPath: ['grid-3', 'community-1'] })).toBe('e2');
  });
});
