import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_volunteers.js';

export const volunteersMigrations: readonly Migration[] = [m0001];
