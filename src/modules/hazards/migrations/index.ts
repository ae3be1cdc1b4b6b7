import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_hazards.js';

export const hazardsMigrations: readonly Migration[] = [m0001];
