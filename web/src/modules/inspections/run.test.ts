import { describe, expect, it } from 'vitest';
import type { ChecklistItem, Photo } from './inspections.types';
import { type Draft, emptyDraft, missingFrom, outcomeOf, photosByItem, progressOf, sameDraft, toAnswerInput, withPhotosKept } from './run';

const item = (over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key: 'exit',
  label: '安全出口畅通',
  hint: null,
  type: 'verdict',
  required: true,
  weight: 1,
  legalBasis: null,
  major: false,
  criterion: null,
  min: null,
  max: null,
  unit: null,
  choices: [],
  ...over,
});
const draft = (over: Partial<Draft> = {}): Draft => ({ ...emptyDraft, ...over });
const photo = (itemKey: string | null): Photo => ({
  id: crypto.randomUUID(),
  itemKey,
  mediaType: 'image/jpeg',
  size: 1,
  name: 'a.jpg',
  sha256: 'x',
  uploadedAt: new Date().toISOString(),
  url: '/x',
});

describe('the outcome of a draft answer', () => {
  it('a verdict item: compliant passes, non-compliant fails, N/A is its own, none is unanswered', () => {
    expect(outcomeOf(item(), draft({ verdict: 'compliant' }))).toBe('pass');
    expect(outcomeOf(item(), draft({ verdict: 'non_compliant' }))).toBe('fail');
    expect(outcomeOf(item(), draft({ verdict: 'not_applicable' }))).toBe('na');
    expect(outcomeOf(item(), draft())).toBe('unanswered');
    expect(outcomeOf(item(), undefined)).toBe('unanswered');
  });

  it('a number item fails outside its limits, the limits themselves included as compliant', () => {
    const gauge = item({ type: 'number', min: 0.1, max: 1.6 });
    expect(outcomeOf(gauge, draft({ number: 0.1 }))).toBe('pass');
    expect(outcomeOf(gauge, draft({ number: 1.6 }))).toBe('pass');
    expect(outcomeOf(gauge, draft({ number: 0.09 }))).toBe('fail');
    expect(outcomeOf(gauge, draft({ number: 1.61 }))).toBe('fail');
    expect(outcomeOf(item({ type: 'number', min: null, max: 10 }), draft({ number: -5 }))).toBe('pass');
    expect(outcomeOf(gauge, draft())).toBe('unanswered');
  });

  it('a choice item fails on a failing choice and is unanswered on an unknown one', () => {
    const c = item({
      type: 'choice',
      choices: [
        { value: 'ok', label: '有', fail: false },
        { value: 'none', label: '无', fail: true },
      ],
    });
    expect(outcomeOf(c, draft({ choice: 'ok' }))).toBe('pass');
    expect(outcomeOf(c, draft({ choice: 'none' }))).toBe('fail');
    expect(outcomeOf(c, draft({ choice: 'other' }))).toBe('unanswered');
  });

  it('text informs when not blank; a photo item informs once it has a photo', () => {
    expect(outcomeOf(item({ type: 'text' }), draft({ text: ' ' }))).toBe('unanswered');
    expect(outcomeOf(item({ type: 'text' }), draft({ text: '无' }))).toBe('info');
    expect(outcomeOf(item({ type: 'photo' }), draft(), false)).toBe('unanswered');
    expect(outcomeOf(item({ type: 'photo' }), draft(), true)).toBe('info');
  });
});

describe('a draft as the server takes it', () => {
  it('sends only the value the item type uses', () => {
    expect(toAnswerInput(item(), draft({ verdict: 'compliant', number: 3, choice: 'x', text: 'y' }))).toEqual({
      itemKey: 'exit',
      verdict: 'compliant',
      number: null,
      choice: null,
      text: null,
      note: null,
      fixedOnSpot: false,
    });
  });

  it('sends blank text and notes as none', () => {
    expect(toAnswerInput(item({ type: 'text' }), draft({ text: '  ', note: '' }))).toMatchObject({ text: null, note: null });
  });

  it('marks a failed general item fixed on the spot when the inspector says so', () => {
    expect(toAnswerInput(item(), draft({ verdict: 'non_compliant', fixedOnSpot: true })).fixedOnSpot).toBe(true);
  });

  it('never marks a passed item or a major-hazard item fixed on the spot', () => {
    expect(toAnswerInput(item(), draft({ verdict: 'compliant', fixedOnSpot: true })).fixedOnSpot).toBe(false);
    expect(toAnswerInput(item({ major: true }), draft({ verdict: 'non_compliant', fixedOnSpot: true })).fixedOnSpot).toBe(false);
  });
});

describe('progress', () => {
  it('counts answered items and photo items with photos', () => {
    const items = [item({ key: 'a' }), item({ key: 'b' }), item({ key: 'c', type: 'photo' }), item({ key: 'd', type: 'photo' })];
    const drafts = new Map([['a', draft({ verdict: 'not_applicable' })]]);
    const photos = photosByItem([photo('c'), photo(null)]);
    expect(progressOf(items, drafts, photos)).toEqual({ answered: 2, total: 4 });
  });
});

describe('the reasons a completion was refused', () => {
  const items = [item({ key: 'a', label: 'A' }), item({ key: 'b', label: 'B' })];

  it('names the unanswered item with its place in the walk', () => {
    expect(missingFrom([{ field: 'answers.b', detail: 'a required item is not answered' }], items)).toEqual([
      { kind: 'item', itemKey: 'b', index: 1, label: 'B', review: false, photo: false },
    ]);
  });

  it('tells an unreviewed questionnaire answer from an unanswered item', () => {
    expect(missingFrom([{ field: 'answers.a', detail: 'the enterprise’s answer is not reviewed' }], items)[0]).toMatchObject({
      review: true,
    });
  });

  it('tells a fixed-on-the-spot item without its photo', () => {
    expect(missingFrom([{ field: 'photos.a', detail: 'a photo is needed' }], items)[0]).toMatchObject({ itemKey: 'a', photo: true });
  });

  it('names a missing signature by party', () => {
    expect(missingFrom([{ field: 'signatures.enterprise', detail: 'x' }], items)).toEqual([{ kind: 'signature', party: 'enterprise' }]);
  });

  it('keeps anything else as the server said it', () => {
    expect(missingFrom([{ field: 'answers.zzz', detail: 'gone' }], items)).toEqual([{ kind: 'other', detail: 'gone' }]);
  });
});

describe('whether two drafts save the same', () => {
  it('treats a missing and an empty note alike', () => {
    expect(sameDraft(draft({ note: null }), draft({ note: '' }))).toBe(true);
    expect(sameDraft(draft({ verdict: 'compliant' }), draft())).toBe(false);
  });
});

describe('a save answered after a photo was added', () => {
  const photo = (id: string) => ({ id }) as unknown as Photo;
  it('keeps the photo the save did not know of, once, after the saved ones', () => {
    const saved = { status: 'in_progress', photos: [photo('a')] };
    expect(withPhotosKept(saved, { photos: [photo('a'), photo('b')] })).toEqual({
      status: 'in_progress',
      photos: [photo('a'), photo('b')],
    });
  });
  it('gives the saved inspection back as it is when it knows every photo', () => {
    const saved = { photos: [photo('a'), photo('b')] };
    expect(withPhotosKept(saved, { photos: [photo('b')] })).toBe(saved);
  });
});
