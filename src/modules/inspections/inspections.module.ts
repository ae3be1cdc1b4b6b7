import type { Actor } from '../access/index.js';
import { createChecklistsUseCases } from './checklists.usecases.js';
import { createConductUseCases } from './conduct.usecases.js';
import { createDetailView } from './inspections.detail.js';
import { createKernel, type InspectionsDeps } from './inspections.kernel.js';
import { createInspectionUseCases } from './inspections.usecases.js';
import { createPackageUseCases } from './packages.usecases.js';
import { createPlanUseCases } from './plans.usecases.js';
import { createQuestionnaireUseCases } from './questionnaire.usecases.js';

/**
 * Checklists and inspections (隐患排查): templates with legal bases, inspections
 * of every kind and mode, plans, service packages and questionnaires; failed
 * items become hazards through the hazards module on completion.
 */
export function createInspectionsModule(deps: InspectionsDeps) {
  const kernel = createKernel(deps);
  const detail = createDetailView(kernel);
  const checklists = createChecklistsUseCases(kernel);
  const inspections = createInspectionUseCases(kernel, checklists, detail);
  const plans = createPlanUseCases(kernel, checklists);
  const packages = createPackageUseCases(kernel, checklists, inspections.targetEnterprise);
  const visible = (read: Promise<unknown>) =>
    read.then(
      () => true,
      () => false,
    );
  return {
    /** Who may read the audit history of this module's objects: whoever may read the object. */
    canSeeTarget(actor: Actor, target: { type: string; id: string }): Promise<boolean> {
      switch (target.type) {
        case 'inspection':
          return visible(inspections.get(actor, target.id));
        case 'checklist':
          return visible(checklists.get(actor, target.id));
        case 'inspection_plan':
          return visible(plans.get(actor, target.id));
        case 'service_package':
          return visible(packages.get(actor, target.id));
        default:
          return Promise.resolve(false);
      }
    },
    checklists,
    inspections,
    conduct: createConductUseCases(kernel, detail),
    questionnaires: createQuestionnaireUseCases(kernel, detail),
    plans,
    packages,
  };
}

export type InspectionsModule = ReturnType<typeof createInspectionsModule>;
