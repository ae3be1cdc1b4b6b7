export { hazardStates } from './hazard-states.js';
export { hazardsPermissions } from './hazards.permissions.js';
export { registerHazardRoutes } from './hazards.routes.js';
export {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type Grade,
  type HazardSource,
  SOURCES,
  STATUSES,
  type Status,
} from './hazards.rules.js';
export type { HazardsTables } from './hazards.tables.js';
export type { Finding, HazardsModule } from './hazards.usecases.js';
export { createHazardsModule } from './hazards.usecases.js';
export { hazardsMigrations } from './migrations/index.js';
export type { DemoEnterprise, DemoHazardsInput } from './seed.repository.js';
