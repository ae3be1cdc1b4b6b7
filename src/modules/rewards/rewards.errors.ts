import { AppError, httpErrors, type InvalidField, invalidField } from '../../platform/http/index.js';
import type { CaseAction, CaseStatus, DutyConflict } from './rewards.rules.js';

export const rewardsErrors = {
  field: invalidField,
  notFound: () =>
    new AppError({
      code: 'rewards.not_found',
      status: 404,
      title: { 'zh-CN': '没有这条记录', en: 'Not found' },
      detail: { 'zh-CN': '没有您可查看的这条奖励案件或举报。', en: 'No reward case or report with that id or token that you may see.' },
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'rewards.invalid',
      status: 422,
      title: { 'zh-CN': '内容无效', en: 'The request cannot be carried out as asked' },
      detail: {
        'zh-CN': errors.map((e) => `${e.field}：${e.detail}`).join('；'),
        en: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  notEligible: (status: string) =>
    new AppError({
      code: 'rewards.report_not_eligible',
      status: 409,
      title: { 'zh-CN': '该举报不能登记奖励', en: 'This report cannot take a reward case' },
      detail: {
        'zh-CN': `只有已转为隐患的举报才能登记处罚决定和奖励；此举报状态为 ${status}。`,
        en: `Only a report turned into a hazard can take a penalty decision and reward; this one is ${status.replaceAll('_', ' ')}.`,
      },
      errors: [invalidField('reportId', `the report is ${status}, not hazard`)],
      extra: { status },
    }),
  caseExists: (caseId: string) =>
    new AppError({
      code: 'rewards.case_exists',
      status: 409,
      title: { 'zh-CN': '该隐患已有奖励案件', en: 'This hazard already has a reward case' },
      detail: {
        'zh-CN': '同一隐患只奖励最先受理的有效举报人，已登记过奖励案件。',
        en: 'Only the first valid reporter of a hazard is rewarded, and a case is already on record for it.',
      },
      extra: { caseId },
    }),
  noRule: () =>
    new AppError({
      code: 'rewards.no_rule',
      status: 422,
      title: { 'zh-CN': '决定日期没有适用的奖励规则', en: 'No reward rule applies on the decision date' },
      detail: { 'zh-CN': 'decidedAt：早于所有已公布的奖励规则。', en: 'decidedAt: earlier than every published reward rule.' },
      errors: [invalidField('decidedAt', 'earlier than every published reward rule')],
    }),
  notAllowed: (action: CaseAction, status: CaseStatus) =>
    new AppError({
      code: 'rewards.transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: {
        'zh-CN': `状态为 ${status} 的奖励案件不能进行此操作（${action}）。`,
        en: `A reward case that is ${status} cannot take the step ${action}.`,
      },
      extra: { status, action },
    }),
  dutyConflict: (conflict: DutyConflict, permission: string) =>
    new AppError({
      code: `rewards.${conflict}`,
      status: 403,
      title: { 'zh-CN': '不相容职务须分离', en: 'Separation of duties' },
      detail:
        conflict === 'proposer_cannot_review'
          ? { 'zh-CN': '奖励的提出人不能审批本人提出的奖励。', en: 'The person who proposed a reward cannot approve or reject it.' }
          : { 'zh-CN': '奖励的审批人不能登记本人批准的奖励发放。', en: 'The person who approved a reward cannot record its payment.' },
      extra: { permission },
    }),
  forbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '这条奖励案件', en: 'this reward case' }),
};
