import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_directory.js';

export const directoryMigrations: readonly Migration[] = [m0001];
