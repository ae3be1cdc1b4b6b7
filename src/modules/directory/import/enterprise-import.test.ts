import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../credit-code.js';
import {
  detectFormat,
  ENTERPRISE_COLUMNS,
  type EnterpriseImportRow,
  enterpriseTemplateCsv,
  ImportFileError,
  type ImportFormat,
  type ImportProgress,
  type ImportRefusal,
  readEnterpriseFile,
} from './enterprise-import.js';
import { sniffEncoding } from './sources.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gongzhi-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A valid credit code for each n < 10^8. */
const code = (n: number): string =>
  makeCreditCode({ department: '9', category: '1', division: '310115', body8: String(n).padStart(8, '0') });

const CODE_A = code(1);
const CODE_B = code(2);
const CODE_C = code(3);

function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\r\n')}\r\n`;
}

let fileNo = 0;
async function fixture(content: string | Buffer, extension = 'csv'): Promise<string> {
  const file = path.join(dir, `f${++fileNo}.${extension}`);
  await writeFile(file, content);
  return file;
}

async function collect(
  input: NodeJS.ReadableStream | string,
  options: { format: ImportFormat; maxRows?: number; onProgress?: (p: ImportProgress) => void },
): Promise<{ rows: EnterpriseImportRow[]; refusals: ImportRefusal[] }> {
  const rows: EnterpriseImportRow[] = [];
  const refusals: ImportRefusal[] = [];
  for await (const item of readEnterpriseFile(input, options)) {
    if ('row' in item) rows.push(item.row);
    else refusals.push(item.refusal);
  }
  return { rows, refusals };
}

/** Reads until the generator throws; returns the error and how many items came before it. */
async function failure(input: NodeJS.ReadableStream | string, options: { format: ImportFormat; maxRows?: number }) {
  let items = 0;
  try {
    for await (const _ of readEnterpriseFile(input, options)) items++;
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return { error: error as ImportFileError, items };
  }
  throw new Error('expected an ImportFileError');
}

async function writeXlsx(
  file: string,
  sheets: { name: string; rows: unknown[][] }[],
  options: { useSharedStrings?: boolean } = {},
): Promise<string> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: options.useSharedStrings ?? true,
    useStyles: true,
  });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row).commit();
    worksheet.commit();
  }
  await workbook.commit();
  return file;
}

/**
 * A GB18030 encoder for the test, built from Node's decoder: every two-byte sequence (lead 0x81-0xFE, trail 0x40-0xFE
 * except 0x7F) decoded once, giving all of GBK, which holds every character these tests use.
 */
const gbTable = (() => {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, bytes);
    }
  }
  return table;
})();

function encodeGb18030(text: string): Buffer {
  const parts: Buffer[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) parts.push(Buffer.from(ch, 'latin1'));
    else {
      const bytes = gbTable.get(ch);
      if (bytes === undefined) throw new Error(`no GBK encoding for ${ch}`);
      parts.push(bytes);
    }
  }
  return Buffer.concat(parts);
}

const CN_HEADER = ENTERPRISE_COLUMNS.map((c) => c.headers[0] as string);

describe('header row', () => {
  it('reads Chinese headers and all fields, with BOM', async () => {
    const file = await fixture(
      `\uFEFF${csvText([
        CN_HEADER,
        [
          CODE_A,
          '上海示例化工有限公司',
          'Shanghai Example Chemical Co., Ltd.',
          '浦东新区示例路 1 号',
          '121.4737',
          '31.2304',
          'C2614',
          '危化品',
          '小型',
          '是',
          '张三',
          '李四',
        ],
        [
          ` ${CODE_B.toLowerCase().slice(0, 9)} ${CODE_B.toLowerCase().slice(9)} `,
          '  示例仓储  ',
          '',
          '',
          '',
          '',
          '2614',
          '仓储',
          '微型',
          '',
          '',
          '',
        ],
      ])}`,
    );
    const { rows, refusals } = await collect(file, { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        creditCode: CODE_A,
        name: '上海示例化工有限公司',
        nameEn: 'Shanghai Example Chemical Co., Ltd.',
        address: '浦东新区示例路 1 号',
        lng: 121.4737,
        lat: 31.2304,
        industryCode: '2614',
        trade: 'hazardous_chemicals',
        size: 'small',
        usesHazardousChemicals: true,
        principalName: '张三',
        safetyManagerName: '李四',
      },
      {
        line: 3,
        creditCode: CODE_B,
        name: '示例仓储',
        nameEn: null,
        address: null,
        lng: null,
        lat: null,
        industryCode: '2614',
        trade: 'warehouse',
        size: 'micro',
        usesHazardousChemicals: false,
        principalName: null,
        safetyManagerName: null,
      },
    ]);
  });

  it('reads English and alternative headers in any case, ignoring unknown columns', async () => {
    const file = await fixture(
      csvText([
        [
          'Remark',
          ' Credit_Code ',
          'NAME',
          'Longitude',
          'LATITUDE',
          'Industry Code',
          'Trade',
          'Size',
          'Hazardous_Chemicals',
          'Principal',
          'Safety Manager',
        ],
        ['x', CODE_A, 'Example Ltd', '116.4', '39.9', '0511', 'Construction', 'LARGE', 'yes', 'Zhang San', 'Li Si'],
        ['y', CODE_B, 'Example 2', '', '', '', 'restaurant', 'medium', 'N', '', ''],
        ['z', CODE_C, 'Example 3', '', '', '', '道路运输', '中型', 'false', '', ''],
      ]),
    );
    const { rows, refusals } = await collect(file, { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows.map((r) => [r.creditCode, r.name, r.lng, r.lat, r.industryCode, r.trade, r.size, r.usesHazardousChemicals])).toEqual([
      [CODE_A, 'Example Ltd', 116.4, 39.9, '0511', 'construction', 'large', true],
      [CODE_B, 'Example 2', null, null, null, 'restaurant', 'medium', false],
      [CODE_C, 'Example 3', null, null, null, 'transport', 'medium', false],
    ]);
    expect(rows[0]?.principalName).toBe('Zhang San');
    expect(rows[0]?.safetyManagerName).toBe('Li Si');
  });

  it('accepts alternative Chinese headers, a required mark and a note in brackets', async () => {
    const file = await fixture(
      csvText([
        ['*统一社会信用代码（必填）', '企业名称', '注册地址', '法定代表人', '安全负责人', '涉及危化品'],
        [CODE_A, '甲', '某路', '王五', '赵六', '1'],
      ]),
    );
    const { rows } = await collect(file, { format: 'csv' });
    expect(rows).toMatchObject([
      { creditCode: CODE_A, name: '甲', address: '某路', principalName: '王五', safetyManagerName: '赵六', usesHazardousChemicals: true },
    ]);
  });

  it('refuses a file without a required column, before any row, naming the Chinese column', async () => {
    const { error, items } = await failure(
      await fixture(
        csvText([
          ['单位名称', '地址'],
          ['甲', '某路'],
        ]),
      ),
      { format: 'csv' },
    );
    expect(error.code).toBe('missing_columns');
    expect(error.missing).toEqual(['统一社会信用代码']);
    expect(items).toBe(0);

    const none = await failure(
      await fixture(
        csvText([
          ['foo', 'bar'],
          ['1', '2'],
        ]),
      ),
      { format: 'csv' },
    );
    expect(none.error.code).toBe('missing_columns');
    expect(none.error.missing).toEqual(['统一社会信用代码', '单位名称']);
  });

  it('refuses an empty file and a file that starts with data as having no header', async () => {
    expect((await failure(await fixture(''), { format: 'csv' })).error.code).toBe('no_header');
    expect((await failure(await fixture('\uFEFF\r\n\r\n'), { format: 'csv' })).error.code).toBe('no_header');
    expect((await failure(await fixture(csvText([[CODE_A, '甲']])), { format: 'csv' })).error.code).toBe('no_header');
  });

  it('skips a title row above the header and keeps Excel row numbers', async () => {
    const file = await fixture(
      csvText([
        ['某某街道企业名录', '', ''],
        ['', '', ''],
        ['统一社会信用代码', '单位名称', '备注'],
        [CODE_A, '甲', ''],
      ]),
    );
    const { rows } = await collect(file, { format: 'csv' });
    expect(rows).toMatchObject([{ line: 4, creditCode: CODE_A, name: '甲' }]);
  });
});

describe('values', () => {
  const long = (n: number) => '长'.repeat(n);
  const wrongCheck = CODE_A.slice(0, 17) + (CODE_A.endsWith('0') ? '1' : '0');

  /** One row per bad value: [row cells by header, expected reason, expected column, expected value]. */
  const cases: [Record<string, string>, string, string, string | null][] = [
    [{ 信用代码: wrongCheck }, 'credit_code.check_character', '信用代码', wrongCheck],
    [{ 信用代码: '91310115123' }, 'credit_code.length', '信用代码', '91310115123'],
    [{ 信用代码: '91310115OOOOOOOOOO' }, 'credit_code.charset', '信用代码', '91310115OOOOOOOOOO'],
    [{ 信用代码: '' }, 'credit_code.required', '信用代码', null],
    [{ 企业名称: '  ' }, 'name.required', '企业名称', null],
    [{ 企业名称: long(201) }, 'name.too_long', '企业名称', long(201)],
    [{ 'English Name': 'x'.repeat(301) }, 'name_en.too_long', 'English Name', 'x'.repeat(301)],
    [{ 地址: long(301) }, 'address.too_long', '地址', long(301)],
    [{ 经度: '东经121度', 纬度: '31.2' }, 'lng.not_a_number', '经度', '东经121度'],
    [{ 经度: '200', 纬度: '31.2' }, 'lng.out_of_range', '经度', '200'],
    [{ 经度: '121.5', 纬度: '-31.2' }, 'lat.out_of_range', '纬度', '-31.2'],
    [{ 经度: '121.5' }, 'coordinates.incomplete', '纬度', null],
    [{ 行业代码: 'C26' }, 'industry_code.format', '行业代码', 'C26'],
    [{ 行业代码: 'A2614' }, 'industry_code.section_mismatch', '行业代码', 'A2614'],
    [{ 行业代码: '9912' }, 'industry_code.unknown_division', '行业代码', '9912'],
    [{ 类别: '化工' }, 'trade.unknown', '类别', '化工'],
    [{ 规模: 'huge' }, 'size.unknown', '规模', 'huge'],
    [{ 使用危险化学品: '可能' }, 'uses_hazardous_chemicals.invalid', '使用危险化学品', '可能'],
    [{ 主要负责人: long(101) }, 'principal_name.too_long', '主要负责人', long(101)],
    [{ 安全管理人员: long(101) }, 'safety_manager_name.too_long', '安全管理人员', long(101)],
  ];
  const headers = [
    '信用代码',
    '企业名称',
    'English Name',
    '地址',
    '经度',
    '纬度',
    '行业代码',
    '类别',
    '规模',
    '使用危险化学品',
    '主要负责人',
    '安全管理人员',
  ];

  it('refuses each bad value with its column, value and reason, and skips the row', async () => {
    const rows = cases.map(([cells], i) =>
      headers.map((h) => cells[h] ?? (h === '信用代码' ? code(100 + i) : h === '企业名称' ? `企业${i}` : '')),
    );
    const { rows: good, refusals } = await collect(
      await fixture(csvText([headers, ...rows, [CODE_A, '好企业', '', '', '', '', '', '', '', '', '', '']])),
      {
        format: 'csv',
      },
    );
    expect(good.map((r) => r.name)).toEqual(['好企业']);
    expect(refusals.map((r) => ({ line: r.line, reason: r.reason, column: r.column, value: r.value }))).toEqual(
      cases.map(([, reason, column, value], i) => ({ line: i + 2, reason, column, value })),
    );
    for (const r of refusals) {
      expect(r.message['zh-CN']).toMatch(new RegExp(`^第 ${r.line} 行：`));
      expect(r.message.en).toMatch(new RegExp(`^Row ${r.line}: `));
    }
    expect(refusals[0]?.message['zh-CN']).toContain(`应为 ${CODE_A.slice(-1)}`);
  });

  it('reports every bad field of a row, and hints at swapped coordinates', async () => {
    const file = await fixture(csvText([headers, ['123', '', '', '', '31.2', '121.5', '', '', 'huge', '', '', '']]));
    const { rows, refusals } = await collect(file, { format: 'csv' });
    expect(rows).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual([
      'credit_code.length',
      'name.required',
      'lng.out_of_range',
      'lat.out_of_range',
      'size.unknown',
    ]);
    expect(refusals.every((r) => r.line === 2)).toBe(true);
    expect(refusals[2]?.message['zh-CN']).toContain('经纬度可能填反了');
  });

  it('reads full-width codes and numbers', async () => {
    const fullWidth = CODE_A.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const file = await fixture(
      csvText([
        ['统一社会信用代码', '单位名称', '经度', '纬度', '行业代码'],
        [fullWidth, '甲（分公司）', '１２１．５', '３１．２', 'Ｃ２６１４'],
      ]),
    );
    const { rows, refusals } = await collect(file, { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows).toMatchObject([{ creditCode: CODE_A, name: '甲（分公司）', lng: 121.5, lat: 31.2, industryCode: '2614' }]);
  });

  it('refuses the later row of a duplicated credit code, naming the first line', async () => {
    const file = await fixture(
      csvText([
        ['统一社会信用代码', '单位名称'],
        [CODE_A, '甲'],
        [CODE_B, '乙'],
        [CODE_A.toLowerCase(), '甲二'],
      ]),
    );
    const { rows, refusals } = await collect(file, { format: 'csv' });
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ line: 4, column: '统一社会信用代码', reason: 'credit_code.duplicate_in_file' });
    expect(refusals[0]?.message['zh-CN']).toContain('第 2 行');
    expect(refusals[0]?.message.en).toContain('row 2');
  });
});

describe('CSV', () => {
  it('handles quoted fields with commas, quotes and line breaks, short rows and empty lines', async () => {
    const text = [
      '统一社会信用代码,单位名称,地址,英文名称',
      `${CODE_A},"甲,乙联合公司","某路 1 号\r\n2 栋","He said ""hi"""`,
      '',
      `${CODE_B},乙`,
      `${CODE_C},"丙
公司",某路`,
    ].join('\r\n');
    const { rows, refusals } = await collect(await fixture(text), { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, name: '甲,乙联合公司', address: '某路 1 号 2 栋', nameEn: 'He said "hi"' },
      { line: 4, name: '乙', address: null, nameEn: null },
      { line: 5, name: '丙 公司', address: '某路' },
    ]);
  });

  it('reads the same with and without a BOM', async () => {
    const body = csvText([
      ['统一社会信用代码', '单位名称'],
      [CODE_A, '甲'],
    ]);
    const withBom = await collect(await fixture(`\uFEFF${body}`), { format: 'csv' });
    const without = await collect(await fixture(body), { format: 'csv' });
    expect(withBom).toEqual(without);
    expect(without.rows).toHaveLength(1);
  });

  it('decodes GB18030 (GBK) files, streaming across chunk boundaries', async () => {
    expect(encodeGb18030('单位名称')).toEqual(Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xc3, 0xfb, 0xb3, 0xc6]));
    const lines = [['统一社会信用代码', '单位名称', '地址', '行业类别', '规模', '涉及危化品']];
    for (let i = 0; i < 3000; i++)
      lines.push([code(1000 + i), `测试化工有限公司第${i}号`, '浦东新区张江镇', '危险化学品使用', '小型', '是']);
    const bytes = encodeGb18030(csvText(lines));
    expect(bytes.length).toBeGreaterThan(128 * 1024); // past the 64 KiB sniffed head
    expect(sniffEncoding(bytes.subarray(0, 64 * 1024), false)).toBe('gb18030');

    // 7-byte chunks split many two-byte characters
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const { rows, refusals } = await collect(Readable.from(chunks), { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows).toHaveLength(3000);
    expect(rows[2999]).toMatchObject({
      name: '测试化工有限公司第2999号',
      address: '浦东新区张江镇',
      trade: 'hazardous_chemicals',
      usesHazardousChemicals: true,
    });
  });

  it('reads UTF-8 streamed in tiny chunks', async () => {
    const bytes = Buffer.from(
      `\uFEFF${csvText([
        ['统一社会信用代码', '单位名称'],
        [CODE_A, '安全生产示范企业'],
      ])}`,
    );
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const { rows } = await collect(Readable.from(chunks), { format: 'csv' });
    expect(rows).toMatchObject([{ name: '安全生产示范企业' }]);
  });

  it('refuses a row whose bytes do not decode after the sniffed head', async () => {
    const head = csvText([['统一社会信用代码', '单位名称'], ...Array.from({ length: 2500 }, (_, i) => [code(5000 + i), `企业${i}`])]);
    expect(Buffer.byteLength(head)).toBeGreaterThan(64 * 1024);
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from(`${CODE_A},`), encodeGb18030('甲公司'), Buffer.from('\r\n')]);
    const { rows, refusals } = await collect(await fixture(bytes), { format: 'csv' });
    expect(rows).toHaveLength(2500);
    expect(refusals).toMatchObject([{ line: 2502, reason: 'name.encoding', column: '单位名称' }]);
  });

  it('refuses binary data, an XLSX given as CSV and a legacy .xls', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    expect((await failure(await fixture(binary), { format: 'csv' })).error.code).toBe('unreadable');
    const zeros = Buffer.concat([Buffer.from('统一社会信用代码,单位名称\n'), Buffer.alloc(100)]);
    expect((await failure(await fixture(zeros), { format: 'csv' })).error.code).toBe('unreadable');
    const xlsx = await writeXlsx(path.join(dir, 'as-csv.xlsx'), [{ name: 'a', rows: [['统一社会信用代码', '单位名称']] }]);
    expect((await failure(xlsx, { format: 'csv' })).error.code).toBe('format');
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await failure(await fixture(ole2, 'xls'), { format: 'csv' })).error.code).toBe('format');
    expect((await failure(await fixture(ole2, 'xls'), { format: 'xlsx' })).error.code).toBe('format');
  });

  it('fails on an unclosed quote with an ImportFileError', async () => {
    const text = `统一社会信用代码,单位名称\r\n${CODE_A},"甲\r\n${CODE_B},乙\r\n`;
    const { error } = await failure(await fixture(text), { format: 'csv' });
    expect(error.code).toBe('unreadable');
  });

  it('reads UTF-16 tab-separated text (Excel "Unicode text")', async () => {
    const text = `统一社会信用代码\t单位名称\r\n${CODE_A}\t甲公司\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { rows } = await collect(await fixture(bytes), { format: 'csv' });
    expect(rows).toMatchObject([{ creditCode: CODE_A, name: '甲公司' }]);
  });

  it('reads tab-separated text', async () => {
    const { rows } = await collect(await fixture(`统一社会信用代码\t单位名称\t地址\r\n${CODE_A}\t甲,乙\t某路\r\n`), { format: 'csv' });
    expect(rows).toMatchObject([{ name: '甲,乙', address: '某路' }]);
  });
});

describe('XLSX', () => {
  it('reads the first worksheet, with numbers, rich text, hyperlinks, formulas, booleans, dates and error values', async () => {
    const file = await writeXlsx(path.join(dir, 'cells.xlsx'), [
      {
        name: '企业名录',
        rows: [
          ['统一社会信用代码', '单位名称', '地址', '经度', '纬度', '行业代码', '使用危险化学品', '主要负责人', '英文名称'],
          [
            CODE_A,
            { richText: [{ text: '富文本' }, { text: '有限公司', font: { bold: true } }] },
            { text: '官网地址', hyperlink: 'https://example.org' },
            121.47,
            31.23,
            511,
            true,
            13812345678,
            1e21,
          ],
          [
            { formula: 'A1', result: CODE_B },
            { formula: 'B1', result: '公式企业' },
            '',
            '',
            '',
            { formula: 'F1', result: 2614 },
            0,
            '张三',
            new Date(Date.UTC(2024, 0, 31)),
          ],
          [CODE_C, '错误值企业', { error: '#N/A' }],
          // 18 digits as a number: 913101150000000001 is stored as the double 913101150000000000
          [Number('913101150000000001'), '数字代码企业'],
          [913101151234567, '十五位数字企业'],
        ],
      },
      {
        name: 'Sheet2',
        rows: [
          ['统一社会信用代码', '单位名称'],
          [code(9), '第二个工作表'],
        ],
      },
    ]);
    const { rows, refusals } = await collect(file, { format: 'xlsx' });
    expect(rows).toEqual([
      {
        line: 2,
        creditCode: CODE_A,
        name: '富文本有限公司',
        nameEn: '1000000000000000000000',
        address: '官网地址',
        lng: 121.47,
        lat: 31.23,
        industryCode: '0511',
        trade: null,
        size: null,
        usesHazardousChemicals: true,
        principalName: '13812345678',
        safetyManagerName: null,
      },
      {
        line: 3,
        creditCode: CODE_B,
        name: '公式企业',
        nameEn: '2024-01-31',
        address: null,
        lng: null,
        lat: null,
        industryCode: '2614',
        trade: null,
        size: null,
        usesHazardousChemicals: false,
        principalName: '张三',
        safetyManagerName: null,
      },
    ]);
    expect(refusals.map((r) => ({ line: r.line, reason: r.reason, column: r.column, value: r.value }))).toEqual([
      { line: 4, reason: 'address.cell_error', column: '地址', value: '#N/A' },
      { line: 5, reason: 'credit_code.number_precision', column: '统一社会信用代码', value: '913101150000000000' },
      { line: 6, reason: 'credit_code.length', column: '统一社会信用代码', value: '913101151234567' },
    ]);
    expect(refusals[2]?.message['zh-CN']).toContain('文本格式');
  });

  it('reads Chinese text split across chunk boundaries intact (inline strings, shared strings)', async () => {
    for (const useSharedStrings of [false, true]) {
      const rows: unknown[][] = [['统一社会信用代码', '单位名称', '地址']];
      for (let i = 0; i < 5000; i++) rows.push([code(20_000 + i), `危险化学品储存企业第${i}号`, `街道${'安全'.repeat(i % 7)}路${i}号`]);
      const file = await writeXlsx(path.join(dir, `cjk-${useSharedStrings}.xlsx`), [{ name: 'a', rows }], { useSharedStrings });
      const result = await collect(file, { format: 'xlsx' });
      expect(result.refusals).toEqual([]);
      expect(result.rows).toHaveLength(5000);
      result.rows.forEach((r, i) => {
        expect(r.name).toBe(`危险化学品储存企业第${i}号`);
        expect(r.address).toBe(`街道${'安全'.repeat(i % 7)}路${i}号`);
      });
    }
  });

  it('reads from a stream, and uses the first worksheet in tab order', async () => {
    const file = await writeXlsx(path.join(dir, 'two.xlsx'), [
      {
        name: '名录',
        rows: [
          ['credit code', 'name'],
          [CODE_A, 'first'],
        ],
      },
      {
        name: '说明',
        rows: [
          ['credit code', 'name'],
          [CODE_B, 'second'],
        ],
      },
    ]);
    const { createReadStream } = await import('node:fs');
    const { rows } = await collect(createReadStream(file), { format: 'xlsx' });
    expect(rows.map((r) => r.name)).toEqual(['first']);
  });

  it('refuses a corrupt file as unreadable', async () => {
    const notZip = await failure(await fixture(Buffer.from('this is not a spreadsheet'), 'xlsx'), { format: 'xlsx' });
    expect(notZip.error.code).toBe('unreadable');
    expect(notZip.items).toBe(0);

    const junk = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 0x5a)]);
    expect((await failure(await fixture(junk, 'xlsx'), { format: 'xlsx' })).error.code).toBe('unreadable');

    const good = await readFile(
      await writeXlsx(path.join(dir, 'whole.xlsx'), [
        {
          name: 'a',
          rows: [
            ['统一社会信用代码', '单位名称'],
            [CODE_A, '甲'],
          ],
        },
      ]),
    );
    const truncated = await failure(await fixture(good.subarray(0, Math.floor(good.length / 2)), 'xlsx'), { format: 'xlsx' });
    expect(truncated.error.code).toBe('unreadable');

    expect((await failure(await fixture(Buffer.alloc(0), 'xlsx'), { format: 'xlsx' })).error.code).toBe('unreadable');
  });
});

describe('limits and progress', () => {
  it('fails with too_many_rows beyond maxRows', async () => {
    const lines = [['统一社会信用代码', '单位名称'], ...Array.from({ length: 5 }, (_, i) => [code(300 + i), `企业${i}`])];
    const { error, items } = await failure(await fixture(csvText(lines)), { format: 'csv', maxRows: 3 });
    expect(error.code).toBe('too_many_rows');
    expect(items).toBe(3);
    expect((await collect(await fixture(csvText(lines)), { format: 'csv', maxRows: 5 })).rows).toHaveLength(5);
  });

  it('reports progress with increasing rowsRead and a final call', async () => {
    const lines = [['统一社会信用代码', '单位名称'], ...Array.from({ length: 3500 }, (_, i) => [code(400 + i), `企业${i}`])];
    const file = await fixture(csvText(lines));
    const calls: ImportProgress[] = [];
    await collect(file, { format: 'csv', onProgress: (p) => calls.push(p) });
    const size = (await stat(file)).size;
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]?.rowsRead).toBeGreaterThanOrEqual(calls[i - 1]?.rowsRead ?? 0);
      expect(calls[i]?.bytesRead).toBeGreaterThanOrEqual(calls[i - 1]?.bytesRead ?? 0);
    }
    expect(calls.at(-1)).toEqual({ rowsRead: 3500, bytesRead: size, totalBytes: size });
    expect(calls.filter((c) => c.rowsRead === 3500).length).toBeLessThanOrEqual(2);
  });

  it('stops cleanly when the caller stops early', async () => {
    const lines = [['统一社会信用代码', '单位名称'], ...Array.from({ length: 100 }, (_, i) => [code(600 + i), `企业${i}`])];
    for (const [format, file] of [
      ['csv', await fixture(csvText(lines))],
      ['xlsx', await writeXlsx(path.join(dir, 'early.xlsx'), [{ name: 'a', rows: lines }])],
    ] as const) {
      let n = 0;
      for await (const _ of readEnterpriseFile(file, { format })) if (++n === 2) break;
      expect(n).toBe(2);
    }
  });
});

describe('detectFormat and the template', () => {
  it('detects by magic bytes, then by extension', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(detectFormat('名录.xlsx', zip)).toBe('xlsx');
    expect(detectFormat('名录.csv', zip)).toBe('xlsx');
    expect(detectFormat('upload', zip)).toBe('xlsx');
    expect(detectFormat('名录.CSV', Buffer.from('统一社会信用代码'))).toBe('csv');
    expect(detectFormat('名录.txt', Buffer.from('a,b'))).toBe('csv');
    expect(detectFormat('名录.xlsx', Buffer.from('garbage'))).toBe('xlsx'); // and reading it fails as unreadable
    expect(detectFormat('名录.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBeNull();
    expect(detectFormat('名录.pdf', Buffer.from('%PDF-1.7'))).toBeNull();
  });

  it('offers a template that imports as one valid row', async () => {
    const template = enterpriseTemplateCsv();
    expect(template.startsWith('\uFEFF统一社会信用代码,单位名称,')).toBe(true);
    const { rows, refusals } = await collect(await fixture(template), { format: 'csv' });
    expect(refusals).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, name: '示例化工有限公司', nameEn: 'Example Chemical Co., Ltd.', trade: 'hazardous_chemicals', industryCode: '2614' },
    ]);
  });
});

describe('100,000 rows', () => {
  const N = 100_000;
  const TRADES = ['危险化学品使用', '仓储', '小作坊', '餐饮', '建筑施工', '道路运输'];
  const row = (i: number): string[] => [
    code(1_000_000 + i),
    `示例街道第${i}号生产经营单位有限公司`,
    `示例区安全路${i}号`,
    (121 + (i % 1000) / 10_000).toFixed(4),
    (31 + (i % 1000) / 10_000).toFixed(4),
    'C2614',
    TRADES[i % TRADES.length] as string,
    '小型',
    i % 2 === 0 ? '是' : '否',
    '张三',
    '李四',
  ];
  const header = [
    '统一社会信用代码',
    '单位名称',
    '地址',
    '经度',
    '纬度',
    '行业代码',
    '行业类别',
    '规模',
    '使用危险化学品',
    '主要负责人',
    '安全管理人员',
  ];

  async function parseAll(
    file: string,
    format: ImportFormat,
  ): Promise<{ rows: number; refusals: number; last: EnterpriseImportRow | undefined }> {
    let rows = 0;
    let refusals = 0;
    let last: EnterpriseImportRow | undefined;
    for await (const item of readEnterpriseFile(file, { format })) {
      if ('row' in item) {
        rows++;
        last = item.row;
        if (item.row.name.includes('\uFFFD')) throw new Error(`garbled name on row ${item.row.line}`);
      } else refusals++;
    }
    return { rows, refusals, last };
  }

  it('parses a 100,000-row CSV', async () => {
    const parts: string[] = [`\uFEFF${header.join(',')}\r\n`];
    for (let i = 0; i < N; i++) parts.push(`${row(i).join(',')}\r\n`);
    const file = await fixture(parts.join(''));
    const started = performance.now();
    const result = await parseAll(file, 'csv');
    const ms = performance.now() - started;
    console.log(`100,000-row CSV (${((await stat(file)).size / 1e6).toFixed(1)} MB) parsed in ${ms.toFixed(0)} ms`);
    expect(result).toMatchObject({ rows: N, refusals: 0, last: { line: N + 1, name: `示例街道第${N - 1}号生产经营单位有限公司` } });
  }, 60_000);

  it('parses a 100,000-row XLSX', async () => {
    const file = path.join(dir, 'big.xlsx');
    const written = performance.now();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = workbook.addWorksheet('企业名录');
    sheet.addRow(header).commit();
    for (let i = 0; i < N; i++) {
      const cells: unknown[] = row(i);
      cells[3] = Number(cells[3]); // coordinates as numbers, as Excel keeps them
      cells[4] = Number(cells[4]);
      sheet.addRow(cells).commit();
    }
    sheet.commit();
    await workbook.commit();
    const writeMs = performance.now() - written;
    const started = performance.now();
    const result = await parseAll(file, 'xlsx');
    const ms = performance.now() - started;
    console.log(
      `100,000-row XLSX (${((await stat(file)).size / 1e6).toFixed(1)} MB, written in ${writeMs.toFixed(0)} ms) parsed in ${ms.toFixed(0)} ms`,
    );
    expect(result).toMatchObject({
      rows: N,
      refusals: 0,
      last: { line: N + 1, name: `示例街道第${N - 1}号生产经营单位有限公司`, lng: 121.0999 },
    });
  }, 120_000);
});
