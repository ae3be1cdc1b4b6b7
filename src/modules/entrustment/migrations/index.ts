import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_entrustment.js';

export const entrustmentMigrations: readonly Migration[] = [m0001];
