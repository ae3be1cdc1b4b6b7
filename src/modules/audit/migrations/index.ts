import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_audit.js';

export const auditMigrations: readonly Migration[] = [m0001];
