/**
 * Reading a vehicle register (车辆登记表) from CSV or XLSX: validated rows and per-row refusals, streaming, in bounded
 * memory (what grows with the file is the set of plates and terminal numbers seen, for the duplicate checks). The CSV and
 * XLSX readers are the directory's (encoding and delimiter sniffing, exceljs streaming). No database: the use case
 * resolves enterprises, vehicles and drivers and writes the rows.
 */
import {
  ImportFileError,
  type ImportFormat,
  type ImportProgress,
  type ImportRefusal,
  isEmptyRow,
  type RawRow,
  readImportRows,
} from '../../directory/index.js';
import {
  matchVehicleHeader,
  missingVehicleColumns,
  VEHICLE_COLUMNS,
  type VehicleImportRow,
  type VehicleLayout,
  VehicleRowValidator,
} from './vehicle-columns.js';

export interface ReadVehicleFileOptions {
  format: ImportFormat;
  /** The size of the input, for progress; read from the file system when the input is a path. */
  totalBytes?: number;
  /** Default 500,000; more data rows → ImportFileError('too_many_rows'). */
  maxRows?: number;
  /** Called once with the layout of the header row, before the first row. */
  onHeader?: (layout: VehicleLayout) => void;
  /** Called at most every 1000 rows or 250 ms, and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
}

const HEADER_SEARCH_ROWS = 10;

/**
 * Reads a vehicle register, yielding each valid row and each refusal (a row with any refusal is not yielded as a row).
 * Failures of the file as a whole throw ImportFileError: up front for an empty or corrupt file or missing columns, later
 * for too many rows, a CSV syntax error or a truncated XLSX.
 */
export function readVehicleFile(
  input: NodeJS.ReadableStream | string,
  options: ReadVehicleFileOptions,
): AsyncGenerator<{ row: VehicleImportRow } | { refusal: ImportRefusal }, void, undefined> {
  return readImportRows(input, {
    ...options,
    findHeader,
    validator: (layout) => {
      const validator = new VehicleRowValidator(layout);
      return (line, cells) => validator.validate(line, cells);
    },
  });
}

/** Consumes rows up to and including the header row (a title row above it is skipped); throws when there is none. */
async function findHeader(rows: AsyncGenerator<RawRow, void, undefined>): Promise<VehicleLayout> {
  let examined = 0;
  while (examined < HEADER_SEARCH_ROWS) {
    const next = await rows.next();
    if (next.done) break;
    const { cells } = next.value;
    if (isEmptyRow(cells)) continue;
    examined++;
    const { layout, recognised } = matchVehicleHeader(cells);
    if (recognised < 2) continue; // one stray match ("车牌" in a title) is not a header
    const missing = missingVehicleColumns(layout);
    if (missing.length > 0) throw missingColumns(missing);
    return layout;
  }
  if (examined === 0) throw new ImportFileError('no_header', { 'zh-CN': '文件是空的', en: 'the file is empty' });
  throw new ImportFileError('no_header', {
    'zh-CN': '文件没有表头行：第一行应为列名，如“车牌号”“车牌颜色”“车辆类型”“经营企业”“终端号”',
    en: 'the file has no header row: the first row must name the columns, e.g. 车牌号 (plateNumber), 车牌颜色 (plateColour), 车辆类型 (class), 经营企业 (enterprise), 终端号 (terminalNumber)',
  });
}

function missingColumns(missing: string[]): ImportFileError {
  return new ImportFileError(
    'missing_columns',
    { 'zh-CN': `缺少必填列：${missing.join('、')}`, en: `required columns are missing: ${missing.join(', ')}` },
    { missing },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Template

const EXAMPLE: Readonly<Record<string, string>> = {
  plateNumber: '沪A12345',
  plateColour: '黄',
  class: '班线客车',
  enterprise: '示例客运有限公司',
  terminalNumber: '013800138000',
  sim: '89860012345678901234',
  drivers: '张三/3101000001；李四/3101000002',
  relayExempt: '否',
};

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * A CSV template: the Chinese header row (with the English names in brackets, which the reader ignores) and one example
 * row, UTF-8 with BOM so that Excel reads it right.
 */
export function vehicleTemplateCsv(): string {
  const header = VEHICLE_COLUMNS.map((c) => csvField(`${c.headers[0]}(${c.key})`)).join(',');
  const example = VEHICLE_COLUMNS.map((c) => csvField(EXAMPLE[c.key] ?? '')).join(',');
  return `\uFEFF${header}\r\n${example}\r\n`;
}
