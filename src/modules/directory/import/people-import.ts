/**
 * Import of people (人员名录): turns a CSV or XLSX file into validated rows and per-row refusals, streaming, in bounded
 * memory (the only state that grows with the file is the set of ID numbers seen, for the duplicate check). No database:
 * the caller matches and writes the rows (people-import.usecases.ts).
 *
 * ID and phone numbers are personal information: a refusal never holds one whole, only masked (maskIdNumber, maskPhone).
 * Failures of the file as a whole throw ImportFileError, as for enterprise registers.
 */
import { maskIdNumber, maskName, maskPhone, normaliseIdNumber, normalisePhone, validateIdNumber, validatePhone } from '../personal-data.js';
import { isEmptyRow, normaliseHeader, numberToPlainString, type RawCell } from './enterprise-columns.js';
import type { ImportFormat, ImportProgress, ImportRefusal } from './enterprise-import.js';
import { ImportFileError } from './import-file-error.js';
import { readImportRows } from './read-import-rows.js';
import type { RawRow } from './sources.js';

export interface PeopleImportRow {
  /** 1-based row number in the file as a person sees it in Excel (header = row 1). */
  line: number;
  /** Trimmed, 1..100 characters, no control characters. */
  name: string;
  /** Normalised (normaliseIdNumber) and valid (GB 11643-1999); null when the cell is blank or the column absent. */
  idNumber: string | null;
  /** Normalised (normalisePhone) and valid; null when the cell is blank or the column absent. */
  phone: string | null;
}

export interface ReadPeopleFileOptions {
  format: ImportFormat;
  /** The size of the input, for progress; read from the file system when the input is a path. */
  totalBytes?: number;
  /** Default 500,000; more data rows → ImportFileError('too_many_rows'). */
  maxRows?: number;
  /** Birth dates after this day are refused (default: now). */
  today?: Date;
  /** Called at most every 1000 rows or 250 ms, and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
}

type PeopleColumnKey = 'name' | 'idNumber' | 'phone';

export const PEOPLE_COLUMNS: readonly { key: PeopleColumnKey; headers: readonly string[]; required: boolean }[] = [
  { key: 'name', headers: ['姓名', 'name'], required: true },
  { key: 'idNumber', headers: ['身份证号', '身份证号码', '公民身份号码', 'id number', 'id_number'], required: false },
  { key: 'phone', headers: ['手机号', '手机', '手机号码', '联系电话', 'phone'], required: false },
];

type Layout = Partial<Record<PeopleColumnKey, { index: number; header: string }>>;

const HEADER_LOOKUP: ReadonlyMap<string, PeopleColumnKey> = new Map(
  PEOPLE_COLUMNS.flatMap((c) => c.headers.map((h) => [normaliseHeader(h), c.key] as const)),
);

const HEADER_SEARCH_ROWS = 10;
const NAME_MAX = 100;

const ID_NUMBER_MESSAGES = {
  length: ['身份证号应为 18 位', 'the ID number must be 18 characters'],
  charset: ['身份证号应为 17 位数字加 1 位数字或 X', 'the ID number must be 17 digits followed by a digit or X'],
  region: ['身份证号的前两位不是有效的省级行政区划代码', 'the ID number does not begin with a province-level region code'],
  birth_date: ['身份证号中的出生日期无效', 'the birth date in the ID number is not valid'],
  check_character: ['身份证号校验位错误', 'the check character of the ID number is wrong'],
} as const;

/** A cell as text: trimmed, numbers as they look in Excel; null when blank. Dates and errors are not text. */
function cellText(cell: RawCell): string | null | { error: string } {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') return cell.trim() === '' ? null : cell.trim();
  if (typeof cell === 'number') return numberToPlainString(cell);
  if (typeof cell === 'boolean') return { error: 'boolean' };
  if (cell instanceof Date) return { error: 'date' };
  return { error: cell.error };
}

function matchHeader(cells: readonly RawCell[]): { layout: Layout; recognised: number } {
  const layout: Layout = {};
  let recognised = 0;
  cells.forEach((cell, index) => {
    const text = typeof cell === 'string' ? cell.trim() : null;
    if (!text) return;
    const key = HEADER_LOOKUP.get(normaliseHeader(text));
    if (key === undefined || layout[key] !== undefined) return;
    layout[key] = { index, header: text };
    recognised++;
  });
  return { layout, recognised };
}

function missingColumns(): ImportFileError {
  return new ImportFileError(
    'missing_columns',
    { 'zh-CN': '缺少必填列：姓名', en: 'required columns are missing: 姓名 (name)' },
    { missing: ['姓名'] },
  );
}

/** Consumes rows up to and including the header row; throws when there is no header naming the 姓名 column. */
async function findHeader(rows: AsyncGenerator<RawRow, void, undefined>, today: Date): Promise<Layout> {
  let firstNonEmpty: RawCell[] | undefined;
  let examined = 0;
  while (examined < HEADER_SEARCH_ROWS) {
    const next = await rows.next();
    if (next.done) break;
    const { cells } = next.value;
    if (isEmptyRow(cells)) continue;
    examined++;
    firstNonEmpty ??= cells;
    const { layout, recognised } = matchHeader(cells);
    if (recognised === 0) continue;
    if (layout.name === undefined) throw missingColumns();
    return layout;
  }
  const looksLikeData = firstNonEmpty?.some((c) => typeof c === 'string' && validateIdNumber(normaliseIdNumber(c), today).ok);
  if (firstNonEmpty === undefined || looksLikeData) {
    throw new ImportFileError('no_header', {
      'zh-CN': '文件没有表头行：第一行应为列名，如“姓名”“身份证号”“手机号”',
      en: 'the file has no header row: the first row must name the columns, e.g. 姓名 (name), 身份证号 (ID number), 手机号 (phone)',
    });
  }
  throw missingColumns();
}

const refusal = (line: number, column: string | null, value: string | null, reason: string, zh: string, en: string): ImportRefusal => ({
  line,
  column,
  value,
  reason,
  message: { 'zh-CN': zh, en },
});

/**
 * Reads a people file, yielding each valid row and each refusal (one per bad field; a row with any refusal is not yielded
 * as a row). A repeated ID number is refused on its later rows. Refusals hold masked values only.
 */
export function readPeopleFile(
  input: NodeJS.ReadableStream | string,
  options: ReadPeopleFileOptions,
): AsyncGenerator<{ row: PeopleImportRow } | { refusal: ImportRefusal }, void, undefined> {
  const today = options.today ?? new Date();
  return readImportRows(input, {
    ...options,
    findHeader: (rows) => findHeader(rows, today),
    validator: (layout) => {
      /** Normalised ID number → the row it was first seen on. */
      const seen = new Map<string, number>();
      return (line, cells) => validateRow(layout, line, cells, today, seen);
    },
  });
}

function validateRow(
  layout: Layout,
  line: number,
  cells: readonly RawCell[],
  today: Date,
  seen: Map<string, number>,
): { row: PeopleImportRow } | { refusals: ImportRefusal[] } {
  const refusals: ImportRefusal[] = [];
  const text = (key: PeopleColumnKey) => {
    const column = layout[key];
    return column === undefined ? null : cellText(cells[column.index]);
  };
  const header = (key: PeopleColumnKey) => layout[key]?.header ?? null;
  const notText = (key: PeopleColumnKey, field: string, value: { error: string }) =>
    refusal(
      line,
      header(key),
      null,
      `${field}.not_text`,
      `单元格内容不是文本（${value.error}）`,
      `the cell does not hold text (${value.error})`,
    );

  let name: string | null = null;
  const rawName = text('name');
  if (rawName === null) refusals.push(refusal(line, header('name'), null, 'name.required', '姓名不能为空', 'the name is required'));
  else if (typeof rawName !== 'string') refusals.push(notText('name', 'name', rawName));
  else if (Array.from(rawName).length > NAME_MAX)
    refusals.push(
      refusal(
        line,
        header('name'),
        maskName(rawName),
        'name.too_long',
        `姓名不能超过 ${NAME_MAX} 个字`,
        `the name must be at most ${NAME_MAX} characters`,
      ),
    );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
  else if (/[\u0000-\u001f\u007f\ufffd]/.test(rawName))
    refusals.push(
      refusal(
        line,
        header('name'),
        maskName(rawName),
        'name.control_character',
        '姓名含有无效字符',
        'the name contains invalid characters',
      ),
    );
  else name = rawName;

  let idNumber: string | null = null;
  const rawId = text('idNumber');
  if (rawId !== null && typeof rawId !== 'string') refusals.push(notText('idNumber', 'id_number', rawId));
  else if (rawId !== null) {
    const id = normaliseIdNumber(rawId);
    const checked = validateIdNumber(id, today);
    if (!checked.ok) {
      const [zh, en] = ID_NUMBER_MESSAGES[checked.reason];
      refusals.push(refusal(line, header('idNumber'), maskIdNumber(id), `id_number.${checked.reason}`, zh, en));
    } else {
      const first = seen.get(id);
      if (first !== undefined) {
        refusals.push(
          refusal(
            line,
            header('idNumber'),
            maskIdNumber(id),
            'id_number.duplicate',
            `身份证号与第 ${first} 行重复`,
            `the ID number repeats the one on row ${first}`,
          ),
        );
      } else {
        seen.set(id, line);
        idNumber = id;
      }
    }
  }

  let phone: string | null = null;
  const rawPhone = text('phone');
  if (rawPhone !== null && typeof rawPhone !== 'string') refusals.push(notText('phone', 'phone', rawPhone));
  else if (rawPhone !== null) {
    const normalised = normalisePhone(rawPhone);
    if (validatePhone(normalised).ok) phone = normalised;
    else
      refusals.push(
        refusal(
          line,
          header('phone'),
          maskPhone(normalised),
          'phone.format',
          '电话号码格式不正确：应为 11 位手机号或带区号的固定电话，如 010-12345678',
          'the phone must be a mobile number (11 digits from 13 to 19) or a landline with its area code, e.g. 010-12345678',
        ),
      );
  }

  if (refusals.length > 0 || name === null) return { refusals };
  return { row: { line, name, idNumber, phone } };
}
