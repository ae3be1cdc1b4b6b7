import { describe, expect, it } from 'vitest';
import type { LocatableArea } from './directory.rules.js';
import { applyEnterprisePatch, changedFields, type EnterpriseRegister, storedIndustryCode } from './enterprise.rules.js';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** A street of two grids side by side, and a grid of a neighbouring street that the caller does not govern. */
const areas: LocatableArea[] = [
  { id: 'street', level: 'street', boundary: { type: 'Polygon', coordinates: [square(0, 0, 20, 10)] } },
  { id: 'grid-west', level: 'grid', boundary: { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] } },
  { id: 'grid-east', level: 'grid', boundary: { type: 'Polygon', coordinates: [square(10, 0, 20, 10)] } },
  { id: 'grid-foreign', level: 'grid', boundary: { type: 'Polygon', coordinates: [square(30, 0, 40, 10)] } },
  { id: 'unmapped', level: 'community', boundary: null },
];
const mine = new Set(['street', 'grid-west', 'grid-east', 'unmapped']);
const mayHold = (id: string) => mine.has(id);

const current: EnterpriseRegister = {
  name: '安澜化工有限公司',
  nameEn: null,
  address: '安澜路 1 号',
  lng: 5,
  lat: 5,
  areaId: 'grid-west',
  industryCode: '2614',
  trade: 'hazardous_chemicals',
  size: 'small',
  usesHazardousChemicals: true,
  supervisionClass: 'B',
  licences: [{ kind: '危险化学品经营许可证', number: '沪安经 001', validUntil: '2027-01-01' }],
  principalName: '张三',
  safetyManagerName: null,
};

describe('changing an enterprise’s register record', () => {
  it('an empty patch changes nothing', () => {
    expect(applyEnterprisePatch(current, {}, areas, mayHold)).toEqual({ ok: true, next: current, changed: [], relocated: false });
  });

  it('names exactly the fields that change, and only those', () => {
    const outcome = applyEnterprisePatch(
      current,
      { name: '安澜化工股份有限公司', address: '安澜路 1 号', supervisionClass: 'A', principalName: null },
      areas,
      mayHold,
    );
    expect(outcome).toMatchObject({ ok: true, changed: ['name', 'supervisionClass', 'principalName'], relocated: false });
  });

  it('a new location re-places the enterprise in the grid that holds it', () => {
    const outcome = applyEnterprisePatch(current, { lng: 15, lat: 5 }, areas, mayHold);
    expect(outcome).toMatchObject({ ok: true, changed: ['lng', 'areaId'], relocated: true, next: { areaId: 'grid-east' } });
  });

  it('the same location again moves nothing', () => {
    expect(applyEnterprisePatch(current, { lng: 5, lat: 5 }, areas, mayHold)).toMatchObject({ ok: true, changed: [] });
  });

  it('a location outside every area is refused on lng', () => {
    expect(applyEnterprisePatch(current, { lng: 50, lat: 5 }, areas, mayHold)).toEqual({
      ok: false,
      problems: [{ field: 'lng', detail: 'the location lies outside every area of the jurisdiction' }],
    });
  });

  it('a location in an area the caller does not govern is refused', () => {
    expect(applyEnterprisePatch(current, { lng: 35, lat: 5 }, areas, mayHold)).toEqual({
      ok: false,
      problems: [{ field: 'lng', detail: 'lies outside the area you govern' }],
    });
  });

  it.each([
    [{ lng: 15 }, 'lat'],
    [{ lat: 5 }, 'lng'],
    [{ lng: 15, lat: null }, 'lat'],
    [{ lng: null, lat: 5 }, 'lng'],
  ] as const)('half a location %j is refused naming %s', (patch, field) => {
    const outcome = applyEnterprisePatch(current, patch, areas, mayHold);
    expect(outcome).toEqual({ ok: false, problems: [{ field, detail: 'give both longitude and latitude, or neither' }] });
  });

  it('clearing the location keeps the area', () => {
    expect(applyEnterprisePatch(current, { lng: null, lat: null }, areas, mayHold)).toMatchObject({
      ok: true,
      changed: ['lng', 'lat'],
      next: { areaId: 'grid-west' },
    });
  });

  it('an area by hand is only for an enterprise without a location', () => {
    expect(applyEnterprisePatch(current, { areaId: 'grid-east' }, areas, mayHold)).toMatchObject({
      ok: false,
      problems: [{ field: 'areaId' }],
    });
    const unlocated = { ...current, lng: null, lat: null };
    expect(applyEnterprisePatch(unlocated, { areaId: 'grid-east' }, areas, mayHold)).toMatchObject({
      ok: true,
      changed: ['areaId'],
      relocated: true,
    });
    expect(applyEnterprisePatch(current, { lng: null, lat: null, areaId: 'unmapped' }, areas, mayHold)).toMatchObject({
      ok: true,
      changed: ['lng', 'lat', 'areaId'],
    });
  });

  it('an unknown area, or one the caller does not govern, is refused on areaId', () => {
    const unlocated = { ...current, lng: null, lat: null };
    expect(applyEnterprisePatch(unlocated, { areaId: 'nowhere' }, areas, mayHold)).toEqual({
      ok: false,
      problems: [{ field: 'areaId', detail: 'no such area' }],
    });
    expect(applyEnterprisePatch(unlocated, { areaId: 'grid-foreign' }, areas, mayHold)).toEqual({
      ok: false,
      problems: [{ field: 'areaId', detail: 'lies outside the area you govern' }],
    });
  });

  it('licences are replaced as a whole; the same list changes nothing', () => {
    const same = applyEnterprisePatch(
      current,
      { licences: [{ kind: '危险化学品经营许可证', number: '沪安经 001', validUntil: '2027-01-01' }] },
      areas,
      mayHold,
    );
    expect(same).toMatchObject({ ok: true, changed: [] });
    const cleared = applyEnterprisePatch(current, { licences: [] }, areas, mayHold);
    expect(cleared).toMatchObject({ ok: true, changed: ['licences'], next: { licences: [] } });
    const added = applyEnterprisePatch(current, { licences: [{ kind: '营业执照', number: 'X1' }] }, areas, mayHold);
    expect(added).toMatchObject({ ok: true, next: { licences: [{ kind: '营业执照', number: 'X1', validUntil: null }] } });
  });

  it('an industry code is stored without its section letter', () => {
    expect(storedIndustryCode('C2614')).toBe('2614');
    expect(storedIndustryCode('2614')).toBe('2614');
    expect(applyEnterprisePatch(current, { industryCode: 'C2614' }, areas, mayHold)).toMatchObject({ ok: true, changed: [] });
    expect(applyEnterprisePatch(current, { industryCode: null }, areas, mayHold)).toMatchObject({ ok: true, changed: ['industryCode'] });
  });

  it('the audit entry holds the changed fields only', () => {
    const outcome = applyEnterprisePatch(current, { size: 'medium', usesHazardousChemicals: false }, areas, mayHold);
    if (!outcome.ok) throw new Error('refused');
    expect(changedFields(current, outcome.next, outcome.changed)).toEqual({
      before: { size: 'small', usesHazardousChemicals: true },
      after: { size: 'medium', usesHazardousChemicals: false },
    });
  });
});
