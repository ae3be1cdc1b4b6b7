import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, grade } from '../modules/risks/index.js';
import { generateDemo } from './generate.js';
import { generateRiskDemo } from './risks.js';

const demo = generateDemo({ scale: 0.2 });
const enterprises = demo.organisations
  .filter((o) => o.kind === 'enterprise')
  .map((o, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, key: o.key, trade: o.trade, lng: o.lng, lat: o.lat }));
const signedIn = new Set(demo.people.filter((p) => p.username !== null).flatMap((p) => p.grants.map((g) => g.organisationKey)));
const now = new Date('2026-06-01T00:00:00Z');
const options = { seed: 1, now, schemeId: 'scheme', capped: signedIn };

describe('the demo risk registers', () => {
  const data = generateRiskDemo(enterprises, options);

  it('are the same for the same seed', () => {
    expect(generateRiskDemo(enterprises, options)).toEqual(data);
    expect(generateRiskDemo(enterprises, { ...options, seed: 2 })).not.toEqual(data);
  });

  it('give every enterprise one to three risk points, each graded as the default scheme grades its LEC inputs', () => {
    const perEnterprise = new Map<string, number>();
    for (const p of data.points) perEnterprise.set(p.enterpriseId, (perEnterprise.get(p.enterpriseId) ?? 0) + 1);
    expect(perEnterprise.size).toBe(enterprises.length);
    for (const n of perEnterprise.values()) expect(n).toBeGreaterThanOrEqual(1);
    for (const n of perEnterprise.values()) expect(n).toBeLessThanOrEqual(3);
    const byPoint = new Map(data.assessments.map((a) => [a.riskPointId, a]));
    for (const p of data.points) {
      const a = byPoint.get(p.id);
      expect(a?.id).toBe(p.assessmentId);
      const lec = a?.graded.lec;
      const regraded = lec ? grade(DEFAULT_SCHEME, { lec: { l: lec.l, e: lec.e, c: lec.c } }) : null;
      expect(regraded?.ok && regraded.graded.level).toBe(p.level);
    }
  });

  it('use all four colours across the street', () => {
    expect(new Set(data.points.map((p) => p.level))).toEqual(new Set(['major', 'high', 'moderate', 'low']));
  });

  it('keep the enterprises where demo users sign in at yellow or below', () => {
    const capped = new Set(enterprises.filter((e) => signedIn.has(e.key)).map((e) => e.id));
    expect(capped.size).toBeGreaterThan(0);
    for (const p of data.points.filter((x) => capped.has(x.enterpriseId))) expect(['moderate', 'low']).toContain(p.level);
  });

  it('give every point hazard sources and control measures whose next check follows the last', () => {
    const points = new Set(data.points.map((p) => p.id));
    expect(new Set(data.sources.map((s) => s.riskPointId))).toEqual(points);
    expect(new Set(data.measures.map((m) => m.riskPointId))).toEqual(points);
    for (const m of data.measures) {
      expect(m.nextDueAt.getTime()).toBeGreaterThan((m.lastCheckedAt ?? m.at).getTime());
      if (m.lastCheckedAt) expect(m.lastCheckedAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    expect(new Set(data.measures.map((m) => m.id)).size).toBe(data.measures.length);
  });
});
