export { type DatabaseHandle, isDatabaseUnavailable, openDatabase } from './database.js';
export { DataDirInUseError, type EmbeddedPostgres, startEmbeddedPostgres } from './embedded.js';
export { type Migration, type ModuleMigrations, migrate, pendingMigrations } from './migrate.js';
