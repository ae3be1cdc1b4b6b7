import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { AccessModule, Actor, PermissionRegistry } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { HazardsModule } from '../hazards/index.js';
import { createControlUseCases } from './controls.usecases.js';
import { createOverviewUseCases } from './overview.usecases.js';
import { createPointUseCases } from './points.usecases.js';
import { createGuard, type RisksDirectory, reaches } from './risks.guard.js';
import {
  ACCIDENT_TYPES,
  FACTOR_CLASSES,
  LEVEL_INFO,
  MEASURE_TYPE_NAMES,
  MEASURE_TYPES,
  RISK_LEVELS,
  TIER_NAMES,
  TIERS,
} from './risks.reference.js';
import * as repo from './risks.repository.js';
import type { RisksTables } from './risks.tables.js';
import { createSchemeUseCases } from './schemes.usecases.js';
import { createRiskSeeding } from './seed.repository.js';

/**
 * The risk register (安全风险分级管控): risk points and hazard sources per
 * enterprise, graded by versioned per-area schemes, with control measures whose
 * failed checks become hazards, and the four-colour maps built on a read model.
 */
export function createRisksModule(deps: {
  db: Kysely<RisksTables>;
  clock: Clock;
  registry: PermissionRegistry;
  access: Pick<AccessModule, 'scope'>;
  audit: Pick<AuditModule, 'record'>;
  directory: RisksDirectory;
  /** Failed control checks are registered as hazards through it, inside our transaction. */
  hazards: Pick<HazardsModule, 'registerFindings'>;
}) {
  const { db, clock, registry, access, audit, directory, hazards } = deps;
  const guard = createGuard({ db, registry, access, directory });
  const points = createPointUseCases({ db, clock, audit, guard });
  const controls = createControlUseCases({ db, clock, audit, guard, directory, access, hazards });
  const schemes = createSchemeUseCases({ db, registry, access, audit, directory, guard });
  const overview = createOverviewUseCases({ db, clock, access, directory });

  return {
    points,
    controls,
    schemes,
    overview,

    /** The fixed lists the forms and cards need, in both languages. */
    reference: () => ({
      accidentTypes: ACCIDENT_TYPES.map((a) => ({ code: a.code, number: a.number, name: a.name })),
      factorClasses: FACTOR_CLASSES.map((f) => ({ code: f.code, name: f.name })),
      levels: RISK_LEVELS.map((code) => ({ code, ...LEVEL_INFO[code] })),
      measureTypes: MEASURE_TYPES.map((code) => ({ code, name: MEASURE_TYPE_NAMES[code] })),
      tiers: TIERS.map((code) => ({ code, name: TIER_NAMES[code] })),
    }),

    /** Highest current level and risk points per level, per enterprise (for other modules). */
    levelsOf: overview.levelsOf,

    /** Whether the actor may read the audit history of one of our objects (the audit module asks). */
    async canSeeTarget(actor: Actor, target: { type: string; id: string }): Promise<boolean> {
      let enterpriseId: string | undefined;
      if (target.type === 'risk_scheme') return actor.permissions.has('risks.scheme.read');
      if (target.type === 'risk_point') enterpriseId = (await repo.pointById(db, target.id))?.enterprise_id;
      if (target.type === 'control_measure') enterpriseId = (await controls.enterpriseOfMeasure(target.id)) ?? undefined;
      if (!enterpriseId) return false;
      const e = await guard.enterprise(enterpriseId);
      return e !== null && actor.permissions.has('risks.risk_point.read') && reaches(access.scope(actor, 'risks.risk_point.read'), e);
    },

    /** Bulk writes for loading a jurisdiction (the demo); the caller owns the transaction and its one audit entry. */
    seed: createRiskSeeding(),
  };
}

export type RisksModule = ReturnType<typeof createRisksModule>;
