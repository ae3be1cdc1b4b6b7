import { AppError, httpErrors, type InvalidField, invalidField } from '../../platform/http/index.js';

export const volunteersErrors = {
  field: invalidField,
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'volunteers.invalid',
      status: 422,
      title: { 'zh-CN': '内容无效', en: 'The request cannot be carried out as asked' },
      detail: {
        'zh-CN': errors.map((e) => `${e.field}：${e.detail}`).join('；'),
        en: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  notFound: (what: 'volunteer' | 'application') =>
    new AppError({
      code: 'volunteers.not_found',
      status: 404,
      title:
        what === 'volunteer'
          ? { 'zh-CN': '没有这名志愿者', en: 'No such volunteer' }
          : { 'zh-CN': '没有这份申请', en: 'No such application' },
      detail: {
        'zh-CN': what === 'volunteer' ? '您所辖范围内没有这名志愿者或网格员。' : '您所辖范围内没有这份志愿者申请。',
        en:
          what === 'volunteer'
            ? 'No volunteer or grid worker with that id in your area.'
            : 'No volunteer application with that id in your area.',
      },
    }),
  alreadyDecided: (status: string) =>
    new AppError({
      code: 'volunteers.application_decided',
      status: 409,
      title: { 'zh-CN': '申请已处理', en: 'The application has been decided' },
      detail: { 'zh-CN': `这份申请已${status === 'approved' ? '批准' : '谢绝'}。`, en: `The application was already ${status}.` },
      extra: { status },
    }),
  alreadyRegistered: () =>
    new AppError({
      code: 'volunteers.already_registered',
      status: 409,
      title: { 'zh-CN': '已登记', en: 'Already registered' },
      detail: { 'zh-CN': '此人已登记为志愿者或网格员。', en: 'This person is already registered as a volunteer or grid worker.' },
    }),
  suspended: () =>
    new AppError({
      code: 'volunteers.suspended',
      status: 409,
      title: { 'zh-CN': '志愿服务已暂停', en: 'Volunteering suspended' },
      detail: {
        'zh-CN': '您的志愿服务已被暂停，暂不能记录巡查或提交志愿者举报。',
        en: 'Your volunteering is suspended: patrols and volunteer reports cannot be recorded for now.',
      },
    }),
  throttled: (retryAfterSeconds: number) =>
    new AppError({
      code: 'volunteers.throttled',
      status: 429,
      title: { 'zh-CN': '申请过于频繁', en: 'Too many applications' },
      detail: {
        'zh-CN': `此网络地址提交的申请过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试。`,
        en: `Too many applications from this network address; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
      },
      extra: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  forbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '此志愿者', en: 'this volunteer' }),
};
