import { describe, expect, it } from 'vitest';
import {
  type AnswerValue,
  answerProblem,
  type ChecklistContent,
  type ChecklistItem,
  contentProblems,
  ITEM_TYPES,
  itemProblems,
  type Outcome,
  outcomeOf,
  outcomes,
  score,
  VERDICTS,
} from './checklists.rules.js';
import { GENERAL_SELF_CHECK, GONGMAO_MAJOR_2023 } from './library/starter-library.js';

const item = (over: Partial<ChecklistItem> = {}): ChecklistItem => ({
  key: 'k',
  label: '项目',
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
const none: AnswerValue = { verdict: null, number: null, choice: null, text: null };
const answer = (over: Partial<AnswerValue>): AnswerValue => ({ ...none, ...over });
const choices = [
  { value: 'ok', label: '正常', fail: false },
  { value: 'bad', label: '损坏', fail: true },
];

describe('what an answer means', () => {
  it('a verdict: compliant passes, non-compliant fails, not applicable is N/A, nothing is unanswered', () => {
    const expected: Record<(typeof VERDICTS)[number], Outcome> = { compliant: 'pass', non_compliant: 'fail', not_applicable: 'na' };
    for (const v of VERDICTS) expect(outcomeOf(item(), answer({ verdict: v }))).toBe(expected[v]);
    expect(outcomeOf(item(), undefined)).toBe('unanswered');
    expect(outcomeOf(item(), none)).toBe('unanswered');
  });

  it('a number passes inside its limits (inclusive) and fails outside either one', () => {
    const n = item({ type: 'number', min: 0, max: 9 });
    const cases: [number, Outcome][] = [
      [-0.5, 'fail'],
      [0, 'pass'],
      [4.5, 'pass'],
      [9, 'pass'],
      [10, 'fail'],
    ];
    for (const [value, outcome] of cases) expect(outcomeOf(n, answer({ number: value })), String(value)).toBe(outcome);
    expect(outcomeOf(item({ type: 'number', max: 9 }), answer({ number: -1000 }))).toBe('pass');
    expect(outcomeOf(item({ type: 'number', min: 1 }), answer({ number: 1e9 }))).toBe('pass');
    expect(outcomeOf(item({ type: 'number' }), answer({ number: 5 }))).toBe('pass');
    expect(outcomeOf(n, none)).toBe('unanswered');
  });

  it('a choice fails when the choice is marked failing; an unknown choice counts as unanswered', () => {
    const c = item({ type: 'choice', choices });
    expect(outcomeOf(c, answer({ choice: 'ok' }))).toBe('pass');
    expect(outcomeOf(c, answer({ choice: 'bad' }))).toBe('fail');
    expect(outcomeOf(c, answer({ choice: 'other' }))).toBe('unanswered');
    expect(outcomeOf(c, none)).toBe('unanswered');
  });

  it('text and photos inform without scoring', () => {
    expect(outcomeOf(item({ type: 'text' }), answer({ text: '通道有杂物已清理' }))).toBe('info');
    expect(outcomeOf(item({ type: 'text' }), answer({ text: '   ' }))).toBe('unanswered');
    expect(outcomeOf(item({ type: 'photo' }), undefined, true)).toBe('info');
    expect(outcomeOf(item({ type: 'photo' }), undefined, false)).toBe('unanswered');
  });

  it('a value of the wrong kind for the item is a problem naming the part', () => {
    expect(answerProblem(item(), answer({ number: 1 }))).toMatchObject({ part: 'number' });
    expect(answerProblem(item({ type: 'number' }), answer({ verdict: 'compliant' }))).toMatchObject({ part: 'verdict' });
    expect(answerProblem(item({ type: 'choice', choices }), answer({ choice: 'nope' }))).toMatchObject({ part: 'choice' });
    expect(answerProblem(item({ type: 'text' }), answer({ choice: 'ok' }))).toMatchObject({ part: 'choice' });
    expect(answerProblem(item({ type: 'photo' }), answer({ text: '补充说明' }))).toBeNull();
    expect(answerProblem(item({ type: 'photo' }), answer({ verdict: 'compliant' }))).toMatchObject({ part: 'verdict' });
    for (const type of ITEM_TYPES) expect(answerProblem(item({ type, choices }), none), type).toBeNull();
  });
});

describe('scoring', () => {
  const w = (weight: number, major = false) => item({ weight, major });
  const at = (pairs: [ChecklistItem, Outcome][]) => score(pairs.map(([i, outcome]) => ({ item: i, outcome })));

  it('is the passed weight over the applicable weight, N/A and unanswered left out of the denominator', () => {
    const s = at([
      [w(1), 'pass'],
      [w(3), 'fail'],
      [w(5), 'na'],
      [w(7), 'unanswered'],
      [w(0), 'info'],
    ]);
    expect(s).toEqual({ value: 25, earned: 1, possible: 4, passed: 1, failed: 1, na: 1, unanswered: 1, majorFailed: 0 });
  });

  it('all N/A (or nothing answered) has no score rather than zero or full marks', () => {
    expect(at([[w(1), 'na']]).value).toBeNull();
    expect(at([[w(1), 'unanswered']]).value).toBeNull();
    expect(at([]).value).toBeNull();
  });

  it('rounds to one decimal and counts major failures', () => {
    const s = at([
      [w(1), 'pass'],
      [w(1), 'pass'],
      [w(1, true), 'fail'],
    ]);
    expect(s.value).toBe(66.7);
    expect(s.majorFailed).toBe(1);
  });

  it('a zero-weight item changes the counts but not the score', () => {
    expect(
      at([
        [w(0), 'fail'],
        [w(2), 'pass'],
      ]),
    ).toMatchObject({ value: 100, failed: 1, passed: 1 });
  });

  it('every outcome is accounted for exactly once', () => {
    const all: Outcome[] = ['pass', 'fail', 'na', 'info', 'unanswered'];
    for (const o of all) {
      const s = at([[w(2), o]]);
      expect(s.passed + s.failed + s.na + s.unanswered + (o === 'info' ? 1 : 0), o).toBe(1);
    }
  });

  it('outcomes cover every item of a template, answered or not', () => {
    const out = outcomes(GENERAL_SELF_CHECK, new Map([['exits_clear', answer({ verdict: 'non_compliant' })]]), new Set(['site_photos']));
    expect(out).toHaveLength(GENERAL_SELF_CHECK.sections.flatMap((s) => s.items).length);
    expect(out.find((o) => o.item.key === 'exits_clear')?.outcome).toBe('fail');
    expect(out.find((o) => o.item.key === 'site_photos')?.outcome).toBe('info');
    expect(out.find((o) => o.item.key === 'training')?.outcome).toBe('unanswered');
  });
});

describe('template problems', () => {
  const content = (items: ChecklistItem[], over: Partial<ChecklistContent> = {}): ChecklistContent => ({
    title: 't',
    description: null,
    criteriaLibrary: null,
    sections: [{ key: 's', title: 'S', items }],
    ...over,
  });

  it('the shipped library has none', () => {
    expect(contentProblems(GENERAL_SELF_CHECK)).toEqual([]);
    expect(contentProblems(GONGMAO_MAJOR_2023)).toEqual([]);
  });

  it('keys must be well-formed and unique across sections and items', () => {
    expect(contentProblems(content([item({ key: 'a' }), item({ key: 'a' }), item({ key: 'Bad' })])).map((p) => p.field)).toEqual([
      'sections.0.items.1.key',
      'sections.0.items.2.key',
    ]);
    expect(contentProblems(content([item({ key: 's' })]))[0]?.field).toBe('sections.0.items.0.key');
  });

  it('a template needs a section and an item', () => {
    expect(contentProblems(content([], { sections: [] }))[0]?.field).toBe('sections');
    expect(contentProblems(content([]))[0]?.field).toBe('sections');
  });

  it('criterion clauses need the library they cite, and only major items cite one', () => {
    expect(contentProblems(content([item({ major: true, criterion: '第三条' })])).map((p) => p.field)).toEqual(['criteriaLibrary']);
    expect(itemProblems(item({ criterion: '第三条' })).map((p) => p.field)).toEqual(['criterion']);
  });

  it('items that cannot fail cannot be major; limits and choices belong to their types', () => {
    expect(itemProblems(item({ type: 'text', major: true })).map((p) => p.field)).toEqual(['major']);
    expect(itemProblems(item({ type: 'number', min: 2, max: 1 })).map((p) => p.field)).toEqual(['max']);
    expect(itemProblems(item({ min: 1 })).map((p) => p.field)).toEqual(['min']);
    expect(itemProblems(item({ type: 'choice', choices: [choices[0] as never] })).map((p) => p.field)).toEqual(['choices']);
    expect(
      itemProblems(item({ type: 'choice', major: true, choices: [choices[0] as never, { value: 'x', label: 'x', fail: false }] })).map(
        (p) => p.field,
      ),
    ).toEqual(['choices']);
    expect(itemProblems(item({ choices })).map((p) => p.field)).toEqual(['choices']);
    expect(itemProblems(item({ weight: 101 })).map((p) => p.field)).toEqual(['weight']);
    expect(itemProblems(item({ label: ' ' })).map((p) => p.field)).toEqual(['label']);
  });
});
