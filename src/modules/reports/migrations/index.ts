import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_reports.js';
import { m0002 } from './0002_photos.js';

export const reportsMigrations: readonly Migration[] = [m0001, m0002];
