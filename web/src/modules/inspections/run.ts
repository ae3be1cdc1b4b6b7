/**
 * The pure part of running an inspection on screen: what a draft answer means
 * before the server has answered (so a failed item turns red at the tap), the
 * answer as the server takes it, progress, and the reasons a completion was
 * refused, in words the inspector can act on.
 */
import type { Answer, AnswerInput, AnswerValues, ChecklistContent, ChecklistItem, Outcome, Party, Photo } from './inspections.types';

/** What the screen holds for one item while the inspector works on it. */
export interface Draft extends AnswerValues {
  fixedOnSpot: boolean;
}

export const emptyDraft: Draft = { verdict: null, number: null, choice: null, text: null, note: null, fixedOnSpot: false };

/** The items of a checklist version in the order they are walked. */
export const itemsOf = (content: ChecklistContent): ChecklistItem[] => content.sections.flatMap((s) => s.items);

/** The drafts the screen starts from: the answers the server has. */
export function draftsFrom(answers: readonly Answer[]): Map<string, Draft> {
  return new Map(
    answers.map((a) => [
      a.itemKey,
      { verdict: a.verdict, number: a.number, choice: a.choice, text: a.text, note: a.note, fixedOnSpot: a.fixedOnSpot },
    ]),
  );
}

/** The same rule as the server's `outcomeOf`, for immediate feedback; the server's answer is what is kept. */
export function outcomeOf(item: ChecklistItem, draft: AnswerValues | undefined, hasPhoto = false): Outcome {
  switch (item.type) {
    case 'verdict':
      if (!draft || draft.verdict === null) return 'unanswered';
      return draft.verdict === 'compliant' ? 'pass' : draft.verdict === 'non_compliant' ? 'fail' : 'na';
    case 'number':
      if (!draft || draft.number === null) return 'unanswered';
      if (item.min !== null && draft.number < item.min) return 'fail';
      if (item.max !== null && draft.number > item.max) return 'fail';
      return 'pass';
    case 'choice': {
      if (!draft || draft.choice === null) return 'unanswered';
      const choice = item.choices.find((c) => c.value === draft.choice);
      if (!choice) return 'unanswered';
      return choice.fail ? 'fail' : 'pass';
    }
    case 'text':
      return draft && draft.text !== null && draft.text.trim() !== '' ? 'info' : 'unanswered';
    case 'photo':
      return hasPhoto ? 'info' : 'unanswered';
  }
}

const blankToNull = (value: string | null): string | null => (value === null || value.trim() === '' ? null : value);

/**
 * The draft as the server takes it: only the value the item's type uses (the
 * server refuses the others), blank text as none, and "fixed on the spot"
 * only for a failed item that is not a major hazard (a major one never is).
 */
export function toAnswerInput(item: ChecklistItem, draft: Draft, hasPhoto = false): AnswerInput {
  const failed = outcomeOf(item, draft, hasPhoto) === 'fail';
  return {
    itemKey: item.key,
    verdict: item.type === 'verdict' ? draft.verdict : null,
    number: item.type === 'number' ? draft.number : null,
    choice: item.type === 'choice' ? draft.choice : null,
    text: item.type === 'text' ? blankToNull(draft.text) : null,
    note: blankToNull(draft.note),
    fixedOnSpot: failed && !item.major && draft.fixedOnSpot,
  };
}

/** Photos per item key. */
export function photosByItem(photos: readonly Photo[]): Map<string, Photo[]> {
  const byItem = new Map<string, Photo[]>();
  for (const photo of photos) {
    if (photo.itemKey === null) continue;
    const list = byItem.get(photo.itemKey) ?? [];
    list.push(photo);
    byItem.set(photo.itemKey, list);
  }
  return byItem;
}

/** How many items have an answer (or, for photo items, a photo), out of how many. */
export function progressOf(
  items: readonly ChecklistItem[],
  drafts: ReadonlyMap<string, AnswerValues>,
  photos: ReadonlyMap<string, readonly Photo[]>,
): { answered: number; total: number } {
  const answered = items.filter(
    (item) => outcomeOf(item, drafts.get(item.key), (photos.get(item.key)?.length ?? 0) > 0) !== 'unanswered',
  ).length;
  return { answered, total: items.length };
}

/** One reason a completion was refused, tied to the item or signature it is about. */
export type Missing =
  | { kind: 'item'; itemKey: string; index: number; label: string; review: boolean; photo: boolean }
  | { kind: 'signature'; party: Party }
  | { kind: 'other'; detail: string };

/** The invalid fields of a refused completion (`answers.<itemKey>`, `signatures.<party>`) as things to do. */
export function missingFrom(errors: readonly { field: string; detail: string }[], items: readonly ChecklistItem[]): Missing[] {
  return errors.map((e): Missing => {
    const answer = /^(answers|photos)\.([a-z][a-z0-9_]*)$/.exec(e.field);
    if (answer) {
      const index = items.findIndex((i) => i.key === answer[2]);
      if (index >= 0)
        return {
          kind: 'item',
          itemKey: answer[2] as string,
          index,
          label: (items[index] as ChecklistItem).label,
          review: /review/i.test(e.detail),
          // Put right on the spot, but without a photo as evidence.
          photo: answer[1] === 'photos',
        };
    }
    const signature = /^signatures\.(inspector|enterprise)$/.exec(e.field);
    if (signature) return { kind: 'signature', party: signature[1] as Party };
    return { kind: 'other', detail: e.detail };
  });
}

/** Whether two drafts would be saved the same way (so an unchanged field does not send a request). */
export function sameDraft(a: Draft, b: Draft): boolean {
  return (
    a.verdict === b.verdict &&
    a.number === b.number &&
    a.choice === b.choice &&
    (a.text ?? '') === (b.text ?? '') &&
    (a.note ?? '') === (b.note ?? '') &&
    a.fixedOnSpot === b.fixedOnSpot
  );
}

/**
 * An inspection as a save of answers returned it, keeping the photos uploaded meanwhile: the server
 * read the inspection before they were stored, and the photo screen never deletes one.
 */
export function withPhotosKept<T extends { photos: readonly Photo[] }>(saved: T, current: { photos: readonly Photo[] }): T {
  const known = new Set(saved.photos.map((p) => p.id));
  const added = current.photos.filter((p) => !known.has(p.id));
  return added.length === 0 ? saved : { ...saved, photos: [...saved.photos, ...added] };
}
