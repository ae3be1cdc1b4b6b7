import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_notifications.js';
import { m0002 } from './0002_external_recipients.js';

export const notificationsMigrations: readonly Migration[] = [m0001, m0002];
