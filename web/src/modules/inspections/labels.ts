import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChecklistScope,
  checklistScopes,
  type ItemType,
  itemTypes,
  type Kind,
  kinds,
  type Manner,
  type Mode,
  manners,
  modes,
  type Outcome,
  outcomes,
  type PackageStep,
  type Party,
  packageSteps,
  parties,
  type Recurrence,
  recurrences,
  type Status,
  statuses,
  type Verdict,
  verdicts,
} from './inspections.types';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/**
 * Names of the inspections codes in the interface language. A code this build
 * does not know (a newer server) is shown as it is rather than hidden.
 */
export function useInspectionLabels() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      kind: (v: string) => (isOneOf<Kind>(kinds, v) ? t(`inspections.kind.${v}`) : v),
      mode: (v: string) => (isOneOf<Mode>(modes, v) ? t(`inspections.mode.${v}`) : v),
      manner: (v: string) => (isOneOf<Manner>(manners, v) ? t(`inspections.manner.${v}`) : v),
      status: (v: string) => (isOneOf<Status>(statuses, v) ? t(`inspections.status.${v}`) : v),
      verdict: (v: string) => (isOneOf<Verdict>(verdicts, v) ? t(`inspections.verdict.${v}`) : v),
      itemType: (v: string) => (isOneOf<ItemType>(itemTypes, v) ? t(`inspections.itemType.${v}`) : v),
      outcome: (v: string) => (isOneOf<Outcome>(outcomes, v) ? t(`inspections.outcome.${v}`) : v),
      scope: (v: string) => (isOneOf<ChecklistScope>(checklistScopes, v) ? t(`inspections.scope.${v}`) : v),
      step: (v: string) => (isOneOf<PackageStep>(packageSteps, v) ? t(`inspections.step.${v}`) : v),
      recurrence: (v: string) => (isOneOf<Recurrence>(recurrences, v) ? t(`inspections.recurrence.${v}`) : v),
      party: (v: string) => (isOneOf<Party>(parties, v) ? t(`inspections.party.${v}`) : v),
      stepStatus: (v: string) =>
        isOneOf(['pending', 'in_progress', 'done', 'cancelled'] as const, v) ? t(`inspections.stepStatus.${v}`) : v,
      packageStatus: (v: string) => (isOneOf(['open', 'completed', 'cancelled'] as const, v) ? t(`inspections.packageStatus.${v}`) : v),
      planStatus: (v: string) => (isOneOf(['active', 'cancelled'] as const, v) ? t(`inspections.planStatus.${v}`) : v),
    }),
    [t],
  );
}

/** Tag colours of the inspection statuses. */
export const statusColours: Record<Status, string> = {
  planned: 'default',
  in_progress: 'processing',
  awaiting_review: 'warning',
  completed: 'success',
  cancelled: 'default',
};

export const outcomeColours: Record<Outcome, string> = {
  pass: 'success',
  fail: 'error',
  na: 'default',
  info: 'blue',
  unanswered: 'default',
};
