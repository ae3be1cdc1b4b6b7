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

export interface VehiclesTables {
  'vehicles.vehicle': VehicleTable;
  'vehicles.terminal': TerminalTable;
  'vehicles.position': PositionTable;
  'vehicles.position_outlier': PositionTable;
  'vehicles.latest_position': LatestPositionTable;
  'vehicles.driver_event': DriverEventTable;
}
