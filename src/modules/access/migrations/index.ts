import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_access.js';

export const accessMigrations: readonly Migration[] = [m0001];
