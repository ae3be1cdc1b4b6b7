import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_vehicles.js';
import { m0002 } from './0002_drivers.js';
import { m0003 } from './0003_vehicle_days.js';
import { m0004 } from './0004_import.js';

export const vehiclesMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004];
