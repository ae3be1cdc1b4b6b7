import { describe, expect, it } from 'vitest';
import { areaNodes, buildAreaTree, expandedAreaKeys, matchingAreas } from './areaTree';
import type { AreaFeatureCollection, AreaLevel, AreaTreeItem } from './directory.types';

const area = (id: string, parentId: string | null, level: AreaLevel, code: string, name: string) => ({
  type: 'Feature' as const,
  id,
  geometry: null,
  properties: { id, parentId, level, code, name, nameEn: `${name} (en)` },
});

const collection: AreaFeatureCollection = {
  type: 'FeatureCollection',
  features: [
    area('g2', 'c1', 'grid', '330106001001002', 'Grid 2'),
    area('s', null, 'street', '330106001', 'Street'),
    area('c1', 's', 'community', '330106001001', 'Community'),
    area('g1', 'c1', 'grid', '330106001001001', 'Grid 1'),
  ],
};
const plain = (item: { name: string }) => item.name;

describe('the jurisdiction as a tree', () => {
  it('hangs each area under its parent, in code order', () => {
    expect(buildAreaTree(collection, plain)).toEqual([
      {
        value: 's',
        title: 'Street',
        level: 'street',
        children: [
          {
            value: 'c1',
            title: 'Community',
            level: 'community',
            children: [
              { value: 'g1', title: 'Grid 1', level: 'grid' },
              { value: 'g2', title: 'Grid 2', level: 'grid' },
            ],
          },
        ],
      },
    ]);
  });

  it('from a level down makes its areas the roots, and opens the levels asked for', () => {
    const tree = buildAreaTree(collection, (item: { nameEn?: string | null; name: string }) => item.nameEn ?? item.name, 'community');
    expect(tree.map((node) => node.title)).toEqual(['Community (en)']);
    expect(expandedAreaKeys(buildAreaTree(collection, plain), ['street', 'community'])).toEqual(['s', 'c1']);
  });
});

describe('the area tree page', () => {
  const item = (id: string, parentId: string | null, level: AreaLevel, code: string, name: string): AreaTreeItem => ({
    id,
    parentId,
    level,
    code,
    name,
    nameEn: null,
    enterprises: 0,
    hasBoundary: true,
  });
  const items = [
    item('g2', 'c1', 'grid', '330106001001002', '二网格'),
    item('s', 'district-not-listed', 'street', '330106001', '安澜街道'),
    item('c1', 's', 'community', '330106001001', '东社区'),
    item('g1', 'c1', 'grid', '330106001001001', '一网格'),
  ];

  it('puts children under their parent in code order; an area whose parent is not listed is a root', () => {
    const { roots, children } = areaNodes(items);
    expect(roots.map((r) => r.id)).toEqual(['s']);
    expect(children.get('s')?.map((c) => c.id)).toEqual(['c1']);
    expect(children.get('c1')?.map((c) => c.id)).toEqual(['g1', 'g2']);
  });

  it('finds areas by name or by the start of their code, with the way down to them', () => {
    const name = (a: AreaTreeItem) => a.name;
    expect(matchingAreas(items, '  ', name)).toBeNull();
    expect([...(matchingAreas(items, '二网格', name) ?? [])].sort()).toEqual(['c1', 'g2', 's']);
    expect([...(matchingAreas(items, '330106001001001', name) ?? [])].sort()).toEqual(['c1', 'g1', 's']);
    expect([...(matchingAreas(items, '社区', name) ?? [])].sort()).toEqual(['c1', 's']);
    expect(matchingAreas(items, '西', name)?.size).toBe(0);
  });
});
