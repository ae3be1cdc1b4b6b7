import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInGeometry } from '../../src/modules/directory/directory.rules.js';
import type { Geometry } from '../../src/modules/directory/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Changing the directory after registration: an enterprise's register record, the area tree with its counts, and
 * the members and lead of mutual-aid groups. Each change is authorised against the mandate and audited.
 */
let app: TestApp;
let officer: Record<string, string>;
let head: Record<string, string>;

type Area = { id: string; parentId: string | null; level: string; code: string; name: string; geometry: Geometry | null };
let areas: Area[];

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  head = await app.signIn('head');
  const fc = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: officer })).json() as {
    features: { geometry: Geometry | null; properties: Omit<Area, 'geometry'> }[];
  };
  areas = fc.features.map((f) => ({ ...f.properties, geometry: f.geometry }));
});
afterAll(async () => app?.close());

const db = () => app.database.db;

/** A point inside the area: its bounding box's centre, nudged until the polygon holds it. */
function pointIn(area: Area): { lng: number; lat: number } {
  const ring = area.geometry?.type === 'Polygon' ? area.geometry.coordinates[0] : area.geometry?.coordinates[0]?.[0];
  if (!ring || !area.geometry) throw new Error(`area ${area.name} has no boundary`);
  const lngs = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const point = { lng: x0 + ((x1 - x0) * i) / 20, lat: y0 + ((y1 - y0) * j) / 20 };
      if (pointInGeometry(point, area.geometry)) return point;
    }
  }
  throw new Error(`no point found inside ${area.name}`);
}

const auditOf = async (targetId: string, action: string) =>
  (
    await sql<{ before: Record<string, unknown> | null; after: Record<string, unknown> | null; actor: { username: string } }>`
      select before, after, actor from audit.entry where target_id = ${targetId} and action = ${action} order by seq`.execute(db())
  ).rows;

/** A located enterprise of the demo, with the grid it is in. */
async function locatedEnterprise(offset = 0) {
  const row = (
    await sql<{ id: string; area_id: string; name: string }>`
      select id, area_id, name from directory.organisation
      where kind = 'enterprise' and lng is not null order by credit_code offset ${offset} limit 1`.execute(db())
  ).rows[0];
  if (!row) throw new Error('no located enterprise in the demo');
  return row;
}

const patch = (id: string, payload: Record<string, unknown>, auth = officer, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'PATCH', url: `/api/v1/enterprises/${id}`, headers: { ...auth, ...headers }, payload });

/** A new regulator officer who governs one community only. */
async function communityOfficer(community: Area, username: string) {
  const session = (await app.http.inject({ url: '/api/v1/session', headers: head })).json();
  const office = session.grants.find((g: { role: string }) => g.role === 'regulator_head').organisation.id as string;
  const person = await app.http.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: head,
    payload: { name: `社区监管员${username}` },
  });
  const personId = person.json().id as string;
  const grant = await app.http.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/grants`,
    headers: head,
    payload: { role: 'regulator_officer', organisationId: office, areaId: community.id },
  });
  expect(grant.statusCode).toBe(201);
  await app.http.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/account`,
    headers: head,
    payload: { username, password: 'a-long-password' },
  });
  return app.signIn(username, 'a-long-password');
}

describe('changing an enterprise’s register record', () => {
  it('the officer changes fields; the answer shows them, and the audit entry holds the changed fields before and after', async () => {
    const e = await locatedEnterprise();
    const res = await patch(e.id, {
      name: `${e.name}（更名）`,
      supervisionClass: 'A',
      principalName: '周主任',
      licences: [{ kind: '危险化学品经营许可证', number: '沪安经（2026）001', validUntil: '2028-12-31' }],
      industryCode: 'C2614',
      usesHazardousChemicals: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: e.id,
      name: `${e.name}（更名）`,
      supervisionClass: 'A',
      principalName: '周主任',
      industryCode: '2614',
      licences: [{ kind: '危险化学品经营许可证', number: '沪安经（2026）001', validUntil: '2028-12-31' }],
      areaId: e.area_id,
      abilities: { edit: true },
    });
    const [entry] = await auditOf(e.id, 'directory.enterprise.edit');
    expect(entry?.actor.username).toBe('officer');
    expect(entry?.before).toMatchObject({ name: e.name, supervisionClass: null, principalName: null });
    expect(entry?.after).toMatchObject({ name: `${e.name}（更名）`, supervisionClass: 'A', principalName: '周主任' });
    expect(Object.keys(entry?.after ?? {})).not.toContain('address');
    const record = (await app.http.inject({ url: `/api/v1/organisations/${e.id}`, headers: officer })).json();
    expect(record).toMatchObject({ supervisionClass: 'A', principalName: '周主任', abilities: { edit: true } });
  });

  it('the same values again change nothing and write nothing', async () => {
    const e = await locatedEnterprise();
    const before = (await auditOf(e.id, 'directory.enterprise.edit')).length;
    const res = await patch(e.id, { supervisionClass: 'A', principalName: '周主任' });
    expect(res.statusCode).toBe(200);
    expect((await patch(e.id, {})).statusCode).toBe(200);
    expect((await auditOf(e.id, 'directory.enterprise.edit')).length).toBe(before);
  });

  it('a new location re-places the enterprise in the grid that holds it', async () => {
    const e = await locatedEnterprise(1);
    const target = areas.find((a) => a.level === 'grid' && a.id !== e.area_id && a.geometry) as Area;
    const point = pointIn(target);
    const res = await patch(e.id, point);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ areaId: target.id, areaName: target.name, lng: point.lng, lat: point.lat });
    const [entry] = await auditOf(e.id, 'directory.enterprise.edit');
    expect(entry?.before).toMatchObject({ areaId: e.area_id });
    expect(entry?.after).toMatchObject({ areaId: target.id, relocatedBy: 'location' });
    // The list under the new grid holds it now.
    const page = (await app.http.inject({ url: `/api/v1/enterprises?areaId=${target.id}&limit=100`, headers: officer })).json();
    expect(page.items.map((i: { id: string }) => i.id)).toContain(e.id);
  });

  it('a bad field is refused with a problem naming it, and nothing changes', async () => {
    const e = await locatedEnterprise(2);
    const stored = async () =>
      (await sql`select name, lng, lat, area_id, industry_code, updated_at from directory.organisation where id = ${e.id}`.execute(db()))
        .rows[0];
    const before = await stored();
    const entries = (await auditOf(e.id, 'directory.enterprise.edit')).length;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ lng: 121.5 }, 422, 'lat'],
      [{ lng: 80, lat: 40 }, 422, 'lng'],
      [{ industryCode: '26' }, 400, 'industryCode'],
      [{ creditCode: '91310000MA1FL0000X' }, 400, 'creditCode'],
      [{ name: '' }, 400, 'name'],
      [{ supervisionClass: 'E' }, 400, 'supervisionClass'],
      [{ areaId: e.area_id }, 422, 'areaId'],
      [{ licences: [{ kind: '营业执照' }] }, 400, 'licences.0.number'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await patch(e.id, { name: '不应保存的名称', ...payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        (res.json().errors as { field: string }[]).map((x) => x.field),
        JSON.stringify(payload),
      ).toContain(field);
    }
    expect(await stored()).toEqual(before);
    expect((await auditOf(e.id, 'directory.enterprise.edit')).length).toBe(entries);
  });

  it('an officer of one community may change its enterprises only, and may not move one out of it', async () => {
    const community = areas.find((a) => a.level === 'community') as Area;
    const other = areas.find((a) => a.level === 'community' && a.id !== community.id) as Area;
    const gridsOf = (c: Area) => areas.filter((a) => a.parentId === c.id).map((a) => a.id);
    const inside = (
      await sql<{
        id: string;
      }>`select id from directory.organisation where kind = 'enterprise' and area_id in (${sql.join(gridsOf(community))}) limit 1`.execute(
        db(),
      )
    ).rows[0]?.id as string;
    const outside = (
      await sql<{
        id: string;
      }>`select id from directory.organisation where kind = 'enterprise' and area_id in (${sql.join(gridsOf(other))}) limit 1`.execute(db())
    ).rows[0]?.id as string;
    const local = await communityOfficer(community, 'community-officer');
    expect((await patch(inside, { address: '社区内的新地址' }, local)).statusCode).toBe(200);
    expect((await patch(outside, { address: '不应保存' }, local)).statusCode).toBe(404);
    const away = await patch(inside, pointIn(areas.find((a) => a.parentId === other.id && a.geometry) as Area), local);
    expect(away.statusCode).toBe(422);
    expect(away.json().errors).toEqual([expect.objectContaining({ field: 'lng', detail: 'lies outside the area you govern' })]);

    const list = (await app.http.inject({ url: '/api/v1/enterprises?limit=100', headers: local })).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { abilities: { edit: boolean } }) => i.abilities.edit)).toBe(true);
  });

  it('a grid worker lists enterprises but may change none', async () => {
    const gridworker = await app.signIn('gridworker');
    const list = (await app.http.inject({ url: '/api/v1/enterprises?limit=5', headers: gridworker })).json();
    expect(list.items.map((i: { abilities: { edit: boolean } }) => i.abilities.edit)).toEqual(list.items.map(() => false));
    expect((await patch(list.items[0].id, { address: '不应保存' }, gridworker)).statusCode).toBe(403);
    const officerList = (await app.http.inject({ url: '/api/v1/enterprises?limit=5', headers: officer })).json();
    expect(officerList.items.every((i: { abilities: { edit: boolean } }) => i.abilities.edit)).toBe(true);
  });
});

describe('the area tree', () => {
  it('lists every area with its code and the enterprises in and below it', async () => {
    const volunteer = await app.signIn('volunteer');
    const res = await app.http.inject({ url: '/api/v1/areas/tree', headers: volunteer });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; parentId: string | null; level: string; code: string; enterprises: number }[];
    expect(items).toHaveLength(areas.length);
    const total = (await sql<{ n: number }>`select count(*)::int as n from directory.organisation where kind = 'enterprise'`.execute(db()))
      .rows[0]?.n;
    const street = items.find((i) => i.level === 'street');
    expect(street?.enterprises).toBe(total);
    expect(street?.code).toMatch(/^\d{9}$/);
    for (const community of items.filter((i) => i.level === 'community')) {
      expect(community.code).toMatch(/^\d{12}$/);
      const grids = items.filter((i) => i.parentId === community.id);
      expect(community.enterprises).toBe(grids.reduce((sum, g) => sum + g.enterprises, 0));
    }
  });

  it('needs a sign-in', async () => {
    expect((await app.http.inject({ url: '/api/v1/areas/tree' })).statusCode).toBe(401);
  });
});

describe('changing a mutual-aid group’s members', () => {
  type Group = { id: string; name: string; areaId: string; abilities: { manageMembers: boolean; setLead: boolean } };
  type Member = { id: string; name: string; isLead: boolean };
  let lead: Record<string, string>;
  let group: Group;
  const members = async (auth = officer) =>
    (await app.http.inject({ url: `/api/v1/groups/${group.id}/members`, headers: auth })).json().items as Member[];

  beforeAll(async () => {
    lead = await app.signIn('grouplead');
    group = (await app.http.inject({ url: '/api/v1/groups', headers: lead })).json().items[0] as Group;
  });

  it('the group lead may manage its members but not set its lead; the officer may do both', async () => {
    expect(group.abilities).toEqual({ manageMembers: true, setLead: false });
    const all = (await app.http.inject({ url: '/api/v1/groups', headers: officer })).json().items as Group[];
    expect(all.every((g) => g.abilities.manageMembers && g.abilities.setLead)).toBe(true);
  });

  it('the group lead adds an enterprise of the group’s area, audited', async () => {
    const candidates = (await app.http.inject({ url: `/api/v1/groups/${group.id}/candidates?limit=5`, headers: lead })).json().items as {
      id: string;
      name: string;
    }[];
    expect(candidates).toHaveLength(5);
    const current = await members(lead);
    expect(candidates.some((c) => current.some((m) => m.id === c.id))).toBe(false);
    const newcomer = candidates[0] as { id: string; name: string };
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      headers: lead,
      payload: { enterpriseId: newcomer.id },
    });
    expect(res.statusCode).toBe(201);
    expect((res.json().items as Member[]).map((m) => m.id)).toContain(newcomer.id);
    expect((await members()).length).toBe(current.length + 1);
    const [entry] = await auditOf(group.id, 'directory.group.add_member');
    expect(entry).toMatchObject({ after: { enterpriseId: newcomer.id, enterpriseName: newcomer.name }, actor: { username: 'grouplead' } });

    const again = await app.http.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      headers: lead,
      payload: { enterpriseId: newcomer.id },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('directory.group_already_member');
  });

  it('refuses an organisation that is not an enterprise, naming the field', async () => {
    const provider = (await sql<{ id: string }>`select id from directory.organisation where kind = 'provider' limit 1`.execute(db()))
      .rows[0]?.id;
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      headers: lead,
      payload: { enterpriseId: provider },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'enterpriseId' })]);
  });

  it('the lead enterprise cannot be removed; another member can', async () => {
    const current = await members(lead);
    const theLead = current.find((m) => m.isLead) as Member;
    const refused = await app.http.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${theLead.id}`, headers: lead });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('directory.group_lead_stays');
    const leaving = current.find((m) => !m.isLead) as Member;
    const res = await app.http.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${leaving.id}`, headers: lead });
    expect(res.statusCode).toBe(200);
    expect((res.json().items as Member[]).map((m) => m.id)).not.toContain(leaving.id);
    expect(await auditOf(group.id, 'directory.group.remove_member')).toEqual([
      expect.objectContaining({ before: { enterpriseId: leaving.id, enterpriseName: leaving.name } }),
    ]);
  });

  it('only a regulator sets the lead; the old lead may then leave', async () => {
    const current = await members();
    const oldLead = current.find((m) => m.isLead) as Member;
    const next = current.find((m) => !m.isLead) as Member;
    const byLead = await app.http.inject({
      method: 'PUT',
      url: `/api/v1/groups/${group.id}/lead`,
      headers: lead,
      payload: { enterpriseId: next.id },
    });
    expect(byLead.statusCode).toBe(403);
    const res = await app.http.inject({
      method: 'PUT',
      url: `/api/v1/groups/${group.id}/lead`,
      headers: officer,
      payload: { enterpriseId: next.id },
    });
    expect(res.statusCode).toBe(200);
    expect((res.json().items as Member[]).filter((m) => m.isLead).map((m) => m.id)).toEqual([next.id]);
    expect(await auditOf(group.id, 'directory.group.set_lead')).toEqual([
      expect.objectContaining({ before: { leadId: oldLead.id, leadName: oldLead.name }, after: { leadId: next.id, leadName: next.name } }),
    ]);
    const groups = (await app.http.inject({ url: '/api/v1/groups', headers: officer })).json().items as (Group & { leadName: string })[];
    expect(groups.find((g) => g.id === group.id)?.leadName).toBe(next.name);
    const leaves = await app.http.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${oldLead.id}`, headers: officer });
    expect(leaves.statusCode).toBe(200);
  });

  it('a group lead reaches no other group, and a volunteer none at all', async () => {
    const all = (await app.http.inject({ url: '/api/v1/groups', headers: officer })).json().items as Group[];
    const other = all.find((g) => g.id !== group.id) as Group;
    const enterprise = (await locatedEnterprise(10)).id;
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/groups/${other.id}/members`,
      headers: lead,
      payload: { enterpriseId: enterprise },
    });
    expect(res.statusCode).toBe(404);
    expect((await app.http.inject({ url: `/api/v1/groups/${other.id}/candidates`, headers: lead })).statusCode).toBe(404);
    const volunteer = await app.signIn('volunteer');
    expect(
      (
        await app.http.inject({
          method: 'POST',
          url: `/api/v1/groups/${other.id}/members`,
          headers: volunteer,
          payload: { enterpriseId: enterprise },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the chain still holds after all these changes', async () => {
    expect((await app.http.inject({ url: '/api/v1/audit/verify', headers: officer })).json().ok).toBe(true);
  });
});
