export { volunteersMigrations } from './migrations/index.js';
export { volunteersPermissions } from './volunteers.permissions.js';
export { registerVolunteersRoutes } from './volunteers.routes.js';
export { POINTS_RULE, pointsOf, SKILLS } from './volunteers.rules.js';
export type { VolunteersTables } from './volunteers.tables.js';
export { createVolunteersModule, type VolunteersModule } from './volunteers.usecases.js';
