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
