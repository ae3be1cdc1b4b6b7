/**
 * The national default assessment scheme, used where no jurisdiction has
 * published its own (research notes §1.3–1.5, §7.1). Data only: a regulator head
 * publishes a different version for their area rather than anyone editing this.
 *
 * LEC bands follow the classic wording "D > 320 极其危险; 160–320 高度危险; …",
 * read as left-open, right-closed intervals, so exactly 320 is orange and exactly
 * 160 is yellow. LS bands follow the DB37/T 2882-style templates (20–25 / 15–16 /
 * 9–12 / 1–8), written as right-open intervals over R = L × S.
 */
import type { Named } from './risks.reference.js';
import { type Band, type Interval, matrixFromBands, type SchemeContent, type TableValue } from './risks.rules.js';

const v = (value: number, zh: string, en: string): TableValue => ({ value, meaning: { 'zh-CN': zh, en } });
const open = (lower: number | null, upper: number | null, closed: 'lower' | 'upper'): Interval => ({
  lower,
  lowerInclusive: lower !== null && closed === 'lower',
  upper,
  upperInclusive: upper !== null && closed === 'upper',
});
const band = (interval: Interval, level: Band['level'], grade: string, meaning: Named): Band => ({ interval, level, grade, meaning });

const LEC_BANDS: Band[] = [
  band(open(null, 20, 'upper'), 'low', '5', { 'zh-CN': '稍有危险，可以接受', en: 'Slightly hazardous, acceptable' }),
  band(open(20, 70, 'upper'), 'low', '4', { 'zh-CN': '一般危险，需要注意', en: 'Possibly hazardous, needs attention' }),
  band(open(70, 160, 'upper'), 'moderate', '3', { 'zh-CN': '显著危险，需要整改', en: 'Substantially hazardous, needs correction' }),
  band(open(160, 320, 'upper'), 'high', '2', { 'zh-CN': '高度危险，要立即整改', en: 'Highly hazardous, correct at once' }),
  band(open(320, null, 'upper'), 'major', '1', { 'zh-CN': '极其危险，不能继续作业', en: 'Extremely hazardous, stop work' }),
];

const LS_BANDS: Band[] = [
  band(open(null, 9, 'lower'), 'low', '4', { 'zh-CN': '低风险，保持现有控制措施', en: 'Low: keep the existing controls' }),
  band(open(9, 15, 'lower'), 'moderate', '3', { 'zh-CN': '一般风险，尽可能降低', en: 'Moderate: reduce as far as practicable' }),
  band(open(15, 20, 'lower'), 'high', '2', { 'zh-CN': '较大风险，须采取措施降低', en: 'High: must be reduced by measures' }),
  band(open(20, null, 'lower'), 'major', '1', { 'zh-CN': '重大风险，须立即采取措施', en: 'Major: act at once' }),
];

export const DEFAULT_SCHEME: SchemeContent = {
  lec: {
    likelihood: [
      v(10, '完全可以预料', 'Fully expected'),
      v(6, '相当可能', 'Quite possible'),
      v(3, '可能，但不经常', 'Possible but unusual'),
      v(1, '可能性小，完全意外', 'Unlikely, a pure accident'),
      v(0.5, '很不可能，可以设想', 'Very unlikely but conceivable'),
      v(0.2, '极不可能', 'Extremely unlikely'),
      v(0.1, '实际不可能', 'Practically impossible'),
    ],
    exposure: [
      v(10, '连续暴露', 'Continuous'),
      v(6, '每天工作时间内暴露', 'Daily, during working hours'),
      v(3, '每周一次或偶然暴露', 'Weekly or occasionally'),
      v(2, '每月一次暴露', 'Monthly'),
      v(1, '每年几次暴露', 'A few times a year'),
      v(0.5, '非常罕见地暴露', 'Very rarely'),
    ],
    consequence: [
      v(100, '大灾难，许多人死亡（10人以上）', 'Catastrophe, many deaths (10 or more)'),
      v(40, '灾难，数人死亡（3–9人）', 'Disaster, several deaths (3–9)'),
      v(15, '非常严重，一人死亡（1–2人）', 'Very serious, one or two deaths'),
      v(7, '严重，重伤', 'Serious, severe injury'),
      v(3, '重大，致残', 'Important, disabling injury'),
      v(1, '引人注目，需要救护', 'Noticeable, needs first aid'),
    ],
    bands: LEC_BANDS,
  },
  ls: {
    likelihood: [
      v(1, '极不可能：有充分、有效的防范和监测措施', 'Very unlikely: full and effective prevention and monitoring'),
      v(2, '不太可能：防范措施有效，偶有失效', 'Unlikely: effective controls that occasionally lapse'),
      v(3, '可能：防范措施不完善，曾发生过此类事件', 'Possible: incomplete controls; such events have happened'),
      v(4, '较可能：防范措施很少，近年多次发生', 'Likely: few controls; happened several times in recent years'),
      v(5, '很可能：没有防范措施，经常发生', 'Very likely: no controls; happens often'),
    ],
    severity: [
      v(1, '轻微：无伤亡，损失很小', 'Slight: no injury, trivial loss'),
      v(2, '较轻：轻伤，较小损失', 'Minor: minor injury, small loss'),
      v(3, '较严重：重伤或职业病', 'Considerable: serious injury or occupational disease'),
      v(4, '严重：1–2人死亡', 'Severe: one or two deaths'),
      v(5, '特别严重：3人及以上死亡', 'Very severe: three or more deaths'),
    ],
    bands: LS_BANDS,
    matrix: matrixFromBands(LS_BANDS),
  },
  // Research notes §1.5: 重大 — company (principal); 较大 — company and department; 一般 — department
  // with the safety department supervising; 低 — team and post with the workshop supervising.
  tiers: {
    major: { company: 'owns', department: 'implements', team: 'implements', post: 'implements' },
    high: { company: 'owns', department: 'owns', team: 'implements', post: 'implements' },
    moderate: { company: 'supervises', department: 'owns', team: 'implements', post: 'implements' },
    low: { company: 'none', department: 'supervises', team: 'owns', post: 'owns' },
  },
};
