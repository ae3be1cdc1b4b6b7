import { describe, expect, it } from 'vitest';
import { type FontDocument, fontPicker } from './report.fonts.js';
import { cst, type ReportData, renderReport } from './report.pdf.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const data: ReportData = {
  code: 'JC-20260315-000001',
  title: '安澜街道风险排查',
  kind: 'third_party',
  mode: 'on_site',
  manner: 'unannounced',
  enterprise: { name: '临澜市安和区某某化工有限公司', creditCode: '91338802MA0000000X', address: '安澜街道 1 号' },
  organisation: '某某安全技术咨询有限公司',
  checklist: { title: '工贸企业重大事故隐患自查表（2023）', version: 1, criteria: 'gongmao-2023（2023-05-15）' },
  inspectors: [{ name: '王检查', organisation: '某某安全技术咨询有限公司', lead: true }],
  dueAt: null,
  startedAt: new Date('2026-03-15T01:00:00Z'),
  completedAt: new Date('2026-03-15T02:30:00Z'),
  location: { lng: 120.15, lat: 30.28, address: null },
  entrustmentId: '00000000-0000-4000-8000-000000000000',
  summary: '发现重大事故隐患一项，已要求立即整改。𠀀',
  score: { value: 50, passed: 1, failed: 1, na: 0, unanswered: 0, majorFailed: 1 },
  sections: [
    {
      title: '一、管理类',
      items: [
        {
          label: '签订安全生产管理协议',
          answer: '',
          outcome: 'fail',
          note: '出租厂房未签协议',
          basis: '《安全生产法》第四十九条',
          major: true,
          photos: 1,
        },
        { label: '快速冻结装置作业间人数', answer: '6人', outcome: 'pass', note: null, basis: null, major: true, photos: 0 },
      ],
    },
  ],
  findings: [{ code: 'YH-1', title: '签订安全生产管理协议', major: true, criterion: 'gongmao-2023 第三条第（一）项', fixedOnSpot: false }],
  signatures: [
    { party: 'inspector', signerName: '王检查', signedAt: new Date('2026-03-15T02:29:00Z'), png: PNG },
    { party: 'enterprise', signerName: '李厂长', signedAt: new Date('2026-03-15T02:29:30Z'), png: PNG },
  ],
  questionnaire: null,
};

describe('the inspection report', () => {
  it('is a PDF with the Chinese fonts embedded', { timeout: 60_000 }, async () => {
    const pdf = await renderReport(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes(Buffer.from('/FontFile2')) || pdf.includes(Buffer.from('/FontFile'))).toBe(true);
    expect(pdf.length).toBeGreaterThan(5000);
  });

  it('states times in China Standard Time', () => {
    expect(cst(new Date('2026-03-15T16:30:00Z'))).toBe('2026-03-16 00:30');
  });

  it('sets each run of text in a font that has its glyphs', () => {
    const registered: string[] = [];
    let current = '';
    const fonts = new Map<string, { hasGlyphForCodePoint(cp: number): boolean }>();
    const doc: FontDocument = {
      registerFont: (name) => registered.push(name),
      font(name) {
        current = name;
        if (!fonts.has(name)) fonts.set(name, { hasGlyphForCodePoint: (cp) => (name.startsWith('sc-latin') ? cp < 0x250 : cp < 0x20000) });
        return doc;
      },
      get _font() {
        return { font: fonts.get(current) };
      },
    };
    const picker = fontPicker(doc);
    const runs = picker.runs('检查 AB，');
    expect(runs.map((r) => r.text).join('')).toBe('检查 AB，');
    // A character no font has still gets one (it shows as a blank box), rather than failing the report.
    expect(picker.fontFor(0x20000)).toBe('sc-latin');
    for (const r of runs) {
      if (/^[A-Z ]+$/.test(r.text)) expect(r.font).toBe('sc-latin');
      else expect(r.font, r.text).toMatch(/^sc-\d+$/);
    }
    expect(runs.find((r) => r.text.includes('AB'))).toEqual({ font: 'sc-latin', text: 'AB' });
    expect(runs.every((r) => registered.includes(r.font) || r.font === 'sc-latin')).toBe(true);
  });
});
