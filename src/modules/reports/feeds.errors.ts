import { AppError, type InvalidField, invalidField } from '../../platform/http/index.js';

/** Problems of the public list, the feeds and the e-mail subscriptions. */
export const feedsErrors = {
  /** Bad input the schema could not catch (an address we cannot write to, an unknown area): 400 naming the field. */
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'request.invalid',
      status: 400,
      title: { 'zh-CN': '请求内容无效', en: 'The request is not valid' },
      detail: {
        'zh-CN': `以下字段无效：${errors.map((e) => `${e.field}：${e.detail}`).join('；')}`,
        en: errors.map((e) => `${e.in}.${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  field: (name: string, detail: string, where = 'body') => invalidField(name, detail, where),
  noReport: () =>
    new AppError({
      code: 'reports.not_found',
      status: 404,
      title: { 'zh-CN': '没有这条举报', en: 'No such report' },
      detail: { 'zh-CN': '没有这个编号的举报。', en: 'No report has that code.' },
    }),
  noSubscription: () =>
    new AppError({
      code: 'reports.subscription_not_found',
      status: 404,
      title: { 'zh-CN': '链接无效或已失效', en: 'The link is not valid or no longer works' },
      detail: {
        'zh-CN': '没有与此链接对应的有效订阅；它可能已被退订。',
        en: 'No live subscription matches this link; it may have been unsubscribed already.',
      },
    }),
  throttled: (retryAfterSeconds: number) => {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return new AppError({
      code: 'reports.subscription_throttled',
      status: 429,
      title: { 'zh-CN': '订阅请求过于频繁', en: 'Too many subscription requests' },
      detail: {
        'zh-CN': `此邮箱或网络地址的订阅请求过多，请 ${minutes} 分钟后再试。`,
        en: `Too many subscription requests for this address; try again in ${minutes} minute(s).`,
      },
      extra: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  },
};
