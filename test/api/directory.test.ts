import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(async () => app?.close());

type Page = { items: { id: string; areaId: string; name: string; creditCode: string; trade: string }[]; total: number };

describe('the demo jurisdiction', () => {
  it('is a street of communities and grids with boundaries', async () => {
    const auth = await app.signIn('volunteer');
    const res = await app.http.inject({ url: '/api/v1/areas/geojson', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const fc = res.json() as { features: { properties: { level: string; code: string }; geometry: { type: string } | null }[] };
    const levels = fc.features.map((f) => f.properties.level);
    expect(levels.filter((l) => l === 'street')).toHaveLength(1);
    expect(levels.filter((l) => l === 'community').length).toBeGreaterThanOrEqual(5);
    expect(levels.filter((l) => l === 'grid').length).toBeGreaterThanOrEqual(20);
    for (const f of fc.features.filter((x) => x.properties.level !== 'city' && x.properties.level !== 'district')) {
      expect(f.geometry?.type).toBe('Polygon');
    }
  });

  it('has about 1,500 enterprises across the trades', async () => {
    const auth = await app.signIn('officer');
    const summary = (await app.http.inject({ url: '/api/v1/directory/summary', headers: auth })).json();
    expect(summary.enterprises.total).toBeGreaterThanOrEqual(1400);
    expect(summary.enterprises.total).toBeLessThanOrEqual(1600);
    for (const trade of ['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport']) {
      expect(summary.enterprises.byTrade[trade]).toBeGreaterThan(0);
    }
    expect(summary.organisations.regulator).toBeGreaterThan(0);
    expect(summary.organisations.provider).toBeGreaterThan(0);
    expect(summary.organisations.mutual_aid_group).toBeGreaterThan(0);
  });

  it('the area view needs a sign-in', async () => {
    expect((await app.http.inject({ url: '/api/v1/areas/geojson' })).statusCode).toBe(401);
  });
});

describe('listing enterprises reaches exactly the caller’s scope', () => {
  it('the street officer sees every enterprise of the street', async () => {
    const auth = await app.signIn('officer');
    const page = (await app.http.inject({ url: '/api/v1/enterprises?limit=5', headers: auth })).json() as Page;
    const all = (
      await sql<{ n: number }>`select count(*)::int as n from directory.organisation where kind = 'enterprise'`.execute(app.database.db)
    ).rows[0]?.n;
    expect(page.total).toBe(all);
    expect(page.items).toHaveLength(5);
  });

  it('a grid worker sees only the enterprises of their grid', async () => {
    const auth = await app.signIn('gridworker');
    const session = (await app.http.inject({ url: '/api/v1/session', headers: auth })).json();
    const gridId = session.grants.find((g: { role: string }) => g.role === 'grid_worker').areaId as string;
    const page = (await app.http.inject({ url: '/api/v1/enterprises?limit=100', headers: auth })).json() as Page;
    const inGrid = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from directory.organisation where kind = 'enterprise' and area_id = ${gridId}`.execute(app.database.db)
    ).rows[0]?.n;
    expect(page.total).toBe(inGrid);
    expect(page.total).toBeGreaterThan(0);
    for (const item of page.items) expect(item.areaId).toBe(gridId);
  });

  it('a provider’s inspector with no entrustment in force lists none', async () => {
    const auth = await app.signIn('inspector');
    const res = await app.http.inject({ url: '/api/v1/enterprises', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [], total: 0 });
  });

  it.each(['principal', 'volunteer'])('%s may not list enterprises', async (username) => {
    const auth = await app.signIn(username);
    const res = await app.http.inject({ url: '/api/v1/enterprises', headers: auth });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.forbidden');
  });

  it('searches by name and by credit code, and filters by trade and area', async () => {
    const auth = await app.signIn('officer');
    const first = ((await app.http.inject({ url: '/api/v1/enterprises?trade=hazardous_chemicals&limit=1', headers: auth })).json() as Page)
      .items[0];
    expect(first?.trade).toBe('hazardous_chemicals');
    const byCode = (await app.http.inject({ url: `/api/v1/enterprises?q=${first?.creditCode}`, headers: auth })).json() as Page;
    expect(byCode.items.map((i) => i.id)).toEqual([first?.id]);
    const byName = (
      await app.http.inject({ url: `/api/v1/enterprises?q=${encodeURIComponent(first?.name ?? '')}`, headers: auth })
    ).json() as Page;
    expect(byName.items.map((i) => i.id)).toContain(first?.id);
    const byArea = (await app.http.inject({ url: `/api/v1/enterprises?areaId=${first?.areaId}&limit=100`, headers: auth })).json() as Page;
    for (const item of byArea.items) expect(item.areaId).toBe(first?.areaId);
    const wildcard = (await app.http.inject({ url: '/api/v1/enterprises?q=%25', headers: auth })).json() as Page;
    expect(wildcard.total).toBe(0);
  });
});

describe('one’s own organisation', () => {
  it('an enterprise principal sees their enterprise', async () => {
    const auth = await app.signIn('principal');
    const res = await app.http.inject({ url: '/api/v1/organisations/mine', headers: auth });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { kind: string; trade: string; creditCode: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'enterprise', trade: 'hazardous_chemicals' });
    expect(items[0]?.creditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
  });

  it('the group lead sees both the group and their enterprise', async () => {
    const auth = await app.signIn('grouplead');
    const kinds = ((await app.http.inject({ url: '/api/v1/organisations/mine', headers: auth })).json().items as { kind: string }[])
      .map((i) => i.kind)
      .sort();
    expect(kinds).toEqual(['enterprise', 'mutual_aid_group']);
  });
});

describe('exporting the register', () => {
  it('gives the officer every enterprise of the street as CSV that Excel reads', async () => {
    const auth = await app.signIn('officer');
    const res = await app.http.inject({ url: '/api/v1/enterprises/export.csv?trade=restaurant', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\uFEFF统一社会信用代码,单位名称')).toBe(true);
    const n = (
      await sql<{ n: number }>`select count(*)::int as n from directory.organisation where trade = 'restaurant'`.execute(app.database.db)
    ).rows[0]?.n;
    expect(res.body.trim().split('\r\n')).toHaveLength((n ?? 0) + 1);
  });
  it('gives a grid worker only their grid', async () => {
    const auth = await app.signIn('gridworker');
    const listed = (await app.http.inject({ url: '/api/v1/enterprises?limit=1', headers: auth })).json().total as number;
    const csv = (await app.http.inject({ url: '/api/v1/enterprises/export.csv', headers: auth })).body;
    expect(csv.trim().split('\r\n')).toHaveLength(listed + 1);
  });
});

describe('mutual-aid groups', () => {
  it('the officer sees every group of the street; the group lead only their own, with its members', async () => {
    const officer = await app.signIn('officer');
    const all = (await app.http.inject({ url: '/api/v1/groups', headers: officer })).json().items as { id: string; members: number }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const lead = await app.signIn('grouplead');
    const mine = (await app.http.inject({ url: '/api/v1/groups', headers: lead })).json().items as { id: string; leadName: string }[];
    expect(mine).toHaveLength(1);
    const members = (await app.http.inject({ url: `/api/v1/groups/${mine[0]?.id}/members`, headers: lead })).json().items as {
      isLead: boolean;
      trade: string;
    }[];
    expect(members.filter((m) => m.isLead)).toHaveLength(1);
    expect(members.every((m) => m.trade === 'hazardous_chemicals')).toBe(true);
    const other = all.find((g) => g.id !== mine[0]?.id);
    expect((await app.http.inject({ url: `/api/v1/groups/${other?.id}/members`, headers: lead })).statusCode).toBe(404);
  });
});

describe('redrawing a boundary', () => {
  it('re-places the enterprises the new boundary takes in, audited, in one transaction', async () => {
    const head = await app.signIn('head');
    const areas = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: head })).json().features as {
      properties: { id: string; parentId: string; level: string };
      geometry: { coordinates: [number, number][][] };
    }[];
    const grids = areas.filter((f) => f.properties.level === 'grid');
    const [a, b] = grids.filter((g) => g.properties.parentId === grids[0]?.properties.parentId);
    if (!a || !b) throw new Error('need two grids in one community');
    // Grid A takes in all of grid B: A's new boundary is the bounding box of both.
    const points = [...(a.geometry.coordinates[0] ?? []), ...(b.geometry.coordinates[0] ?? [])];
    const lngs = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
    const inB = (
      await sql<{ n: number }>`select count(*)::int as n from directory.organisation where area_id = ${b.properties.id}`.execute(
        app.database.db,
      )
    ).rows[0]?.n;
    const res = await app.http.inject({
      method: 'PUT',
      url: `/api/v1/areas/${a.properties.id}/boundary`,
      headers: head,
      payload: {
        boundary: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().enterprisesMoved).toBeGreaterThanOrEqual(inB ?? 0);
    const leftInB = (
      await sql<{ n: number }>`select count(*)::int as n from directory.organisation where area_id = ${b.properties.id}`.execute(
        app.database.db,
      )
    ).rows[0]?.n;
    expect(leftInB).toBe(0);
    const relocations = (
      await sql<{ n: number }>`select count(*)::int as n from audit.entry where action = 'directory.enterprise.relocate'`.execute(
        app.database.db,
      )
    ).rows[0]?.n;
    expect(relocations).toBe(res.json().enterprisesMoved);
  });
  it('only a regulator head may redraw, and a bad polygon is refused naming the field', async () => {
    const officer = await app.signIn('officer');
    const any = '00000000-0000-4000-8000-000000000000';
    expect(
      (
        await app.http.inject({
          method: 'PUT',
          url: `/api/v1/areas/${any}/boundary`,
          headers: officer,
          payload: { boundary: { type: 'Polygon', coordinates: [] } },
        })
      ).statusCode,
    ).toBe(403);
    const head = await app.signIn('head');
    const bad = await app.http.inject({
      method: 'PUT',
      url: `/api/v1/areas/${any}/boundary`,
      headers: head,
      payload: { boundary: { type: 'Circle' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^boundary/);
  });
});

describe('an organisation’s record', () => {
  it('is open to its own people and to those who govern it, and to nobody else', async () => {
    const principal = await app.signIn('principal');
    const mine = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id as string;
    const own = await app.http.inject({ url: `/api/v1/organisations/${mine}`, headers: principal });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: mine, kind: 'enterprise', licences: [] });
    const officer = await app.signIn('officer');
    expect((await app.http.inject({ url: `/api/v1/organisations/${mine}`, headers: officer })).json().abilities).toEqual({
      readHistory: true,
      edit: true,
    });
    expect((await app.http.inject({ url: `/api/v1/organisations/${mine}`, headers: principal })).json().abilities).toEqual({
      readHistory: false,
      edit: false,
    });
    const gridworker = await app.signIn('gridworker');
    const outside = (
      await sql<{ id: string }>`
      select o.id from directory.organisation o where o.kind = 'enterprise'
      and o.area_id <> (select area_id from access.grant g join access.account a on a.person_id = g.person_id where a.username = 'gridworker' limit 1)
      limit 1`.execute(app.database.db)
    ).rows[0]?.id;
    expect((await app.http.inject({ url: `/api/v1/organisations/${outside}`, headers: gridworker })).statusCode).toBe(404);
    const volunteer = await app.signIn('volunteer');
    expect((await app.http.inject({ url: `/api/v1/organisations/${mine}`, headers: volunteer })).statusCode).toBe(404);
  });
});
