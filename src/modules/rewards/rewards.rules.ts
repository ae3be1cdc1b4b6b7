/**
 * The pure core of report rewards (举报奖励): the published rule as data, the amount it gives for a fine,
 * which of several reports of one hazard is the first valid one, and the case workflow as a table.
 * Money is always an integer number of fen (分); no floating point anywhere on the money path.
 */

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** A published version of the reward rule. Versions are never edited: a change is a new version. */
export interface RewardRule {
  version: number;
  /** The China Standard Time date from which the version applies (YYYY-MM-DD), by the penalty decision's date. */
  effectiveFrom: string;
  /** The share of the fine, in basis points (1500 = 15 %). */
  rateBasisPoints: number;
  /** The smallest and largest reward, in fen. */
  minFen: number;
  maxFen: number;
  /** Whether only major hazards and illegal production are rewarded under this rule. */
  majorOnly: boolean;
  citation: Bilingual;
}

/**
 * The rule of the 2018 measures (《安全生产领域举报奖励办法》, 安监总财〔2018〕19号): for a major hazard or illegal
 * production, 15 % of the fine, at least ¥3,000 and at most ¥300,000. Seeded as version 1.
 */
export const RULE_2018: RewardRule = {
  version: 1,
  effectiveFrom: '2018-01-04',
  rateBasisPoints: 1500,
  minFen: 300_000,
  maxFen: 30_000_000,
  majorOnly: true,
  citation: {
    'zh-CN':
      '《安全生产领域举报奖励办法》（安监总财〔2018〕19号）：举报重大事故隐患和安全生产违法行为的，奖励金额按照行政处罚金额的15%计算，最低奖励3000元，最高不超过30万元；同一事项由最先受理的有效举报人获得奖励；举报人身份予以保密。',
    en: 'Measures on Rewards for Reports in Work Safety (2018, No. 19): for a major hazard or illegal production, 15% of the administrative fine, at least ¥3,000 and at most ¥300,000; only the first valid reporter of a matter is rewarded; the reporter’s identity is kept confidential.',
  },
};

/** The largest fine the platform accepts, in fen (¥100 million): far above any work-safety fine, far below float trouble. */
export const MAX_FINE_FEN = 10_000_000_000;

/** Why a value is not an amount of money in fen, or null when it is one. */
export function fenProblem(value: unknown, max = MAX_FINE_FEN): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number of fen (1 yuan = 100 fen)';
  if (value < 0) return 'must not be negative';
  if (value > max) return `must be at most ${max} fen`;
  return null;
}

export type RewardBasis = 'rate' | 'minimum' | 'maximum' | 'no_fine';

export interface RewardAmount {
  /** The reward, in fen. */
  amountFen: number;
  /** The rate applied to the fine, rounded half up to the fen, before the minimum and maximum. */
  rateFen: number;
  /** Which part of the rule decided the amount. */
  basis: RewardBasis;
}

/**
 * The reward for a fine under a rule: the rate of the fine rounded half up to the fen, raised to the minimum
 * and capped at the maximum. A penalty without a fine gives nothing under a rule that is a share of the fine.
 * Throws a RangeError for a fine that is not a whole, non-negative number of fen.
 */
export function rewardFor(fineFen: number, rule: Pick<RewardRule, 'rateBasisPoints' | 'minFen' | 'maxFen'>): RewardAmount {
  const problem = fenProblem(fineFen);
  if (problem) throw new RangeError(`fineFen ${problem}`);
  if (fineFen === 0) return { amountFen: 0, rateFen: 0, basis: 'no_fine' };
  // In bigint, so the product cannot lose precision; +5000 then floor is rounding half up (all values positive).
  const rateFen = Number((BigInt(fineFen) * BigInt(rule.rateBasisPoints) + 5000n) / 10000n);
  if (rateFen < rule.minFen) return { amountFen: rule.minFen, rateFen, basis: 'minimum' };
  if (rateFen > rule.maxFen) return { amountFen: rule.maxFen, rateFen, basis: 'maximum' };
  return { amountFen: rateFen, rateFen, basis: 'rate' };
}

/** The China Standard Time calendar date of an instant (YYYY-MM-DD). */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The CST year of an instant. */
export const cstYear = (at: Date): number => Number(cstDate(at).slice(0, 4));

/** The version in force on the CST date of `at`: the latest effective date not after it, then the highest version. */
export function ruleInForce<R extends Pick<RewardRule, 'version' | 'effectiveFrom'>>(rules: readonly R[], at: Date): R | null {
  const day = cstDate(at);
  let best: R | null = null;
  for (const r of rules) {
    if (r.effectiveFrom > day) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom || (r.effectiveFrom === best.effectiveFrom && r.version > best.version)) best = r;
  }
  return best;
}

export interface NewRuleInput {
  effectiveFrom: string;
  rateBasisPoints: number;
  minFen: number;
  maxFen: number;
  majorOnly: boolean;
  citation: Bilingual;
}

/** What is wrong with a new version, field by field (empty when it may be published after `latest`). */
export function rulePublishProblems(
  input: NewRuleInput,
  latest: Pick<RewardRule, 'effectiveFrom'> | null,
): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/.test(input.effectiveFrom) ? new Date(`${input.effectiveFrom}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input.effectiveFrom)
    out.push({ field: 'effectiveFrom', problem: 'must be a calendar date, YYYY-MM-DD' });
  else if (latest && input.effectiveFrom < latest.effectiveFrom)
    out.push({ field: 'effectiveFrom', problem: `must not be before ${latest.effectiveFrom}, the date of the latest version` });
  if (!Number.isInteger(input.rateBasisPoints) || input.rateBasisPoints < 1 || input.rateBasisPoints > 10_000)
    out.push({ field: 'rateBasisPoints', problem: 'must be a whole number from 1 to 10000 (1500 = 15%)' });
  const min = fenProblem(input.minFen);
  if (min) out.push({ field: 'minFen', problem: min });
  const max = fenProblem(input.maxFen);
  if (max) out.push({ field: 'maxFen', problem: max });
  if (!min && !max && input.minFen > input.maxFen) out.push({ field: 'maxFen', problem: 'must not be less than minFen' });
  if (!input.citation['zh-CN'].trim()) out.push({ field: 'citation.zh-CN', problem: 'required: the source of the rule' });
  if (!input.citation.en.trim()) out.push({ field: 'citation.en', problem: 'required: the source of the rule' });
  return out;
}

/** A report of one hazard, as far as deciding who reported it first goes. */
export interface HazardReport {
  id: string;
  code: string;
  status: string;
  receivedAt: Date;
}

/** Statuses of a report that count as a valid report of the hazard: the one turned into it, and its duplicates. */
export const VALID_REPORT_STATUSES: ReadonlySet<string> = new Set(['hazard', 'duplicate']);

/**
 * The first valid reporter (最先受理的有效举报): of the reports of one hazard, the one received earliest; ties by
 * the public code, which the intake hands out in order. Null when none is valid.
 */
export function firstValidReport<R extends HazardReport>(reports: readonly R[]): R | null {
  let first: R | null = null;
  for (const r of reports) {
    if (!VALID_REPORT_STATUSES.has(r.status)) continue;
    if (
      !first ||
      r.receivedAt.getTime() < first.receivedAt.getTime() ||
      (r.receivedAt.getTime() === first.receivedAt.getTime() && r.code < first.code)
    )
      first = r;
  }
  return first;
}

// ---------------------------------------------------------------------------------------------------------------------
// The case workflow
// ---------------------------------------------------------------------------------------------------------------------

export const CASE_STATUSES = ['proposed', 'approved', 'rejected', 'paid'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = ['approve', 'reject', 'pay'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Where each status may go. */
export const CASE_TRANSITIONS = {
  proposed: ['approved', 'rejected'],
  approved: ['paid'],
  rejected: [],
  paid: [],
} as const satisfies Record<CaseStatus, readonly CaseStatus[]>;

/** Each action's target status and the permission it needs. */
export const CASE_ACTION_RULES = {
  approve: { to: 'approved', permission: 'rewards.case.approve' },
  reject: { to: 'rejected', permission: 'rewards.case.approve' },
  pay: { to: 'paid', permission: 'rewards.case.pay' },
} as const satisfies Record<CaseAction, { to: CaseStatus; permission: string }>;

/** The status an action leads to from `from`, or null when the table does not allow it. */
export function nextCaseStatus(from: CaseStatus, action: CaseAction): CaseStatus | null {
  const to = CASE_ACTION_RULES[action].to;
  return (CASE_TRANSITIONS[from] as readonly CaseStatus[]).includes(to) ? to : null;
}

export type DutyConflict = 'proposer_cannot_review' | 'reviewer_cannot_pay';

/**
 * Separation of duties (不相容职务分离): whoever proposed a reward may not approve or reject it, and whoever
 * approved it may not record its payment. Null when the person may take the step.
 */
export function dutyConflict(
  action: CaseAction,
  people: { proposedBy: string; reviewedBy: string | null },
  personId: string,
): DutyConflict | null {
  switch (action) {
    case 'approve':
    case 'reject':
      return people.proposedBy === personId ? 'proposer_cannot_review' : null;
    case 'pay':
      return people.reviewedBy === personId ? 'reviewer_cannot_pay' : null;
  }
}

export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Yuan with thousands separators and two decimals, from fen, without floating point: 30000000 → ¥300,000.00. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = BigInt(Math.abs(fen));
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}¥${yuan}.${cents}`;
}

/** What the public page tells a reporter about a reward for their report. */
export type PublicRewardState = 'none' | 'under_review' | 'approved' | 'paid' | 'not_granted' | 'earlier_report';

export const PUBLIC_REWARD_TEXT: Record<PublicRewardState, Bilingual> = {
  none: {
    'zh-CN': '暂无与本举报相关的奖励。举报查实且对重大事故隐患或非法违法生产经营作出罚款处罚后，将依规核定奖励。',
    en: 'No reward for this report so far. Once the report is verified and a fine is imposed for a major hazard or illegal production, a reward is determined by the published rule.',
  },
  under_review: {
    'zh-CN': '已依据行政处罚决定提出奖励建议，正在审批。',
    en: 'A reward has been proposed on the basis of the penalty decision and is awaiting approval.',
  },
  approved: {
    'zh-CN': '奖励已批准，请按下方说明领取。',
    en: 'The reward has been approved; see below how to claim it.',
  },
  paid: { 'zh-CN': '奖励已发放。', en: 'The reward has been paid.' },
  not_granted: {
    'zh-CN': '经审批，本举报不予奖励。如有疑问可拨打 12350 咨询。',
    en: 'After review, no reward is granted for this report. For questions call 12350.',
  },
  earlier_report: {
    'zh-CN': '同一隐患已有更早受理的有效举报，依规由最先举报人获得奖励。感谢您的举报。',
    en: 'An earlier valid report of the same hazard was received; by the rule only the first reporter is rewarded. Thank you for reporting.',
  },
};

/** How to claim: an anonymous reporter brings the tracking token; the office never asks who reported through the platform. */
export const HOW_TO_CLAIM: Bilingual = {
  'zh-CN':
    '奖励批准后，请携带本人身份证件和举报跟踪码，在承办的应急管理办公室通知的期限内领取（也可约定银行转账）。匿名举报人凭跟踪码领取，身份信息予以保密。',
  en: 'Once the reward is approved, bring an identity document and this report’s tracking code to the handling emergency-management office within the period it announces (a bank transfer can be arranged). Anonymous reporters claim with the tracking code; their identity is kept confidential.',
};
