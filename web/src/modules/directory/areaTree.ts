import { useMemo } from 'react';
import { useQuery } from '../../app/useQuery';
import { useLocalName } from '../../shared/labels';
import { directoryApi } from './directory.api';
import { type AreaFeatureCollection, type AreaLevel, type AreaTreeItem, areaLevels } from './directory.types';

/** One area as a TreeSelect node: the value is its id, the title its name in the interface language. */
export interface AreaTreeNode {
  value: string;
  title: string;
  level: AreaLevel;
  children?: AreaTreeNode[];
}

type LocalName = (item: { name: string; nameEn?: string | null }) => string;

/**
 * The jurisdiction tree built from the areas' parent links, each level in
 * administrative-code order. An area whose parent is not among them is a root.
 * With `from`, levels above it are left out and their children become roots.
 */
export function buildAreaTree(
  collection: AreaFeatureCollection | undefined,
  localName: LocalName,
  from: AreaLevel = 'city',
): AreaTreeNode[] {
  const features = collection?.features ?? [];
  const minimum = areaLevels.indexOf(from);
  const kept = features.filter((f) => areaLevels.indexOf(f.properties.level) >= minimum);
  const ids = new Set(kept.map((f) => f.properties.id));
  const children = new Map<string | null, { code: string; node: AreaTreeNode }[]>();
  for (const { properties: p } of kept) {
    const parent = p.parentId !== null && ids.has(p.parentId) ? p.parentId : null;
    const list = children.get(parent) ?? [];
    list.push({ code: p.code, node: { value: p.id, title: localName(p), level: p.level } });
    children.set(parent, list);
  }
  const attach = (parent: string | null): AreaTreeNode[] =>
    (children.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(({ node }) => {
        const below = attach(node.value);
        return below.length > 0 ? { ...node, children: below } : node;
      });
  return attach(null);
}

/** The ids of the nodes at the given levels: open at first, so the tree does not start as one closed city. */
export function expandedAreaKeys(tree: AreaTreeNode[], levels: readonly AreaLevel[]): string[] {
  const keys: string[] = [];
  const walk = (nodes: AreaTreeNode[]) => {
    for (const node of nodes) {
      if (levels.includes(node.level)) keys.push(node.value);
      if (node.children) walk(node.children);
    }
  };
  walk(tree);
  return keys;
}

/** The caller's jurisdiction as a tree for TreeSelects, loaded once per screen. */
export function useAreaTree(from: AreaLevel = 'city') {
  const localName = useLocalName();
  const areas = useQuery((signal) => directoryApi.getAreasGeoJson(signal), []);
  const tree = useMemo(() => buildAreaTree(areas.data, localName, from), [areas.data, localName, from]);
  const expanded = useMemo(() => expandedAreaKeys(tree, ['city', 'district', 'street']), [tree]);
  return { tree, expanded, loading: areas.loading, problem: areas.problem, reload: areas.reload, features: areas.data?.features ?? [] };
}

/** The tree's nodes from the flat list: children under their parent, each level in administrative-code order. */
export function areaNodes(items: readonly AreaTreeItem[]): { roots: AreaTreeItem[]; children: Map<string, AreaTreeItem[]> } {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string, AreaTreeItem[]>();
  const roots: AreaTreeItem[] = [];
  for (const item of [...items].sort((a, b) => a.code.localeCompare(b.code))) {
    if (item.parentId !== null && ids.has(item.parentId)) children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
    else roots.push(item);
  }
  return { roots, children };
}

/** The areas whose name or code holds the text, with their ancestors so that the tree can show the way to them. */
export function matchingAreas(items: readonly AreaTreeItem[], text: string, name: (a: AreaTreeItem) => string): Set<string> | null {
  const q = text.trim().toLowerCase();
  if (!q) return null;
  const byId = new Map(items.map((i) => [i.id, i]));
  const shown = new Set<string>();
  for (const item of items) {
    if (!(name(item).toLowerCase().includes(q) || item.name.includes(text.trim()) || item.code.startsWith(q))) continue;
    for (let a: AreaTreeItem | undefined = item; a && !shown.has(a.id); a = a.parentId ? byId.get(a.parentId) : undefined) shown.add(a.id);
  }
  return shown;
}
