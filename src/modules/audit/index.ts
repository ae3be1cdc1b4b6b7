export { auditPermissions } from './audit.permissions.js';
export { registerAuditRoutes, type TargetVisibility } from './audit.routes.js';
export {
  type AuditActor,
  type AuditEntry,
  canonicalJson,
  type ExpectedHead,
  formatHead,
  GENESIS_HASH,
  parseExpectedHead,
  type VerifyResult,
  verifyChain,
} from './audit.rules.js';
export type { AuditTables } from './audit.tables.js';
export { type AuditModule, type AuditRecord, createAuditModule, type InTransaction } from './audit.usecases.js';
export { auditMigrations } from './migrations/index.js';
