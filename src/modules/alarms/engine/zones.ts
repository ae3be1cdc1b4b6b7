import { type DailyWindow, dailyWindow, inWindow, windowEndAfter } from './cst.js';
import { distanceToPolylineM, metresToLatDeg, pointInPolygon } from './geo.js';
import type { VehicleClass, Zone } from './types.js';

/** Half width of a speed_limit / expressway / forbidden zone given as a line without halfWidthM (a carriageway). */
export const DEFAULT_SEGMENT_HALF_WIDTH_M = 30;

export interface CompiledZone {
  zone: Zone;
  classes: ReadonlySet<VehicleClass> | null;
  window: DailyWindow | null;
  polygon: Float64Array | null;
  line: Float64Array | null;
  /** The polygon's boundary as a closed polyline, for distances from outside. */
  boundary: Float64Array | null;
  /** Metres either side of the line; null for a polygon. */
  halfWidthM: number | null;
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function flat(points: readonly [number, number][]): Float64Array {
  const out = new Float64Array(points.length * 2);
  points.forEach(([lng, lat], i) => {
    out[2 * i] = lng;
    out[2 * i + 1] = lat;
  });
  return out;
}

/** Throws on a zone that cannot be evaluated (no geometry, bad window). */
export function compileZone(zone: Zone, corridorHalfWidthM: number): CompiledZone {
  const polygon = zone.polygon && zone.polygon.length >= 3 ? flat(zone.polygon) : null;
  const line = !polygon && zone.line && zone.line.length >= 1 ? flat(zone.line) : null;
  if (!polygon && !line) throw new Error(`zone ${zone.id}: needs a polygon (≥ 3 points) or a line`);
  const halfWidthM = line ? (zone.halfWidthM ?? (zone.kind === 'corridor' ? corridorHalfWidthM : DEFAULT_SEGMENT_HALF_WIDTH_M)) : null;
  const pts = (polygon ?? line) as Float64Array;
  let minLng = Number.POSITIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLng = Number.NEGATIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pts.length; i += 2) {
    const lng = pts[i] as number;
    const lat = pts[i + 1] as number;
    if (lng < minLng) minLng = lng;
    if (lng > maxLng) maxLng = lng;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  if (halfWidthM !== null) {
    const dLat = metresToLatDeg(halfWidthM) * 1.01;
    const cos = Math.max(0.01, Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180));
    minLat -= dLat;
    maxLat += dLat;
    minLng -= dLat / cos;
    maxLng += dLat / cos;
  }
  return {
    zone,
    classes: zone.classes ? new Set(zone.classes) : null,
    window: zone.window ? dailyWindow(zone.window.from, zone.window.to) : null,
    polygon,
    line,
    boundary: zone.polygon && polygon ? flat([...zone.polygon, zone.polygon[0] as [number, number]]) : null,
    halfWidthM,
    minLng,
    minLat,
    maxLng,
    maxLat,
  };
}

export function appliesTo(z: CompiledZone, cls: VehicleClass): boolean {
  return z.classes === null || z.classes.has(cls);
}

export function activeAt(z: CompiledZone, t: number): boolean {
  return z.window === null || inWindow(t, z.window);
}

/** The end of the zone's current window after t (Infinity when it has none). */
export function activeUntil(z: CompiledZone, t: number): number {
  return z.window === null ? Number.POSITIVE_INFINITY : windowEndAfter(t, z.window);
}

/** Metres from the zone's line, or from a polygon's boundary (0 inside the polygon). */
export function distanceM(z: CompiledZone, lng: number, lat: number): number {
  if (z.line) return distanceToPolylineM(lng, lat, z.line);
  if (z.polygon && pointInPolygon(lng, lat, z.polygon)) return 0;
  return z.boundary ? distanceToPolylineM(lng, lat, z.boundary) : Number.POSITIVE_INFINITY;
}

export function contains(z: CompiledZone, lng: number, lat: number): boolean {
  if (lng < z.minLng || lng > z.maxLng || lat < z.minLat || lat > z.maxLat) return false;
  if (z.polygon) return pointInPolygon(lng, lat, z.polygon);
  return distanceM(z, lng, lat) <= (z.halfWidthM ?? 0);
}
