import { AppError } from '../../../platform/http/index.js';

export const vehicleImportErrors = {
  notFound: () =>
    new AppError({
      code: 'vehicles.import_not_found',
      status: 404,
      title: { 'zh-CN': '没有这次导入', en: 'No such import' },
      detail: { 'zh-CN': '没有您可查看的、具有该编号的车辆导入。', en: 'No vehicle import with that id that you may see.' },
    }),
};
