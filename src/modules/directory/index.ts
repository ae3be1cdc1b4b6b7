export { directoryPermissions } from './directory.permissions.js';
export type { NewArea, NewOrganisation } from './directory.repository.js';
export { registerDirectoryRoutes } from './directory.routes.js';
export type {
  AreaLevel,
  Department,
  DirectoryTables,
  EnterpriseSize,
  Geometry,
  OrganisationKind,
  Trade,
} from './directory.tables.js';
export { createDirectoryModule, type DirectoryModule } from './directory.usecases.js';
export { directoryMigrations } from './migrations/index.js';
