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
  type Grant,
  type LocalisedText,
  mandateMatrix,
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
  createAccessModule,
  type NameLookup,
  type PersonActor,
  type SessionView,
} from './access.usecases.js';
export { accessMigrations } from './migrations/index.js';
