export { cstMsOfDay, dailyWindow, inWindow, parseHhmm } from './cst.js';
export { createRuleEngine, NIGHT_BAN_STOP_GRACE_MS, NIGHT_BAN_WINDOW, overspeedSeverity, RESYNC_AFTER_MS } from './engine.js';
export { UPDATE_EVERY_MS } from './episodes.js';
export { RING_SIZE } from './ring.js';
export { alarmBitName, alarmBitNames } from './terminal-bits.js';
export { DEFAULT_THRESHOLDS, type ResolvedThresholds, resolve as resolveThresholds } from './thresholds.js';
export {
  ALARM_RULES,
  type AlarmEvent,
  type AlarmRule,
  type DriverChange,
  type EngineConfig,
  type EvidencePoint,
  type RuleEngine,
  type Severity,
  type Thresholds,
  type VehicleProfile,
  type Zone,
} from './types.js';
