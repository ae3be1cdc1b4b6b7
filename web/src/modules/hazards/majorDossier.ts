import {
  type FiveImplementationKey,
  type FiveImplementations,
  fiveImplementationKeys,
  type MajorDossier,
  type TreatmentPlan,
  type TreatmentPlanKey,
  treatmentPlanKeys,
} from './hazards.types';

const filledText = (value: string | null | undefined) => typeof value === 'string' && value.trim() !== '';

/** Whether one of the five implementations (五落实) is in place. */
export function implementationFilled(five: FiveImplementations | null | undefined, key: FiveImplementationKey): boolean {
  if (!five) return false;
  switch (key) {
    case 'measures':
      return filledText(five.measures);
    case 'responsibility':
      return filledText(five.responsibility?.personName);
    case 'funding':
      return five.funding !== null && filledText(five.funding?.amount) && filledText(five.funding?.source);
    case 'deadline':
      return filledText(five.deadline);
    case 'contingencyPlan':
      return filledText(five.contingencyPlan?.evidenceId);
  }
}

/** Whether one of the six elements of the treatment plan is written. */
export function planElementFilled(plan: TreatmentPlan | null | undefined, key: TreatmentPlanKey): boolean {
  return filledText(plan?.[key]);
}

export interface Completeness {
  five: { done: number; total: number; missing: FiveImplementationKey[] };
  plan: { done: number; total: number; missing: TreatmentPlanKey[] };
  complete: boolean;
}

/**
 * How much of a major hazard's dossier is in place, for the screens. The
 * server decides whether treatment may start (its `blockers`); this only shows.
 */
export function dossierCompleteness(major: MajorDossier | null | undefined): Completeness {
  const fiveMissing = fiveImplementationKeys.filter((key) => !implementationFilled(major?.fiveImplementations, key));
  const planMissing = treatmentPlanKeys.filter((key) => !planElementFilled(major?.treatmentPlan, key));
  return {
    five: { done: fiveImplementationKeys.length - fiveMissing.length, total: fiveImplementationKeys.length, missing: fiveMissing },
    plan: { done: treatmentPlanKeys.length - planMissing.length, total: treatmentPlanKeys.length, missing: planMissing },
    complete: fiveMissing.length === 0 && planMissing.length === 0,
  };
}
