import { BodyError, bcdTime, bcdTimeEncode, cstIso, hex } from './bytes.js';
import type { Edition } from './frame.js';

/**
 * 0x0200 location report: the 28-byte basic information, the alarm and status
 * DWORDs by name in each edition, and the additional items (standard ones
 * decoded, unknown ones kept raw).
 */

export interface Location {
  alarm: number;
  status: number;
  /** Signed microdegrees (1e-6°), WGS-84, the hemisphere taken from status bits 2 and 3. */
  latE6: number;
  lngE6: number;
  /** Metres. */
  altitude: number;
  /** 1/10 km/h as sent. */
  speed: number;
  /** 0–359, north = 0, clockwise. */
  direction: number;
  /** Epoch ms of the terminal's GNSS time. */
  time: number;
  /** Odometer from item 0x01, in 1/10 km; null when absent. */
  mileage: number | null;
  /**
   * The additional-item bytes as sent, for storage and later decoding; null when none. A view
   * into the body (no copy): copy it to keep it beyond the frame's handling.
   */
  items: Buffer | null;
}

export const BASIC_LOCATION_BYTES = 28;

/**
 * Decodes a 0x0200 body (or one item of a 0x0704). Throws BodyError naming the
 * field when the body is short or a value is impossible.
 */
export function decodeLocation(body: Buffer): Location {
  if (body.length < BASIC_LOCATION_BYTES) {
    throw new BodyError(`a location needs ${BASIC_LOCATION_BYTES} bytes of basic information, this one has ${body.length}`, body.length);
  }
  const alarm = body.readUInt32BE(0);
  const status = body.readUInt32BE(4);
  let lat = body.readUInt32BE(8);
  let lng = body.readUInt32BE(12);
  if (lat > 90_000_000) throw new BodyError(`latitude ${lat / 1e6}° is beyond 90°`, 8);
  if (lng > 180_000_000) throw new BodyError(`longitude ${lng / 1e6}° is beyond 180°`, 12);
  if (status & 0x04) lat = -lat;
  if (status & 0x08) lng = -lng;
  const time = bcdTime(body, 22);
  if (time === null) throw new BodyError(`time ${body.subarray(22, 28).toString('hex')} is not a valid YYMMDDhhmmss`, 22);
  let items: Buffer | null = null;
  let mileage: number | null = null;
  if (body.length > BASIC_LOCATION_BYTES) {
    items = body.subarray(BASIC_LOCATION_BYTES);
    // The odometer is kept in its own column; find it without decoding everything.
    let o = 0;
    while (o + 2 <= items.length) {
      const id = items[o] as number;
      const len = items[o + 1] as number;
      if (o + 2 + len > items.length) break;
      if (id === 0x01 && len === 4) {
        mileage = items.readUInt32BE(o + 2);
        break;
      }
      o += 2 + len;
    }
  }
  return {
    alarm,
    status,
    latE6: lat,
    lngE6: lng,
    altitude: body.readUInt16BE(16),
    speed: body.readUInt16BE(18),
    direction: body.readUInt16BE(20),
    time,
    mileage,
    items,
  };
}

/** What a terminal puts into a location; for the simulator, tests and benchmarks. */
export interface LocationInput {
  alarm?: number;
  status?: number;
  /** Signed microdegrees; the sign becomes status bits 2 and 3. */
  latE6: number;
  lngE6: number;
  altitude?: number;
  speed?: number;
  direction?: number;
  time: number;
  /** Raw additional-item bytes (id, length, value …). */
  items?: Buffer;
}

export function encodeLocation(p: LocationInput): Buffer {
  const items = p.items ?? Buffer.alloc(0);
  const out = Buffer.alloc(BASIC_LOCATION_BYTES + items.length);
  let status = (p.status ?? 0x03) & ~0x0c;
  if (p.latE6 < 0) status |= 0x04;
  if (p.lngE6 < 0) status |= 0x08;
  out.writeUInt32BE((p.alarm ?? 0) >>> 0, 0);
  out.writeUInt32BE(status >>> 0, 4);
  out.writeUInt32BE(Math.abs(p.latE6), 8);
  out.writeUInt32BE(Math.abs(p.lngE6), 12);
  out.writeUInt16BE(p.altitude ?? 0, 16);
  out.writeUInt16BE(p.speed ?? 0, 18);
  out.writeUInt16BE(p.direction ?? 0, 20);
  bcdTimeEncode(p.time).copy(out, 22);
  items.copy(out, BASIC_LOCATION_BYTES);
  return out;
}

/** One additional item as raw bytes: id, length, value. */
export function item(id: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([id, value.length]), value]);
}

// ---- alarm and status bits by name -------------------------------------------

/** How a terminal clears the bit: when the platform acknowledges it, or when the condition ends. */
export type AlarmClears = 'on_ack' | 'condition';

export interface AlarmBit {
  bit: number;
  /** Name in 2011/2013; null where the bit is reserved. */
  name2013: string | null;
  /** Name in 2019; null where the bit is reserved. */
  name2019: string | null;
  clears2013: AlarmClears;
  clears2019: AlarmClears;
}

const same = (bit: number, name: string, clears: AlarmClears = 'condition'): AlarmBit => ({
  bit,
  name2013: name,
  name2019: name,
  clears2013: clears,
  clears2019: clears,
});

/** The alarm-flag DWORD (JT/T 808-2013 table 24, 2019 table 25). */
export const ALARM_BITS: readonly AlarmBit[] = [
  same(0, 'emergency', 'on_ack'),
  same(1, 'overspeed'),
  same(2, 'fatigue_driving'),
  { bit: 3, name2013: 'danger_warning', name2019: 'dangerous_driving_behaviour', clears2013: 'condition', clears2019: 'condition' },
  same(4, 'gnss_module_fault'),
  same(5, 'gnss_antenna_disconnected'),
  same(6, 'gnss_antenna_short_circuit'),
  same(7, 'main_power_undervoltage'),
  same(8, 'main_power_cut'),
  same(9, 'display_fault'),
  same(10, 'tts_module_fault'),
  same(11, 'camera_fault'),
  same(12, 'ic_card_module_fault'),
  same(13, 'overspeed_prewarning'),
  same(14, 'fatigue_prewarning'),
  { bit: 15, name2013: null, name2019: 'violation_driving', clears2013: 'condition', clears2019: 'condition' },
  { bit: 16, name2013: null, name2019: 'tyre_pressure_warning', clears2013: 'condition', clears2019: 'condition' },
  { bit: 17, name2013: null, name2019: 'right_turn_blind_zone', clears2013: 'condition', clears2019: 'condition' },
  same(18, 'driving_time_exceeded_today'),
  same(19, 'overtime_parking'),
  same(20, 'area_entry_exit', 'on_ack'),
  same(21, 'route_entry_exit', 'on_ack'),
  same(22, 'segment_driving_time_abnormal', 'on_ack'),
  same(23, 'route_deviation'),
  same(24, 'vss_fault'),
  same(25, 'fuel_abnormal'),
  same(26, 'vehicle_stolen'),
  { bit: 27, name2013: 'illegal_ignition', name2019: 'illegal_ignition', clears2013: 'condition', clears2019: 'on_ack' },
  same(28, 'illegal_displacement', 'on_ack'),
  { bit: 29, name2013: 'collision_warning', name2019: 'collision_rollover', clears2013: 'condition', clears2019: 'condition' },
  same(30, 'rollover_warning'),
  { bit: 31, name2013: 'illegal_door_opening', name2019: null, clears2013: 'on_ack', clears2019: 'condition' },
];

/** Names of the alarm bits set, in the meaning of the edition; reserved bits as `reserved_<bit>`. */
export function alarmNames(alarm: number, edition: Edition): string[] {
  const out: string[] = [];
  for (const a of ALARM_BITS) {
    if (((alarm >>> a.bit) & 1) === 0) continue;
    out.push((edition === '2019' ? a.name2019 : a.name2013) ?? `reserved_${a.bit}`);
  }
  return out;
}

/** Single-bit status flags (JT/T 808-2013 table 25, 2019 table 24); bits 8–9 are the load state. */
const STATUS_BITS: readonly { bit: number; name: string; only2019?: true }[] = [
  { bit: 0, name: 'acc_on' },
  { bit: 1, name: 'positioned' },
  { bit: 2, name: 'south_latitude' },
  { bit: 3, name: 'west_longitude' },
  { bit: 4, name: 'out_of_service' },
  { bit: 5, name: 'coordinates_encrypted' },
  { bit: 6, name: 'forward_collision_warning', only2019: true },
  { bit: 7, name: 'lane_departure_warning', only2019: true },
  { bit: 10, name: 'fuel_circuit_cut' },
  { bit: 11, name: 'electric_circuit_cut' },
  { bit: 12, name: 'doors_locked' },
  { bit: 13, name: 'door1_open' },
  { bit: 14, name: 'door2_open' },
  { bit: 15, name: 'door3_open' },
  { bit: 16, name: 'door4_open' },
  { bit: 17, name: 'door5_open' },
  { bit: 18, name: 'gps' },
  { bit: 19, name: 'beidou' },
  { bit: 20, name: 'glonass' },
  { bit: 21, name: 'galileo' },
  { bit: 22, name: 'driving', only2019: true },
];

export const LOAD_STATES = ['empty', 'half_loaded', 'reserved', 'full'] as const;

export function statusView(status: number, edition: Edition): { flags: string[]; load: (typeof LOAD_STATES)[number] } {
  const flags: string[] = [];
  for (const s of STATUS_BITS) {
    if (((status >>> s.bit) & 1) === 0) continue;
    flags.push(s.only2019 && edition !== '2019' ? `reserved_${s.bit}` : s.name);
  }
  for (let bit = 23; bit < 32; bit++) if ((status >>> bit) & 1) flags.push(`reserved_${bit}`);
  return { flags, load: LOAD_STATES[(status >>> 8) & 0x03] as (typeof LOAD_STATES)[number] };
}

// ---- additional items ----------------------------------------------------------

export type ItemValue = Record<string, unknown>;

export interface DecodedItem {
  id: string;
  name: string | null;
  length: number;
  /** The decoded value of a standard item. */
  value?: ItemValue;
  /** The bytes as sent, for an unknown item or one whose length is not the standard's. */
  raw?: string;
  note?: string;
}

const LOCATION_TYPES = ['none', 'circle', 'rectangle', 'polygon', 'route_segment'] as const;
const SIGNAL_BITS = [
  'low_beam',
  'high_beam',
  'right_indicator',
  'left_indicator',
  'brake',
  'reverse',
  'fog_lamp',
  'clearance_lamp',
  'horn',
  'air_conditioner',
  'neutral',
  'retarder',
  'abs',
  'heater',
  'clutch',
] as const;

const bitsOn = (v: number, names: readonly string[]) => names.filter((_, i) => (v >>> i) & 1);

/** Standard items: name, the lengths the standard allows (null = any), and the decoder. */
const ITEMS: Record<number, { name: string; lengths: number[] | null; decode: (v: Buffer) => ItemValue }> = {
  1: { name: 'mileage', lengths: [4], decode: (v) => ({ km: v.readUInt32BE(0) / 10 }) },
  2: { name: 'fuel', lengths: [2], decode: (v) => ({ litres: v.readUInt16BE(0) / 10 }) },
  3: { name: 'tachograph_speed', lengths: [2], decode: (v) => ({ kmh: v.readUInt16BE(0) / 10 }) },
  4: { name: 'manual_alarm_event_id', lengths: [2], decode: (v) => ({ eventId: v.readUInt16BE(0) }) },
  5: {
    name: 'tyre_pressure',
    lengths: [30],
    decode: (v) => ({ pascals: [...v].map((b) => (b === 0xff ? null : b)) }),
  },
  6: { name: 'cargo_temperature', lengths: [2], decode: (v) => ({ celsius: v.readInt16BE(0) }) },
  17: {
    name: 'overspeed_location',
    lengths: [1, 5],
    decode: (v) => ({ locationType: LOCATION_TYPES[v[0] as number] ?? v[0], ...(v.length === 5 ? { areaId: v.readUInt32BE(1) } : {}) }),
  },
  18: {
    name: 'area_route_entry_exit',
    lengths: [6],
    decode: (v) => ({
      locationType: LOCATION_TYPES[v[0] as number] ?? v[0],
      areaId: v.readUInt32BE(1),
      direction: v[5] === 0 ? 'in' : v[5] === 1 ? 'out' : v[5],
    }),
  },
  19: {
    name: 'segment_driving_time',
    lengths: [7],
    decode: (v) => ({
      segmentId: v.readUInt32BE(0),
      seconds: v.readUInt16BE(4),
      result: v[6] === 0 ? 'too_short' : v[6] === 1 ? 'too_long' : v[6],
    }),
  },
  37: { name: 'vehicle_signals', lengths: [4], decode: (v) => ({ on: bitsOn(v.readUInt32BE(0), SIGNAL_BITS) }) },
  42: { name: 'io_status', lengths: [2], decode: (v) => ({ on: bitsOn(v.readUInt16BE(0), ['deep_sleep', 'sleep']) }) },
  43: { name: 'analog', lengths: [4], decode: (v) => ({ ad0: v.readUInt16BE(2), ad1: v.readUInt16BE(0) }) },
  48: { name: 'signal_strength', lengths: [1], decode: (v) => ({ value: v[0] }) },
  49: { name: 'gnss_satellites', lengths: [1], decode: (v) => ({ count: v[0] }) },
};

/**
 * Every additional item in order: standard ones decoded, others raw. An item
 * whose length runs past the end is reported as a problem, with the bytes kept.
 */
export function decodeItems(items: Buffer): { items: DecodedItem[]; problem: string | null } {
  const out: DecodedItem[] = [];
  let o = 0;
  while (o < items.length) {
    if (o + 2 > items.length) {
      return { items: out, problem: `1 byte left at item offset ${o}: an item needs an id and a length` };
    }
    const id = items[o] as number;
    const len = items[o + 1] as number;
    if (o + 2 + len > items.length) {
      return {
        items: out,
        problem: `item ${hex(id, 2)} at offset ${o} says ${len} bytes but only ${items.length - o - 2} remain (${items.subarray(o).toString('hex')})`,
      };
    }
    const value = items.subarray(o + 2, o + 2 + len);
    const known = ITEMS[id];
    const entry: DecodedItem = { id: hex(id, 2), name: known?.name ?? (id >= 0xe1 ? 'custom' : null), length: len };
    if (known && (known.lengths === null || known.lengths.includes(len))) entry.value = known.decode(value);
    else {
      entry.raw = value.toString('hex');
      if (known) entry.note = `the standard gives ${known.name} ${known.lengths?.join(' or ')} bytes`;
    }
    out.push(entry);
    o += 2 + len;
  }
  return { items: out, problem: null };
}

/** The location as JSON for people: units spelled out, flags by name, items decoded. */
export function describeLocation(loc: Location, edition: Edition) {
  const items = loc.items ? decodeItems(loc.items) : { items: [], problem: null };
  const status = statusView(loc.status, edition);
  return {
    alarm: { raw: hex(loc.alarm, 8), set: alarmNames(loc.alarm, edition) },
    status: { raw: hex(loc.status, 8), set: status.flags, load: status.load },
    latitude: loc.latE6 / 1e6,
    longitude: loc.lngE6 / 1e6,
    altitudeM: loc.altitude,
    speedKmh: loc.speed / 10,
    direction: loc.direction,
    time: cstIso(loc.time),
    additionalItems: items.items,
    ...(items.problem ? { itemsProblem: items.problem } : {}),
  };
}
