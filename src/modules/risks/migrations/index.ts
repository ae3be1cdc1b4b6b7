import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_risks.js';

export const risksMigrations: readonly Migration[] = [m0001];
