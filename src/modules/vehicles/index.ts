export { registerVehicleImportRoutes } from './import/vehicle-import.routes.js';
export type { VehicleImportTables } from './import/vehicle-import.tables.js';
export { createVehicleImport, type VehicleImportModule } from './import/vehicle-import.usecases.js';
export { vehiclesMigrations } from './migrations/index.js';
export { LatestPositions, type LatestState } from './positions.latest.js';
export {
  createPositionStore,
  DEFAULT_STORE_OPTIONS,
  type PositionStore,
  type PositionStoreOptions,
  type PositionStoreStats,
} from './positions.store.js';
export {
  createVehicleLookup,
  type VehicleFacts,
  type VehicleLookup,
} from './vehicles.lookup.js';
export { vehiclesPermissions } from './vehicles.permissions.js';
export { DRIFT_KMH, type FleetQuality, ROLLUP_GRACE_MS, rollUpDay, rollUpDue } from './vehicles.rollup.js';
export { registerVehiclesRoutes } from './vehicles.routes.js';
export { type PlateColour, type PositionRecord, VEHICLE_CLASSES, type VehicleClass } from './vehicles.rules.js';
export type { VehiclesTables } from './vehicles.tables.js';
export { createVehiclesModule, type TerminalRegistration, type VehiclesModule } from './vehicles.usecases.js';
