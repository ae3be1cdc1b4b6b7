import { AppError, fieldList, type InvalidField } from '../../platform/http/index.js';

const STATUS = {
  upcoming: { 'zh-CN': '尚未生效', en: 'upcoming' },
  in_force: { 'zh-CN': '生效中', en: 'in force' },
  suspended: { 'zh-CN': '已暂停', en: 'suspended' },
  ended: { 'zh-CN': '已终止', en: 'ended' },
  expired: { 'zh-CN': '已到期', en: 'expired' },
} as const;

const ACTION = {
  suspend: { 'zh-CN': '暂停', en: 'suspended' },
  resume: { 'zh-CN': '恢复', en: 'resumed' },
  end: { 'zh-CN': '终止', en: 'ended' },
} as const;

const phrase = <T extends Record<string, { 'zh-CN': string; en: string }>>(table: T, key: string) =>
  (table as Record<string, { 'zh-CN': string; en: string }>)[key] ?? { 'zh-CN': key, en: key.replaceAll('_', ' ') };

export const entrustmentErrors = {
  notFound: () =>
    new AppError({
      code: 'entrustment.not_found',
      status: 404,
      title: { 'zh-CN': '没有这项委托', en: 'No such entrustment' },
      detail: { 'zh-CN': '没有您可查看的、具有该编号或验证码的委托。', en: 'No entrustment with that id or code that you may see.' },
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'entrustment.invalid',
      status: 422,
      title: { 'zh-CN': '无法按所填内容委托', en: 'The entrustment cannot be made as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  transitionNotAllowed: (action: string, status: string) => {
    const s = phrase(STATUS, status);
    const a = phrase(ACTION, action);
    return new AppError({
      code: 'entrustment.transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: { 'zh-CN': `${s['zh-CN']}的委托不能${a['zh-CN']}。`, en: `An entrustment that is ${s.en} cannot be ${a.en}.` },
      extra: { status },
    });
  },
  notIssuer: () =>
    new AppError({
      code: 'auth.forbidden',
      status: 403,
      title: { 'zh-CN': '无权操作', en: 'Not permitted' },
      detail: { 'zh-CN': '只有签发该委托的监管单位可以变更它。', en: 'Only the regulator that issued the entrustment may change it.' },
    }),
};
