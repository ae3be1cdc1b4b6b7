import { describe, expect, it } from 'vitest';
import { hasValidOrganisationCode, validateCreditCode } from '../modules/directory/credit-code.js';
import {
  DEMO_SIGN_INS,
  type DemoArea,
  type DemoJurisdiction,
  type DemoOrganisation,
  generateDemo,
  type RoleName,
  type Trade,
} from './generate.js';
import { isSimpleRing, type Position, pointInRing, pointStrictlyInPolygon, polygonArea, signedRingArea } from './geometry.js';
import { createRandom } from './random.js';

const demo = generateDemo();
const demo3 = generateDemo({ scale: 3 });

const TRADE_SHARES: Record<Trade, number> = {
  hazardous_chemicals: 0.06,
  warehouse: 0.12,
  workshop: 0.35,
  restaurant: 0.3,
  construction: 0.07,
  transport: 0.1,
};
/** GB/T 4754-2017 divisions (first two digits) that fit each trade. */
const TRADE_DIVISIONS: Record<Trade, string[]> = {
  hazardous_chemicals: ['26', '45', '51'],
  warehouse: ['59'],
  workshop: ['18', '21', '22', '23', '29', '33', '34'],
  restaurant: ['62'],
  construction: ['47', '48', '50'],
  transport: ['54'],
};
const REGULATOR_ROLES: RoleName[] = ['regulator_officer', 'regulator_head'];
const ROLE_KIND: Record<RoleName, DemoOrganisation['kind'][]> = {
  regulator_officer: ['regulator'],
  regulator_head: ['regulator'],
  provider_inspector: ['provider'],
  provider_manager: ['provider'],
  enterprise_principal: ['enterprise'],
  enterprise_safety_manager: ['enterprise'],
  group_lead: ['mutual_aid_group'],
  grid_worker: ['regulator'],
  volunteer: ['regulator'],
};

function ring(area: DemoArea): Position[] {
  if (!area.boundary) throw new Error(`${area.key} has no boundary`);
  return area.boundary.coordinates[0] as Position[];
}

function byLevel(d: DemoJurisdiction, level: DemoArea['level']): DemoArea[] {
  return d.areas.filter((a) => a.level === level);
}

function enterprises(d: DemoJurisdiction): DemoOrganisation[] {
  return d.organisations.filter((o) => o.kind === 'enterprise');
}

/** Collects problems instead of asserting one by one (thousands of `expect` calls would make the suite slow). */
class Problems {
  readonly list: string[] = [];
  check(ok: boolean, message: string): void {
    if (!ok && this.list.length < 50) this.list.push(message);
  }
}

/** Structural checks that must hold for every seed and scale; returns the problems found. */
function integrityProblems(d: DemoJurisdiction): string[] {
  const p = new Problems();
  // Keys unique within and across the three lists.
  const keys = [...d.areas.map((a) => a.key), ...d.organisations.map((o) => o.key), ...d.people.map((x) => x.key)];
  p.check(new Set(keys).size === keys.length, 'duplicate keys');

  // Area tree: parents exist and come first; levels follow city › district › street › community › grid.
  const areaIndex = new Map(d.areas.map((a, i) => [a.key, i]));
  const areas = new Map(d.areas.map((a) => [a.key, a]));
  const parentLevel: Record<DemoArea['level'], DemoArea['level'] | null> = {
    city: null,
    district: 'city',
    street: 'district',
    community: 'street',
    grid: 'community',
  };
  const codeLength: Record<DemoArea['level'], number> = { city: 6, district: 6, street: 9, community: 12, grid: 15 };
  for (const [i, a] of d.areas.entries()) {
    p.check(new RegExp(`^[0-9]{${codeLength[a.level]}}$`).test(a.code), `${a.key}: code ${a.code}`);
    if (a.parentKey === null) {
      p.check(a.level === 'city', `${a.key}: no parent`);
      continue;
    }
    const parent = areas.get(a.parentKey);
    if (!parent) {
      p.check(false, `${a.key}: unknown parent ${a.parentKey}`);
      continue;
    }
    p.check((areaIndex.get(a.parentKey) as number) < i, `${a.key}: parent listed after the child`);
    p.check(parent.level === parentLevel[a.level], `${a.key}: parent level ${parent.level}`);
    // Codes are prefixes of their children's (the district shares the city's first 4 digits).
    if (a.level === 'district') p.check(a.code.slice(0, 4) === parent.code.slice(0, 4), `${a.key}: code ${a.code} under ${parent.code}`);
    else p.check(a.code.startsWith(parent.code), `${a.key}: code ${a.code} under ${parent.code}`);
  }
  p.check(new Set(d.areas.map((a) => a.code)).size === d.areas.length, 'duplicate area codes');
  for (const level of ['city', 'district', 'street'] as const) p.check(byLevel(d, level).length === 1, `not one ${level}`);
  for (const level of ['city', 'district', 'street', 'community', 'grid'] as const) {
    const list = byLevel(d, level);
    p.check(new Set(list.map((a) => a.name)).size === list.length, `duplicate ${level} names`);
    p.check(new Set(list.map((a) => a.nameEn)).size === list.length, `duplicate ${level} English names`);
  }

  // Organisations.
  const orgs = new Map(d.organisations.map((o) => [o.key, o]));
  const codes = d.organisations.map((o) => o.creditCode);
  p.check(new Set(codes).size === codes.length, 'duplicate credit codes');
  const district = byLevel(d, 'district')[0] as DemoArea;
  const street = byLevel(d, 'street')[0] as DemoArea;
  const streetRing = ring(street);
  for (const o of d.organisations) {
    const k = o.key;
    p.check(validateCreditCode(o.creditCode).ok, `${k}: invalid credit code ${o.creditCode}`);
    p.check(hasValidOrganisationCode(o.creditCode), `${k}: bad organisation code in ${o.creditCode}`);
    p.check(o.creditCode.slice(2, 8) === district.code, `${k}: credit code not registered in the district`);
    const area = areas.get(o.areaKey);
    p.check(area !== undefined, `${k}: unknown area ${o.areaKey}`);
    p.check(
      o.address.startsWith(`${district.name}${street.name}`) && /(路|街|大道)[0-9]+号$/.test(o.address),
      `${k}: address ${o.address}`,
    );
    p.check(pointInRing([o.lng, o.lat], streetRing), `${k}: outside the street`);
    if (o.kind === 'enterprise') {
      p.check(area?.level === 'grid', `${k}: area is not a grid`);
      p.check(o.trade !== null && o.size !== null, `${k}: no trade or size`);
      p.check(
        /^[0-9]{4}$/.test(o.industryCode ?? '') && TRADE_DIVISIONS[o.trade as Trade].includes(o.industryCode?.slice(0, 2) ?? ''),
        `${k}: industry ${o.industryCode} for ${o.trade}`,
      );
      p.check(['91', '92'].includes(o.creditCode.slice(0, 2)), `${k}: credit code ${o.creditCode} is not a market subject's`);
    } else {
      p.check(o.trade === null && o.size === null && o.industryCode === null && !o.usesHazardousChemicals, `${k}: enterprise fields set`);
    }
    if (o.kind === 'regulator') {
      p.check(o.department !== null, `${k}: no department`);
      p.check(area?.level === 'street' || area?.level === 'district', `${k}: governs a ${area?.level}`);
      p.check(o.creditCode.startsWith('11'), `${k}: credit code ${o.creditCode} is not a government organ's`);
    } else {
      p.check(o.department === null, `${k}: department set`);
    }
    if (o.kind === 'provider' || o.kind === 'mutual_aid_group' || o.kind === 'rescue_team')
      p.check(o.areaKey === street.key, `${k}: not in the street`);
    if (o.kind === 'mutual_aid_group') {
      p.check(o.memberKeys.length > 0 && o.memberKeys.length <= 40, `${k}: ${o.memberKeys.length} members`);
      p.check(new Set(o.memberKeys).size === o.memberKeys.length, `${k}: duplicate members`);
      p.check(o.leadKey !== null && o.memberKeys.includes(o.leadKey), `${k}: lead not a member`);
      p.check(new Set(o.memberKeys.map((m) => orgs.get(m)?.trade)).size === 1, `${k}: members of several trades`);
      p.check(
        o.memberKeys.every((m) => orgs.get(m)?.kind === 'enterprise'),
        `${k}: a member is not an enterprise`,
      );
    } else {
      p.check(o.memberKeys.length === 0 && o.leadKey === null, `${k}: members outside a group`);
    }
  }
  for (const kind of ['regulator', 'enterprise', 'provider', 'mutual_aid_group', 'rescue_team'] as const) {
    const list = d.organisations.filter((o) => o.kind === kind);
    p.check(new Set(list.map((o) => o.name)).size === list.length, `duplicate ${kind} names`);
    p.check(new Set(list.map((o) => o.nameEn)).size === list.length, `duplicate ${kind} English names`);
  }

  // People and grants.
  p.check(new Set(d.people.map((x) => x.name)).size === d.people.length, 'duplicate person names');
  for (const person of d.people) {
    p.check(person.grants.length > 0, `${person.key}: no grants`);
    for (const g of person.grants) {
      const org = orgs.get(g.organisationKey);
      p.check(org !== undefined && ROLE_KIND[g.role].includes(org.kind), `${person.key}: ${g.role} at ${g.organisationKey}`);
      if (REGULATOR_ROLES.includes(g.role)) p.check(g.areaKey === org?.areaKey, `${person.key}: ${g.role} area ${g.areaKey}`);
      else if (g.role === 'grid_worker')
        p.check(areas.get(g.areaKey ?? '')?.level === 'grid', `${person.key}: grid worker area ${g.areaKey}`);
      else if (g.role === 'volunteer')
        p.check(areas.get(g.areaKey ?? '')?.level === 'community', `${person.key}: volunteer area ${g.areaKey}`);
      else p.check(g.areaKey === null, `${person.key}: ${g.role} with an area`);
    }
  }
  const usernames = d.people.flatMap((x) => (x.username ? [x.username] : [])).sort();
  p.check(JSON.stringify(usernames) === JSON.stringify(DEMO_SIGN_INS.map((s) => s.username).sort()), `usernames ${usernames.join(',')}`);
  return p.list;
}

/** Geometry: closed, counter-clockwise, simple rings; grids tile communities, communities tile the street; enterprises inside their grids. */
function geometryProblems(d: DemoJurisdiction): string[] {
  const p = new Problems();
  for (const a of d.areas) {
    const r = ring(a);
    p.check(r[0]?.[0] === r[r.length - 1]?.[0] && r[0]?.[1] === r[r.length - 1]?.[1], `${a.key}: ring not closed`);
    p.check(signedRingArea(r) > 0, `${a.key}: ring not counter-clockwise`);
    p.check(isSimpleRing(r), `${a.key}: ring not simple`);
  }
  const street = byLevel(d, 'street')[0] as DemoArea;
  const communities = byLevel(d, 'community');
  const grids = byLevel(d, 'grid');
  const area = (a: DemoArea) => polygonArea((a.boundary as NonNullable<DemoArea['boundary']>).coordinates as Position[][]);
  const close = (a: number, b: number) => Math.abs(a - b) / b < 1e-9;
  p.check(
    close(
      communities.reduce((s, c) => s + area(c), 0),
      area(street),
    ),
    'communities do not cover the street',
  );
  for (const c of communities) {
    const mine = grids.filter((g) => g.parentKey === c.key);
    p.check(mine.length >= 4 && mine.length <= 6, `${c.key}: ${mine.length} grids`);
    p.check(
      close(
        mine.reduce((s, g) => s + area(g), 0),
        area(c),
      ),
      `${c.key}: grids do not cover the community`,
    );
  }
  // Random points: inside the street iff in exactly one grid and one community, and that grid is in that community.
  const random = createRandom(7);
  const sr = ring(street);
  const lngs = sr.map((x) => x[0]);
  const lats = sr.map((x) => x[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let k = 0; k < 300; k++) {
    const pt: Position = [random.float(minLng, maxLng), random.float(minLat, maxLat)];
    const inStreet = pointInRing(pt, sr);
    const inGrids = grids.filter((g) => pointInRing(pt, ring(g)));
    const inCommunities = communities.filter((c) => pointInRing(pt, ring(c)));
    p.check(inGrids.length === (inStreet ? 1 : 0) && inCommunities.length === (inStreet ? 1 : 0), `point ${pt} in ${inGrids.length} grids`);
    if (inStreet) p.check(inGrids[0]?.parentKey === inCommunities[0]?.key, `point ${pt}: grid outside its community`);
  }
  // Every enterprise lies strictly inside its grid.
  const areasByKey = new Map(d.areas.map((a) => [a.key, a]));
  for (const e of enterprises(d)) {
    const grid = areasByKey.get(e.areaKey) as DemoArea;
    p.check(
      pointStrictlyInPolygon([e.lng, e.lat], (grid.boundary as NonNullable<DemoArea['boundary']>).coordinates as Position[][]),
      `${e.key}: outside its grid`,
    );
  }
  return p.list;
}

describe('generateDemo', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemo({ seed: 20261122, scale: 1 })).toEqual(demo);
    const other = generateDemo({ seed: 1 });
    expect(other).not.toEqual(demo);
    expect(enterprises(other).map((e) => e.name)).not.toEqual(enterprises(demo).map((e) => e.name));
    expect(byLevel(other, 'street')[0]?.boundary).not.toEqual(byLevel(demo, 'street')[0]?.boundary);
  });

  it('keeps referential integrity, unique keys, names and codes', () => {
    expect(integrityProblems(demo)).toEqual([]);
  });

  it('draws areas that nest and tile exactly, with every enterprise inside its grid', () => {
    expect(geometryProblems(demo)).toEqual([]);
  });

  it('places the street, about 4 km × 3 km, around 120.15 E 30.28 N inside its district and city', () => {
    const street = ring(byLevel(demo, 'street')[0] as DemoArea);
    const lngs = street.map((p) => p[0]);
    const lats = street.map((p) => p[1]);
    const kmX = (Math.max(...lngs) - Math.min(...lngs)) * 111.32 * Math.cos((30.28 * Math.PI) / 180);
    const kmY = (Math.max(...lats) - Math.min(...lats)) * 110.574;
    expect(kmX).toBeGreaterThan(3.5);
    expect(kmX).toBeLessThan(5);
    expect(kmY).toBeGreaterThan(2.6);
    expect(kmY).toBeLessThan(3.8);
    const centre: Position = [(Math.max(...lngs) + Math.min(...lngs)) / 2, (Math.max(...lats) + Math.min(...lats)) / 2];
    expect(Math.abs(centre[0] - 120.15)).toBeLessThan(0.01);
    expect(Math.abs(centre[1] - 30.28)).toBeLessThan(0.01);
    // Irregular: more than the 4 corners of a rectangle.
    expect(street.length).toBeGreaterThan(10);
    for (const level of ['district', 'city'] as const) {
      const outer = ring(byLevel(demo, level)[0] as DemoArea);
      for (const p of street) expect(pointInRing(p, outer)).toBe(true);
    }
  });

  it('uses well-formed administrative codes with a real province prefix', () => {
    const [city] = byLevel(demo, 'city');
    const [district] = byLevel(demo, 'district');
    const [street] = byLevel(demo, 'street');
    expect(city?.code).toMatch(/^33[0-9]{2}00$/);
    expect(district?.code).toMatch(/^33[0-9]{4}$/);
    expect(district?.code.slice(4)).not.toBe('00');
    // Street serials 001-099 are 街道; community serials 001-199 are 社区 (residents' committees).
    expect(Number(street?.code.slice(6))).toBeLessThan(100);
    for (const c of byLevel(demo, 'community')) expect(Number(c.code.slice(9))).toBeLessThan(200);
    expect(byLevel(demo, 'street')[0]?.name).toBe('安澜街道');
  });

  it('has about 8 communities of 4-6 grids, and the expected organisations', () => {
    const communities = byLevel(demo, 'community');
    expect(communities.length).toBeGreaterThanOrEqual(7);
    expect(communities.length).toBeLessThanOrEqual(9);
    const count = (kind: DemoOrganisation['kind']) => demo.organisations.filter((o) => o.kind === kind).length;
    expect(count('enterprise')).toBe(1500);
    expect(count('regulator')).toBe(6);
    expect(count('provider')).toBe(4);
    expect(count('mutual_aid_group')).toBe(4);
    expect(count('rescue_team')).toBe(1);
    const departments = demo.organisations.filter((o) => o.kind === 'regulator').map((o) => o.department);
    expect(new Set(departments)).toEqual(new Set(['emergency', 'transport', 'fire', 'market', 'housing']));
    const streetOffice = demo.organisations.find((o) => o.name === '安澜街道应急管理办公室');
    expect(streetOffice?.areaKey).toBe(byLevel(demo, 'street')[0]?.key);
    expect(streetOffice?.department).toBe('emergency');
  });

  it('mixes trades in the intended proportions, mostly small and micro', () => {
    const list = enterprises(demo);
    for (const [trade, share] of Object.entries(TRADE_SHARES)) {
      const actual = list.filter((e) => e.trade === trade).length / list.length;
      expect(Math.abs(actual - share), trade).toBeLessThanOrEqual(0.03);
    }
    const smallOrMicro = list.filter((e) => e.size === 'small' || e.size === 'micro').length / list.length;
    expect(smallOrMicro).toBeGreaterThan(0.75);
    expect(list.some((e) => e.size === 'large')).toBe(true);
    expect(list.some((e) => e.size === 'medium')).toBe(true);
  });

  it('marks hazardous-chemicals use for every chemicals enterprise and some workshops and warehouses', () => {
    const list = enterprises(demo);
    for (const e of list.filter((x) => x.trade === 'hazardous_chemicals')) expect(e.usesHazardousChemicals).toBe(true);
    for (const trade of ['workshop', 'warehouse'] as const) {
      const of = list.filter((e) => e.trade === trade);
      const users = of.filter((e) => e.usesHazardousChemicals).length;
      expect(users, trade).toBeGreaterThan(0);
      expect(users, trade).toBeLessThan(of.length / 2);
    }
    for (const e of list.filter((x) => x.trade === 'restaurant' || x.trade === 'construction'))
      expect(e.usesHazardousChemicals).toBe(false);
  });

  it('forms mutual-aid groups of 10-40 members of one trade with a lead among them', () => {
    const groups = demo.organisations.filter((o) => o.kind === 'mutual_aid_group');
    const orgs = new Map(demo.organisations.map((o) => [o.key, o]));
    const trades = groups.map((g) => orgs.get(g.memberKeys[0] as string)?.trade);
    expect(new Set(trades)).toEqual(new Set(['hazardous_chemicals', 'transport', 'restaurant', 'workshop']));
    for (const g of groups) {
      expect(g.memberKeys.length).toBeGreaterThanOrEqual(10);
      expect(g.memberKeys.length).toBeLessThanOrEqual(40);
    }
    const restaurants = groups.find((g) => orgs.get(g.memberKeys[0] as string)?.trade === 'restaurant') as DemoOrganisation;
    const areas = new Map(demo.areas.map((a) => [a.key, a]));
    const communitiesOfMembers = new Set(restaurants.memberKeys.map((m) => areas.get(orgs.get(m)?.areaKey as string)?.parentKey));
    expect(communitiesOfMembers.size).toBe(1);
  });

  it('staffs about 200 enterprises, including the first of each trade, one grid worker per grid and about 60 volunteers', () => {
    const principals = new Set(
      demo.people.flatMap((p) => p.grants.filter((g) => g.role === 'enterprise_principal').map((g) => g.organisationKey)),
    );
    const safety = new Set(
      demo.people.flatMap((p) => p.grants.filter((g) => g.role === 'enterprise_safety_manager').map((g) => g.organisationKey)),
    );
    expect(principals).toEqual(safety);
    expect(principals.size).toBeGreaterThanOrEqual(190);
    expect(principals.size).toBeLessThanOrEqual(210);
    for (const trade of Object.keys(TRADE_SHARES)) {
      const first = enterprises(demo).find((e) => e.trade === trade) as DemoOrganisation;
      expect(principals.has(first.key), trade).toBe(true);
    }
    for (const g of demo.organisations.filter((o) => o.kind === 'mutual_aid_group')) {
      const lead = demo.people.find((p) => p.grants.some((x) => x.role === 'group_lead' && x.organisationKey === g.key));
      expect(lead?.grants).toContainEqual({ role: 'enterprise_principal', organisationKey: g.leadKey, areaKey: null });
    }
    const gridWorkers = demo.people.flatMap((p) => p.grants.filter((g) => g.role === 'grid_worker').map((g) => g.areaKey));
    expect(gridWorkers.sort()).toEqual(
      byLevel(demo, 'grid')
        .map((g) => g.key)
        .sort(),
    );
    const volunteers = demo.people.flatMap((p) => p.grants.filter((g) => g.role === 'volunteer').map((g) => g.areaKey));
    expect(volunteers.length).toBeGreaterThanOrEqual(50);
    expect(volunteers.length).toBeLessThanOrEqual(70);
    expect(new Set(volunteers)).toEqual(new Set(byLevel(demo, 'community').map((c) => c.key)));
  });

  it('gives every demo sign-in to exactly one person holding that role where the brief says', () => {
    const orgs = new Map(demo.organisations.map((o) => [o.key, o]));
    const street = byLevel(demo, 'street')[0] as DemoArea;
    const grant = (username: string, role: RoleName) => {
      const holders = demo.people.filter((p) => p.username === username);
      expect(holders, username).toHaveLength(1);
      const g = holders[0]?.grants.find((x) => x.role === role);
      expect(g, `${username} has ${role}`).toBeDefined();
      return { person: holders[0], grant: g as NonNullable<typeof g> };
    };
    for (const { username, role } of DEMO_SIGN_INS) grant(username, role);
    expect(DEMO_SIGN_INS.map((s) => s.username)).toEqual([
      'officer',
      'head',
      'inspector',
      'provider',
      'principal',
      'safety',
      'grouplead',
      'gridworker',
      'volunteer',
    ]);

    const officer = grant('officer', 'regulator_officer').grant;
    expect(orgs.get(officer.organisationKey)?.name).toBe('安澜街道应急管理办公室');
    expect(officer.areaKey).toBe(street.key);
    expect(grant('head', 'regulator_head').grant.organisationKey).toBe(officer.organisationKey);
    const inspector = grant('inspector', 'provider_inspector').grant;
    expect(orgs.get(inspector.organisationKey)?.name).toContain('安全技术咨询');
    expect(grant('provider', 'provider_manager').grant.organisationKey).toBe(inspector.organisationKey);
    const firstHazchem = enterprises(demo).find((e) => e.trade === 'hazardous_chemicals') as DemoOrganisation;
    expect(grant('principal', 'enterprise_principal').grant.organisationKey).toBe(firstHazchem.key);
    expect(grant('safety', 'enterprise_safety_manager').grant.organisationKey).toBe(firstHazchem.key);
    const lead = grant('grouplead', 'group_lead');
    const group = orgs.get(lead.grant.organisationKey) as DemoOrganisation;
    expect(orgs.get(group.leadKey as string)?.trade).toBe('hazardous_chemicals');
    expect(lead.person?.grants).toContainEqual({ role: 'enterprise_principal', organisationKey: group.leadKey, areaKey: null });
    expect(grant('gridworker', 'grid_worker').grant.areaKey).toBe(byLevel(demo, 'grid')[0]?.key);
    expect(grant('volunteer', 'volunteer').grant.areaKey).toBe(byLevel(demo, 'community')[0]?.key);
  });

  it('scales enterprises and grids with the scale option', () => {
    expect(enterprises(demo3)).toHaveLength(4500);
    const ratio = byLevel(demo3, 'grid').length / byLevel(demo, 'grid').length;
    expect(ratio).toBeGreaterThan(2.4);
    expect(ratio).toBeLessThan(3.6);
    expect(integrityProblems(demo3)).toEqual([]);
    expect(geometryProblems(demo3)).toEqual([]);
  });

  it('produces a valid jurisdiction for other seeds and small scales', () => {
    for (const [seed, scale] of [
      [1, 1],
      [2, 0.5],
      [3, 0.2],
      [4, 1.5],
      [5, 0.1],
    ] as const) {
      const d = generateDemo({ seed, scale });
      expect(integrityProblems(d), `seed ${seed}`).toEqual([]);
      expect(geometryProblems(d), `seed ${seed}`).toEqual([]);
    }
  });

  it('has checks that notice broken data', () => {
    const broken = structuredClone(demo);
    const [a, b] = enterprises(broken) as [DemoOrganisation, DemoOrganisation];
    const other = enterprises(broken).find((e) => e.areaKey !== a.areaKey) as DemoOrganisation;
    a.lng = other.lng;
    a.lat = other.lat;
    b.creditCode = `${b.creditCode.slice(0, 17)}${b.creditCode.endsWith('0') ? '1' : '0'}`;
    (broken.areas[5] as DemoArea).parentKey = 'nowhere';
    (broken.people[0] as DemoJurisdiction['people'][number]).username = null;
    const problems = [...integrityProblems(broken), ...geometryProblems(broken)].join('\n');
    expect(problems).toContain(`${a.key}: outside its grid`);
    expect(problems).toContain(`${b.key}: invalid credit code`);
    expect(problems).toContain('unknown parent nowhere');
    expect(problems).toContain('usernames');
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ scale: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ scale: -1 })).toThrow(RangeError);
    expect(() => generateDemo({ scale: Number.NaN })).toThrow(RangeError);
    expect(() => generateDemo({ seed: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
