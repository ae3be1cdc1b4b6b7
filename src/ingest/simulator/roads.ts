/**
 * A road network for simulated vehicles, laid over the demo jurisdiction: a grid of gently curved arterial
 * roads across the district, closed by a ring expressway along its outer edge. Deterministic for a seed:
 * the same options always give the same roads. Pure: no I/O, no clock.
 */
import { DEFAULT_DEMO_SEED, generateDemo } from '../../demo/generate.js';
import type { Position } from '../../demo/geometry.js';
import { createRandom } from '../../demo/random.js';

export type RoadKind = 'expressway' | 'arterial';

/** Posted limits of the simulated roads (km/h). */
export const ROAD_LIMITS: Record<RoadKind, number> = { expressway: 100, arterial: 60 };

export interface Road {
  id: number;
  kind: RoadKind;
  limitKmh: number;
  /** Node ids at the two ends. */
  from: number;
  to: number;
  /** lng, lat pairs (WGS-84 degrees), from `from` to `to`. */
  coords: Float64Array;
  /** Metres from the start to each point. */
  cum: Float64Array;
  lengthM: number;
}

export interface RoadNetwork {
  /** The demo area the roads lie in (its outer ring, closed, [lng, lat]). */
  area: { key: string; name: string; ring: Position[] };
  /** lng, lat of each node. */
  nodes: Float64Array;
  roads: Road[];
  /** Road ids meeting at each node. */
  at: number[][];
  /** The ring expressway as one closed line, e.g. for an `expressway` zone of the rule engine. */
  expressway: Position[];
}

export interface RoadNetworkOptions {
  /** Seed of the road layout. */
  seed?: number;
  /** Seed and scale of the demo jurisdiction whose district the roads cover. */
  demoSeed?: number;
  scale?: number;
  /** Distance between neighbouring arterials, in km. */
  spacingKm?: number;
}

const M_PER_DEG_LAT = 110_574;
const mPerDegLng = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
/** Points per road between two nodes (segments = POINTS - 1). */
const POINTS = 7;
/** Share of the district's width and height left free of roads along its edges. */
const MARGIN = 0.05;

/** Distance in metres between two nearby points (equirectangular; exact enough within a city). */
export function metresBetween(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dx = (lng2 - lng1) * mPerDegLng((lat1 + lat2) / 2);
  const dy = (lat2 - lat1) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

/** Compass bearing (0 = north, clockwise, degrees in [0, 360)) from point 1 to point 2. */
export function bearing(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dx = (lng2 - lng1) * mPerDegLng((lat1 + lat2) / 2);
  const dy = (lat2 - lat1) * M_PER_DEG_LAT;
  const deg = (Math.atan2(dx, dy) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

export function buildRoadNetwork(options: RoadNetworkOptions = {}): RoadNetwork {
  const seed = options.seed ?? 1;
  const demo = generateDemo({ seed: options.demoSeed ?? DEFAULT_DEMO_SEED, scale: options.scale ?? 1 });
  const district = demo.areas.find((a) => a.level === 'district');
  const ring = district?.boundary?.coordinates[0];
  if (!district || !ring) throw new Error('the demo jurisdiction has no district boundary');
  const random = createRandom(seed);
  let minLng = Number.POSITIVE_INFINITY;
  let maxLng = Number.NEGATIVE_INFINITY;
  let minLat = Number.POSITIVE_INFINITY;
  let maxLat = Number.NEGATIVE_INFINITY;
  for (const [lng, lat] of ring) {
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  const midLat = (minLat + maxLat) / 2;
  const dLng = maxLng - minLng;
  const dLat = maxLat - minLat;
  const x0 = minLng + MARGIN * dLng;
  const y0 = minLat + MARGIN * dLat;
  const w = dLng * (1 - 2 * MARGIN);
  const h = dLat * (1 - 2 * MARGIN);
  const spacingM = (options.spacingKm ?? 1.5) * 1000;
  const nx = Math.max(2, Math.round((w * mPerDegLng(midLat)) / spacingM));
  const ny = Math.max(2, Math.round((h * M_PER_DEG_LAT) / spacingM));
  const cellW = w / nx;
  const cellH = h / ny;

  // Nodes: a jittered lattice; nodes on the ring move only along it, the corners not at all.
  const nodeId = (i: number, j: number) => j * (nx + 1) + i;
  const nodes = new Float64Array(2 * (nx + 1) * (ny + 1));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const edgeX = i === 0 || i === nx;
      const edgeY = j === 0 || j === ny;
      const jx = edgeX ? 0 : random.float(-0.2, 0.2) * cellW;
      const jy = edgeY ? 0 : random.float(-0.2, 0.2) * cellH;
      nodes[2 * nodeId(i, j)] = x0 + i * cellW + jx;
      nodes[2 * nodeId(i, j) + 1] = y0 + j * cellH + jy;
    }
  }

  const roads: Road[] = [];
  const at: number[][] = Array.from({ length: (nx + 1) * (ny + 1) }, () => []);
  const addRoad = (a: number, b: number, kind: RoadKind) => {
    const ax = nodes[2 * a] as number;
    const ay = nodes[2 * a + 1] as number;
    const bx = nodes[2 * b] as number;
    const by = nodes[2 * b + 1] as number;
    // A gentle bend: a sideways offset that is zero at both ends, in metres, turned into degrees.
    const lenM = metresBetween(ax, ay, bx, by);
    const amp = (kind === 'expressway' ? random.float(-0.01, 0.01) : random.float(-0.05, 0.05)) * lenM;
    const wobble = random.float(-0.3, 0.3);
    const ux = ((bx - ax) * mPerDegLng(midLat)) / lenM;
    const uy = ((by - ay) * M_PER_DEG_LAT) / lenM;
    const coords = new Float64Array(2 * POINTS);
    const cum = new Float64Array(POINTS);
    for (let k = 0; k < POINTS; k++) {
      const t = k / (POINTS - 1);
      const off = amp * (Math.sin(Math.PI * t) + wobble * Math.sin(2 * Math.PI * t));
      // The normal to the road (ux, uy) is (-uy, ux).
      coords[2 * k] = ax + t * (bx - ax) + (-uy * off) / mPerDegLng(midLat);
      coords[2 * k + 1] = ay + t * (by - ay) + (ux * off) / M_PER_DEG_LAT;
      if (k > 0) {
        cum[k] =
          (cum[k - 1] as number) +
          metresBetween(coords[2 * k - 2] as number, coords[2 * k - 1] as number, coords[2 * k] as number, coords[2 * k + 1] as number);
      }
    }
    const id = roads.length;
    roads.push({ id, kind, limitKmh: ROAD_LIMITS[kind], from: a, to: b, coords, cum, lengthM: cum[POINTS - 1] as number });
    at[a]?.push(id);
    at[b]?.push(id);
  };
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i < nx; i++) addRoad(nodeId(i, j), nodeId(i + 1, j), j === 0 || j === ny ? 'expressway' : 'arterial');
  }
  for (let i = 0; i <= nx; i++) {
    for (let j = 0; j < ny; j++) addRoad(nodeId(i, j), nodeId(i, j + 1), i === 0 || i === nx ? 'expressway' : 'arterial');
  }

  // The ring as one line, counter-clockwise from the south-west corner.
  const expressway: Position[] = [];
  const push = (n: number) => expressway.push([nodes[2 * n] as number, nodes[2 * n + 1] as number]);
  for (let i = 0; i < nx; i++) push(nodeId(i, 0));
  for (let j = 0; j < ny; j++) push(nodeId(nx, j));
  for (let i = nx; i > 0; i--) push(nodeId(i, ny));
  for (let j = ny; j > 0; j--) push(nodeId(0, j));
  push(nodeId(0, 0));

  return { area: { key: district.key, name: district.name, ring: ring.map((p) => [p[0], p[1]]) }, nodes, roads, at, expressway };
}

/**
 * The point `offsetM` metres along the road from its `from` end, written into `out` as [lng, lat, bearing]
 * with the bearing facing `forward` (towards `to`) or backward.
 */
export function pointOnRoad(road: Road, offsetM: number, forward: boolean, out: Float64Array): void {
  const { coords, cum } = road;
  const d = Math.max(0, Math.min(road.lengthM, offsetM));
  let k = 1;
  while (k < cum.length - 1 && (cum[k] as number) < d) k++;
  const c0 = cum[k - 1] as number;
  const c1 = cum[k] as number;
  const t = c1 > c0 ? (d - c0) / (c1 - c0) : 0;
  const x0 = coords[2 * k - 2] as number;
  const y0 = coords[2 * k - 1] as number;
  const x1 = coords[2 * k] as number;
  const y1 = coords[2 * k + 1] as number;
  out[0] = x0 + t * (x1 - x0);
  out[1] = y0 + t * (y1 - y0);
  out[2] = forward ? bearing(x0, y0, x1, y1) : bearing(x1, y1, x0, y0);
}

/**
 * The network as rule-engine zones (the shape of `Zone` in src/modules/alarms/engine/types.ts): the ring
 * as an `expressway` zone (hazardous goods may do 80 there instead of 60) and each arterial as a
 * `speed_limit` zone of 60 km/h, so that speeds are judged against the posted limit of the road driven.
 */
export function networkZones(network: RoadNetwork): {
  id: string;
  kind: 'expressway' | 'speed_limit';
  name: string;
  line: [number, number][];
  halfWidthM: number;
  speedLimitKmh?: number;
}[] {
  const line = (r: Road) => {
    const out: [number, number][] = [];
    for (let k = 0; k < r.coords.length; k += 2) out.push([r.coords[k] as number, r.coords[k + 1] as number]);
    return out;
  };
  return [
    {
      id: 'sim-ring',
      kind: 'expressway',
      name: `${network.area.name}环城高速`,
      line: network.expressway.map((p) => [p[0], p[1]]),
      halfWidthM: 40,
    },
    ...network.roads
      .filter((r) => r.kind === 'arterial')
      .map((r) => ({
        id: `sim-road-${r.id}`,
        kind: 'speed_limit' as const,
        name: `${network.area.name}干道 ${r.id}`,
        // Without the end points: the junctions with the ring stay the expressway's.
        line: line(r).slice(1, -1),
        halfWidthM: 25,
        speedLimitKmh: r.limitKmh,
      })),
  ];
}
