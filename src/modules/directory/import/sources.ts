/**
 * Readers that turn a CSV or XLSX byte stream into raw rows ({ line, cells }), streaming and in bounded memory.
 * They know nothing of enterprises; enterprise-import.ts interprets the rows.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { RawCell } from './enterprise-columns.js';
import { ImportFileError } from './import-file-error.js';

export interface RawRow {
  /** 1-based row number as Excel shows it. */
  line: number;
  /** Cells from column A on; missing cells are undefined. */
  cells: RawCell[];
}

export interface ByteMeter {
  bytesRead: number;
  /** Called after every chunk read from the input. */
  onChunk(): void;
}

export interface OpenedInput {
  chunks: AsyncGenerator<Buffer, void, undefined>;
  /** The size of the file when the input is a path, else null. */
  size: number | null;
  close(): void;
}

const unreadable = (zh: string, en: string, cause?: unknown): ImportFileError =>
  new ImportFileError('unreadable', { 'zh-CN': zh, en }, cause === undefined ? {} : { cause });

/** Opens a path or wraps a stream as an iterator of Buffers that counts the bytes it yields. */
export async function openInput(input: NodeJS.ReadableStream | string, meter: ByteMeter): Promise<OpenedInput> {
  let stream: NodeJS.ReadableStream;
  let size: number | null = null;
  let owned = false;
  if (typeof input === 'string') {
    try {
      size = (await stat(input)).size;
    } catch (error) {
      throw unreadable('无法打开文件', `the file cannot be opened: ${(error as Error).message}`, error);
    }
    stream = createReadStream(input, { highWaterMark: 64 * 1024 });
    owned = true;
  } else {
    stream = input;
  }
  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      meter.bytesRead += buffer.length;
      meter.onChunk();
      yield buffer;
    }
  }
  return {
    chunks: chunks(),
    size,
    close() {
      if (owned) (stream as Readable).destroy();
    },
  };
}

/** Reads at least `min` bytes (or all, if fewer) from the front of the input, leaving the rest in `chunks`. */
async function readHead(chunks: AsyncIterator<Buffer>, min: number): Promise<{ head: Buffer; ended: boolean }> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < min) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(parts), ended: true };
    parts.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(parts), ended: false };
}

async function* prepend(head: Buffer, rest: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<Buffer, void, undefined> {
  try {
    if (head.length > 0) yield head;
    yield* rest;
  } finally {
    await rest.return();
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function isZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.subarray(0, 4).equals(ZIP_MAGIC);
}

/** The compound-file header of legacy .xls (and .doc, .et) files. */
export function isOle2(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE2_MAGIC);
}

const legacyXls = (): ImportFileError =>
  new ImportFileError('format', {
    'zh-CN': '不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入',
    en: 'legacy Excel (.xls) files are not supported; save the file as .xlsx or CSV and import it again',
  });

// ---------------------------------------------------------------------------------------------------------------------
// CSV

/** How much of a CSV file is examined to choose its encoding and delimiter. */
export const CSV_SNIFF_BYTES = 64 * 1024;

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * The encoding of a CSV file from its first bytes: a BOM if any, else UTF-8 when the bytes are valid UTF-8, else GB18030
 * (a superset of GBK and GB2312: what Excel and WPS on Chinese Windows write for "CSV"), else null.
 */
export function sniffEncoding(head: Buffer, ended: boolean): TextEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    try {
      // stream: true when the head is cut off, so a character split at its end is not taken for an error
      new TextDecoder(encoding, { fatal: true }).decode(head, { stream: !ended });
      return encoding;
    } catch {
      // not this encoding
    }
  }
  return null;
}

/** True when decoded text looks like a binary file: NUL characters, or more than 1% other control characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) control++;
  }
  return control > 8 && control > text.length / 100;
}

/** ',' unless the first lines hold more tabs or semicolons (Excel's "Unicode text" is tab-separated; some locales use ';'). */
function sniffDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/, 5).join('\n');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    let count = 0;
    for (let i = lines.indexOf(d); i !== -1; i = lines.indexOf(d, i + 1)) count++;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

async function* decodeText(
  chunks: AsyncGenerator<Buffer, void, undefined>,
  encoding: TextEncoding,
): AsyncGenerator<string, void, undefined> {
  // Not fatal: bytes that do not decode past the sniffed head become U+FFFD, and the row holding them is refused.
  const decoder = new TextDecoder(encoding);
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // GB18030 has no BOM sniffing in TextDecoder
    }
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/** One record of at most 1 MiB: an unclosed quote fails here instead of swallowing the rest of the file. */
const CSV_MAX_RECORD_BYTES = 1024 * 1024;

export async function* csvRows(chunks: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<RawRow, void, undefined> {
  const { head, ended } = await readHead(chunks, CSV_SNIFF_BYTES);
  if (head.length === 0) {
    throw new ImportFileError('no_header', { 'zh-CN': '文件是空的', en: 'the file is empty' });
  }
  if (isZip(head)) {
    throw new ImportFileError('format', {
      'zh-CN': '这是一个 Excel（.xlsx）文件，不是 CSV 文件',
      en: 'this is an Excel (.xlsx) file, not a CSV file',
    });
  }
  if (isOle2(head)) throw legacyXls();
  const encoding = sniffEncoding(head, ended);
  if (encoding === null) {
    throw unreadable('无法识别文件内容：既不是 UTF-8 也不是 GBK/GB18030 编码的文本', 'the file is neither UTF-8 nor GBK/GB18030 text');
  }
  const headText = new TextDecoder(encoding).decode(head, { stream: !ended });
  if (looksBinary(headText)) {
    throw unreadable('文件不是文本格式的 CSV（可能是二进制文件或已损坏）', 'the file is not CSV text (binary or corrupt)');
  }

  // UTF-8 goes to csv-parse as bytes (it decodes each field whole, with U+FFFD for bad bytes, and drops the BOM); other
  // encodings are decoded here first.
  const text = encoding === 'utf-8' ? Readable.from(prepend(head, chunks)) : Readable.from(decodeText(prepend(head, chunks), encoding));
  const parser = parse({
    bom: true,
    delimiter: sniffDelimiter(headText),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: CSV_MAX_RECORD_BYTES,
  });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      yield { line, cells: record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) {
      throw new ImportFileError(
        'unreadable',
        {
          'zh-CN': `CSV 格式错误，读到第 ${line + 1} 行附近时出错（${error.code}）；常见原因是引号未配对`,
          en: `CSV syntax error near row ${line + 1} (${error.code}: ${error.message}); an unmatched quote is the usual cause`,
        },
        { line: line + 1, cause: error },
      );
    }
    throw unreadable('读取文件时出错', `the file could not be read: ${(error as Error).message}`, error);
  } finally {
    text.destroy();
    parser.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// XLSX

/** exceljs cell values (CellValue) reduced to RawCell: rich text and hyperlinks to their text, formulas to their result. */
export function fromExcelValue(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? { error: '#VALUE!' } : value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
    if ('error' in v) return { error: String(v.error) };
    if ('formula' in v || 'sharedFormula' in v) return fromExcelValue(v.result);
    if ('text' in v) return fromExcelValue(v.text);
  }
  return String(value);
}

/** The parts of exceljs's streaming WorkbookReader used here, some of them internal (see `patchUtf8`). */
interface WorkbookReaderInternals {
  model?: { sheets?: { name?: string }[] };
  _parseWorksheet?: (this: unknown, iterator: unknown, sheetNo: string) => Generator<{ eventType: string; value: unknown }>;
  _parseSharedStrings?: (this: unknown, entry: { setEncoding(encoding: string): unknown }) => AsyncGenerator<unknown>;
}

/** Decodes a byte stream as UTF-8 with a streaming decoder, so a character split between two chunks stays whole. */
async function* utf8Chunks(source: AsyncIterable<Buffer | string>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

/**
 * exceljs 4.4 decodes each inflated chunk of the sheet and shared-string XML on its own (utils/parse-sax.js), which turns a
 * Chinese character split between two chunks into U+FFFD (exceljs issues #2063, #2084, #2316, still open). This patches one
 * reader instance: the worksheet XML goes through a streaming UTF-8 decoder and the shared-strings entry is given an encoding,
 * so both reach the XML parser as whole strings. It also remembers each worksheet's source, so a skipped sheet can be closed.
 */
function patchUtf8(reader: WorkbookReaderInternals, sources: WeakMap<object, unknown>): void {
  const parseWorksheet = reader._parseWorksheet;
  const parseSharedStrings = reader._parseSharedStrings;
  if (typeof parseWorksheet !== 'function' || typeof parseSharedStrings !== 'function') {
    throw new Error('exceljs internals changed: WorkbookReader._parseWorksheet/_parseSharedStrings not found');
  }
  reader._parseWorksheet = function* (iterator, sheetNo) {
    for (const event of parseWorksheet.call(this, utf8Chunks(iterator as AsyncIterable<Buffer>), sheetNo)) {
      if (typeof event.value === 'object' && event.value !== null) sources.set(event.value, iterator);
      yield event;
    }
  };
  reader._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
}

function closeSource(source: unknown): void {
  const s = source as { destroy?: () => void; return?: () => Promise<unknown> } | undefined;
  if (typeof s?.destroy === 'function') s.destroy();
  else if (typeof s?.return === 'function') s.return().catch(() => {});
}

/**
 * Rows of the first worksheet (in tab order) of an XLSX file, read with exceljs's streaming reader. exceljs needs the shared
 * strings before it can read a sheet; Excel writes them after the sheets, so exceljs then spools the sheets to temporary files
 * (disk, not memory) and reads them at the end of the archive.
 */
export async function* xlsxRows(chunks: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<RawRow, void, undefined> {
  const { head } = await readHead(chunks, 8);
  if (!isZip(head)) {
    if (isOle2(head)) throw legacyXls();
    throw unreadable('文件不是有效的 Excel（.xlsx）文件', 'the file is not a valid Excel (.xlsx) file');
  }
  const body = Readable.from(prepend(head, chunks), { objectMode: false });
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // number formats tell dates from numbers
    entries: 'ignore',
  });
  const internals = reader as unknown as WorkbookReaderInternals;
  const sources = new WeakMap<object, unknown>();
  patchUtf8(internals, sources);

  let sheetSeen = false;
  try {
    for await (const worksheet of reader) {
      const firstName = internals.model?.sheets?.[0]?.name;
      const name = (worksheet as unknown as { name?: string }).name;
      if (sheetSeen || (firstName !== undefined && name !== firstName)) {
        closeSource(sources.get(worksheet)); // not read; let exceljs move on (and delete its temporary file)
        continue;
      }
      sheetSeen = true;
      let previous = 0;
      for await (const row of worksheet) {
        const line = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1;
        previous = line;
        const values = row.values as unknown[];
        const cells: RawCell[] = new Array(Math.max(0, values.length - 1));
        for (let i = 1; i < values.length; i++) cells[i - 1] = fromExcelValue(values[i]);
        yield { line, cells };
      }
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw unreadable(
      'Excel 文件已损坏或格式不正确，无法读取',
      `the Excel file is corrupt or malformed: ${(error as Error).message}`,
      error,
    );
  } finally {
    body.destroy();
  }
  if (!sheetSeen) throw unreadable('Excel 文件中没有工作表', 'the Excel file has no worksheet');
}
