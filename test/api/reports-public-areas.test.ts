import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The outlines the public report form's map opens on: the jurisdiction's streets and communities,
 * to anyone without an account, with names and outlines only.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(async () => app?.close());

describe('GET /api/v1/public/reports/areas', () => {
  it('answers street and community outlines without an account, and nothing else', async () => {
    const res = await app.http.inject({ url: '/api/v1/public/reports/areas' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      type: string;
      features: { type: string; id: string; geometry: { type: string } | null; properties: Record<string, unknown> }[];
    };
    expect(body.type).toBe('FeatureCollection');
    const levels = new Set(body.features.map((f) => f.properties.level));
    expect(levels.has('street')).toBe(true);
    expect([...levels].every((l) => l === 'street' || l === 'community')).toBe(true);
    for (const f of body.features) {
      expect(f.geometry?.type).toMatch(/Polygon$/);
      expect(Object.keys(f.properties).sort()).toEqual(['code', 'id', 'level', 'name', 'nameEn', 'parentId']);
    }
    // The same outlines the signed-in map draws, less the levels above the street and the grids below.
    const officer = await app.signIn('officer');
    const full = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: officer })).json() as typeof body;
    const expected = full.features.filter(
      (f) => f.geometry !== null && (f.properties.level === 'street' || f.properties.level === 'community'),
    );
    expect(body.features.map((f) => f.id).sort()).toEqual(expected.map((f) => f.id).sort());
  });
});
