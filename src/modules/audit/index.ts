export { auditPermissions } from './audit.permissions.js';
export { registerAuditRoutes, type TargetVisibility } from './audit.routes.js';
export { type AuditActor, type AuditEntry, canonicalJson, GENESIS_HASH, type VerifyResult, verifyChain } from './audit.rules.js';
export type { AuditTables } from './audit.tables.js';
export { type AuditModule, type AuditRecord, createAuditModule } from './audit.usecases.js';
export { auditMigrations } from './migrations/index.js';
