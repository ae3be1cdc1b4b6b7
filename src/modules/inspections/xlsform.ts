/**
 * Checklists as XLSForm workbooks (https://xlsform.org): sheets `survey`,
 * `choices` and `settings`, with our extra columns as XLSForm allows them.
 * A section is a group; a verdict item is `select_one verdict`; a number item
 * is `decimal` (or `integer`) with `min`/`max`; a choice item is
 * `select_one <list>`; `text`; a photo item is `image`. Reading refuses
 * anything it cannot represent, row by row, rather than dropping it silently.
 */
import ExcelJS from 'exceljs';
import {
  type ChecklistContent,
  type ChecklistItem,
  type ChecklistSection,
  type Choice,
  contentProblems,
  KEY_PATTERN,
} from './checklists.rules.js';
import type { XlsformRowProblem } from './inspections.errors.js';

const SURVEY_COLUMNS = [
  'type',
  'name',
  'label',
  'hint',
  'required',
  'constraint',
  'weight',
  'legal_basis',
  'legal_clause',
  'major',
  'criterion',
  'min',
  'max',
  'unit',
] as const;

const VERDICT_LIST = 'verdict';
const VERDICT_CHOICES: readonly Choice[] = [
  { value: 'compliant', label: '符合', fail: false },
  { value: 'non_compliant', label: '不符合', fail: true },
  { value: 'not_applicable', label: '不适用', fail: false },
];
/** Columns whose logic we cannot honour: refused when filled, so a form never changes meaning silently. */
const UNSUPPORTED_COLUMNS = ['relevant', 'calculation', 'choice_filter', 'repeat_count', 'trigger'];

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The checklist as an XLSForm workbook. */
export async function toXlsform(content: ChecklistContent, meta: { formId: string; version: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi';
  const survey = wb.addWorksheet('survey');
  survey.addRow([...SURVEY_COLUMNS]);
  const choices = wb.addWorksheet('choices');
  choices.addRow(['list_name', 'name', 'label', 'fail']);
  for (const c of VERDICT_CHOICES) choices.addRow([VERDICT_LIST, c.value, c.label, yesNo(c.fail)]);
  for (const section of content.sections) {
    survey.addRow(['begin_group', section.key, section.title]);
    for (const item of section.items) {
      const type =
        item.type === 'verdict'
          ? `select_one ${VERDICT_LIST}`
          : item.type === 'number'
            ? 'decimal'
            : item.type === 'choice'
              ? `select_one ${item.key}`
              : item.type === 'photo'
                ? 'image'
                : 'text';
      const limits = [item.min !== null ? `. >= ${item.min}` : null, item.max !== null ? `. <= ${item.max}` : null].filter(Boolean);
      survey.addRow([
        type,
        item.key,
        item.label,
        item.hint ?? '',
        yesNo(item.required),
        limits.join(' and '),
        item.weight,
        item.legalBasis?.document ?? '',
        item.legalBasis?.clause ?? '',
        yesNo(item.major),
        item.criterion ?? '',
        item.min ?? '',
        item.max ?? '',
        item.unit ?? '',
      ]);
      if (item.type === 'choice') for (const c of item.choices) choices.addRow([item.key, c.value, c.label, yesNo(c.fail)]);
    }
    survey.addRow(['end_group', section.key]);
  }
  const settings = wb.addWorksheet('settings');
  settings.addRow(['form_title', 'form_id', 'version', 'description', 'criteria_library', 'criteria_version']);
  settings.addRow([
    content.title,
    meta.formId,
    String(meta.version),
    content.description ?? '',
    content.criteriaLibrary?.library ?? '',
    content.criteriaLibrary?.version ?? '',
  ]);
  for (const ws of [survey, choices, settings]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell as plain text: rich text and hyperlinks to their text, formulas to their result. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText
        .map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : ''))
        .join('')
        .trim();
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value).trim();
}

interface Sheet {
  name: string;
  /** Header name → 1-based column. */
  columns: Map<string, number>;
  rows: { row: number; get(column: string): string }[];
}

function readSheet(ws: ExcelJS.Worksheet): Sheet {
  const columns = new Map<string, number>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const name = cellText(cell.value).toLowerCase();
    // label::Chinese (zh) and the like: the first language column is the label.
    const base = name.includes('::') ? (name.split('::')[0] ?? name) : name;
    if (base && !columns.has(base)) columns.set(base, col);
  });
  const rows: Sheet['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (column: string) => {
      const col = columns.get(column);
      return col ? cellText(row.getCell(col).value) : '';
    };
    if ([...columns.values()].every((col) => cellText(row.getCell(col).value) === '')) continue;
    rows.push({ row: r, get });
  }
  return { name: ws.name, columns, rows };
}

const BOOL: Record<string, boolean> = {
  yes: true,
  true: true,
  '1': true,
  'true()': true,
  no: false,
  false: false,
  '0': false,
  'false()': false,
  '': false,
};

export type XlsformResult =
  | { ok: true; content: ChecklistContent; formId: string | null; version: string | null }
  | { ok: false; problems: XlsformRowProblem[] };

/** Reads an XLSForm workbook into checklist content, or every problem with its sheet, row and column. */
export async function fromXlsform(bytes: Uint8Array): Promise<XlsformResult | null> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const problems: XlsformRowProblem[] = [];
  const problem = (sheet: string, row: number, column: string | null, reason: string) => problems.push({ sheet, row, column, reason });
  const surveyWs = wb.getWorksheet('survey');
  const choicesWs = wb.getWorksheet('choices');
  const settingsWs = wb.getWorksheet('settings');
  if (!surveyWs) problem('survey', 1, null, 'the sheet survey is missing');
  if (!surveyWs) return { ok: false, problems };
  const survey = readSheet(surveyWs);
  for (const col of ['type', 'name', 'label']) if (!survey.columns.has(col)) problem('survey', 1, col, `the column ${col} is missing`);
  if (problems.length) return { ok: false, problems };

  // Choices, by list.
  const lists = new Map<string, Choice[]>();
  if (choicesWs) {
    const choices = readSheet(choicesWs);
    for (const col of ['list_name', 'name', 'label'])
      if (!choices.columns.has(col)) problem('choices', 1, col, `the column ${col} is missing`);
    if (!problems.length) {
      for (const r of choices.rows) {
        const list = r.get('list_name');
        const value = r.get('name');
        const label = r.get('label');
        const fail = r.get('fail').toLowerCase();
        if (!list) problem('choices', r.row, 'list_name', 'is empty');
        if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) problem('choices', r.row, 'name', 'letters, digits, _ . - (at most 64)');
        if (!label) problem('choices', r.row, 'label', 'is empty');
        if (!(fail in BOOL)) problem('choices', r.row, 'fail', 'yes or no');
        if (!list) continue;
        const entries = lists.get(list) ?? [];
        if (entries.some((c) => c.value === value)) problem('choices', r.row, 'name', `${value} appears twice in list ${list}`);
        entries.push({ value, label, fail: BOOL[fail] ?? false });
        lists.set(list, entries);
      }
    }
  }

  // Settings.
  let title = '';
  let description: string | null = null;
  let formId: string | null = null;
  let version: string | null = null;
  let criteriaLibrary: ChecklistContent['criteriaLibrary'] = null;
  let settingsRow = 2;
  if (settingsWs) {
    const settings = readSheet(settingsWs);
    const first = settings.rows[0];
    if (first) {
      settingsRow = first.row;
      title = first.get('form_title');
      description = first.get('description') || null;
      formId = first.get('form_id') || null;
      version = first.get('version') || null;
      const library = first.get('criteria_library');
      const libraryVersion = first.get('criteria_version');
      if (library && libraryVersion) criteriaLibrary = { library, version: libraryVersion };
      else if (library || libraryVersion)
        problem('settings', first.row, library ? 'criteria_version' : 'criteria_library', 'name both the criteria library and its version');
    }
  }
  if (!title) problem('settings', settingsRow, 'form_title', 'the checklist needs a title (form_title)');

  // Survey rows → sections and items.
  const sections: ChecklistSection[] = [];
  const rowOf = new Map<string, number>();
  let open: ChecklistSection | null = null;
  let implicit = 0;
  const num = (r: Sheet['rows'][number], column: string): number | null => {
    const text = r.get(column);
    if (text === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n)) {
      problem('survey', r.row, column, 'must be a number');
      return null;
    }
    return n;
  };
  for (const r of survey.rows) {
    for (const col of UNSUPPORTED_COLUMNS)
      if (r.get(col)) problem('survey', r.row, col, `${col} is not supported by checklists; remove it`);
    const rawType = r.get('type').replace(/\s+/g, ' ');
    const type = rawType.toLowerCase();
    const name = r.get('name');
    if (type === 'begin_group' || type === 'begin group') {
      if (open) problem('survey', r.row, 'type', 'groups cannot be nested; end the previous group first');
      if (!KEY_PATTERN.test(name)) problem('survey', r.row, 'name', 'lower-case letters, digits and _, starting with a letter');
      open = { key: name, title: r.get('label') || name, items: [] };
      rowOf.set(`sections.${sections.length}`, r.row);
      sections.push(open);
      continue;
    }
    if (type === 'end_group' || type === 'end group') {
      if (!open) problem('survey', r.row, 'type', 'end_group without begin_group');
      open = null;
      continue;
    }
    let itemType: ChecklistItem['type'] | null = null;
    let choices: Choice[] = [];
    if (type.startsWith('select_one ')) {
      const list = rawType.slice('select_one '.length).trim();
      if (list === VERDICT_LIST) itemType = 'verdict';
      else {
        itemType = 'choice';
        const found = lists.get(list);
        if (!found) problem('survey', r.row, 'type', `the choice list ${list} is not in the choices sheet`);
        choices = found ?? [];
      }
    } else if (type === 'integer' || type === 'decimal') itemType = 'number';
    else if (type === 'text') itemType = 'text';
    else if (type === 'image') itemType = 'photo';
    else {
      problem(
        'survey',
        r.row,
        'type',
        type
          ? `type ${rawType} is not supported; use begin_group, end_group, select_one verdict, select_one <list>, integer, decimal, text or image`
          : 'is empty',
      );
      continue;
    }
    const required = r.get('required').toLowerCase();
    const major = r.get('major').toLowerCase();
    if (!(required in BOOL)) problem('survey', r.row, 'required', 'yes or no');
    if (!(major in BOOL)) problem('survey', r.row, 'major', 'yes or no');
    const weight = num(r, 'weight');
    const document = r.get('legal_basis');
    const clause = r.get('legal_clause');
    if (clause && !document) problem('survey', r.row, 'legal_basis', 'a clause needs the law or standard it belongs to');
    if (!open) {
      implicit++;
      open = { key: `section_${implicit}`, title: title || `Section ${implicit}`, items: [] };
      rowOf.set(`sections.${sections.length}`, r.row);
      sections.push(open);
    }
    const scored = itemType !== 'text' && itemType !== 'photo';
    rowOf.set(`sections.${sections.length - 1}.items.${open.items.length}`, r.row);
    open.items.push({
      key: name,
      label: r.get('label'),
      hint: r.get('hint') || null,
      type: itemType,
      required: BOOL[required] ?? false,
      weight: weight ?? (scored ? 1 : 0),
      legalBasis: document ? { document, clause: clause || null } : null,
      major: BOOL[major] ?? false,
      criterion: r.get('criterion') || null,
      min: num(r, 'min'),
      max: num(r, 'max'),
      unit: r.get('unit') || null,
      choices,
    });
  }
  if (problems.length) return { ok: false, problems };

  const content: ChecklistContent = { title, description, criteriaLibrary, sections };
  const FIELD_COLUMN: Record<string, string> = {
    key: 'name',
    label: 'label',
    weight: 'weight',
    major: 'major',
    criterion: 'criterion',
    min: 'min',
    max: 'max',
    choices: 'type',
    title: 'label',
  };
  for (const p of contentProblems(content)) {
    if (p.field === 'criteriaLibrary') {
      problem('settings', settingsRow, 'criteria_library', p.detail);
      continue;
    }
    const m = /^(sections\.\d+(?:\.items\.\d+)?)(?:\.(\w+))?/.exec(p.field);
    const row = m?.[1] ? (rowOf.get(m[1]) ?? 1) : 1;
    problem('survey', row, FIELD_COLUMN[m?.[2] ?? ''] ?? null, p.detail);
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, content, formId, version };
}
