import { describe, expect, it } from 'vitest';
import { buildAreaTree, expandedAreaKeys } from './areaTree';
import type { AreaFeatureCollection, AreaLevel } from './directory.types';

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
