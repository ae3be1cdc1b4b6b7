/**
 * The pure core of the vehicle register and of position storage: classes,
 * plate colours, terminal numbers, the days positions are partitioned by, and
 * the COPY text a position becomes. No I/O here.
 */

export const VEHICLE_CLASSES = ['coach', 'tourist_coach', 'hazardous_goods', 'earthwork', 'concrete_mixer', 'heavy_freight'] as const;
export type VehicleClass = (typeof VEHICLE_CLASSES)[number];

/** Plate colours with their JT/T 697.7 codes, as terminals report them in 0x0100 (0 = unplated, VIN follows). */
export const PLATE_COLOURS = { blue: 1, yellow: 2, black: 3, white: 4, green: 5, other: 9 } as const;
export type PlateColour = keyof typeof PLATE_COLOURS;

export function plateColourOfCode(code: number): PlateColour | null {
  for (const [name, c] of Object.entries(PLATE_COLOURS)) if (c === code) return name as PlateColour;
  return null;
}

/** Plates compared as terminals send them: no spaces, dots or NULs, upper case. */
export function normalisePlate(plate: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL padding from fixed-width terminal fields
  return plate.replace(/[\s\u0000·.-]/g, '').toUpperCase();
}

/**
 * A terminal number as the register keys it: the digits of the header's
 * 终端手机号 without the zeros BCD[6]/BCD[10] pad it with. Null when it is not 1–20 digits.
 */
export function normaliseTerminalNumber(value: string): string | null {
  const digits = value.trim();
  if (!/^\d{1,20}$/.test(digits)) return null;
  const key = digits.replace(/^0+/, '');
  return key === '' ? null : key;
}

// ---- days and partitions ---------------------------------------------------------

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/**
 * Positions are partitioned by day in China Standard Time, so one day's
 * track (as operators speak of it) is one partition. Day numbers count from
 * 1970-01-01 CST.
 */
export const cstDay = (ms: number): number => Math.floor((ms + CST_MS) / DAY_MS);
export const dayStart = (day: number): number => day * DAY_MS - CST_MS;

/** `p20260501`: the partition name suffix of a CST day. */
export function dayName(day: number): string {
  return `p${new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export function dayOfName(name: string): number | null {
  const m = /^position_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!m) return null;
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

/** The days that should have a partition at `now`: from the retention edge to a few days ahead. */
export function partitionWindow(now: number, retentionDays: number, aheadDays: number): { first: number; last: number } {
  const today = cstDay(now);
  return { first: today - retentionDays, last: today + aheadDays };
}

/** Partitions wholly older than the retention period, to drop. */
export function expiredDays(existing: Iterable<number>, now: number, retentionDays: number): number[] {
  const first = cstDay(now) - retentionDays;
  return [...existing].filter((d) => d < first).sort((a, b) => a - b);
}

// ---- positions as COPY text ----------------------------------------------------

/** One stored position, in the units the terminal sent. */
export interface PositionRecord {
  vehicleId: string;
  /** Terminal's GNSS time, epoch ms. */
  time: number;
  receivedAt: number;
  /** Signed microdegrees, WGS-84. */
  latE6: number;
  lngE6: number;
  altitude: number;
  /** 1/10 km/h. */
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  /** 1/10 km; null when not reported. */
  mileage: number | null;
  /** Sent as a blind-area back-fill (0x0704 type 1). */
  backfill: boolean;
  /** Additional items as sent, in hex; decoded on read. */
  itemsHex: string | null;
}

export const POSITION_COLUMNS = [
  'vehicle_id',
  'time',
  'received_at',
  'lat',
  'lng',
  'altitude',
  'speed_kmh',
  'direction',
  'alarm',
  'status',
  'mileage_km',
  'backfill',
  'items',
] as const;

let lastReceivedAt = Number.NaN;
let lastReceivedIso = '';

/**
 * One line of COPY text format. Every field is a uuid, a number, a timestamp
 * or hex, so nothing needs escaping except bytea's backslash. The alarm and
 * status DWORDs are stored as the signed 32-bit integer of the same bits.
 */
export function copyLine(p: PositionRecord): string {
  // Positions of one read share their receipt time: format it once.
  if (p.receivedAt !== lastReceivedAt) {
    lastReceivedAt = p.receivedAt;
    lastReceivedIso = new Date(p.receivedAt).toISOString();
  }
  return `${p.vehicleId}\t${new Date(p.time).toISOString()}\t${lastReceivedIso}\t${p.latE6 / 1e6}\t${p.lngE6 / 1e6}\t${p.altitude}\t${p.speed / 10}\t${p.direction}\t${p.alarm | 0}\t${p.status | 0}\t${p.mileage === null ? '\\N' : p.mileage / 10}\t${p.backfill ? 't' : 'f'}\t${p.itemsHex ? `\\\\x${p.itemsHex}` : '\\N'}\n`;
}

// ---- terminal registration ----------------------------------------------------------

/** 0x8100 results (JT/T 808 table 8): 0 ok, 2 vehicle not in the database, 4 terminal not in the database. */
export type RegistrationOutcome = 0 | 2 | 4;

/**
 * Whether a terminal may register: its number must be in the register, and
 * the plate it reports (when it reports one) must be that vehicle's. An
 * unplated report (colour 0, a VIN instead of a plate) is accepted on the
 * terminal number alone.
 */
export function registrationOutcome(
  vehicle: { plate_number: string } | undefined,
  reported: { plateColour: number; plate: string },
): RegistrationOutcome {
  if (!vehicle) return 4;
  if (reported.plateColour === 0) return 0;
  const plate = normalisePlate(reported.plate);
  if (plate !== '' && plate !== normalisePlate(vehicle.plate_number)) return 2;
  return 0;
}
