import { describe, expect, it } from 'vitest';
import {
  copyLine,
  cstDay,
  dayName,
  dayOfName,
  dayStart,
  expiredDays,
  normalisePlate,
  normaliseTerminalNumber,
  partitionWindow,
  plateColourOfCode,
  registrationOutcome,
} from './vehicles.rules.js';

describe('terminal numbers', () => {
  it('keys a terminal by its digits without BCD padding', () => {
    expect(normaliseTerminalNumber('013812345678')).toBe('13812345678');
    expect(normaliseTerminalNumber('00000000013812345678')).toBe('13812345678');
    expect(normaliseTerminalNumber(' 13812345678 ')).toBe('13812345678');
  });

  it('refuses what is not 1–20 digits, or all zeros', () => {
    for (const bad of ['', '0000', '1381234567a', '123456789012345678901', '+8613812345678'])
      expect(normaliseTerminalNumber(bad), bad).toBeNull();
  });
});

describe('plates', () => {
  it('compares plates without spaces, dots and case', () => {
    expect(normalisePlate('沪a·12345 ')).toBe('沪A12345');
    expect(normalisePlate('沪A12345\u0000\u0000')).toBe('沪A12345');
  });

  it('maps JT/T 697.7 colour codes', () => {
    expect([1, 2, 3, 4, 5, 9].map(plateColourOfCode)).toEqual(['blue', 'yellow', 'black', 'white', 'green', 'other']);
    expect(plateColourOfCode(0)).toBeNull();
    expect(plateColourOfCode(6)).toBeNull();
  });
});

describe('days in China Standard Time', () => {
  it('starts a day at 00:00 CST, which is 16:00 UTC the day before', () => {
    const justBefore = Date.parse('2026-04-30T15:59:59.999Z');
    const midnight = Date.parse('2026-04-30T16:00:00.000Z');
    expect(cstDay(midnight) - cstDay(justBefore)).toBe(1);
    expect(dayName(cstDay(midnight))).toBe('p20260501');
    expect(dayName(cstDay(justBefore))).toBe('p20260430');
    expect(new Date(dayStart(cstDay(midnight))).toISOString()).toBe('2026-04-30T16:00:00.000Z');
  });

  it('reads a partition name back into its day', () => {
    const day = cstDay(Date.parse('2026-05-01T12:00:00+08:00'));
    expect(dayOfName(`position_${dayName(day)}`)).toBe(day);
    expect(dayOfName('position_default')).toBeNull();
  });

  it('keeps partitions from the retention edge to a few days ahead, and expires those before it', () => {
    const now = Date.parse('2026-05-01T01:00:00+08:00');
    const today = cstDay(now);
    expect(partitionWindow(now, 183, 3)).toEqual({ first: today - 183, last: today + 3 });
    expect(expiredDays([today - 185, today - 184, today - 183, today], now, 183)).toEqual([today - 185, today - 184]);
  });
});

describe('COPY text', () => {
  const base = {
    vehicleId: '8d3c1f5e-4a77-4a39-9d0b-2a0e6f1f3c11',
    time: Date.parse('2026-05-01T08:30:00+08:00'),
    receivedAt: Date.parse('2026-05-01T08:30:01.250+08:00'),
    latE6: -31230416,
    lngE6: 121473701,
    altitude: 12,
    speed: 805,
    direction: 90,
    alarm: 0x80000001,
    status: 3,
    mileage: null,
    backfill: false,
    itemsHex: null,
  };

  it('writes one tab-separated line with NULL for what is absent', () => {
    expect(copyLine(base)).toBe(
      '8d3c1f5e-4a77-4a39-9d0b-2a0e6f1f3c11\t2026-05-01T00:30:00.000Z\t2026-05-01T00:30:01.250Z\t-31.230416\t121.473701\t12\t80.5\t90\t-2147483647\t3\t\\N\tf\t\\N\n',
    );
  });

  it('writes the odometer in km, a back-fill flag, and item bytes as escaped bytea hex', () => {
    const line = copyLine({ ...base, mileage: 123456, backfill: true, itemsHex: '30011f' });
    expect(line.split('\t').slice(10)).toEqual(['12345.6', 't', '\\\\x30011f\n']);
  });
});

describe('registering a terminal', () => {
  const vehicle = { plate_number: '沪A12345' };

  it('accepts a known terminal reporting its vehicle’s plate, or no plate, or a VIN', () => {
    expect(registrationOutcome(vehicle, { plateColour: 2, plate: '沪A12345' })).toBe(0);
    expect(registrationOutcome(vehicle, { plateColour: 2, plate: '沪a 12345' })).toBe(0);
    expect(registrationOutcome(vehicle, { plateColour: 2, plate: '' })).toBe(0);
    expect(registrationOutcome(vehicle, { plateColour: 0, plate: 'LGWEF4A5XKF000001' })).toBe(0);
  });

  it('refuses an unknown terminal number with 4, and another vehicle’s plate with 2', () => {
    expect(registrationOutcome(undefined, { plateColour: 2, plate: '沪A12345' })).toBe(4);
    expect(registrationOutcome(vehicle, { plateColour: 2, plate: '沪A99999' })).toBe(2);
  });
});
