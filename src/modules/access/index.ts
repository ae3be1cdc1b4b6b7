export { publishedMandate, ROLE_INFO } from './access.mandate.js';
export { accessPermissions } from './access.permissions.js';
export {
  personContext,
  registerAccessHooks,
  registerAccessRoutes,
  requestContext,
  requirePerson,
  SESSION_COOKIE,
} from './access.routes.js';
export {
  buildRegistry,
  type Entrusted,
  entrustmentFor,
  type Grant,
  type LocalisedText,
  mandateMatrix,
  mandateMatrixText,
  type PermissionDefinition,
  type PermissionRegistry,
  ROLE_SCOPE,
  ROLES,
  type Role,
  type Scope,
} from './access.rules.js';
export type { AccessTables, Locale } from './access.tables.js';
export {
  type AccessModule,
  type Actor,
  auditActorOf,
  createAccessModule,
  type EntrustmentLookup,
  type Mandate,
  type NameLookup,
  type PersonActor,
  type RequestContext,
  type SessionView,
} from './access.usecases.js';
export { registerGrantRoutes } from './grants.routes.js';
export { createGrantsModule, type GrantsModule } from './grants.usecases.js';
export { accessMigrations } from './migrations/index.js';
