/** Shapes of the alarms API (see /work/notes/alarms-contract.md §B). */

export const alarmStatuses = ['open', 'confirmed', 'false_positive', 'notified', 'handling', 'closed'] as const;
export type AlarmStatus = (typeof alarmStatuses)[number];

export const alarmRules = [
  'overspeed',
  'fatigue_continuous',
  'fatigue_daily',
  'night_ban',
  'forbidden_zone',
  'route_deviation',
  'long_parking',
  'offline_moving',
  'moved_while_offline',
  'terminal_emergency',
  'terminal_gnss_antenna',
  'terminal_power',
] as const;
export type AlarmRule = (typeof alarmRules)[number];

export type Severity = 'high' | 'medium' | 'low';
export const severityColours: Record<Severity, string> = { high: '#cf1322', medium: '#fa8c16', low: '#1677ff' };

export const handlingActions = ['message_driver', 'call_driver', 'stop_vehicle', 'other'] as const;
export type HandlingAction = (typeof handlingActions)[number];

export interface AlarmAbilities {
  verify: boolean;
  notify: boolean;
  handle: boolean;
  close: boolean;
}

export interface AlarmView {
  id: string;
  vehicleId: string;
  plateNumber: string;
  plateColour: string;
  vehicleClass: string | null;
  enterpriseId: string;
  enterpriseName: string;
  rule: string;
  severity: Severity;
  status: AlarmStatus;
  startedAt: string;
  endedAt: string | null;
  peak: number;
  unit: string;
  limit: number | null;
  zoneId?: string | null;
  deadline: string | null;
  overdue: boolean;
  escalatedAt?: string | null;
  abilities: AlarmAbilities;
}

export interface AlarmStep {
  step: string;
  actor: Record<string, unknown>;
  note: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface AlarmDetail extends AlarmView {
  detail: Record<string, string | number | boolean>;
  evidence: { time: number; lat: number; lng: number; speedKmh: number }[];
  verifiedAt: string | null;
  notifiedAt: string | null;
  handledAt: string | null;
  handlingAction: HandlingAction | null;
  closedAt: string | null;
  result: string | null;
  steps: AlarmStep[];
}

export interface AlarmPage {
  items: AlarmView[];
  total: number;
  nextCursor: string | null;
}

export interface AlarmListQuery {
  status?: AlarmStatus;
  rule?: AlarmRule;
  enterpriseId?: string;
  vehicleId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}
