import type { Migration } from '../../../platform/db/index.js';
import { m0001 } from './0001_rewards.js';

export const rewardsMigrations: readonly Migration[] = [m0001];
