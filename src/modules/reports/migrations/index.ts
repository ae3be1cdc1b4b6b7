import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_reports.js';
import { m0002 } from './0002_photos.js';
import { m0003 } from './0003_follow_up.js';
import { m0004 } from './0004_subscriptions.js';

export const reportsMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004];
