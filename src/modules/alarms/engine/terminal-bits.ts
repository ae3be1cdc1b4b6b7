import type { AlarmRule } from './types.js';

/*
 * The alarm-flag DWORD of 0x0200 (research §2.6; JT/T 808-2013 table 24, 2019 table 25).
 * The bits our rules use (0 emergency, 4 GNSS module fault, 5 antenna disconnected, 6 antenna
 * short circuit, 7 main power under-voltage, 8 main power cut) mean the same in both editions;
 * the edition matters for naming the other bits set in the same report (bits 3, 15–17, 29, 31
 * differ), which events carry as evidence in detail.otherBits.
 */

type Edition = '2013' | '2019';

/** Names per bit: [2013, 2019]; null where the edition reserves the bit. Same words as src/ingest/jt808/location.ts. */
const NAMES: readonly (readonly [string | null, string | null])[] = [
  ['emergency', 'emergency'],
  ['overspeed', 'overspeed'],
  ['fatigue_driving', 'fatigue_driving'],
  ['danger_warning', 'dangerous_driving_behaviour'],
  ['gnss_module_fault', 'gnss_module_fault'],
  ['gnss_antenna_disconnected', 'gnss_antenna_disconnected'],
  ['gnss_antenna_short_circuit', 'gnss_antenna_short_circuit'],
  ['main_power_undervoltage', 'main_power_undervoltage'],
  ['main_power_cut', 'main_power_cut'],
  ['display_fault', 'display_fault'],
  ['tts_module_fault', 'tts_module_fault'],
  ['camera_fault', 'camera_fault'],
  ['ic_card_module_fault', 'ic_card_module_fault'],
  ['overspeed_prewarning', 'overspeed_prewarning'],
  ['fatigue_prewarning', 'fatigue_prewarning'],
  [null, 'violation_driving'],
  [null, 'tyre_pressure_warning'],
  [null, 'right_turn_blind_zone'],
  ['driving_time_exceeded_today', 'driving_time_exceeded_today'],
  ['overtime_parking', 'overtime_parking'],
  ['area_entry_exit', 'area_entry_exit'],
  ['route_entry_exit', 'route_entry_exit'],
  ['segment_driving_time_abnormal', 'segment_driving_time_abnormal'],
  ['route_deviation', 'route_deviation'],
  ['vss_fault', 'vss_fault'],
  ['fuel_abnormal', 'fuel_abnormal'],
  ['vehicle_stolen', 'vehicle_stolen'],
  ['illegal_ignition', 'illegal_ignition'],
  ['illegal_displacement', 'illegal_displacement'],
  ['collision_warning', 'collision_rollover'],
  ['rollover_warning', 'rollover_warning'],
  ['illegal_door_opening', null],
];

export function alarmBitName(bit: number, edition: Edition): string {
  const n = NAMES[bit];
  return (n ? n[edition === '2019' ? 1 : 0] : null) ?? `reserved_${bit}`;
}

/** Names of the bits set in `mask & alarm`, in the edition's meaning, comma-separated. */
export function alarmBitNames(alarm: number, edition: Edition, mask = 0xffffffff): string {
  const out: string[] = [];
  const set = (alarm & mask) >>> 0;
  for (let bit = 0; bit < 32; bit++) if ((set >>> bit) & 1) out.push(alarmBitName(bit, edition));
  return out.join(',');
}

export interface TerminalRule {
  rule: Extract<AlarmRule, 'terminal_emergency' | 'terminal_gnss_antenna' | 'terminal_power'>;
  mask: number;
}

export const TERMINAL_RULES: readonly TerminalRule[] = [
  { rule: 'terminal_emergency', mask: 1 << 0 },
  { rule: 'terminal_gnss_antenna', mask: (1 << 4) | (1 << 5) | (1 << 6) },
  { rule: 'terminal_power', mask: (1 << 7) | (1 << 8) },
];

export const TERMINAL_MASK = TERMINAL_RULES.reduce((m, r) => m | r.mask, 0);
