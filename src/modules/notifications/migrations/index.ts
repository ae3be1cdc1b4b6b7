import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_notifications.js';

export const notificationsMigrations: readonly Migration[] = [m0001];
