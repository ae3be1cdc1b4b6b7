/**
 * The pure part of the checklist builder: the form's loose values (empty
 * strings, fields of other answer types left behind after a type change) made
 * into the content the server accepts, fresh unique keys, and the server's
 * dotted field paths as form field names.
 */
import type { ChecklistContent, ChecklistContentInput, ChecklistItem, ItemType } from './inspections.types';

/** What the form holds for one item: every field possibly empty or stale. */
export interface ItemDraft {
  key?: string;
  label?: string;
  hint?: string | null;
  type?: ItemType;
  required?: boolean;
  weight?: number | null;
  legalBasis?: { document?: string | null; clause?: string | null } | null;
  major?: boolean;
  criterion?: string | null;
  min?: number | null;
  max?: number | null;
  unit?: string | null;
  choices?: { value?: string; label?: string; fail?: boolean }[] | null;
}

export interface ContentDraft {
  title?: string;
  description?: string | null;
  criteriaLibrary?: { library?: string | null; version?: string | null } | null;
  sections?: { key?: string; title?: string; items?: ItemDraft[] | null }[] | null;
}

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

const text = (value: string | null | undefined): string => (value ?? '').trim();
const optional = (value: string | null | undefined): string | null => text(value) || null;
const number = (value: number | null | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** One item as the server takes it: only the fields its answer type uses. */
export function toItem(draft: ItemDraft): ChecklistItem {
  const type: ItemType = draft.type ?? 'verdict';
  const scorable = type !== 'text' && type !== 'photo';
  const major = scorable && draft.major === true;
  const document = text(draft.legalBasis?.document);
  return {
    key: text(draft.key),
    label: text(draft.label),
    hint: optional(draft.hint),
    type,
    required: draft.required ?? true,
    weight: number(draft.weight) ?? 1,
    legalBasis: document ? { document, clause: optional(draft.legalBasis?.clause) } : null,
    major,
    criterion: major ? optional(draft.criterion) : null,
    min: type === 'number' ? number(draft.min) : null,
    max: type === 'number' ? number(draft.max) : null,
    unit: type === 'number' ? optional(draft.unit) : null,
    choices:
      type === 'choice' ? (draft.choices ?? []).map((c) => ({ value: text(c.value), label: text(c.label), fail: c.fail === true })) : [],
  };
}

/** The whole template as the server takes it. */
export function toContent(draft: ContentDraft): ChecklistContentInput {
  const library = text(draft.criteriaLibrary?.library);
  const version = text(draft.criteriaLibrary?.version);
  return {
    title: text(draft.title),
    description: optional(draft.description),
    criteriaLibrary: library || version ? { library, version } : null,
    sections: (draft.sections ?? []).map((section) => ({
      key: text(section.key),
      title: text(section.title),
      items: (section.items ?? []).map(toItem),
    })),
  };
}

/** The content as the form starts from it (a published version, or a blank template). */
export function toDraft(content: ChecklistContent): ContentDraft {
  return {
    title: content.title,
    description: content.description,
    criteriaLibrary: content.criteriaLibrary ?? { library: '', version: '' },
    sections: content.sections.map((section) => ({
      key: section.key,
      title: section.title,
      items: section.items.map((item) => ({
        ...item,
        legalBasis: item.legalBasis ?? { document: '', clause: '' },
        choices: item.choices.map((c) => ({ ...c })),
      })),
    })),
  };
}

/** `prefix_n` with the smallest n not yet used among `taken`. */
export function freshKey(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const key = `${prefix}_${n}`;
    if (!used.has(key)) return key;
  }
}

/** Every key in the draft (sections and items share one namespace). */
export function draftKeys(draft: ContentDraft): string[] {
  const keys: string[] = [];
  for (const section of draft.sections ?? []) {
    if (section.key) keys.push(section.key);
    for (const item of section.items ?? []) if (item.key) keys.push(item.key);
  }
  return keys;
}

/** Keys used more than once in the draft. */
export function duplicateKeys(draft: ContentDraft): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of draftKeys(draft).map((k) => k.trim())) {
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return twice;
}

/** A blank item of the given type with a fresh key. */
export function blankItem(taken: Iterable<string>, type: ItemType = 'verdict'): ItemDraft {
  return {
    key: freshKey('item', taken),
    label: '',
    hint: null,
    type,
    required: true,
    weight: 1,
    legalBasis: { document: '', clause: '' },
    major: false,
    criterion: null,
    min: null,
    max: null,
    unit: null,
    choices: [],
  };
}

/** The server's dotted path (`sections.0.items.2.key`) as a form field name (`['sections', 0, 'items', 2, 'key']`). */
export function fieldName(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
