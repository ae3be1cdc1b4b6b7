export { alarmsPermissions } from './alarms.permissions.js';
export { registerAlarmsRoutes } from './alarms.routes.js';
export { ALARM_STATUSES, type AlarmStatus, HANDLING_ACTIONS, type HandlingAction } from './alarms.rules.js';
export {
  type AlarmSink,
  type AlarmSinkOptions,
  type AlarmSinkStats,
  createAlarmSink,
  DEFAULT_SINK_OPTIONS,
  startAlarmSink,
} from './alarms.sink.js';
export type { AlarmsTables } from './alarms.tables.js';
export {
  type AlarmsDeps,
  type AlarmsModule,
  createAlarmsModule,
  DRIVER_MESSAGE_DELIVERIES,
  type DriverMessageDelivery,
  type DriverMessenger,
  RANKING_INTERVAL_SECONDS,
} from './alarms.usecases.js';
export * from './engine/index.js';
export { createLiveFeed, DEFAULT_LIVE_OPTIONS, LIVE_CLOSE, type LiveFeed, type LiveOptions } from './live.js';
export { registerLiveRoutes } from './live.routes.js';
export { alarmsMigrations } from './migrations/index.js';
