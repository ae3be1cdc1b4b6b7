/**
 * Public hazard reports (群众举报): the pure rules. Which services (categories) a resident may report under, how a
 * report moves from receipt to a hazard or an honest closing, how its state reads to the public and to Open311
 * clients, where it is routed, when an answer is due, which reports lie nearby, and how often one address or
 * device may report. No I/O here: every function is given what it judges.
 */
import type { Department } from '../directory/index.js';

// ---------------------------------------------------------------------------------------------------------------------
// Services (categories)
// ---------------------------------------------------------------------------------------------------------------------

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

/** A question (or, when `variable` is false, an informational notice) asked with a service, as Open311 defines it. */
export interface ServiceAttribute {
  code: string;
  variable: boolean;
  datatype: AttributeDatatype;
  required: boolean;
  order: number;
  description: Bilingual;
  datatypeDescription?: Bilingual;
  values?: readonly { key: string; name: Bilingual }[];
}

export interface ReportService {
  code: string;
  name: Bilingual;
  description: Bilingual;
  group: string;
  keywords: readonly string[];
  /** The kind of regulator that handles it; routing looks for one of these along the area path. */
  department: Department;
  /** The office must first answer (verify or close) within this many hours. */
  responseHours: number;
}

const YES_NO = [
  { key: 'yes', name: { 'zh-CN': '是', en: 'Yes' } },
  { key: 'no', name: { 'zh-CN': '否', en: 'No' } },
] as const;

/** The configured service list: few, broad, plain categories with an "other" (FixMyStreet's advice). */
export const SERVICES: readonly ReportService[] = [
  {
    code: 'fire_exit',
    name: { 'zh-CN': '安全出口或消防通道堵塞', en: 'Blocked fire exit or escape route' },
    description: {
      'zh-CN': '安全出口上锁、疏散通道堆物、消防车通道占用',
      en: 'Locked fire exits, cluttered escape routes, blocked fire lanes',
    },
    group: 'fire',
    keywords: ['fire', 'exit', '消防', '通道'],
    department: 'emergency',
    responseHours: 24,
  },
  {
    code: 'gas_smell',
    name: { 'zh-CN': '燃气泄漏或异味', en: 'Gas leak or smell of gas' },
    description: { 'zh-CN': '闻到燃气味、燃气管道或气瓶损坏', en: 'A smell of gas, a damaged gas pipe or cylinder' },
    group: 'gas',
    keywords: ['gas', '燃气', '气瓶'],
    department: 'emergency',
    responseHours: 2,
  },
  {
    code: 'electrical',
    name: { 'zh-CN': '电气线路或电动车违规充电', en: 'Unsafe wiring or e-bike charging indoors' },
    description: { 'zh-CN': '私拉乱接电线、楼道内电动车充电', en: 'Makeshift wiring, e-bikes charged in stairwells or homes' },
    group: 'fire',
    keywords: ['electric', 'e-bike', '电动车', '充电'],
    department: 'emergency',
    responseHours: 48,
  },
  {
    code: 'hazardous_chemicals',
    name: { 'zh-CN': '危险化学品违规存放或使用', en: 'Hazardous chemicals stored or used unsafely' },
    description: {
      'zh-CN': '无证经营、超量存放、混存危险化学品',
      en: 'Unlicensed trade, excess stock, incompatible chemicals stored together',
    },
    group: 'chemicals',
    keywords: ['chemicals', '危化品'],
    department: 'emergency',
    responseHours: 24,
  },
  {
    code: 'three_in_one',
    name: { 'zh-CN': '“三合一”场所住人', en: 'People living in a shop, workshop or warehouse' },
    description: {
      'zh-CN': '生产、经营、储存场所与住宿混在一起',
      en: 'Living quarters in the same premises as production, trade or storage',
    },
    group: 'fire',
    keywords: ['三合一', 'residence'],
    department: 'emergency',
    responseHours: 72,
  },
  {
    code: 'muck_truck',
    name: { 'zh-CN': '渣土车超载、遗撒或违规行驶', en: 'Overloaded, spilling or unsafe muck truck' },
    description: {
      'zh-CN': '渣土车超载超限、沿路遗撒、闯禁行',
      en: 'Muck trucks overloaded, spilling on the road or driving where banned',
    },
    group: 'transport',
    keywords: ['truck', '渣土车'],
    department: 'transport',
    responseHours: 48,
  },
  {
    code: 'other',
    name: { 'zh-CN': '其他安全隐患', en: 'Other safety hazard' },
    description: { 'zh-CN': '以上类别之外的生产安全隐患', en: 'Any other production-safety hazard' },
    group: 'other',
    keywords: ['other', '其他'],
    department: 'emergency',
    responseHours: 72,
  },
];

/** The questions each service asks (Open311 service definitions); a service without any has `metadata` false. */
export const SERVICE_ATTRIBUTES: Readonly<Record<string, readonly ServiceAttribute[]>> = {
  gas_smell: [
    {
      code: 'emergency_notice',
      variable: false,
      datatype: 'string',
      required: false,
      order: 1,
      description: {
        'zh-CN': '燃气味很浓时请立即离开并拨打 119，不要开关电器。',
        en: 'If the smell is strong, leave at once and call 119; do not switch anything on or off.',
      },
    },
    {
      code: 'indoors',
      variable: true,
      datatype: 'singlevaluelist',
      required: true,
      order: 2,
      description: { 'zh-CN': '是在室内闻到的吗？', en: 'Is the smell indoors?' },
      values: YES_NO,
    },
  ],
  muck_truck: [
    {
      code: 'plate',
      variable: true,
      datatype: 'string',
      required: false,
      order: 1,
      description: { 'zh-CN': '车牌号（如看到）', en: 'Number plate, if seen' },
      datatypeDescription: { 'zh-CN': '例如 苏A12345', en: 'e.g. 苏A12345' },
    },
    {
      code: 'problems',
      variable: true,
      datatype: 'multivaluelist',
      required: true,
      order: 2,
      description: { 'zh-CN': '看到的问题', en: 'What you saw' },
      values: [
        { key: 'overloaded', name: { 'zh-CN': '超载', en: 'Overloaded' } },
        { key: 'spilling', name: { 'zh-CN': '遗撒', en: 'Spilling' } },
        { key: 'uncovered', name: { 'zh-CN': '未密闭', en: 'Uncovered load' } },
        { key: 'speeding', name: { 'zh-CN': '超速或闯禁行', en: 'Speeding or driving where banned' } },
      ],
    },
  ],
};

export const serviceByCode = (code: string): ReportService | undefined => SERVICES.find((s) => s.code === code);
export const attributesOf = (code: string): readonly ServiceAttribute[] => SERVICE_ATTRIBUTES[code] ?? [];

/**
 * Checks the answers given to a service's questions: every required variable attribute answered, list answers
 * among the keys, numbers and date-times well formed. Returns the problems, one per attribute code.
 */
export function checkAttributes(
  code: string,
  answers: Readonly<Record<string, string | readonly string[]>>,
): { attribute: string; problem: string }[] {
  const out: { attribute: string; problem: string }[] = [];
  const known = attributesOf(code).filter((a) => a.variable);
  for (const a of known) {
    const raw = answers[a.code];
    const values = (raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw]).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) {
      if (a.required) out.push({ attribute: a.code, problem: 'required' });
      continue;
    }
    if (a.datatype !== 'multivaluelist' && values.length > 1) out.push({ attribute: a.code, problem: 'takes one value' });
    else if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
      const keys = new Set((a.values ?? []).map((v) => v.key));
      const bad = values.filter((v) => !keys.has(v));
      if (bad.length) out.push({ attribute: a.code, problem: `not among the values: ${bad.join(', ')}` });
    } else if (a.datatype === 'number' && values.some((v) => !Number.isFinite(Number(v))))
      out.push({ attribute: a.code, problem: 'not a number' });
    else if (a.datatype === 'datetime' && values.some((v) => parseW3cDateTime(v) === null))
      out.push({ attribute: a.code, problem: 'not a date-time with a timezone' });
  }
  for (const key of Object.keys(answers))
    if (!known.some((a) => a.code === key)) out.push({ attribute: key, problem: 'not a question of this service' });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------------------------------

export const CLOSURES = ['duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action'] as const;
export type Closure = (typeof CLOSURES)[number];

/**
 * Internal states: received, re-opened by the reporter (a fixed report back in the inbox, handled like a new one),
 * verified, turned into a hazard, or closed for one of the reasons.
 */
export const REPORT_STATUSES = ['submitted', 'reopened', 'verified', 'hazard', ...CLOSURES] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const TRIAGE_ACTIONS = ['verify', 'create_hazard', ...CLOSURES] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

/**
 * The state after a triage action, or null when the action is not open in this state. A hazard is created only
 * from a verified report; a report may be closed before or after verification; a closed or linked report is final.
 */
export function nextStatus(status: ReportStatus, action: TriageAction): ReportStatus | null {
  if (status !== 'submitted' && status !== 'reopened' && status !== 'verified') return null;
  if (action === 'verify') return status === 'verified' ? null : 'verified';
  if (action === 'create_hazard') return status === 'verified' ? 'hazard' : null;
  return action;
}

/** What the public is told: "fixed" only when the linked hazard is closed. */
export const PUBLIC_STATES = ['received', 'reopened', 'verified', 'in_progress', 'fixed', ...CLOSURES] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

/** The public state from the report's state and, for a linked report, the hazard's state in the closed loop. */
export function publicState(status: ReportStatus, hazardStatus: string | null): PublicState {
  switch (status) {
    case 'submitted':
      return 'received';
    case 'reopened':
      return 'reopened';
    case 'verified':
      return 'verified';
    case 'hazard':
      if (hazardStatus === 'closed') return 'fixed';
      if (hazardStatus === 'dismissed') return 'not_a_hazard';
      return 'in_progress';
    default:
      return status;
  }
}

/** Open311 knows only open and closed; the detail goes into status_notes. */
export function open311Status(state: PublicState): 'open' | 'closed' {
  return isOpenState(state) ? 'open' : 'closed';
}

/** Still being dealt with: received (or re-opened), verified, or a hazard under rectification. */
export const isOpenState = (state: PublicState): boolean =>
  state === 'received' || state === 'reopened' || state === 'verified' || state === 'in_progress';

export const PUBLIC_STATE_TEXT: Record<PublicState, Bilingual> = {
  received: { 'zh-CN': '已收到，等待核实', en: 'Received, awaiting verification' },
  reopened: { 'zh-CN': '举报人已重新打开，等待再次核实', en: 'Re-opened by the reporter; awaiting verification again' },
  verified: { 'zh-CN': '已核实，正在决定处理方式', en: 'Verified; the office is deciding what to do' },
  in_progress: { 'zh-CN': '已登记为事故隐患，正在整改', en: 'Registered as a hazard; rectification under way' },
  fixed: { 'zh-CN': '隐患已整改销号', en: 'Fixed: the hazard has been rectified and closed' },
  duplicate: { 'zh-CN': '与另一举报重复，合并处理', en: 'A duplicate of another report, handled there' },
  not_a_hazard: { 'zh-CN': '经核实不构成安全隐患', en: 'Checked: not a safety hazard' },
  not_our_responsibility: { 'zh-CN': '不属本单位职责，已告知主管单位', en: 'Not ours to handle; referred to the body responsible' },
  no_further_action: { 'zh-CN': '经核实无需进一步处理', en: 'Checked: no further action will be taken' },
};

/** The Open311 status_notes: the public state in both languages, naming whose responsibility or which report. */
export function statusNotes(
  state: PublicState,
  detail: { referredTo?: string | null; duplicateOf?: string | null; note?: string | null },
): string {
  const t = PUBLIC_STATE_TEXT[state];
  const extra: string[] = [];
  if (state === 'not_our_responsibility' && detail.referredTo) extra.push(`→ ${detail.referredTo}`);
  if (state === 'duplicate' && detail.duplicateOf) extra.push(`→ ${detail.duplicateOf}`);
  if (detail.note) extra.push(detail.note);
  return [`${t['zh-CN']} / ${t.en}`, ...extra].join(' ');
}

/** The FixMyStreet extended status of a public state, for its `servicerequestupdates` feed. */
export function fmsStatus(state: PublicState): string {
  const map: Record<PublicState, string> = {
    received: 'OPEN',
    reopened: 'OPEN',
    verified: 'INVESTIGATING',
    in_progress: 'IN_PROGRESS',
    fixed: 'FIXED',
    duplicate: 'DUPLICATE',
    not_a_hazard: 'CLOSED',
    not_our_responsibility: 'NOT_COUNCILS_RESPONSIBILITY',
    no_further_action: 'NO_FURTHER_ACTION',
  };
  return map[state];
}

// ---------------------------------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------------------------------

const HOUR = 3_600_000;

export const responseDeadline = (receivedAt: Date, service: Pick<ReportService, 'responseHours'>): Date =>
  new Date(receivedAt.getTime() + service.responseHours * HOUR);

/** Awaiting a first answer (new, or re-opened by the reporter): the inbox's "unanswered" states. */
export const UNANSWERED: readonly ReportStatus[] = ['submitted', 'reopened'];

/** Overdue: still unanswered (neither verified nor closed) after the category's response deadline. */
export const isOverdue = (status: ReportStatus, dueAt: Date, now: Date): boolean =>
  UNANSWERED.includes(status) && now.getTime() > dueAt.getTime();

// ---------------------------------------------------------------------------------------------------------------------
// The reporter's follow-up: more information, re-opening
// ---------------------------------------------------------------------------------------------------------------------

/** How long after a report is closed (or its hazard fixed) the reporter may still add to it or re-open it. */
export const FOLLOW_UP_DAYS = 30;
const FOLLOW_UP_MS = FOLLOW_UP_DAYS * 86_400_000;

export type FollowUpVerdict = { ok: true } | { ok: false; reason: 'not_fixed' | 'not_closed' | 'closed_too_long_ago' | 'no_closing_time' };

/**
 * Whether the reporter may re-open a report: only one shown as fixed (its hazard closed), and only up to 30 days
 * (inclusive) after it was closed. `closedAt` is when the hazard was closed (or the report, if that is later known).
 */
export function canReopen(state: PublicState, closedAt: Date | null, now: Date): FollowUpVerdict {
  if (state !== 'fixed') return { ok: false, reason: 'not_fixed' };
  if (!closedAt) return { ok: false, reason: 'no_closing_time' };
  return now.getTime() - closedAt.getTime() <= FOLLOW_UP_MS ? { ok: true } : { ok: false, reason: 'closed_too_long_ago' };
}

/**
 * Whether the reporter may still add information or photos: any time while the report is open, and up to 30 days
 * (inclusive) after it was closed or its hazard fixed.
 */
export function canAddInformation(state: PublicState, closedAt: Date | null, now: Date): FollowUpVerdict {
  if (isOpenState(state)) return { ok: true };
  if (!closedAt) return { ok: false, reason: 'no_closing_time' };
  return now.getTime() - closedAt.getTime() <= FOLLOW_UP_MS ? { ok: true } : { ok: false, reason: 'closed_too_long_ago' };
}

// ---------------------------------------------------------------------------------------------------------------------
// Moderation
// ---------------------------------------------------------------------------------------------------------------------

/** Shown publicly instead of a description hidden by moderation (the original stays in the record). */
export const HIDDEN_TEXT = '（此内容已被管理人员隐藏）(This text has been hidden by the moderators.)';

/**
 * The description as anyone outside the office may see it: the tracking page, nearby suggestions, Open311, the
 * public list and feeds. Use it wherever a report's text leaves the office.
 */
export const publicDescription = (row: { description: string; description_hidden_at: Date | null }): string =>
  row.description_hidden_at ? HIDDEN_TEXT : row.description;

/** A history entry's note as shown publicly: a reporter's note hidden by moderation reads as the placeholder. */
export const publicNote = (event: { public_note: string | null; note_hidden_at: Date | null }): string | null =>
  event.public_note === null ? null : event.note_hidden_at ? HIDDEN_TEXT : event.public_note;

export interface HistoryEvent {
  at: Date;
  kind: string;
  to_status: ReportStatus;
  public_note: string | null;
  note_hidden_at: Date | null;
}

/**
 * A report's history as the public sees it (tracking page, public list): every event but moderation, in time order,
 * each with the public state it led to and its public note (hidden notes as the placeholder). A closed linked hazard
 * adds its "fixed" step; a re-opened report keeps that step as a `hazard_closed` event of its own.
 */
export function publicHistory(
  events: readonly HistoryEvent[],
  status: ReportStatus,
  hazard: { status: string; closedAt: Date | null } | null | undefined,
): { at: Date; kind: string; state: PublicState; note: string | null }[] {
  const fixedAt = hazard?.status === 'closed' ? hazard.closedAt : null;
  const history = events
    .filter((e) => e.kind !== 'moderate')
    .map((e) => ({
      at: e.at,
      kind: e.kind,
      state:
        e.kind === 'hazard_closed'
          ? ('fixed' as const)
          : publicState(
              e.to_status,
              // Information added after the hazard was closed reads as added to a fixed report.
              e.to_status === 'hazard' ? (e.kind === 'information' && fixedAt && fixedAt <= e.at ? 'closed' : 'registered') : null,
            ),
      note: publicNote(e),
    }));
  if (status === 'hazard' && fixedAt) history.push({ at: fixedAt, kind: 'hazard_closed', state: 'fixed', note: null });
  // Stable: events of one instant keep their write order.
  return history.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ---------------------------------------------------------------------------------------------------------------------
// A simple anti-spam check (web intake)
// ---------------------------------------------------------------------------------------------------------------------

const LINK = /(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|cn|top|xyz|info|io|cc|biz|ru)(?:\/\S*)?/giu;

/**
 * Refuses what a bot or a prank would send, naming the field: a filled honeypot (`website`, a field hidden from
 * people), a text that is nothing but links, or a text that is one character (or one short group) over and over.
 * Ordinary short reports in Chinese ("有煤气味") pass. Returns the problems; empty when the report may be taken.
 */
export function spamCheck(input: { description: string; website?: string | null | undefined }): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  if ((input.website ?? '').trim() !== '') out.push({ field: 'website', problem: 'must be left empty' });
  const text = input.description.trim();
  const problem = textProblem(text);
  if (problem) out.push({ field: 'description', problem });
  return out;
}

/** Why a free text reads as spam ("only links", "repeats one character"), or null. */
export function textProblem(text: string): string | null {
  const stripped = text.replace(LINK, '');
  if (stripped !== text && stripped.replace(/[\s\p{P}\p{S}]/gu, '').length === 0) return 'is only links; describe the hazard in words';
  const letters = [...text.replace(/[\s\p{P}\p{S}]/gu, '')];
  if (letters.length >= 6) {
    const distinct = new Set(letters).size;
    // "aaaaaa", "哈哈哈哈哈哈", "abababab": one or two signs make up the whole text.
    if (distinct <= 2) return 'repeats the same characters; describe the hazard in words';
  }
  if (/(.)\1{19,}/u.test(text)) return 'repeats one character 20 times or more';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Response figures
// ---------------------------------------------------------------------------------------------------------------------

/** One report as the office's response figures count it. */
export interface FigureReport {
  organisationId: string | null;
  serviceCode: string;
  receivedAt: Date;
  status: ReportStatus;
  state: PublicState;
  verifiedAt: Date | null;
  /** The office's first triage action (verify or a closing), or null while unanswered. */
  firstResponseAt: Date | null;
  /** The first answer's deadline from receipt (a re-opening's new deadline does not move it). */
  firstDueAt: Date;
  /** The deadline in force now (a re-opening sets a new one). */
  dueAt: Date;
}

export const CLOSED_REASONS = ['fixed', ...CLOSURES] as const;
export type ClosedReason = (typeof CLOSED_REASONS)[number];

export interface ResponseFigures {
  received: number;
  /** Verified at some point (on site or by phone). */
  verified: number;
  /** Answered at all: verified or closed by the office. */
  handled: number;
  /** Closed now, by reason (fixed: the linked hazard was rectified and closed). */
  closed: Record<ClosedReason, number>;
  /** First answered by the first deadline (at it counts as in time). */
  respondedInTime: number;
  /** In time among those whose outcome is known: answered, or unanswered past the deadline; null when none. */
  inTimeRate: number | null;
  /** Median hours from receipt to the first answer, one decimal; null when none answered. */
  medianHoursToFirstResponse: number | null;
  /** Still being dealt with now. */
  open: number;
  /** Unanswered past the deadline in force now. */
  overdue: number;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The figures of a set of reports, as of `now`. */
export function figuresOf(reports: readonly FigureReport[], now: Date): ResponseFigures {
  const closed = Object.fromEntries(CLOSED_REASONS.map((r) => [r, 0])) as Record<ClosedReason, number>;
  let verified = 0;
  let handled = 0;
  let inTime = 0;
  let decided = 0;
  let open = 0;
  let overdue = 0;
  const hours: number[] = [];
  for (const r of reports) {
    if (r.verifiedAt) verified++;
    if ((CLOSED_REASONS as readonly string[]).includes(r.state)) closed[r.state as ClosedReason]++;
    if (isOpenState(r.state)) open++;
    if (isOverdue(r.status, r.dueAt, now)) overdue++;
    if (r.firstResponseAt) {
      handled++;
      decided++;
      if (r.firstResponseAt.getTime() <= r.firstDueAt.getTime()) inTime++;
      hours.push((r.firstResponseAt.getTime() - r.receivedAt.getTime()) / HOUR);
    } else if (now.getTime() > r.firstDueAt.getTime()) decided++;
  }
  const m = median(hours);
  return {
    received: reports.length,
    verified,
    handled,
    closed,
    respondedInTime: inTime,
    inTimeRate: decided ? Math.round((inTime / decided) * 1000) / 1000 : null,
    medianHoursToFirstResponse: m === null ? null : Math.round(m * 10) / 10,
    open,
    overdue,
  };
}

/** The figures per responsible organisation and per service (most reports first), and in total. */
export function responseFigures(reports: readonly FigureReport[], now: Date) {
  const group = <K extends string | null>(key: (r: FigureReport) => K) => {
    const by = new Map<K, FigureReport[]>();
    for (const r of reports) by.set(key(r), [...(by.get(key(r)) ?? []), r]);
    return [...by.entries()]
      .map(([k, rs]) => ({ key: k, figures: figuresOf(rs, now) }))
      .sort(
        (a, b) =>
          b.figures.received - a.figures.received ||
          (a.key === null ? 1 : b.key === null ? -1 : String(a.key).localeCompare(String(b.key))),
      );
  };
  return {
    total: figuresOf(reports, now),
    byOrganisation: group((r) => r.organisationId),
    byService: group((r) => r.serviceCode),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Distance and nearby reports
// ---------------------------------------------------------------------------------------------------------------------

export interface Point {
  lng: number;
  lat: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function haversineMeters(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box that holds every point within `meters` of the centre (for an index scan before the exact distance). */
export function boxAround(center: Point, meters: number): { minLng: number; maxLng: number; minLat: number; maxLat: number } {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.cos(rad(center.lat));
  const dLng = cos < 1e-9 ? 180 : Math.min(180, dLat / cos);
  return { minLng: center.lng - dLng, maxLng: center.lng + dLng, minLat: center.lat - dLat, maxLat: center.lat + dLat };
}

/** The candidates within `meters` of the centre, nearest first, with their distance (whole metres). */
export function within<T extends Point>(candidates: readonly T[], center: Point, meters: number): (T & { distanceMeters: number })[] {
  return candidates
    .map((c) => ({ ...c, distanceMeters: haversineMeters(center, c) }))
    .filter((c) => c.distanceMeters <= meters)
    .sort((a, b) => a.distanceMeters - b.distanceMeters)
    .map((c) => ({ ...c, distanceMeters: Math.round(c.distanceMeters) }));
}

/** Radius of the duplicate suggestions offered before sending (FixMyStreet's default). */
export const NEARBY_METERS = 250;

/** A well-formed id (uuid), checked before a lookup so a bad one answers "not found" without asking the database. */
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Coordinates as shown publicly: four decimals, about 10 m. */
export const roundCoordinate = (v: number): number => Math.round(v * 10_000) / 10_000;

// ---------------------------------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------------------------------

type Ring = readonly (readonly [number, number])[];
export type AreaBoundary =
  | { type: 'Polygon'; coordinates: readonly Ring[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };

function inRing(p: Point, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as readonly [number, number];
    const [xj, yj] = ring[j] as readonly [number, number];
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inPolygon = (p: Point, rings: readonly Ring[]): boolean => {
  const [outer, ...holes] = rings;
  return outer !== undefined && inRing(p, outer) && !holes.some((h) => inRing(p, h));
};

export function pointInBoundary(p: Point, b: AreaBoundary): boolean {
  return b.type === 'Polygon' ? inPolygon(p, b.coordinates) : b.coordinates.some((poly) => inPolygon(p, poly));
}

export interface RoutingArea {
  id: string;
  parentId: string | null;
  boundary: AreaBoundary | null;
}

export interface RoutingRegulator {
  id: string;
  areaId: string | null;
  department: Department | null;
}

export interface Route {
  /** The deepest area holding the point (or the root, for a report without coordinates). */
  areaId: string;
  /** Root first. */
  areaPath: string[];
  /** The responsible unit: the nearest regulator of the service's department up the path, else the nearest emergency office. */
  organisationId: string | null;
}

function pathOf(areaId: string, byId: ReadonlyMap<string, RoutingArea>): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let a = byId.get(areaId); a && !seen.has(a.id); a = a.parentId ? byId.get(a.parentId) : undefined) {
    seen.add(a.id);
    path.push(a.id);
  }
  return path.reverse();
}

/**
 * Routes a report by location and category: the deepest area whose boundary holds the point, then up the path the
 * nearest regulator of the service's department (a street office for most; transport for muck trucks), falling back
 * to the nearest emergency-management office. Without a point (an Open311 address only), the root area. Null when
 * the point lies outside every area of the jurisdiction.
 */
export function route(
  point: Point | null,
  department: Department,
  areas: readonly RoutingArea[],
  regulators: readonly RoutingRegulator[],
): Route | null {
  const byId = new Map(areas.map((a) => [a.id, a]));
  let areaId: string | null = null;
  if (point) {
    let depth = -1;
    for (const a of areas) {
      if (!a.boundary || !pointInBoundary(point, a.boundary)) continue;
      const d = pathOf(a.id, byId).length;
      if (d > depth) {
        depth = d;
        areaId = a.id;
      }
    }
  } else {
    areaId = areas.find((a) => a.parentId === null || !byId.has(a.parentId))?.id ?? null;
  }
  if (!areaId) return null;
  const areaPath = pathOf(areaId, byId);
  const nearest = (dept: Department) => {
    for (const a of [...areaPath].reverse()) {
      const r = regulators.find((x) => x.areaId === a && x.department === dept);
      if (r) return r.id;
    }
    // Nothing on the path (a report at the root): the highest office of that department below.
    const ranked = regulators
      .filter((x) => x.department === dept && x.areaId !== null && byId.has(x.areaId))
      .map((x) => ({ id: x.id, depth: pathOf(x.areaId as string, byId).length, under: pathOf(x.areaId as string, byId).includes(areaId) }))
      .filter((x) => x.under)
      .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
    return ranked[0]?.id ?? null;
  };
  return { areaId, areaPath, organisationId: nearest(department) ?? (department === 'emergency' ? null : nearest('emergency')) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------------------------------

export interface RatePolicy {
  limit: number;
  windowMs: number;
}

/** Per address (one household's router, a café) and per device (one phone or browser). */
export const DEFAULT_RATE_LIMITS: { address: RatePolicy; device: RatePolicy } = {
  address: { limit: 20, windowMs: HOUR },
  device: { limit: 5, windowMs: HOUR },
};

/**
 * A sliding window: allowed while fewer than `limit` earlier reports fall within the last `windowMs`; otherwise the
 * seconds until the oldest of the last `limit` leaves the window (at least one).
 */
export function slidingWindow(
  hits: readonly Date[],
  now: Date,
  policy: RatePolicy,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const since = now.getTime() - policy.windowMs;
  const inWindow = hits
    .map((h) => h.getTime())
    .filter((t) => t > since && t <= now.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < policy.limit) return { allowed: true };
  const releasing = inWindow[inWindow.length - policy.limit] as number;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((releasing + policy.windowMs - now.getTime()) / 1000)) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Open311 dates and windows
// ---------------------------------------------------------------------------------------------------------------------

const W3C = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A W3C date-time (ISO 8601 subset) that names its timezone, or null. */
export function parseW3cDateTime(s: string): Date | null {
  const m = W3C.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(se ?? 0) > 59)
    return null;
  const date = new Date(s.trim());
  if (Number.isNaN(date.getTime())) return null;
  // Reject days past the month's end (2026-02-30 would otherwise roll over).
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return probe.getUTCDate() === Number(d) ? date : null;
}

/** A W3C date-time in the platform's timezone (China Standard Time, +08:00), to the second. */
export function formatW3c(date: Date, offsetMinutes = 480): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const MAX_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY = 86_400_000;

/**
 * The period a GET requests query covers: the last 90 days by default; from a start, 90 days on; up to an end, the
 * 90 days before; both given, at most 90 days apart and in order.
 */
export function requestWindow(
  start: Date | null,
  end: Date | null,
  now: Date,
): { ok: true; start: Date; end: Date } | { ok: false; problem: string } {
  const span = MAX_WINDOW_DAYS * DAY;
  if (start && end) {
    if (end.getTime() < start.getTime()) return { ok: false, problem: 'end_date is before start_date' };
    if (end.getTime() - start.getTime() > span)
      return { ok: false, problem: `start_date and end_date may be at most ${MAX_WINDOW_DAYS} days apart` };
    return { ok: true, start, end };
  }
  if (start) return { ok: true, start, end: new Date(start.getTime() + span) };
  if (end) return { ok: true, start: new Date(end.getTime() - span), end };
  return { ok: true, start: new Date(now.getTime() - span), end: now };
}
