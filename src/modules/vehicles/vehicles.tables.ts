import type { ColumnType, Generated } from 'kysely';
import type { PlateColour, VehicleClass } from './vehicles.rules.js';

export interface VehicleTable {
  id: Generated<string>;
  plate_number: string;
  plate_colour: PlateColour;
  class: VehicleClass;
  /** The operating enterprise (an organisation of kind enterprise in the directory). */
  enterprise_id: string;
  /** The 终端手机号 terminals put in every message header, without BCD padding; unique. */
  terminal_number: string;
  /** The SIM card's number (ICCID or MSISDN), as the enterprise records it. */
  sim: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** 接驳运输: exempt from the 02:00–05:00 stop for long-distance coaches. */
  relay_exempt: ColumnType<boolean, boolean | undefined, boolean>;
  /** The approved route: an alarms.zone of kind corridor. */
  route_zone_id: string | null;
  /** Moved on every change; the rule engine reloads profiles changed since it last looked. */
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A driver on the register: the 从业资格证号 is what the terminal reads from the IC card (0x0702). */
export interface DriverTable {
  id: Generated<string>;
  enterprise_id: string;
  name: string;
  qualification_code: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface VehicleDriverTable {
  vehicle_id: string;
  driver_id: string;
}

/** A vehicle's terminal as it last registered and authenticated over JT/T 808. */
export interface TerminalTable {
  vehicle_id: string;
  /** SHA-256 of the authentication code issued in 0x8100; null after logout. */
  auth_code_hash: string | null;
  edition: '2013' | '2019';
  /** What the terminal said in 0x0100: province, city, maker, model, terminal id, plate. */
  registration: ColumnType<Record<string, unknown>, string, string>;
  registered_at: Date;
  authenticated_at: Date | null;
  imei: string | null;
  software_version: string | null;
}

/** Positions (partitioned by CST day on `time`; written with COPY). */
export interface PositionTable {
  vehicle_id: string;
  /** The terminal's GNSS time. */
  time: Date;
  received_at: Date;
  lat: number;
  lng: number;
  altitude: number;
  speed_kmh: number;
  direction: number;
  /** The alarm DWORD as a signed 32-bit integer of the same bits. */
  alarm: number;
  status: number;
  mileage_km: number | null;
  /** Sent as a blind-area back-fill. */
  backfill: boolean;
  /** Additional items as sent. */
  items: Buffer | null;
}

export interface LatestPositionTable extends Omit<PositionTable, 'backfill' | 'items'> {}

export interface DriverEventTable {
  id: Generated<string>;
  vehicle_id: string;
  event: 'card_inserted' | 'card_removed';
  time: Date;
  received_at: Date;
  read_result: number | null;
  driver_name: string | null;
  qualification_code: string | null;
  issuing_authority: string | null;
  valid_until: string | null;
}

/** One vehicle's track figures over one CST day (the ranking's roll-up). */
export interface VehicleDayTable {
  /** 'YYYY-MM-DD', the CST date. */
  day: ColumnType<string, string, string>;
  vehicle_id: string;
  positions: number;
  distinct_times: number;
  expected: number;
  valid: number;
  drift: number;
}

export interface RolledDayTable {
  day: ColumnType<string, string, string>;
  interval_seconds: number;
  vehicles: number;
  rolled_at: ColumnType<Date, Date | undefined, Date>;
}

export interface VehiclesTables {
  'vehicles.vehicle': VehicleTable;
  'vehicles.terminal': TerminalTable;
  'vehicles.position': PositionTable;
  'vehicles.position_outlier': PositionTable;
  'vehicles.latest_position': LatestPositionTable;
  'vehicles.driver_event': DriverEventTable;
  'vehicles.driver': DriverTable;
  'vehicles.vehicle_driver': VehicleDriverTable;
  'vehicles.vehicle_day': VehicleDayTable;
  'vehicles.rolled_day': RolledDayTable;
}
