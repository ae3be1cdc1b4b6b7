/** Plane geometry good to a few metres over a city: local equirectangular projection around the point. */

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two points in degrees. */
export function haversineM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Ray casting; `ring` is flat [lng0, lat0, lng1, lat1, …] in degrees, closed or not. */
export function pointInPolygon(lng: number, lat: number, ring: Float64Array): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i] as number;
    const yi = ring[2 * i + 1] as number;
    const xj = ring[2 * j] as number;
    const yj = ring[2 * j + 1] as number;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance in metres from a point to a polyline (flat [lng, lat, …] in degrees). */
export function distanceToPolylineM(lng: number, lat: number, line: Float64Array): number {
  const kx = Math.cos(lat * RAD) * RAD * EARTH_RADIUS_M;
  const ky = RAD * EARTH_RADIUS_M;
  const n = line.length / 2;
  if (n === 0) return Number.POSITIVE_INFINITY;
  let best = Number.POSITIVE_INFINITY;
  let ax = ((line[0] as number) - lng) * kx;
  let ay = ((line[1] as number) - lat) * ky;
  if (n === 1) return Math.hypot(ax, ay);
  for (let i = 1; i < n; i++) {
    const bx = ((line[2 * i] as number) - lng) * kx;
    const by = ((line[2 * i + 1] as number) - lat) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    // The point is the origin: project it onto segment a→b.
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const d = Math.hypot(ax + u * dx, ay + u * dy);
    if (d < best) best = d;
    ax = bx;
    ay = by;
  }
  return best;
}

/** Metres → degrees of latitude (for bounding boxes). */
export function metresToLatDeg(m: number): number {
  return m / (RAD * EARTH_RADIUS_M);
}
