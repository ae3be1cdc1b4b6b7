export { registerChecklistRoutes } from './checklists.routes.js';
export { createInspectionsModule, type InspectionsModule } from './inspections.module.js';
export { inspectionsPermissions } from './inspections.permissions.js';
export { registerInspectionRoutes } from './inspections.routes.js';
export { KINDS as INSPECTION_KINDS, type Kind as InspectionKind } from './inspections.rules.js';
export type { InspectionsTables } from './inspections.tables.js';
export { GONGMAO_CRITERIA, STARTER_LIBRARY } from './library/starter-library.js';
export { inspectionsMigrations } from './migrations/index.js';
export { registerPlanningRoutes } from './planning.routes.js';
export { registerQuestionnaireRoutes } from './questionnaire.routes.js';

import type { HttpServer } from '../../platform/http/index.js';
import { registerChecklistRoutes } from './checklists.routes.js';
import type { InspectionsModule } from './inspections.module.js';
import { registerInspectionRoutes } from './inspections.routes.js';
import { registerPlanningRoutes } from './planning.routes.js';
import { registerQuestionnaireRoutes } from './questionnaire.routes.js';

/** Every route of the module. */
export function registerInspectionsRoutes(app: HttpServer, module: InspectionsModule): void {
  registerChecklistRoutes(app, module);
  registerInspectionRoutes(app, module);
  registerPlanningRoutes(app, module);
  registerQuestionnaireRoutes(app, module);
}
