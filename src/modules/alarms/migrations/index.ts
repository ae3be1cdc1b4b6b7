import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_alarms.js';
import { m0002 } from './0002_zone_changes.js';

export const alarmsMigrations: readonly Migration[] = [m0001, m0002];
