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
  DRIFT_KMH,
  type FleetQuality,
  type VehicleFacts,
  type VehicleLookup,
} from './vehicles.lookup.js';
export { vehiclesPermissions } from './vehicles.permissions.js';
export { registerVehiclesRoutes } from './vehicles.routes.js';
export { type PlateColour, type PositionRecord, VEHICLE_CLASSES, type VehicleClass } from './vehicles.rules.js';
export type { VehiclesTables } from './vehicles.tables.js';
export { createVehiclesModule, type TerminalRegistration, type VehiclesModule } from './vehicles.usecases.js';
