import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { GENERAL_SELF_CHECK, GONGMAO_MAJOR_2023 } from './library/starter-library.js';
import { fromXlsform, toXlsform } from './xlsform.js';

async function workbook(sheets: Record<string, (string | number)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSForm round trip', () => {
  for (const [name, content] of [
    ['the general self-check list', GENERAL_SELF_CHECK],
    ['the 2023 major-hazard criteria list', GONGMAO_MAJOR_2023],
  ] as const) {
    it(`${name} exported and imported again is the same template`, async () => {
      const bytes = await toXlsform(content, { formId: 'x', version: 3 });
      const back = await fromXlsform(bytes);
      expect(back).toEqual({ ok: true, content, formId: 'x', version: '3' });
    });
  }
});

describe('reading an XLSForm', () => {
  const header = ['type', 'name', 'label', 'required', 'weight', 'major', 'criterion'];
  const settings = [
    ['form_title', 'form_id'],
    ['测试表', 't1'],
  ];
  const choices = [
    ['list_name', 'name', 'label', 'fail'],
    ['state', 'good', '良好', 'no'],
    ['state', 'bad', '损坏', 'yes'],
  ];

  it('reads items outside any group into one section, with XLSForm defaults', async () => {
    const bytes = await workbook({
      survey: [header, ['select_one verdict', 'a1', '通道畅通'], ['integer', 'n1', '人数'], ['select_one state', 'c1', '状态', 'yes']],
      choices,
      settings,
    });
    const result = await fromXlsform(bytes);
    if (!result?.ok) throw new Error(JSON.stringify(result));
    expect(result.content.sections).toHaveLength(1);
    expect(result.content.sections[0]?.items.map((i) => [i.key, i.type, i.required, i.weight])).toEqual([
      ['a1', 'verdict', false, 1],
      ['n1', 'number', false, 1],
      ['c1', 'choice', true, 1],
    ]);
    expect(result.content.sections[0]?.items[2]?.choices).toEqual([
      { value: 'good', label: '良好', fail: false },
      { value: 'bad', label: '损坏', fail: true },
    ]);
  });

  it('refuses a malformed sheet with every problem by sheet, row and column', async () => {
    const bytes = await workbook({
      survey: [
        header,
        ['begin_group', 's1', '一'],
        ['select_one verdict', 'a1', '甲'],
        ['select_one verdict', 'a1', '重复'],
        ['geopoint', 'g1', '位置'],
        ['select_one nolist', 'c1', '无列表'],
        ['decimal', 'Bad Key', '坏键', 'maybe', 'heavy'],
        ['text', 't1', '说明', 'no', '', 'yes'],
        ['end_group'],
      ],
      choices,
      settings: [['form_title'], ['']],
    });
    const result = await fromXlsform(bytes);
    expect(result?.ok).toBe(false);
    if (result?.ok !== false) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'survey', row: 5, column: 'type' }),
        expect.objectContaining({ sheet: 'survey', row: 6, column: 'type' }),
        expect.objectContaining({ sheet: 'survey', row: 7, column: 'required' }),
        expect.objectContaining({ sheet: 'survey', row: 7, column: 'weight' }),
        expect.objectContaining({ sheet: 'settings', row: 2, column: 'form_title' }),
      ]),
    );
  });

  it('reports content problems (duplicate keys, a text item marked major) at their rows', async () => {
    const bytes = await workbook({
      survey: [
        header,
        ['begin_group', 's1', '一'],
        ['select_one verdict', 'a1', '甲'],
        ['select_one verdict', 'a1', '重复'],
        ['text', 't1', '说明', 'no', '0', 'yes'],
        ['end_group'],
      ],
      choices,
      settings,
    });
    const result = await fromXlsform(bytes);
    if (result?.ok !== false) throw new Error('expected problems');
    expect(result.problems).toEqual([
      { sheet: 'survey', row: 4, column: 'name', reason: 'a1 is used twice' },
      { sheet: 'survey', row: 5, column: 'major', reason: 'a text item cannot fail, so it cannot be a major hazard' },
    ]);
  });

  it('refuses skip logic it cannot honour instead of dropping it', async () => {
    const bytes = await workbook({
      survey: [
        ['type', 'name', 'label', 'relevant'],
        ['select_one verdict', 'a1', '甲', "selected(../x, 'yes')"],
      ],
      settings,
    });
    const result = await fromXlsform(bytes);
    expect(result).toEqual({
      ok: false,
      problems: [{ sheet: 'survey', row: 2, column: 'relevant', reason: 'relevant is not supported by checklists; remove it' }],
    });
  });

  it('a workbook without a survey sheet is refused; bytes that are not a workbook are not read', async () => {
    expect(await fromXlsform(await workbook({ settings }))).toEqual({
      ok: false,
      problems: [{ sheet: 'survey', row: 1, column: null, reason: 'the sheet survey is missing' }],
    });
    expect(await fromXlsform(Buffer.from('type,name,label\n'))).toBeNull();
  });
});
