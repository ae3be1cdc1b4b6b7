/**
 * The inspection report (检查报告) as a PDF: enterprise, inspectors, dates in
 * China Standard Time, every item with its answer, the score, the findings
 * with their hazard codes, and both signatures.
 */
import PDFDocument from 'pdfkit';
import type { Outcome } from './checklists.rules.js';
import type { Kind, Manner, Mode } from './inspections.rules.js';
import { type FontDocument, fontPicker } from './report.fonts.js';

export interface ReportData {
  code: string;
  title: string;
  kind: Kind;
  mode: Mode;
  manner: Manner;
  enterprise: { name: string; creditCode: string | null; address: string | null };
  organisation: string;
  checklist: { title: string; version: number; criteria: string | null };
  inspectors: { name: string; organisation: string; lead: boolean }[];
  dueAt: Date | null;
  startedAt: Date | null;
  completedAt: Date;
  location: { lng: number; lat: number; address: string | null } | null;
  entrustmentId: string | null;
  summary: string | null;
  score: { value: number | null; passed: number; failed: number; na: number; unanswered: number; majorFailed: number };
  sections: {
    title: string;
    items: { label: string; answer: string; outcome: Outcome; note: string | null; basis: string | null; major: boolean; photos: number }[];
  }[];
  findings: { code: string; title: string; major: boolean; criterion: string | null; fixedOnSpot: boolean }[];
  signatures: { party: 'inspector' | 'enterprise'; signerName: string; signedAt: Date; png: Buffer }[];
  questionnaire: { respondentName: string | null; submittedAt: Date | null } | null;
}

const KIND_LABEL: Record<Kind, string> = {
  self_check: '企业自查',
  third_party: '第三方风险排查',
  enforcement: '执法检查',
  peer_check: '互助组互查',
  patrol: '网格巡查',
};
const MODE_LABEL: Record<Mode, string> = { on_site: '现场检查', phone: '电话检查', questionnaire: '线上问卷' };
const MANNER_LABEL: Record<Manner, string> = { announced: '事先告知', unannounced: '四不两直', cross_area: '交叉检查' };
const OUTCOME_LABEL: Record<Outcome, string> = { pass: '符合', fail: '不符合', na: '不适用', info: '已记录', unanswered: '未作答' };

/** YYYY-MM-DD HH:mm in China Standard Time. */
export function cst(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function renderReport(data: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: `检查报告 ${data.code}`, Author: 'Gongzhi', CreationDate: data.completedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const picker = fontPicker(doc as unknown as FontDocument);
  const width = doc.page.width - 112;

  const write = (text: string, options: PDFKit.Mixins.TextOptions = {}, size = 10, color = '#000000') => {
    doc.fontSize(size).fillColor(color);
    const runs = picker.runs(text === '' ? ' ' : text);
    runs.forEach((r, i) => {
      doc.font(r.font);
      doc.text(r.text, { width, ...options, continued: i < runs.length - 1 });
    });
  };
  /** One centred line: pdfkit cannot centre a line whose runs change font, so the runs are measured and placed. */
  const centred = (text: string, size: number, color = '#000000') => {
    doc.fontSize(size).fillColor(color);
    const runs = picker.runs(text);
    const widths = runs.map((r) => doc.font(r.font).widthOfString(r.text));
    let x = 56 + (width - widths.reduce((a, b) => a + b, 0)) / 2;
    const y = doc.y;
    runs.forEach((r, i) => {
      doc.font(r.font).text(r.text, x, y, { lineBreak: false });
      x += widths[i] ?? 0;
    });
    doc.x = 56;
    doc.y = y + doc.currentLineHeight(true);
  };
  const heading = (text: string) => {
    doc.moveDown(0.6);
    write(text, {}, 12, '#1f3a5f');
    doc.moveDown(0.2);
  };
  const field = (label: string, value: string) => write(`${label}：${value}`, {}, 10);

  centred('安全生产检查报告', 18);
  centred('Inspection report', 10, '#555555');
  doc.moveDown(0.5);
  centred(`编号 ${data.code}`, 10, '#555555');

  heading('一、基本情况');
  field('被检查单位', data.enterprise.name);
  if (data.enterprise.creditCode) field('统一社会信用代码', data.enterprise.creditCode);
  if (data.enterprise.address) field('地址', data.enterprise.address);
  field('检查类型', `${KIND_LABEL[data.kind]} · ${MODE_LABEL[data.mode]} · ${MANNER_LABEL[data.manner]}`);
  field('检查单位', data.organisation);
  field('检查人员', data.inspectors.map((i) => `${i.name}（${i.organisation}${i.lead ? '，组长' : ''}）`).join('、') || '—');
  if (data.entrustmentId) field('委托依据', `政府购买服务委托 ${data.entrustmentId}`);
  field('检查表', `${data.checklist.title}（第 ${data.checklist.version} 版）`);
  if (data.checklist.criteria) field('判定标准', data.checklist.criteria);
  if (data.startedAt) field('开始时间', `${cst(data.startedAt)}（北京时间）`);
  field('完成时间', `${cst(data.completedAt)}（北京时间）`);
  if (data.location)
    field(
      '检查位置',
      `${data.location.address ? `${data.location.address}，` : ''}${data.location.lng.toFixed(6)}, ${data.location.lat.toFixed(6)}（WGS-84）`,
    );
  if (data.questionnaire?.respondentName)
    field(
      '问卷填报人',
      `${data.questionnaire.respondentName}${data.questionnaire.submittedAt ? `，${cst(data.questionnaire.submittedAt)} 提交` : ''}`,
    );

  heading('二、检查结果');
  const s = data.score;
  field(
    '得分',
    `${s.value === null ? '—' : `${s.value} 分`}（符合 ${s.passed} 项，不符合 ${s.failed} 项，不适用 ${s.na} 项，未作答 ${s.unanswered} 项；不适用项不计入总分）`,
  );
  field('发现隐患', `${data.findings.length} 项，其中重大事故隐患 ${data.findings.filter((f) => f.major).length} 项`);

  heading('三、检查项目');
  data.sections.forEach((section, si) => {
    doc.moveDown(0.3);
    write(section.title, {}, 11, '#1f3a5f');
    section.items.forEach((item, ii) => {
      doc.moveDown(0.2);
      write(`${si + 1}.${ii + 1} ${item.label}${item.major ? '【重大隐患判定项】' : ''}`, {}, 10);
      const color = item.outcome === 'fail' ? '#b42318' : '#333333';
      const parts = [`结果：${OUTCOME_LABEL[item.outcome]}${item.answer ? `（${item.answer}）` : ''}`];
      if (item.basis) parts.push(`依据：${item.basis}`);
      if (item.note) parts.push(`备注：${item.note}`);
      if (item.photos) parts.push(`照片 ${item.photos} 张`);
      write(parts.join('；'), { indent: 12 }, 9, color);
    });
  });

  heading('四、发现的隐患');
  if (data.findings.length === 0) write('未发现隐患。', {}, 10);
  for (const f of data.findings)
    write(
      `${f.code} ${f.major ? '【重大】' : '【一般】'}${f.title}${f.criterion ? `（${f.criterion}）` : ''}${f.fixedOnSpot ? '——已立查立改' : ''}`,
      {},
      10,
      f.major ? '#b42318' : '#000000',
    );
  if (data.summary) {
    heading('五、检查意见');
    write(data.summary, {}, 10);
  }

  heading('签字');
  const signed = (party: 'inspector' | 'enterprise') => data.signatures.find((x) => x.party === party);
  const top = doc.y;
  if (top > doc.page.height - 56 - 110) doc.addPage();
  const y = doc.y;
  (['inspector', 'enterprise'] as const).forEach((party, i) => {
    const x = 56 + i * (width / 2);
    const sig = signed(party);
    doc.x = x;
    doc.y = y;
    write(party === 'inspector' ? '检查人员：' : '被检查单位负责人：', { width: width / 2 - 10 }, 10);
    if (sig) {
      doc.image(sig.png, x, y + 16, { fit: [150, 60] });
      doc.x = x;
      doc.y = y + 80;
      write(`${sig.signerName}  ${cst(sig.signedAt)}`, { width: width / 2 - 10 }, 9, '#333333');
    } else {
      doc.x = x;
      doc.y = y + 40;
      write('（未签字）', { width: width / 2 - 10 }, 9, '#999999');
    }
  });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.x = 56;
    doc.y = doc.page.height - 36;
    centred(`${data.code} · 第 ${i + 1} / ${range.count} 页`, 8, '#888888');
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
