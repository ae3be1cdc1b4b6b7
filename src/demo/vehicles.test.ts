import { describe, expect, it } from 'vitest';
import { VEHICLE_CLASSES } from '../modules/vehicles/index.js';
import { normalisePlate, normaliseTerminalNumber } from '../modules/vehicles/vehicles.rules.js';
import { generateDemo } from './generate.js';
import { CITY_FLEET, demoVehicleCounts, generateDemoVehicles } from './vehicles.js';

const demo = generateDemo({});
const vehicles = generateDemoVehicles(demo, { seed: 1, scale: 1 });

describe('demo vehicles', () => {
  it('register every class in the proportions of the city fleet, a hundredth of it at scale 1', () => {
    const byClass = Object.fromEntries(VEHICLE_CLASSES.map((c) => [c, vehicles.filter((v) => v.class === c).length]));
    expect(byClass).toEqual({ coach: 60, tourist_coach: 50, hazardous_goods: 100, earthwork: 63, concrete_mixer: 62, heavy_freight: 1645 });
    expect(demoVehicleCounts(100)).toEqual(CITY_FLEET);
    expect(Object.values(demoVehicleCounts(100)).reduce((a, b) => a + b, 0)).toBe(198_000);
    expect(Object.values(demoVehicleCounts(0.0001)).every((n) => n === 1)).toBe(true);
  });

  it('have unique plates and terminal numbers the register accepts, all on yellow plates', () => {
    expect(new Set(vehicles.map((v) => normalisePlate(v.plateNumber))).size).toBe(vehicles.length);
    expect(new Set(vehicles.map((v) => v.terminalNumber)).size).toBe(vehicles.length);
    for (const v of vehicles) {
      expect(v.plateNumber).toMatch(/^浙L[A-HJ-NP-Z]\d{4}$/);
      expect(normaliseTerminalNumber(v.terminalNumber)).toBe(v.terminalNumber);
      expect(v.terminalNumber).toMatch(/^1440\d{7}$/);
      expect(v.sim).toMatch(/^\d{20}$/);
      expect(v.plateColour).toBe('yellow');
    }
    // The whole city's fleet still has no duplicates.
    const city = generateDemoVehicles(demo, { seed: 1, scale: 100 });
    expect(city).toHaveLength(198_000);
    expect(new Set(city.map((v) => v.terminalNumber)).size).toBe(city.length);
    expect(new Set(city.map((v) => v.plateNumber)).size).toBe(city.length);
  });

  it('belong to enterprises of the trades that run them', () => {
    const trade = new Map(demo.organisations.map((o) => [o.key, o.kind === 'enterprise' ? o.trade : null]));
    for (const v of vehicles) {
      const t = trade.get(v.enterpriseKey);
      if (v.class === 'earthwork' || v.class === 'concrete_mixer') expect(t).toBe('construction');
      else if (v.class === 'hazardous_goods') expect(['transport', 'hazardous_chemicals']).toContain(t);
      else if (v.class === 'heavy_freight') expect(['transport', 'warehouse']).toContain(t);
      else expect(t).toBe('transport');
    }
    // A coach company runs no freight trucks.
    const coachFirms = new Set(vehicles.filter((v) => v.class === 'coach').map((v) => v.enterpriseKey));
    expect(vehicles.some((v) => v.class === 'heavy_freight' && coachFirms.has(v.enterpriseKey))).toBe(false);
    // The demo principal's hazardous-chemicals enterprise has a fleet of its own.
    const principal = demo.people.find((p) => p.username === 'principal')?.grants[0]?.organisationKey;
    expect(vehicles.filter((v) => v.enterpriseKey === principal).length).toBeGreaterThanOrEqual(3);
  });

  it('are the same for the same seed and differ for another', () => {
    expect(generateDemoVehicles(demo, { seed: 1, scale: 1 })).toEqual(vehicles);
    const other = generateDemoVehicles(demo, { seed: 2, scale: 1 });
    expect(other.map((v) => v.terminalNumber)).not.toEqual(vehicles.map((v) => v.terminalNumber));
  });
});
