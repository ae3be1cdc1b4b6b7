import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, PHOTO_TYPES, type PublicState } from './reports.api';

/** The four steps a report goes through in the open; a closure ends it beside them. */
export const TRACK_STEPS = ['received', 'verified', 'in_progress', 'fixed'] as const;
export type TrackStep = (typeof TRACK_STEPS)[number];

/**
 * The step a public state stands at (0–3), or -1 for a closure. A re-opened report waits for
 * verification again, so it stands at the first step.
 */
export function stepOf(state: PublicState): number {
  switch (state) {
    case 'received':
    case 'reopened':
      return 0;
    case 'verified':
      return 1;
    case 'in_progress':
      return 2;
    case 'fixed':
      return 3;
    default:
      return -1;
  }
}

export type StepStatus = 'finish' | 'process' | 'wait';

/** Each of the four steps' status for a report that is not closed: done, under way, or to come (all done once fixed). */
export function stepStatuses(state: PublicState): StepStatus[] | null {
  const current = stepOf(state);
  if (current < 0) return null;
  return TRACK_STEPS.map((_, i) => (i < current || state === 'fixed' ? 'finish' : i === current ? 'process' : 'wait'));
}

export type PhotoRefusal = 'wrongType' | 'tooLarge' | 'tooMany';

/**
 * Whether a chosen file may join the photos already chosen, by the server's own limits (JPEG, PNG or
 * WebP; 10 MB; five a report), so the resident hears it before anything is sent.
 */
export function photoRefusal(file: { type: string; size: number }, alreadyChosen: number): PhotoRefusal | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'wrongType';
  if (file.size > PHOTO_MAX_BYTES) return 'tooLarge';
  if (alreadyChosen >= PHOTO_MAX_COUNT) return 'tooMany';
  return null;
}
