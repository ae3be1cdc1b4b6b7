/**
 * The columns of an enterprise register file and the validation of its data rows (no I/O).
 * `readEnterpriseFile` (enterprise-import.ts) feeds it rows from the CSV or XLSX readers.
 */
import { normaliseCreditCode, validateCreditCode } from '../credit-code.js';
import type { EnterpriseSize, Trade } from '../directory.tables.js';
import type { EnterpriseImportRow, ImportRefusal } from './enterprise-import.js';

/** One cell as the file readers deliver it: CSV gives strings; XLSX also numbers, booleans, dates and error values (#N/A). */
export type RawCell = string | number | boolean | Date | { error: string } | null | undefined;

export type ColumnKey = Exclude<keyof EnterpriseImportRow, 'line'>;

export interface EnterpriseColumn {
  key: ColumnKey;
  /** headers[0] is the Chinese name used in the template and in error messages; all are matched case-insensitively. */
  headers: readonly string[];
  required: boolean;
}

export const ENTERPRISE_COLUMNS: readonly EnterpriseColumn[] = [
  { key: 'creditCode', headers: ['统一社会信用代码', '信用代码', 'credit code', 'credit_code', 'creditCode', 'uscc'], required: true },
  { key: 'name', headers: ['单位名称', '企业名称', 'name'], required: true },
  { key: 'nameEn', headers: ['英文名称', 'english name', 'name_en', 'nameEn'], required: false },
  { key: 'address', headers: ['地址', '注册地址', '经营地址', 'address'], required: false },
  { key: 'lng', headers: ['经度', 'longitude', 'lng'], required: false },
  { key: 'lat', headers: ['纬度', 'latitude', 'lat'], required: false },
  { key: 'industryCode', headers: ['行业代码', '国民经济行业代码', 'industry code', 'industry_code', 'industryCode'], required: false },
  { key: 'trade', headers: ['行业类别', '类别', 'trade'], required: false },
  { key: 'size', headers: ['规模', '企业规模', 'size'], required: false },
  {
    key: 'usesHazardousChemicals',
    headers: ['使用危险化学品', '涉及危化品', 'uses hazardous chemicals', 'hazardous_chemicals', 'usesHazardousChemicals'],
    required: false,
  },
  { key: 'principalName', headers: ['主要负责人', '法定代表人', 'principal', 'principal name', 'principalName'], required: false },
  {
    key: 'safetyManagerName',
    headers: ['安全管理人员', '安全负责人', 'safety manager', 'safety manager name', 'safetyManagerName'],
    required: false,
  },
];

/** Where each known column sits in the file, and its header as written there (for refusals). */
export type HeaderLayout = Partial<Record<ColumnKey, { index: number; header: string }>>;

/**
 * Header text as compared: Unicode NFKC (full-width letters and signs become ASCII), lower case, a leading required-field mark
 * ('*') and a trailing note in brackets ('（必填）', '(optional)') or colon removed, and spaces, '_' and '-' treated alike.
 */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .trim()
    .replace(/^\*+/, '')
    .replace(/[:：]$/, '')
    .replace(/\s*[(（][^()（）]*[)）]$/, '')
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey> = new Map(
  ENTERPRISE_COLUMNS.flatMap((column) => column.headers.map((h) => [normaliseHeader(h), column.key] as const)),
);

/** Maps a header row to column positions. When two columns mean the same field (注册地址 and 经营地址), the first one is used. */
export function matchHeader(cells: readonly RawCell[]): { layout: HeaderLayout; recognised: number } {
  const layout: HeaderLayout = {};
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

export function missingRequiredColumns(layout: HeaderLayout): string[] {
  return ENTERPRISE_COLUMNS.filter((c) => c.required && layout[c.key] === undefined).map((c) => c.headers[0] as string);
}

/** True when no cell of the row holds anything but white space. */
export function isEmptyRow(cells: readonly RawCell[]): boolean {
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue;
    if (typeof cell === 'string' && cell.trim() === '') continue;
    return false;
  }
  return true;
}

/** True when some cell of the row holds a valid credit code: a data row where a header row was expected. */
export function looksLikeDataRow(cells: readonly RawCell[]): boolean {
  return cells.some((cell) => {
    if (typeof cell !== 'string') return false;
    const code = normaliseCreditCode(cell.normalize('NFKC'));
    return code.length === 18 && validateCreditCode(code).ok;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Values

/**
 * A number as plain decimal text, never in exponent notation (1e21 → '1000000000000000000000', 1e-7 → '0.0000001'):
 * phone numbers, codes and ids typed into number cells come back as they look in Excel.
 */
export function numberToPlainString(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function dateToText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

type Text = { text: string | null } | { error: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what these find
const CONTROL = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what these find
const CONTROL_RUNS = /[\u0000-\u001f\u007f]+/g;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/** The text of a cell: trimmed, control characters (line breaks in a cell, NUL) folded to one space; empty → null. */
function cellText(cell: RawCell): Text {
  if (cell === null || cell === undefined) return { text: null };
  let s: string;
  if (typeof cell === 'string') s = cell;
  else if (typeof cell === 'number') s = numberToPlainString(cell);
  else if (typeof cell === 'boolean') s = cell ? 'true' : 'false';
  else if (cell instanceof Date) s = dateToText(cell);
  else return { error: cell.error };
  if (CONTROL.test(s)) s = s.replace(CONTROL_RUNS, ' ');
  s = s.trim();
  return { text: s === '' ? null : s };
}

/** Text for the code-like fields (codes, numbers, labels): also NFKC, so full-width '９１３１' and '１２１．５' are read as typed. */
function codeText(text: string): string {
  return PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKC').trim();
}

function labelKey(text: string): string {
  return codeText(text)
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

const TRADE_LABELS: ReadonlyMap<string, Trade> = new Map(
  (
    [
      ['hazardous_chemicals', ['危险化学品使用', '危化品', '危险化学品', '危化品使用', 'hazardous chemicals', 'hazardous chemicals use']],
      ['warehouse', ['仓储', '仓库', 'warehouse', 'warehousing', 'storage']],
      ['workshop', ['小作坊', '加工厂', '作坊', 'workshop']],
      ['restaurant', ['餐饮', 'restaurant', 'catering']],
      ['construction', ['建筑施工', '建筑', 'construction']],
      ['transport', ['道路运输', '运输', 'transport', 'road transport']],
    ] as const
  ).flatMap(([trade, labels]) => labels.map((l) => [labelKey(l), trade] as const)),
);

const SIZE_LABELS: ReadonlyMap<string, EnterpriseSize> = new Map(
  (
    [
      ['large', ['large', '大型', '大型企业', '大']],
      ['medium', ['medium', '中型', '中型企业', '中']],
      ['small', ['small', '小型', '小型企业', '小']],
      ['micro', ['micro', '微型', '微型企业', '微']],
    ] as const
  ).flatMap(([size, labels]) => labels.map((l) => [labelKey(l), size] as const)),
);

const BOOLEAN_LABELS: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['y', true],
  ['n', false],
  ['yes', true],
  ['no', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
]);

/**
 * GB/T 4754-2017 sections (门类) and the two-digit divisions (大类) in each; used to check 'C2614'-style codes, where the
 * letter must be the section of the division.
 */
const SECTION_DIVISIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5],
  B: [6, 12],
  C: [13, 43],
  D: [44, 46],
  E: [47, 50],
  F: [51, 52],
  G: [53, 60],
  H: [61, 62],
  I: [63, 65],
  J: [66, 69],
  K: [70, 70],
  L: [71, 72],
  M: [73, 75],
  N: [76, 79],
  O: [80, 82],
  P: [83, 83],
  Q: [84, 85],
  R: [86, 90],
  S: [91, 97],
  T: [98, 98],
};

/** Section letter by two-digit division, 0..99 (undefined: no such division). */
const SECTION_BY_DIVISION: readonly (string | undefined)[] = Array.from(
  { length: 100 },
  (_, division) => Object.entries(SECTION_DIVISIONS).find(([, [from, to]]) => division >= from && division <= to)?.[0],
);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

const LIMITS = { name: 200, nameEn: 300, address: 300, person: 100 } as const;

function codePointLength(s: string): number {
  if (s.length <= 100) return s.length; // no need to count when it cannot exceed any limit
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const REFUSAL_VALUE_MAX = 500;

// ---------------------------------------------------------------------------------------------------------------------
// Row validation

const FIELD_CODE: Record<ColumnKey, string> = {
  creditCode: 'credit_code',
  name: 'name',
  nameEn: 'name_en',
  address: 'address',
  lng: 'lng',
  lat: 'lat',
  industryCode: 'industry_code',
  trade: 'trade',
  size: 'size',
  usesHazardousChemicals: 'uses_hazardous_chemicals',
  principalName: 'principal_name',
  safetyManagerName: 'safety_manager_name',
};

const FIELD_NAME: Record<ColumnKey, { zh: string; en: string }> = {
  creditCode: { zh: '统一社会信用代码', en: 'credit code' },
  name: { zh: '单位名称', en: 'name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  address: { zh: '地址', en: 'address' },
  lng: { zh: '经度', en: 'longitude' },
  lat: { zh: '纬度', en: 'latitude' },
  industryCode: { zh: '行业代码', en: 'industry code' },
  trade: { zh: '行业类别', en: 'trade' },
  size: { zh: '规模', en: 'size' },
  usesHazardousChemicals: { zh: '使用危险化学品', en: 'uses hazardous chemicals' },
  principalName: { zh: '主要负责人', en: 'principal' },
  safetyManagerName: { zh: '安全管理人员', en: 'safety manager' },
};

export type RowResult = { row: EnterpriseImportRow } | { refusals: ImportRefusal[] };

/**
 * Validates the data rows of one file. It remembers the line of each valid credit code seen, for the duplicate check; a row's
 * code is remembered even when another field of the row is refused (two rows claiming the same enterprise are a mistake in
 * the file either way). One instance per file; not reentrant.
 */
export class RowValidator {
  private readonly firstLineOfCode = new Map<string, number>();
  private line = 0;
  private cells: readonly RawCell[] = [];
  private refusals: ImportRefusal[] = [];

  constructor(private readonly layout: HeaderLayout) {}

  validate(line: number, cells: readonly RawCell[]): RowResult {
    this.line = line;
    this.cells = cells;
    this.refusals = [];

    const creditCode = this.creditCode();
    const name = this.limited('name', LIMITS.name);
    if (name === null) this.refuse('name', null, 'name.required', '缺少单位名称', 'the name is missing');
    const nameEn = this.limited('nameEn', LIMITS.nameEn);
    const address = this.limited('address', LIMITS.address);
    const lng = this.coordinate('lng', 73, 136);
    const lat = this.coordinate('lat', 3, 54);
    this.checkCoordinatePair(lng, lat);
    const industryCode = this.industryCode();
    const trade = this.label('trade', TRADE_LABELS, '危险化学品使用、仓储、小作坊、餐饮、建筑施工、道路运输', TRADE_CODES);
    const size = this.label('size', SIZE_LABELS, '大型、中型、小型、微型', 'large, medium, small, micro');
    const usesHazardousChemicals = this.boolean('usesHazardousChemicals');
    const principalName = this.limited('principalName', LIMITS.person);
    const safetyManagerName = this.limited('safetyManagerName', LIMITS.person);

    if (
      this.refusals.length > 0 ||
      creditCode === undefined ||
      name === null ||
      name === undefined ||
      nameEn === undefined ||
      address === undefined ||
      lng === undefined ||
      lat === undefined ||
      industryCode === undefined ||
      trade === undefined ||
      size === undefined ||
      usesHazardousChemicals === undefined ||
      principalName === undefined ||
      safetyManagerName === undefined
    ) {
      return { refusals: this.refusals };
    }
    return {
      row: {
        line,
        creditCode,
        name,
        nameEn,
        address,
        lng,
        lat,
        industryCode,
        trade,
        size,
        usesHazardousChemicals,
        principalName,
        safetyManagerName,
      },
    };
  }

  private refuse(key: ColumnKey, value: string | null, reason: string, zh: string, en: string, column?: string | null): void {
    const v = value !== null && value.length > REFUSAL_VALUE_MAX ? `${value.slice(0, REFUSAL_VALUE_MAX)}…` : value;
    this.refusals.push({
      line: this.line,
      column: column !== undefined ? column : (this.layout[key]?.header ?? null),
      value: v,
      reason,
      message: { 'zh-CN': `第 ${this.line} 行：${zh}`, en: `Row ${this.line}: ${en}` },
    });
  }

  private raw(key: ColumnKey): RawCell {
    const at = this.layout[key];
    return at === undefined ? undefined : this.cells[at.index];
  }

  /** The text of a field; undefined after a refusal (an error value in the cell, undecodable bytes). */
  private text(key: ColumnKey): string | null | undefined {
    const t = cellText(this.raw(key));
    const f = FIELD_NAME[key];
    if ('error' in t) {
      this.refuse(
        key,
        t.error,
        `${FIELD_CODE[key]}.cell_error`,
        `“${f.zh}”单元格是错误值 ${t.error}（公式出错），请改为实际内容`,
        `the ${f.en} cell holds the error value ${t.error} (a failed formula); enter the actual value`,
      );
      return undefined;
    }
    if (t.text?.includes('\uFFFD')) {
      this.refuse(
        key,
        t.text,
        `${FIELD_CODE[key]}.encoding`,
        `“${f.zh}”含有无法识别的字符（文件编码有误），请将文件另存为 UTF-8 编码的 CSV 或 XLSX`,
        `the ${f.en} contains undecodable characters (wrong file encoding); save the file as UTF-8 CSV or XLSX`,
      );
      return undefined;
    }
    return t.text;
  }

  private limited(key: ColumnKey, max: number): string | null | undefined {
    const t = this.text(key);
    if (t === null || t === undefined) return t;
    const length = codePointLength(t);
    if (length <= max) return t;
    const f = FIELD_NAME[key];
    this.refuse(
      key,
      t,
      `${FIELD_CODE[key]}.too_long`,
      `“${f.zh}”过长（${length} 字，最多 ${max} 字）`,
      `the ${f.en} is too long (${length} characters, at most ${max})`,
    );
    return undefined;
  }

  private creditCode(): string | undefined {
    const cell = this.raw('creditCode');
    if (typeof cell === 'number' && Number.isInteger(cell) && !Number.isSafeInteger(cell)) {
      // A code typed into a number cell. Every 18-digit number is above 2^53 (9,007,199,254,740,992, 16 digits), where
      // adjacent doubles are 64 to 128 apart, so the number read cannot tell which code was meant (and Excel itself keeps only
      // 15 significant digits of what is typed). Only safe integers are exactly representable, and those have at most 16
      // digits, so no all-digit code survives a number cell: refuse it rather than guess.
      this.refuse(
        'creditCode',
        numberToPlainString(cell),
        'credit_code.number_precision',
        '统一社会信用代码以数字格式保存，超过 15 位的数字已被 Excel 截断或舍入；请把该列设为“文本”格式后重新填写',
        'the credit code is stored as a number, which cannot hold 18 digits exactly; format the column as text and enter the code again',
      );
      return undefined;
    }
    const t = this.text('creditCode');
    if (t === undefined) return undefined;
    if (t === null) {
      this.refuse('creditCode', null, 'credit_code.required', '缺少统一社会信用代码', 'the credit code is missing');
      return undefined;
    }
    const code = normaliseCreditCode(codeText(t));
    const check = validateCreditCode(code);
    if (check.ok) {
      const first = this.firstLineOfCode.get(code);
      if (first === undefined) {
        this.firstLineOfCode.set(code, this.line);
        return code;
      }
      this.refuse(
        'creditCode',
        t,
        'credit_code.duplicate_in_file',
        `统一社会信用代码 ${code} 与第 ${first} 行重复`,
        `the credit code ${code} already appears on row ${first}`,
      );
    } else if (check.reason === 'length') {
      const asNumber = typeof cell === 'number';
      this.refuse(
        'creditCode',
        t,
        'credit_code.length',
        `统一社会信用代码应为 18 位，实为 ${code.length} 位${asNumber ? '（该单元格为数字格式，请设为文本格式）' : ''}`,
        `the credit code must have 18 characters, not ${code.length}${asNumber ? ' (the cell is formatted as a number; format it as text)' : ''}`,
      );
    } else if (check.reason === 'charset') {
      this.refuse(
        'creditCode',
        t,
        'credit_code.charset',
        '统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z）',
        'the credit code may contain only digits and capital letters other than I, O, S, V and Z',
      );
    } else {
      this.refuse(
        'creditCode',
        t,
        'credit_code.check_character',
        `统一社会信用代码校验位不符（按前 17 位应为 ${check.expected}），请核对是否抄错`,
        `the check character of the credit code is wrong (the first 17 characters give ${check.expected}); check the code for typos`,
      );
    }
    return undefined;
  }

  private coordinate(key: 'lng' | 'lat', min: number, max: number): number | null | undefined {
    const cell = this.raw(key);
    const f = FIELD_NAME[key];
    let value: number;
    let shown: string;
    if (typeof cell === 'number') {
      value = cell;
      shown = numberToPlainString(cell);
    } else {
      const t = this.text(key);
      if (t === null || t === undefined) return t;
      const s = codeText(t).replace(/°$/, '');
      shown = t;
      if (!DECIMAL.test(s)) {
        this.refuse(
          key,
          t,
          `${key}.not_a_number`,
          `${f.zh}应为十进制度数（如 121.4737）`,
          `the ${f.en} must be decimal degrees (e.g. 121.4737)`,
        );
        return undefined;
      }
      value = Number(s);
    }
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    this.refuse(
      key,
      shown,
      `${key}.out_of_range`,
      `${f.zh} ${shown} 超出中国境内范围（${min}～${max}）`,
      `the ${f.en} ${shown} is outside China (${min} to ${max})`,
    );
    return undefined;
  }

  private checkCoordinatePair(lng: number | null | undefined, lat: number | null | undefined): void {
    if (lng !== undefined && lat !== undefined && (lng === null) !== (lat === null)) {
      const missing = lng === null ? 'lng' : 'lat';
      const present = lng === null ? 'lat' : 'lng';
      this.refuse(
        missing,
        null,
        'coordinates.incomplete',
        '经度和纬度须同时填写或同时留空',
        'longitude and latitude must be given together or both left empty',
        this.layout[missing]?.header ?? this.layout[present]?.header ?? null,
      );
    }
    // A common slip: longitude and latitude typed into each other's column.
    if (lng === undefined && lat === undefined) {
      const before = this.refusals.at(-2);
      const last = this.refusals.at(-1);
      if (before?.reason === 'lng.out_of_range' && last?.reason === 'lat.out_of_range') {
        const a = Number(before.value);
        const b = Number(last.value);
        if (a >= 3 && a <= 54 && b >= 73 && b <= 136) {
          for (const r of [before, last]) {
            r.message = {
              'zh-CN': `${r.message['zh-CN']}；经纬度可能填反了`,
              en: `${r.message.en}; longitude and latitude may be swapped`,
            };
          }
        }
      }
    }
  }

  private industryCode(): string | null | undefined {
    const cell = this.raw('industryCode');
    // A number cell drops the leading zero of 0511 etc.; codes have 4 digits, so put it back.
    const t =
      typeof cell === 'number' && Number.isInteger(cell) && cell > 0 && cell < 10000
        ? String(cell).padStart(4, '0')
        : this.text('industryCode');
    if (t === null || t === undefined) return t;
    const f = FIELD_NAME.industryCode;
    const m = INDUSTRY_CODE.exec(codeText(t).toUpperCase().replace(/\s+/g, ''));
    const digits = m?.[2];
    if (m === null || digits === undefined) {
      this.refuse(
        'industryCode',
        t,
        'industry_code.format',
        `${f.zh}应为 4 位数字，可带门类字母（如 C2614 或 2614）`,
        `the ${f.en} must be 4 digits, optionally preceded by the section letter (e.g. C2614 or 2614)`,
      );
      return undefined;
    }
    const division = digits.slice(0, 2);
    const section = SECTION_BY_DIVISION[Number(division)];
    if (section === undefined) {
      this.refuse(
        'industryCode',
        t,
        'industry_code.unknown_division',
        `${f.zh} ${digits} 的大类 ${division} 不在 GB/T 4754 中`,
        `the ${f.en} ${digits} has no GB/T 4754 division ${division}`,
      );
      return undefined;
    }
    if (m[1] !== undefined && m[1] !== section) {
      this.refuse(
        'industryCode',
        t,
        'industry_code.section_mismatch',
        `${f.zh}的门类字母 ${m[1]} 与大类 ${division} 不符（应为 ${section}）`,
        `the section letter ${m[1]} of the ${f.en} does not match division ${division} (section ${section})`,
      );
      return undefined;
    }
    return digits;
  }

  private label<T>(key: 'trade' | 'size', labels: ReadonlyMap<string, T>, hintZh: string, hintEn: string): T | null | undefined {
    const t = this.text(key);
    if (t === null || t === undefined) return t;
    const value = labels.get(labelKey(t));
    if (value !== undefined) return value;
    const f = FIELD_NAME[key];
    this.refuse(key, t, `${key}.unknown`, `无法识别的${f.zh}“${t}”，可填：${hintZh}`, `unknown ${f.en} "${t}"; use one of: ${hintEn}`);
    return undefined;
  }

  private boolean(key: 'usesHazardousChemicals'): boolean | undefined {
    const cell = this.raw(key);
    if (typeof cell === 'boolean') return cell;
    const t = this.text(key);
    if (t === undefined) return undefined;
    if (t === null) return false;
    const value = BOOLEAN_LABELS.get(codeText(t).toLowerCase());
    if (value !== undefined) return value;
    const f = FIELD_NAME[key];
    this.refuse(
      key,
      t,
      'uses_hazardous_chemicals.invalid',
      `“${f.zh}”应填 是 或 否（也可填 Y/N、1/0），实为“${t}”`,
      `"${f.en}" must be yes or no (or Y/N, true/false, 1/0), not "${t}"`,
    );
    return undefined;
  }
}

const INDUSTRY_CODE = /^([A-T])?(\d{4})$/;
const TRADE_CODES = 'hazardous_chemicals, warehouse, workshop, restaurant, construction, transport';
