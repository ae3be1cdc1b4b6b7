import { AppError, fieldList, type InvalidField } from '../../platform/http/index.js';

export const vehiclesErrors = {
  notFound: () =>
    new AppError({
      code: 'vehicles.not_found',
      status: 404,
      title: { 'zh-CN': '没有这辆车', en: 'No such vehicle' },
      detail: { 'zh-CN': '没有您可查看的、具有该编号的车辆。', en: 'No vehicle with that id that you may see.' },
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'vehicles.invalid',
      status: 422,
      title: { 'zh-CN': '无法按所填内容登记车辆', en: 'The vehicle cannot be registered as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  terminalTaken: (terminalNumber: string) =>
    new AppError({
      code: 'vehicles.terminal_taken',
      status: 409,
      title: { 'zh-CN': '终端号已被登记', en: 'Terminal number already registered' },
      detail: {
        'zh-CN': `终端号 ${terminalNumber} 已登记在另一辆车上。`,
        en: `Terminal number ${terminalNumber} is already registered to another vehicle.`,
      },
      errors: [{ in: 'body', field: 'terminalNumber', pointer: '/terminalNumber', detail: 'is registered to another vehicle' }],
    }),
  plateTaken: (plate: string) =>
    new AppError({
      code: 'vehicles.plate_taken',
      status: 409,
      title: { 'zh-CN': '车牌已被登记', en: 'Plate already registered' },
      detail: { 'zh-CN': `车牌 ${plate}（同一颜色）已登记。`, en: `Plate ${plate} of that colour is already registered.` },
      errors: [{ in: 'body', field: 'plateNumber', pointer: '/plateNumber', detail: 'is already registered with that colour' }],
    }),
  invalidChange: (errors: InvalidField[]) =>
    new AppError({
      code: 'vehicles.invalid_change',
      status: 422,
      title: { 'zh-CN': '无法按所填内容修改车辆', en: 'The vehicle cannot be changed as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  driverNotFound: () =>
    new AppError({
      code: 'vehicles.driver_not_found',
      status: 404,
      title: { 'zh-CN': '没有这名驾驶员', en: 'No such driver' },
      detail: { 'zh-CN': '没有您可管理的、具有该编号的驾驶员。', en: 'No driver with that id that you may manage.' },
    }),
  invalidDriver: (errors: InvalidField[]) =>
    new AppError({
      code: 'vehicles.invalid_driver',
      status: 422,
      title: { 'zh-CN': '无法按所填内容登记驾驶员', en: 'The driver cannot be registered as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  driverCodeTaken: (code: string) =>
    new AppError({
      code: 'vehicles.driver_code_taken',
      status: 409,
      title: { 'zh-CN': '从业资格证号已被登记', en: 'Qualification certificate already registered' },
      detail: {
        'zh-CN': `从业资格证号 ${code} 已登记为另一名驾驶员。`,
        en: `Qualification certificate ${code} is already registered to another driver.`,
      },
      errors: [
        { in: 'body', field: 'qualificationCode', pointer: '/qualificationCode', detail: 'is already registered to another driver' },
      ],
    }),
  badRange: (detail: string) =>
    new AppError({
      code: 'vehicles.invalid_range',
      status: 422,
      title: { 'zh-CN': '时间范围无效', en: 'Invalid time range' },
      detail: { 'zh-CN': `时间范围无效：${detail}`, en: detail },
      errors: [{ in: 'querystring', field: 'to', pointer: '/to', detail }],
    }),
};
