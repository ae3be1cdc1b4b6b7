import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.js';
import { cumulativeCounts, type LocatableArea, locate, pointInGeometry } from './directory.rules.js';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('point in polygon', () => {
  const donut = { type: 'Polygon' as const, coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] };
  it.each([
    [[5, 1], true],
    [[5, 5], false],
    [[11, 5], false],
    [[-0.001, 5], false],
    [[9.999, 9.999], true],
  ] as const)('%j in a square with a hole → %s', ([lng, lat], expected) => {
    expect(pointInGeometry({ lng, lat }, donut)).toBe(expected);
  });
  it('multi-polygons hold a point in any part', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] };
    expect(pointInGeometry({ lng: 5.5, lat: 5.5 }, multi)).toBe(true);
    expect(pointInGeometry({ lng: 3, lat: 3 }, multi)).toBe(false);
  });
});

describe('locating a point in the jurisdiction', () => {
  const demo = generateDemo({ scale: 1 });
  const areas: LocatableArea[] = demo.areas.map((a) => ({ id: a.key, level: a.level, boundary: a.boundary }));

  it('finds the grid of every demo enterprise from its location', () => {
    for (const o of demo.organisations.filter((x) => x.kind === 'enterprise')) {
      expect(locate({ lng: o.lng, lat: o.lat }, areas), o.key).toBe(o.areaKey);
    }
  });
  it('a point outside every boundary is nowhere', () => {
    expect(locate({ lng: 100, lat: 20 }, areas)).toBeNull();
  });
  it('prefers the deepest area', () => {
    const nested: LocatableArea[] = [
      { id: 'street', level: 'street', boundary: { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] } },
      { id: 'grid', level: 'grid', boundary: { type: 'Polygon', coordinates: [square(0, 0, 5, 5)] } },
    ];
    expect(locate({ lng: 1, lat: 1 }, nested)).toBe('grid');
    expect(locate({ lng: 7, lat: 7 }, nested)).toBe('street');
  });
});

describe('enterprise counts of the area tree', () => {
  const areas = [
    { id: 'grid-a', parentId: 'community-1' },
    { id: 'street', parentId: 'district' },
    { id: 'community-1', parentId: 'street' },
    { id: 'community-2', parentId: 'street' },
    { id: 'grid-b', parentId: 'community-1' },
    { id: 'grid-c', parentId: 'community-2' },
  ];
  it('each area counts its own enterprises and those of every area below it', () => {
    const totals = cumulativeCounts(
      areas,
      new Map([
        ['grid-a', 3],
        ['grid-b', 4],
        ['grid-c', 5],
        ['community-2', 1],
      ]),
    );
    expect(Object.fromEntries(totals)).toEqual({ 'grid-a': 3, 'grid-b': 4, 'community-1': 7, 'grid-c': 5, 'community-2': 6, street: 13 });
  });
  it('an area with none counts zero, and an area whose parent is unknown is a root', () => {
    expect(Object.fromEntries(cumulativeCounts(areas, new Map()))).toMatchObject({ street: 0, 'grid-a': 0 });
  });
  it('a deep chain of areas is summed without recursion', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => ({ id: `a${i}`, parentId: i === 0 ? null : `a${i - 1}` }));
    expect(cumulativeCounts(chain, new Map([['a49999', 2]])).get('a0')).toBe(2);
  });
});
