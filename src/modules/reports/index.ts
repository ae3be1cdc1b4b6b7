export { reportsMigrations } from './migrations/index.js';
export { OPEN311_PREFIX, registerOpen311Routes } from './open311.routes.js';
export { reportsPermissions } from './reports.permissions.js';
export { registerReportsRoutes } from './reports.routes.js';
export { SERVICES } from './reports.rules.js';
export type { ReportsTables } from './reports.tables.js';
export { createReportsModule, type ReportsModule } from './reports.usecases.js';
