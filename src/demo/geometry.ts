/** Plane geometry on [lng, lat] rings, enough for the demo generator and its tests. */

export type Position = [number, number];

/** Signed area by the shoelace formula (positive when counter-clockwise); the ring may be closed or open. */
export function signedRingArea(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [x1, y1] = ring[i] as Position;
    const [x2, y2] = ring[(i + 1) % n] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Area of a polygon (outer ring minus holes), in squared degrees. */
export function polygonArea(rings: readonly (readonly Position[])[]): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const a = Math.abs(signedRingArea(ring));
    area += i === 0 ? a : -a;
  });
  return area;
}

/** Distance from p to the segment a-b (plane metric, in the units of the coordinates). */
export function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Even-odd ray casting; true for points inside the ring (points exactly on an edge may go either way). */
export function pointInRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when p lies inside the polygon (outer ring, outside every hole) and off its boundary. */
export function pointStrictlyInPolygon(p: Position, rings: readonly (readonly Position[])[]): boolean {
  const outer = rings[0];
  if (!outer || !pointInRing(p, outer)) return false;
  for (let i = 1; i < rings.length; i++) if (pointInRing(p, rings[i] as Position[])) return false;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      if (distanceToSegment(p, ring[i] as Position, ring[i + 1] as Position) === 0) return false;
    }
  }
  return true;
}

/** True when the (open or closed) ring is a strictly convex polygon traversed counter-clockwise. */
export function isConvexCounterClockwise(ring: readonly Position[]): boolean {
  const pts = closedToOpen(ring);
  const n = pts.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const a = pts[i] as Position;
    const b = pts[(i + 1) % n] as Position;
    const c = pts[(i + 2) % n] as Position;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross <= 0) return false;
  }
  return true;
}

/** True when no two non-adjacent edges of the ring intersect (O(n^2); for tests and small rings). */
export function isSimpleRing(ring: readonly Position[]): boolean {
  const pts = closedToOpen(ring);
  const n = pts.length;
  for (let i = 0; i < n; i++) {
    const a = pts[i] as Position;
    const b = pts[(i + 1) % n] as Position;
    for (let j = i + 1; j < n; j++) {
      if (j === i || (j + 1) % n === i || (i + 1) % n === j) continue;
      const c = pts[j] as Position;
      const d = pts[(j + 1) % n] as Position;
      if (segmentsIntersect(a, b, c, d)) return false;
    }
  }
  return true;
}

/**
 * The point of a convex quadrilateral q0-q1-q2-q3 at bilinear parameters (u, v) in [0, 1]^2:
 * q0 at (0,0), q1 at (1,0), q2 at (1,1), q3 at (0,1). For u, v strictly inside (0, 1) the point is strictly inside.
 */
export function bilinear(q0: Position, q1: Position, q2: Position, q3: Position, u: number, v: number): Position {
  const a = (1 - u) * (1 - v);
  const b = u * (1 - v);
  const c = u * v;
  const d = (1 - u) * v;
  return [a * q0[0] + b * q1[0] + c * q2[0] + d * q3[0], a * q0[1] + b * q1[1] + c * q2[1] + d * q3[1]];
}

function closedToOpen(ring: readonly Position[]): readonly Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1);
  return ring;
}

function orientation(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}
