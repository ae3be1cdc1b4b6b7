import { AppError, httpErrors, type InvalidField, invalidField } from '../../platform/http/index.js';
import type { Status } from './hazards.rules.js';

const STATUS_NAME: Record<Status, { 'zh-CN': string; en: string }> = {
  discovered: { 'zh-CN': '已报告', en: 'discovered' },
  registered: { 'zh-CN': '已登记', en: 'registered' },
  assessed: { 'zh-CN': '已评估', en: 'assessed' },
  treating: { 'zh-CN': '治理中', en: 'under treatment' },
  awaiting_acceptance: { 'zh-CN': '待验收', en: 'awaiting acceptance' },
  accepted: { 'zh-CN': '已验收', en: 'accepted' },
  closed: { 'zh-CN': '已销号', en: 'closed' },
  dismissed: { 'zh-CN': '已排除', en: 'dismissed' },
};

const field = invalidField;

export const hazardsErrors = {
  notFound: () =>
    new AppError({
      code: 'hazards.not_found',
      status: 404,
      title: { 'zh-CN': '没有这条隐患', en: 'No such hazard' },
      detail: { 'zh-CN': '没有您可查看的这条隐患。', en: 'No hazard with that id that you may see.' },
    }),
  evidenceNotFound: () =>
    new AppError({
      code: 'hazards.evidence_not_found',
      status: 404,
      title: { 'zh-CN': '没有这份证据', en: 'No such evidence' },
      detail: { 'zh-CN': '这条隐患没有该证据文件。', en: 'The hazard has no evidence with that id.' },
    }),
  referralNotFound: () =>
    new AppError({
      code: 'hazards.referral_not_found',
      status: 404,
      title: { 'zh-CN': '没有这项移交', en: 'No such referral' },
      detail: { 'zh-CN': '没有您可查看的这项移交。', en: 'No referral with that id that you may see.' },
    }),
  notAllowed: (action: string, status: Status) =>
    new AppError({
      code: 'hazards.transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: {
        'zh-CN': `${STATUS_NAME[status]['zh-CN']}的隐患不能进行此操作（${action}）。`,
        en: `A hazard that is ${STATUS_NAME[status].en} cannot take the step ${action}.`,
      },
      extra: { status, action },
    }),
  forbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '这家单位', en: 'this enterprise' }),
  separationOfDuties: () =>
    new AppError({
      code: 'hazards.separation_of_duties',
      status: 403,
      title: { 'zh-CN': '整改人不能验收本人的整改', en: 'The rectifier cannot accept their own rectification' },
      detail: {
        'zh-CN': '申请验收的人不得验收或退回本次整改，请由其他有权人员验收。',
        en: 'Whoever submitted the rectification may neither accept nor reject it; someone else with the mandate must.',
      },
    }),
  requirementsUnmet: (missing: readonly string[]) =>
    new AppError({
      code: 'hazards.requirements_unmet',
      status: 422,
      title: { 'zh-CN': '尚不满足此步骤的要求', en: 'What this step requires is not all there' },
      detail: { 'zh-CN': `缺少或无效：${missing.join('、')}`, en: `Missing or invalid: ${missing.join(', ')}` },
      errors: missing.map((m) => field(m, 'required for this step')),
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'hazards.invalid',
      status: 422,
      title: { 'zh-CN': '内容无效', en: 'The request cannot be carried out as asked' },
      detail: {
        'zh-CN': errors.map((e) => `${e.field}：${e.detail}`).join('；'),
        en: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  field,
  productionNotAllowed: (action: string, status: string) =>
    new AppError({
      code: 'hazards.production_transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: {
        'zh-CN': `生产状态为 ${status} 时不能进行 ${action}；申请复产须在整改完成（待验收、已验收或已销号）后。`,
        en: `Production that is ${status.replaceAll('_', ' ')} cannot take the step ${action}; resumption may be applied for once the rectification is done (awaiting acceptance, accepted or closed).`,
      },
      extra: { productionStatus: status, action },
    }),
  closed: () =>
    new AppError({
      code: 'hazards.closed',
      status: 409,
      title: { 'zh-CN': '隐患已销号', en: 'The hazard is closed' },
      detail: {
        'zh-CN': '已销号或已排除的隐患不能再添加内容，请先重新打开。',
        en: 'Nothing can be added to a closed or dismissed hazard; reopen it first.',
      },
    }),
  referralNotAllowed: (status: string) =>
    new AppError({
      code: 'hazards.referral_transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: { 'zh-CN': `移交状态为 ${status}，不能进行此操作。`, en: `The referral is ${status}; this step is not possible.` },
      extra: { status },
    }),
};
