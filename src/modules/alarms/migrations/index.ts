import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_alarms.js';

export const alarmsMigrations: readonly Migration[] = [m0001];
