import { describe, expect, it } from 'vitest';
import { BodyError, bcdTime } from './bytes.js';
import { ALARM_BITS, alarmNames, decodeItems, decodeLocation, describeLocation, encodeLocation, item, statusView } from './location.js';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const at = (bcd: string) => bcdTime(h(bcd), 0) as number;

/** The 28-byte basic information laid out as in JT/T 808 table 23 (2013) / 26 (2019). */
const basic = (alarm: string, status: string, lat: string, lng: string, alt: string, speed: string, dir: string, time: string) =>
  h(alarm + status + lat + lng + alt + speed + dir + time);

describe('the basic location information', () => {
  it('reads every field of the 28 bytes', () => {
    const body = basic('00000001', '00000003', '01dc9a07', '07456246', '007b', '0042', '0003', '250129223344');
    const loc = decodeLocation(body);
    expect(loc).toEqual({
      alarm: 1,
      status: 3,
      latE6: 31234567,
      lngE6: 121987654,
      altitude: 123,
      speed: 66,
      direction: 3,
      time: at('250129223344'),
      mileage: null,
      items: null,
    });
  });

  it('applies the hemisphere bits: south and west are negative', () => {
    const sw = decodeLocation(basic('00000000', '0000000c', '01dc9a07', '07456246', '0000', '0000', '0000', '250129223344'));
    expect([sw.latE6, sw.lngE6]).toEqual([-31234567, -121987654]);
    const s = decodeLocation(basic('00000000', '00000004', '01dc9a07', '07456246', '0000', '0000', '0000', '250129223344'));
    expect([s.latE6, s.lngE6]).toEqual([-31234567, 121987654]);
  });

  it('round-trips through the encoder, signs included', () => {
    const input = {
      alarm: 0x80000001,
      status: 0x000c0003,
      latE6: -33868800,
      lngE6: -151209300,
      altitude: 58,
      speed: 1234,
      direction: 359,
      time: at('260430235959'),
    };
    const loc = decodeLocation(encodeLocation(input));
    expect(loc).toMatchObject({ ...input, status: 0x000c000f });
  });

  it('refuses a body shorter than 28 bytes', () => {
    expect(() => decodeLocation(Buffer.alloc(27))).toThrow('a location needs 28 bytes of basic information, this one has 27');
  });

  it('refuses a latitude beyond 90° and a longitude beyond 180°', () => {
    expect(() => decodeLocation(basic('00000000', '00000000', '055d4a81', '00000000', '0000', '0000', '0000', '250129223344'))).toThrow(
      'latitude 90.000001° is beyond 90°',
    );
    expect(() => decodeLocation(basic('00000000', '00000000', '00000000', '0aba9501', '0000', '0000', '0000', '250129223344'))).toThrow(
      /longitude .* is beyond 180°/,
    );
  });

  it('refuses a time that is not a real instant, saying which bytes', () => {
    const e = (() => {
      try {
        decodeLocation(basic('00000000', '00000000', '00000000', '00000000', '0000', '0000', '0000', '000000000000'));
      } catch (error) {
        return error as BodyError;
      }
    })();
    expect(e).toBeInstanceOf(BodyError);
    expect(e?.message).toBe('time 000000000000 is not a valid YYMMDDhhmmss');
    expect(e?.offset).toBe(22);
  });

  it('takes the odometer out of item 0x01 wherever it is, and keeps all item bytes', () => {
    const items = Buffer.concat([item(0x30, h('1f')), item(0x01, h('0000303a')), item(0xe1, h('0102'))]);
    const loc = decodeLocation(Buffer.concat([encodeLocation({ latE6: 1, lngE6: 1, time: at('260101000000') }), items]));
    expect(loc.mileage).toBe(12346);
    expect(loc.items).toEqual(items);
  });
});

describe('alarm bits by edition', () => {
  it('names every bit in 2013 and in 2019', () => {
    expect(ALARM_BITS.map((b) => b.bit)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    expect(alarmNames(0xffffffff, '2013')).toHaveLength(32);
    expect(alarmNames(0xffffffff, '2019')).toHaveLength(32);
  });

  it('reads bit 3 as danger warning in 2013 and as dangerous driving behaviour in 2019', () => {
    expect(alarmNames(1 << 3, '2013')).toEqual(['danger_warning']);
    expect(alarmNames(1 << 3, '2019')).toEqual(['dangerous_driving_behaviour']);
  });

  it('reads bits 15–17 as reserved in 2013 and as violation driving, tyre pressure and right-turn blind zone in 2019', () => {
    const bits = (1 << 15) | (1 << 16) | (1 << 17);
    expect(alarmNames(bits, '2013')).toEqual(['reserved_15', 'reserved_16', 'reserved_17']);
    expect(alarmNames(bits, '2019')).toEqual(['violation_driving', 'tyre_pressure_warning', 'right_turn_blind_zone']);
  });

  it('reads bit 29 as collision warning in 2013 and collision/rollover in 2019, bit 31 as door opening in 2013 and reserved in 2019', () => {
    expect(alarmNames((1 << 29) | 0x80000000, '2013')).toEqual(['collision_warning', 'illegal_door_opening']);
    expect(alarmNames((1 << 29) | 0x80000000, '2019')).toEqual(['collision_rollover', 'reserved_31']);
  });

  it('marks which bits the terminal clears only when the platform acknowledges them', () => {
    const onAck = (edition: '2013' | '2019') =>
      ALARM_BITS.filter((b) => (edition === '2019' ? b.clears2019 : b.clears2013) === 'on_ack').map((b) => b.bit);
    expect(onAck('2013')).toEqual([0, 20, 21, 22, 28, 31]);
    expect(onAck('2019')).toEqual([0, 20, 21, 22, 27, 28]);
  });
});

describe('status bits by edition', () => {
  it('names the single-bit flags and the load state', () => {
    expect(statusView(0x00000003, '2013')).toEqual({ flags: ['acc_on', 'positioned'], load: 'empty' });
    expect(statusView(0x00000100, '2013').load).toBe('half_loaded');
    expect(statusView(0x00000200, '2013').load).toBe('reserved');
    expect(statusView(0x00000300, '2013').load).toBe('full');
    expect(statusView(0x003c0000, '2013').flags).toEqual(['gps', 'beidou', 'glonass', 'galileo']);
    expect(statusView(0x0003e000, '2013').flags).toEqual(['door1_open', 'door2_open', 'door3_open', 'door4_open', 'door5_open']);
    expect(statusView(0x00001c00, '2013').flags).toEqual(['fuel_circuit_cut', 'electric_circuit_cut', 'doors_locked']);
  });

  it('reads bits 6, 7 and 22 only in 2019', () => {
    const bits = (1 << 6) | (1 << 7) | (1 << 22);
    expect(statusView(bits, '2013').flags).toEqual(['reserved_6', 'reserved_7', 'reserved_22']);
    expect(statusView(bits, '2019').flags).toEqual(['forward_collision_warning', 'lane_departure_warning', 'driving']);
  });

  it('reports reserved high bits', () => {
    expect(statusView(0x80800000, '2019').flags).toEqual(['reserved_23', 'reserved_31']);
  });
});

describe('additional items', () => {
  const decode = (...items: Buffer[]) => decodeItems(Buffer.concat(items));

  it('decodes every standard item', () => {
    const r = decode(
      item(0x01, h('0000006f')),
      item(0x02, h('00de')),
      item(0x03, h('029a')),
      item(0x04, h('014d')),
      item(0x05, Buffer.concat([h('c8c9'), Buffer.alloc(28, 0xff)])),
      item(0x06, h('fff6')),
      item(0x11, h('00')),
      item(0x11, h('0400000007')),
      item(0x12, h('020000000901')),
      item(0x13, h('00000005012c01')),
      item(0x25, h('00000111')),
      item(0x2a, h('0002')),
      item(0x2b, h('00640032')),
      item(0x30, h('1f')),
      item(0x31, h('0c')),
    );
    expect(r.problem).toBeNull();
    expect(r.items.map((i) => [i.id, i.name, i.value])).toEqual([
      ['0x01', 'mileage', { km: 11.1 }],
      ['0x02', 'fuel', { litres: 22.2 }],
      ['0x03', 'tachograph_speed', { kmh: 66.6 }],
      ['0x04', 'manual_alarm_event_id', { eventId: 333 }],
      ['0x05', 'tyre_pressure', { pascals: [200, 201, ...Array(28).fill(null)] }],
      ['0x06', 'cargo_temperature', { celsius: -10 }],
      ['0x11', 'overspeed_location', { locationType: 'none' }],
      ['0x11', 'overspeed_location', { locationType: 'route_segment', areaId: 7 }],
      ['0x12', 'area_route_entry_exit', { locationType: 'rectangle', areaId: 9, direction: 'out' }],
      ['0x13', 'segment_driving_time', { segmentId: 5, seconds: 300, result: 'too_long' }],
      ['0x25', 'vehicle_signals', { on: ['low_beam', 'brake', 'horn'] }],
      ['0x2a', 'io_status', { on: ['sleep'] }],
      ['0x2b', 'analog', { ad0: 50, ad1: 100 }],
      ['0x30', 'signal_strength', { value: 31 }],
      ['0x31', 'gnss_satellites', { count: 12 }],
    ]);
  });

  it('keeps unknown and vendor items raw', () => {
    const r = decode(item(0x64, h('0102030405')), item(0xe1, h('ff')), item(0xe0, h('02')));
    expect(r.items).toEqual([
      { id: '0x64', name: null, length: 5, raw: '0102030405' },
      { id: '0xe1', name: 'custom', length: 1, raw: 'ff' },
      { id: '0xe0', name: null, length: 1, raw: '02' },
    ]);
  });

  it('keeps a standard item of the wrong length raw, saying what the standard expects', () => {
    const r = decode(item(0x01, h('006f')));
    expect(r.items[0]).toEqual({ id: '0x01', name: 'mileage', length: 2, raw: '006f', note: 'the standard gives mileage 4 bytes' });
  });

  it('reports an item that runs past the end, keeping those before it', () => {
    const r = decodeItems(Buffer.concat([item(0x30, h('1f')), h('3104')]));
    expect(r.items).toHaveLength(1);
    expect(r.problem).toBe('item 0x31 at offset 3 says 4 bytes but only 0 remain (3104)');
    expect(decodeItems(Buffer.concat([item(0x30, h('1f')), h('31')])).problem).toContain('an item needs an id and a length');
  });

  it('describes a location for people, in China Standard Time', () => {
    const loc = decodeLocation(
      Buffer.concat([
        encodeLocation({ alarm: 2, latE6: 31230416, lngE6: 121473701, speed: 805, time: at('260501083000') }),
        item(0x31, h('09')),
      ]),
    );
    expect(describeLocation(loc, '2019')).toMatchObject({
      alarm: { raw: '0x00000002', set: ['overspeed'] },
      status: { raw: '0x00000003', set: ['acc_on', 'positioned'], load: 'empty' },
      latitude: 31.230416,
      longitude: 121.473701,
      speedKmh: 80.5,
      time: '2026-05-01T08:30:00+08:00',
      additionalItems: [{ id: '0x31', name: 'gnss_satellites', value: { count: 9 } }],
    });
  });
});
