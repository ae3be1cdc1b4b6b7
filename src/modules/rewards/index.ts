export { rewardsMigrations } from './migrations/index.js';
export { rewardsPermissions } from './rewards.permissions.js';
export { registerRewardsRoutes } from './rewards.routes.js';
export type { RewardsTables } from './rewards.tables.js';
export { createRewardsModule, type RewardsModule } from './rewards.usecases.js';
