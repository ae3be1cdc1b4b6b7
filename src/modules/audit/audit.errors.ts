import { AppError } from '../../platform/http/index.js';

export const auditErrors = {
  /** The object does not exist or the caller may not see it: the same answer, so that existence does not leak. */
  targetNotVisible: () =>
    new AppError({
      code: 'not_found',
      status: 404,
      title: { 'zh-CN': '未找到', en: 'Not found' },
      detail: { 'zh-CN': '没有您可查看的这一对象。', en: 'No such object that you may see.' },
    }),
};
