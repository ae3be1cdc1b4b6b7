export { entrustmentPermissions } from './entrustment.permissions.js';
export { registerEntrustmentRoutes } from './entrustment.routes.js';
export { type EffectiveStatus, SERVICES, type Service } from './entrustment.rules.js';
export type { EntrustmentTables } from './entrustment.tables.js';
export { createEntrustmentModule, type EntrustmentModule } from './entrustment.usecases.js';
export { entrustmentMigrations } from './migrations/index.js';
