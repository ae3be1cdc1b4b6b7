import { describe, expect, it } from 'vitest';
import { pointInRing } from '../../demo/geometry.js';
import { bearing, buildRoadNetwork, metresBetween, networkZones, pointOnRoad } from './roads.js';

const network = buildRoadNetwork({ seed: 7 });

describe('the simulated road network', () => {
  it('lies wholly inside the demo district, every point of every road', () => {
    expect(network.area.name).toBe('安和区');
    for (const road of network.roads) {
      for (let k = 0; k < road.coords.length; k += 2) {
        expect(pointInRing([road.coords[k] as number, road.coords[k + 1] as number], network.area.ring)).toBe(true);
      }
    }
  });

  it('is a connected grid of arterials closed by a ring expressway', () => {
    const kinds = new Set(network.roads.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['arterial', 'expressway']));
    // Every junction has at least two roads, so a vehicle never meets a dead end.
    for (const roads of network.at) expect(roads.length).toBeGreaterThanOrEqual(2);
    // Reachability from node 0 over the roads.
    const seen = new Set([0]);
    const queue = [0];
    while (queue.length) {
      const n = queue.pop() as number;
      for (const id of network.at[n] ?? []) {
        const r = network.roads[id];
        const other = r?.from === n ? r.to : (r?.from as number);
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    expect(seen.size).toBe(network.at.length);
    const ring = network.expressway;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const perimeter = ring
      .slice(1)
      .reduce((m, p, i) => m + metresBetween((ring[i] as number[])[0] as number, (ring[i] as number[])[1] as number, p[0], p[1]), 0);
    expect(perimeter).toBeGreaterThan(20_000);
    for (const r of network.roads) {
      expect(r.lengthM).toBeGreaterThan(500);
      expect(r.limitKmh).toBe(r.kind === 'expressway' ? 100 : 60);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const again = buildRoadNetwork({ seed: 7 });
    expect(again.roads.map((r) => Array.from(r.coords))).toEqual(network.roads.map((r) => Array.from(r.coords)));
    const other = buildRoadNetwork({ seed: 8 });
    expect(other.roads.map((r) => Array.from(r.coords))).not.toEqual(network.roads.map((r) => Array.from(r.coords)));
  });

  it('places points along a road with the heading of travel', () => {
    const road = network.roads.find((r) => r.kind === 'arterial' && r.from + 1 === r.to);
    if (!road) throw new Error('no west-east arterial');
    const out = new Float64Array(3);
    pointOnRoad(road, 0, true, out);
    expect([out[0], out[1]]).toEqual([road.coords[0], road.coords[1]]);
    pointOnRoad(road, road.lengthM / 2, true, out);
    // West to east: heading roughly east; the other way roughly west.
    expect(Math.abs((out[2] as number) - 90)).toBeLessThan(40);
    pointOnRoad(road, road.lengthM / 2, false, out);
    expect(Math.abs((out[2] as number) - 270)).toBeLessThan(40);
    expect(bearing(120, 30, 120, 30.01)).toBeCloseTo(0, 5);
    expect(metresBetween(120, 30, 120, 30.01)).toBeCloseTo(1105.74, 1);
  });

  it('describes itself as rule-engine zones: the ring an expressway, each arterial a 60 km/h segment', () => {
    const zones = networkZones(network);
    expect(zones[0]).toMatchObject({ kind: 'expressway', line: network.expressway });
    const arterials = network.roads.filter((r) => r.kind === 'arterial');
    expect(zones.slice(1)).toHaveLength(arterials.length);
    for (const z of zones.slice(1)) {
      expect(z).toMatchObject({ kind: 'speed_limit', speedLimitKmh: 60 });
      expect(z.line.length).toBe(5);
    }
  });
});
