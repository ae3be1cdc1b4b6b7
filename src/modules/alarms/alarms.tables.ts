import type { ColumnType, Generated } from 'kysely';
import type { VehicleClass } from '../vehicles/index.js';
import type { AlarmStatus, HandlingAction } from './alarms.rules.js';

type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** Who took a step, as the history records it. */
export type StepActor =
  | { kind: 'person'; personId: string; organisationId: string | null; role: string | null }
  | { kind: 'system'; name: string };

export interface EvidencePoint {
  time: number;
  lat: number;
  lng: number;
  speedKmh: number;
}

export interface AlarmTable {
  id: Generated<string>;
  vehicle_id: string;
  enterprise_id: string;
  /** The operating enterprise's area when the alarm was raised, and that area's ancestors root first (for scope). */
  area_id: string | null;
  area_path: ColumnType<string[], string[], string[]>;
  rule: string;
  severity: 'high' | 'medium' | 'low';
  status: AlarmStatus;
  /** The engine's episode key: one alarm per vehicle, rule and episode. */
  episode_key: string;
  started_at: Date;
  ended_at: Date | null;
  peak: number;
  unit: string;
  limit_value: number | null;
  zone_id: string | null;
  detail: Json<Record<string, string | number | boolean>>;
  evidence: Json<EvidencePoint[]>;
  deadline: Date | null;
  verified_by: string | null;
  verified_at: Date | null;
  notified_at: Date | null;
  handled_at: Date | null;
  handling_action: HandlingAction | null;
  closed_at: Date | null;
  result: string | null;
  escalated_at: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface AlarmStepTable {
  id: Generated<string>;
  /** Write order; ties of `at` are broken by it. */
  seq: Generated<string>;
  alarm_id: string;
  /** raised, ended, verify, notify, handle, close, escalated. */
  step: string;
  actor: Json<StepActor>;
  note: string | null;
  data: Json<Record<string, unknown>>;
  at: Date;
}

export interface ZoneTable {
  id: Generated<string>;
  kind: 'forbidden' | 'speed_limit' | 'corridor' | 'expressway';
  name: string;
  /** [lng, lat] WGS-84 rings and lines, as the rule engine takes them. */
  polygon: ColumnType<[number, number][] | null, string | null, string | null>;
  line: ColumnType<[number, number][] | null, string | null, string | null>;
  half_width_m: number | null;
  classes: ColumnType<VehicleClass[] | null, VehicleClass[] | null, VehicleClass[] | null>;
  window_from: string | null;
  window_to: string | null;
  speed_limit_kmh: number | null;
  area_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  /** Moved on every change; the alarm sink polls the zones' version to reload them. */
  updated_at: ColumnType<Date, Date | undefined, Date>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** A retired zone is no longer applied; it stays for the alarms that name it. */
  retired_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  retired_by: ColumnType<string | null, string | null | undefined, string | null>;
  retired_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AlarmsTables {
  'alarms.alarm': AlarmTable;
  'alarms.alarm_step': AlarmStepTable;
  'alarms.zone': ZoneTable;
}
