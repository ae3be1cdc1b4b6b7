import type { Geometry } from './directory.tables.js';

/**
 * Pure geometry of the jurisdiction: which area a point lies in. Coordinates
 * are WGS-84 [lng, lat]; areas are small enough that planar ray casting is exact
 * for our purpose.
 */

function inRing(lng: number, lat: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lng: number, lat: number, rings: readonly (readonly (readonly [number, number])[])[]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(lng, lat, outer)) return false;
  return !holes.some((hole) => inRing(lng, lat, hole));
}

export function pointInGeometry(point: { lng: number; lat: number }, geometry: Geometry): boolean {
  if (geometry.type === 'Polygon') return inPolygon(point.lng, point.lat, geometry.coordinates);
  return geometry.coordinates.some((polygon) => inPolygon(point.lng, point.lat, polygon));
}

const DEPTH = { city: 0, district: 1, street: 2, community: 3, grid: 4 } as const;

export interface LocatableArea {
  id: string;
  level: keyof typeof DEPTH;
  boundary: Geometry | null;
}

/** The deepest area whose boundary holds the point (a grid where there is one), or null. */
export function locate(point: { lng: number; lat: number }, areas: readonly LocatableArea[]): string | null {
  let best: LocatableArea | null = null;
  for (const area of areas) {
    if (!area.boundary || (best && DEPTH[area.level] <= DEPTH[best.level])) continue;
    if (pointInGeometry(point, area.boundary)) best = area;
  }
  return best?.id ?? null;
}

/**
 * For each area, the count of its own and of every area below it, from the counts held directly in each area (an
 * area whose parent is unknown is a root). Areas are given in any order.
 */
export function cumulativeCounts(
  areas: readonly { id: string; parentId: string | null }[],
  direct: ReadonlyMap<string, number>,
): Map<string, number> {
  const ids = new Set(areas.map((a) => a.id));
  const children = new Map<string, string[]>();
  for (const a of areas) {
    if (a.parentId === null || !ids.has(a.parentId)) continue;
    children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
  }
  const totals = new Map<string, number>();
  // Depth-first without recursion, so a deep tree cannot exhaust the stack; each area is summed after its children.
  for (const root of areas.filter((a) => a.parentId === null || !ids.has(a.parentId))) {
    const stack: { id: string; expanded: boolean }[] = [{ id: root.id, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; expanded: boolean };
      const below = children.get(top.id) ?? [];
      if (!top.expanded) {
        top.expanded = true;
        for (const child of below) if (!totals.has(child)) stack.push({ id: child, expanded: false });
        continue;
      }
      stack.pop();
      totals.set(top.id, (direct.get(top.id) ?? 0) + below.reduce((sum, child) => sum + (totals.get(child) ?? 0), 0));
    }
  }
  return totals;
}
