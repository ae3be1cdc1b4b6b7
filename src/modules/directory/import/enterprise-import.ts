/**
 * Import of enterprise registers (企业名录): turns a CSV or XLSX file into validated rows and per-row refusals, streaming, in
 * bounded memory (the only state that grows with the file is the set of credit codes seen, for the duplicate check).
 * No database: the caller upserts the rows (by credit code, in one transaction) and reports the refusals.
 *
 *   for await (const item of readEnterpriseFile(path, { format: 'xlsx', onProgress })) {
 *     if ('row' in item) upsert(item.row); else refusals.push(item.refusal);
 *   }
 *
 * Failures of the file as a whole throw ImportFileError; up front (before any row) when they can be seen there: empty or
 * corrupt file, wrong format, missing columns. Too many rows, a CSV syntax error or a truncated XLSX are found later.
 */
import { makeCreditCode } from '../credit-code.js';
import type { EnterpriseSize, Trade } from '../directory.tables.js';
import {
  ENTERPRISE_COLUMNS,
  type HeaderLayout,
  isEmptyRow,
  looksLikeDataRow,
  matchHeader,
  missingRequiredColumns,
  type RawCell,
  RowValidator,
} from './enterprise-columns.js';
import { ImportFileError } from './import-file-error.js';
import { readImportRows } from './read-import-rows.js';
import { isOle2, isZip, type RawRow } from './sources.js';

export { ENTERPRISE_COLUMNS, type EnterpriseColumn } from './enterprise-columns.js';
export { ImportFileError, type ImportFileErrorCode } from './import-file-error.js';

export interface EnterpriseImportRow {
  /** 1-based row number in the file as a person sees it in Excel (header = row 1). */
  line: number;
  /** Normalised (upper case, no spaces) and valid (GB 32100). */
  creditCode: string;
  /** 1..200 characters. */
  name: string;
  /** At most 300 characters. */
  nameEn: string | null;
  /** At most 300 characters. */
  address: string | null;
  /** WGS-84; both or neither; lng 73..136, lat 3..54 (China's extent). */
  lng: number | null;
  lat: number | null;
  /** GB/T 4754 class (小类): the 4 digits, without the section letter. */
  industryCode: string | null;
  trade: Trade | null;
  size: EnterpriseSize | null;
  usesHazardousChemicals: boolean;
  /** 主要负责人, at most 100 characters. */
  principalName: string | null;
  /** 安全管理人员, at most 100 characters. */
  safetyManagerName: string | null;
}

export interface ImportRefusal {
  line: number;
  /** The header of the column as it appears in the file; null when the column is not in the file. */
  column: string | null;
  value: string | null;
  /** Machine code, e.g. 'credit_code.check_character'. */
  reason: string;
  message: { 'zh-CN': string; en: string };
}

export interface ImportProgress {
  /** Data rows read (after the header, empty rows not counted). */
  rowsRead: number;
  bytesRead: number;
  totalBytes: number | null;
}

export type ImportFormat = 'csv' | 'xlsx';

export interface ReadEnterpriseFileOptions {
  /** Called once with the fields the file has a column for, before the first row. */
  onHeader?: (fields: (keyof EnterpriseImportRow)[]) => void;
  format: ImportFormat;
  /** The size of the input, for progress; read from the file system when the input is a path. */
  totalBytes?: number;
  /** Default 500,000; more data rows → ImportFileError('too_many_rows'). */
  maxRows?: number;
  /** Called at most every 1000 rows or 250 ms (also while an XLSX archive is read before its first row), and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
}

export { DEFAULT_MAX_ROWS } from './read-import-rows.js';

/** The header is looked for in this many non-empty rows at the top, so a title row (“某某街道企业名录”) above it is skipped. */
const HEADER_SEARCH_ROWS = 10;

/**
 * The format of an uploaded file: by its first bytes (a zip archive is XLSX), then by its extension. Null for legacy .xls
 * (an OLE2 compound file) and for names without a known extension.
 */
export function detectFormat(fileName: string, firstBytes: Buffer): ImportFormat | null {
  if (isZip(firstBytes)) return 'xlsx';
  if (isOle2(firstBytes)) return null;
  const extension = /\.([^./\\]+)$/.exec(fileName.trim().toLowerCase())?.[1];
  if (extension === 'xlsx' || extension === 'xlsm') return 'xlsx';
  if (extension === 'csv' || extension === 'txt' || extension === 'tsv') return 'csv';
  return null;
}

/**
 * Reads an enterprise register, yielding each valid row and each refusal (one per bad field; a row with any refusal is not
 * yielded as a row). See the module comment for the failures that throw.
 */
export function readEnterpriseFile(
  input: NodeJS.ReadableStream | string,
  options: ReadEnterpriseFileOptions,
): AsyncGenerator<{ row: EnterpriseImportRow } | { refusal: ImportRefusal }, void, undefined> {
  const { onHeader } = options;
  return readImportRows(input, {
    ...options,
    findHeader,
    onHeader: onHeader && ((layout) => onHeader(Object.keys(layout) as (keyof EnterpriseImportRow)[])),
    validator: (layout) => {
      const validator = new RowValidator(layout);
      return (line, cells) => validator.validate(line, cells);
    },
  });
}

/** Consumes rows up to and including the header row and returns the column layout; throws when there is no usable header. */
async function findHeader(rows: AsyncGenerator<RawRow, void, undefined>): Promise<HeaderLayout> {
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
    const missing = missingRequiredColumns(layout);
    if (missing.length > 0) throw missingColumns(missing);
    return layout;
  }
  if (firstNonEmpty === undefined || looksLikeDataRow(firstNonEmpty)) {
    throw new ImportFileError('no_header', {
      'zh-CN': '文件没有表头行：第一行应为列名，如“统一社会信用代码”“单位名称”',
      en: 'the file has no header row: the first row must name the columns, e.g. 统一社会信用代码 (credit code) and 单位名称 (name)',
    });
  }
  throw missingColumns(missingRequiredColumns({}));
}

function missingColumns(missing: string[]): ImportFileError {
  return new ImportFileError(
    'missing_columns',
    {
      'zh-CN': `缺少必填列：${missing.join('、')}`,
      en: `required columns are missing: ${missing.join(', ')}`,
    },
    { missing },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Template

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const EXAMPLE: Readonly<Record<string, string>> = {
  creditCode: makeCreditCode({ department: '9', category: '1', division: '310115', body8: 'MA1FL7RT' }),
  name: '示例化工有限公司',
  nameEn: 'Example Chemical Co., Ltd.',
  address: '上海市浦东新区示例路 100 号',
  lng: '121.5447',
  lat: '31.2243',
  industryCode: 'C2614',
  trade: '危险化学品使用',
  size: '小型',
  usesHazardousChemicals: '是',
  principalName: '张三',
  safetyManagerName: '李四',
};

/** A CSV template for users to download: the Chinese header row and one example row, UTF-8 with BOM (so Excel reads it right). */
export function enterpriseTemplateCsv(): string {
  const header = ENTERPRISE_COLUMNS.map((c) => csvField(c.headers[0] as string)).join(',');
  const example = ENTERPRISE_COLUMNS.map((c) => csvField(EXAMPLE[c.key] ?? '')).join(',');
  return `\uFEFF${header}\r\n${example}\r\n`;
}
