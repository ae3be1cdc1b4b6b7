/**
 * The pure core of checklists (检查表): what a template holds, what is wrong
 * with one, what an answer to an item means (pass / fail / not applicable),
 * and the score of a set of answers. No I/O here.
 */

export const ITEM_TYPES = ['verdict', 'number', 'choice', 'text', 'photo'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const VERDICTS = ['compliant', 'non_compliant', 'not_applicable'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CHECKLIST_SCOPES = ['library', 'regulator', 'provider', 'enterprise'] as const;
export type ChecklistScope = (typeof CHECKLIST_SCOPES)[number];

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export interface LegalBasis {
  /** Law, regulation or standard, e.g. 《中华人民共和国安全生产法》 or GB 15577-2018. */
  document: string;
  /** Article / clause, e.g. 第四十九条. */
  clause: string | null;
}

export interface Choice {
  value: string;
  label: string;
  /** Choosing it fails the item. */
  fail: boolean;
}

export interface ChecklistItem {
  key: string;
  label: string;
  hint: string | null;
  type: ItemType;
  required: boolean;
  /** Points the item carries in the score; 0 leaves it out. */
  weight: number;
  legalBasis: LegalBasis | null;
  /** A failure of this item is a major accident hazard (重大事故隐患). */
  major: boolean;
  /** The clause of the criteria library that makes it major, e.g. 第三条第（一）项. */
  criterion: string | null;
  min: number | null;
  max: number | null;
  unit: string | null;
  choices: Choice[];
}

export interface ChecklistSection {
  key: string;
  title: string;
  items: ChecklistItem[];
}

export interface ChecklistContent {
  title: string;
  description: string | null;
  /** The dated criteria library the `criterion` clauses refer to. */
  criteriaLibrary: { library: string; version: string } | null;
  sections: ChecklistSection[];
}

/** What a person answered to one item; at most one value is meaningful, by the item's type. */
export interface AnswerValue {
  verdict: Verdict | null;
  number: number | null;
  choice: string | null;
  text: string | null;
}

export type Outcome = 'pass' | 'fail' | 'na' | 'info' | 'unanswered';

export const items = (content: ChecklistContent): ChecklistItem[] => content.sections.flatMap((s) => s.items);

export function itemByKey(content: ChecklistContent): Map<string, ChecklistItem> {
  return new Map(items(content).map((i) => [i.key, i]));
}

export const isEmptyAnswer = (a: AnswerValue): boolean => a.verdict === null && a.number === null && a.choice === null && a.text === null;

/** Where a value is wrong for an item's type, as a reason; null when it fits. */
export function answerProblem(item: ChecklistItem, a: AnswerValue): { part: keyof AnswerValue; detail: string } | null {
  const others = (allowed: keyof AnswerValue) =>
    (['verdict', 'number', 'choice', 'text'] as const).find(
      (k) => k !== allowed && a[k] !== null && !(item.type === 'photo' && k === 'text'),
    );
  switch (item.type) {
    case 'verdict': {
      const extra = others('verdict');
      if (extra) return { part: extra, detail: `item ${item.key} is answered with a verdict` };
      return null;
    }
    case 'number': {
      const extra = others('number');
      if (extra) return { part: extra, detail: `item ${item.key} is answered with a number` };
      if (a.number !== null && !Number.isFinite(a.number)) return { part: 'number', detail: 'must be a finite number' };
      return null;
    }
    case 'choice': {
      const extra = others('choice');
      if (extra) return { part: extra, detail: `item ${item.key} is answered with one of its choices` };
      if (a.choice !== null && !item.choices.some((c) => c.value === a.choice))
        return { part: 'choice', detail: `must be one of ${item.choices.map((c) => c.value).join(', ')}` };
      return null;
    }
    case 'text': {
      const extra = others('text');
      if (extra) return { part: extra, detail: `item ${item.key} is answered with text` };
      return null;
    }
    case 'photo': {
      const extra = others('text');
      if (extra) return { part: extra, detail: `item ${item.key} is answered with photos (and a note)` };
      return null;
    }
  }
}

/**
 * What an answer means. Text and photo items inform but do not score; a number
 * outside its limits fails; N/A is its own outcome so scoring can leave it out.
 * `hasPhoto` answers a photo item.
 */
export function outcomeOf(item: ChecklistItem, a: AnswerValue | undefined, hasPhoto = false): Outcome {
  switch (item.type) {
    case 'verdict':
      if (!a || a.verdict === null) return 'unanswered';
      return a.verdict === 'compliant' ? 'pass' : a.verdict === 'non_compliant' ? 'fail' : 'na';
    case 'number':
      if (!a || a.number === null) return 'unanswered';
      if (item.min !== null && a.number < item.min) return 'fail';
      if (item.max !== null && a.number > item.max) return 'fail';
      return 'pass';
    case 'choice': {
      if (!a || a.choice === null) return 'unanswered';
      const choice = item.choices.find((c) => c.value === a.choice);
      if (!choice) return 'unanswered';
      return choice.fail ? 'fail' : 'pass';
    }
    case 'text':
      return a && a.text !== null && a.text.trim() !== '' ? 'info' : 'unanswered';
    case 'photo':
      return hasPhoto ? 'info' : 'unanswered';
  }
}

export interface Score {
  /** Percentage of the weight of the answered, applicable, scored items that passed; null when there is none. */
  value: number | null;
  earned: number;
  possible: number;
  passed: number;
  failed: number;
  na: number;
  unanswered: number;
  majorFailed: number;
}

/** Scores outcomes by weight; N/A and unanswered items are left out of the denominator. */
export function score(itemsAndOutcomes: readonly { item: ChecklistItem; outcome: Outcome }[]): Score {
  const s: Score = { value: null, earned: 0, possible: 0, passed: 0, failed: 0, na: 0, unanswered: 0, majorFailed: 0 };
  for (const { item, outcome } of itemsAndOutcomes) {
    switch (outcome) {
      case 'pass':
        s.passed++;
        s.earned += item.weight;
        s.possible += item.weight;
        break;
      case 'fail':
        s.failed++;
        s.possible += item.weight;
        if (item.major) s.majorFailed++;
        break;
      case 'na':
        s.na++;
        break;
      case 'unanswered':
        s.unanswered++;
        break;
      case 'info':
        break;
    }
  }
  s.value = s.possible > 0 ? Math.round((s.earned / s.possible) * 1000) / 10 : null;
  return s;
}

/** Outcomes of every item of a template, answered or not. */
export function outcomes(
  content: ChecklistContent,
  answers: ReadonlyMap<string, AnswerValue>,
  photoItems: ReadonlySet<string> = new Set(),
): { item: ChecklistItem; outcome: Outcome }[] {
  return items(content).map((item) => ({ item, outcome: outcomeOf(item, answers.get(item.key), photoItems.has(item.key)) }));
}

export interface ContentProblem {
  /** Dotted path inside the content, e.g. `sections.0.items.2.key`. */
  field: string;
  detail: string;
}

/** What is wrong with a template's content; empty when it may be published. */
export function contentProblems(content: ChecklistContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const sectionKeys = new Set<string>();
  const itemKeys = new Set<string>();
  if (content.sections.length === 0) problems.push({ field: 'sections', detail: 'a checklist has at least one section' });
  if (content.sections.every((s) => s.items.length === 0) && content.sections.length > 0)
    problems.push({ field: 'sections', detail: 'a checklist has at least one item' });
  content.sections.forEach((section, si) => {
    const at = `sections.${si}`;
    if (!KEY_PATTERN.test(section.key))
      problems.push({ field: `${at}.key`, detail: 'lower-case letters, digits and _; starts with a letter' });
    else if (sectionKeys.has(section.key) || itemKeys.has(section.key))
      problems.push({ field: `${at}.key`, detail: `${section.key} is used twice` });
    sectionKeys.add(section.key);
    section.items.forEach((item, ii) => {
      const p = `${at}.items.${ii}`;
      if (!KEY_PATTERN.test(item.key))
        problems.push({ field: `${p}.key`, detail: 'lower-case letters, digits and _; starts with a letter' });
      else if (itemKeys.has(item.key) || sectionKeys.has(item.key))
        problems.push({ field: `${p}.key`, detail: `${item.key} is used twice` });
      itemKeys.add(item.key);
      problems.push(...itemProblems(item).map((x) => ({ field: `${p}.${x.field}`, detail: x.detail })));
    });
  });
  const anyCriterion = items(content).some((i) => i.criterion !== null);
  if (anyCriterion && !content.criteriaLibrary)
    problems.push({ field: 'criteriaLibrary', detail: 'items cite criteria clauses: name the criteria library and its version' });
  return problems;
}

/** Problems of one item, with the field inside the item. */
export function itemProblems(item: ChecklistItem): ContentProblem[] {
  const problems: ContentProblem[] = [];
  if (item.label.trim() === '') problems.push({ field: 'label', detail: 'is empty' });
  if (!(item.weight >= 0 && item.weight <= 100)) problems.push({ field: 'weight', detail: 'must be between 0 and 100' });
  if (item.major && (item.type === 'text' || item.type === 'photo'))
    problems.push({ field: 'major', detail: `a ${item.type} item cannot fail, so it cannot be a major hazard` });
  if (item.criterion !== null && !item.major) problems.push({ field: 'criterion', detail: 'only a major-hazard item cites a criterion' });
  if (item.type === 'number') {
    if (item.min !== null && item.max !== null && item.min > item.max) problems.push({ field: 'max', detail: 'must not be below min' });
  } else {
    if (item.min !== null) problems.push({ field: 'min', detail: 'only number items have limits' });
    if (item.max !== null) problems.push({ field: 'max', detail: 'only number items have limits' });
  }
  if (item.type === 'choice') {
    if (item.choices.length < 2) problems.push({ field: 'choices', detail: 'a choice item has at least two choices' });
    const seen = new Set<string>();
    item.choices.forEach((c, ci) => {
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(c.value)) problems.push({ field: `choices.${ci}.value`, detail: 'letters, digits, _ . -' });
      else if (seen.has(c.value)) problems.push({ field: `choices.${ci}.value`, detail: `${c.value} is used twice` });
      seen.add(c.value);
    });
    if (item.major && !item.choices.some((c) => c.fail))
      problems.push({ field: 'choices', detail: 'a major-hazard choice item needs a failing choice' });
  } else if (item.choices.length > 0) problems.push({ field: 'choices', detail: 'only choice items have choices' });
  return problems;
}
