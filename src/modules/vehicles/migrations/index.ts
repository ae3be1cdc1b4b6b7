import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_vehicles.js';

export const vehiclesMigrations: readonly Migration[] = [m0001];
