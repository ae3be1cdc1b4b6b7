export { risksMigrations } from './migrations/index.js';
export { DEFAULT_SCHEME } from './risks.defaults.js';
export { risksPermissions } from './risks.permissions.js';
export {
  ACCIDENT_TYPES,
  type AccidentType,
  LEVEL_INFO,
  MEASURE_TYPES,
  type MeasureType,
  RISK_LEVELS,
  type RiskLevel,
} from './risks.reference.js';
export { registerRisksRoutes } from './risks.routes.js';
export { grade, lecScore, nextDue, type SchemeContent } from './risks.rules.js';
export type { RisksTables } from './risks.tables.js';
export { createRisksModule, type RisksModule } from './risks.usecases.js';
export type { SeedAssessment, SeedMeasure, SeedPoint, SeedSource } from './seed.repository.js';
