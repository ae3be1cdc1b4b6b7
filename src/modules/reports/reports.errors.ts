import { AppError, httpErrors, type InvalidField, invalidField } from '../../platform/http/index.js';
import { FOLLOW_UP_DAYS, type ReportStatus } from './reports.rules.js';

const field = invalidField;

export const reportsErrors = {
  field,
  photo: (status: 413 | 415 | 422, detail: string) =>
    new AppError({
      code: status === 413 ? 'request.too_large' : status === 415 ? 'request.unsupported_media_type' : 'reports.photo_invalid',
      status,
      title: { 'zh-CN': '照片无效', en: 'The photo is not valid' },
      detail: { 'zh-CN': `file：${detail}`, en: `file: ${detail}` },
      errors: [field('file', detail)],
    }),
  notFound: () =>
    new AppError({
      code: 'reports.not_found',
      status: 404,
      title: { 'zh-CN': '没有这条举报', en: 'No such report' },
      detail: { 'zh-CN': '没有您可查看的这条举报。', en: 'No report with that id or tracking token that you may see.' },
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'reports.invalid',
      status: 422,
      title: { 'zh-CN': '内容无效', en: 'The request cannot be carried out as asked' },
      detail: {
        'zh-CN': errors.map((e) => `${e.field}：${e.detail}`).join('；'),
        en: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  throttled: (retryAfterSeconds: number, by: 'address' | 'device') => {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return new AppError({
      code: 'reports.throttled',
      status: 429,
      title: { 'zh-CN': '举报过于频繁', en: 'Too many reports' },
      detail: {
        'zh-CN': `${by === 'device' ? '此设备' : '此网络地址'}提交的举报过多，请 ${minutes} 分钟后再试；紧急情况请拨打 119 或 12350。`,
        en: `Too many reports from this ${by === 'device' ? 'device' : 'network address'}; try again in ${minutes} minute(s). In an emergency call 119 or 12350.`,
      },
      extra: { retryAfterSeconds, limitedBy: by },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  },
  notAllowed: (action: string, status: ReportStatus) =>
    new AppError({
      code: 'reports.transition_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: {
        'zh-CN': `状态为 ${status} 的举报不能进行此操作（${action}）。`,
        en: `A report that is ${status.replaceAll('_', ' ')} cannot take the step ${action.replaceAll('_', ' ')}.`,
      },
      extra: { status, action },
    }),
  /** The reporter may no longer add information or photos, or re-open the report. */
  followUpClosed: (
    what: 'information' | 'photo' | 'reopen',
    reason: 'not_fixed' | 'not_closed' | 'closed_too_long_ago' | 'no_closing_time',
  ) => {
    const zh =
      reason === 'not_fixed'
        ? '只有已整改销号（fixed）的举报才能重新打开。'
        : `举报关闭已超过 ${FOLLOW_UP_DAYS} 天，不能再${what === 'reopen' ? '重新打开' : '补充内容'}；如问题仍在，请重新举报。`;
    const en =
      reason === 'not_fixed'
        ? 'Only a report shown as fixed can be re-opened.'
        : `The report was closed more than ${FOLLOW_UP_DAYS} days ago, so it can no longer be ${what === 'reopen' ? 're-opened' : 'added to'}; if the hazard is still there, please report it again.`;
    return new AppError({
      code: what === 'reopen' ? 'reports.reopen_not_allowed' : 'reports.follow_up_closed',
      status: 409,
      title: {
        'zh-CN': what === 'reopen' ? '不能重新打开' : '不能再补充',
        en: what === 'reopen' ? 'Cannot be re-opened' : 'Can no longer be added to',
      },
      detail: { 'zh-CN': zh, en },
      extra: { reason },
    });
  },
  forbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '这条举报', en: 'this report' }),
};
