/**
 * The loop the CSV/XLSX importers share (enterprises, people, vehicles): open the input, read its raw rows, find the header,
 * then validate each non-empty data row, with the row limit and progress reports. Each importer brings its own header
 * finding and row validation; this knows nothing of what the columns mean.
 */
import { isEmptyRow, type RawCell } from './enterprise-columns.js';
import type { ImportFormat, ImportProgress, ImportRefusal } from './enterprise-import.js';
import { ImportFileError } from './import-file-error.js';
import { type ByteMeter, csvRows, openInput, type RawRow, xlsxRows } from './sources.js';

export interface ReadImportRowsOptions<Layout, Row> {
  format: ImportFormat;
  /** The size of the input, for progress; read from the file system when the input is a path. */
  totalBytes?: number;
  /** Default 500,000; more data rows (after the header, empty rows not counted) → ImportFileError('too_many_rows'). */
  maxRows?: number;
  /** Consumes rows up to and including the header row and returns its layout; throws when there is no usable header. */
  findHeader: (rows: AsyncGenerator<RawRow, void, undefined>) => Promise<Layout>;
  /** Called once with the layout of the header row, before the first data row. */
  onHeader?: (layout: Layout) => void;
  /** Makes the validator of the data rows, once the layout is known; it may keep state (duplicates seen) across rows. */
  validator: (layout: Layout) => (line: number, cells: readonly RawCell[]) => { row: Row } | { refusals: readonly ImportRefusal[] };
  /** Called at most every 1000 rows or 250 ms (also while an XLSX archive is read before its first row), and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
}

export const DEFAULT_MAX_ROWS = 500_000;

const PROGRESS_ROWS = 1000;
const PROGRESS_MS = 250;

/** Yields each valid row and each refusal (a row with any refusal is not yielded as a row). */
export async function* readImportRows<Layout, Row>(
  input: NodeJS.ReadableStream | string,
  options: ReadImportRowsOptions<Layout, Row>,
): AsyncGenerator<{ row: Row } | { refusal: ImportRefusal }, void, undefined> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const onProgress = options.onProgress;
  let rowsRead = 0;
  let lastRows = 0;
  let lastTime = performance.now();
  let totalBytes: number | null = options.totalBytes ?? null;
  const meter: ByteMeter = {
    bytesRead: 0,
    onChunk() {
      if (onProgress !== undefined && performance.now() - lastTime >= PROGRESS_MS) emitProgress();
    },
  };
  const emitProgress = (): void => {
    lastRows = rowsRead;
    lastTime = performance.now();
    onProgress?.({ rowsRead, bytesRead: meter.bytesRead, totalBytes });
  };

  const opened = await openInput(input, meter);
  totalBytes ??= opened.size;
  const rows: AsyncGenerator<RawRow, void, undefined> = options.format === 'csv' ? csvRows(opened.chunks) : xlsxRows(opened.chunks);
  try {
    const layout = await options.findHeader(rows);
    options.onHeader?.(layout);
    const validate = options.validator(layout);
    for await (const { line, cells } of rows) {
      if (isEmptyRow(cells)) continue;
      rowsRead++;
      if (rowsRead > maxRows) {
        throw new ImportFileError(
          'too_many_rows',
          {
            'zh-CN': `文件超过 ${maxRows} 行数据（在第 ${line} 行），请拆分为多个文件分批导入`,
            en: `the file has more than ${maxRows} data rows (at row ${line}); split it into several files`,
          },
          { line },
        );
      }
      const result = validate(line, cells);
      if ('row' in result) yield { row: result.row };
      else for (const refusal of result.refusals) yield { refusal };
      if (onProgress !== undefined && (rowsRead - lastRows >= PROGRESS_ROWS || performance.now() - lastTime >= PROGRESS_MS)) emitProgress();
    }
    if (onProgress !== undefined) emitProgress();
  } finally {
    await rows.return();
    opened.close();
  }
}
