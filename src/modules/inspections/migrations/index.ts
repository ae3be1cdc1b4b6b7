import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_inspections.js';
import { m0002 } from './0002_starter_library.js';

export const inspectionsMigrations: readonly Migration[] = [m0001, m0002];
