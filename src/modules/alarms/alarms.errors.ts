import { AppError, httpErrors, type InvalidField, invalidField } from '../../platform/http/index.js';
import type { AlarmStatus, StepName } from './alarms.rules.js';

const STATUS_NAME: Record<AlarmStatus, { 'zh-CN': string; en: string }> = {
  open: { 'zh-CN': '待核实', en: 'open' },
  confirmed: { 'zh-CN': '已确认', en: 'confirmed' },
  false_positive: { 'zh-CN': '误报', en: 'a false positive' },
  notified: { 'zh-CN': '已通知企业', en: 'notified to the enterprise' },
  handling: { 'zh-CN': '处置中', en: 'being handled' },
  closed: { 'zh-CN': '已办结', en: 'closed' },
};

const STEP_NAME: Record<StepName, { 'zh-CN': string; en: string }> = {
  verify: { 'zh-CN': '核实', en: 'verify' },
  notify: { 'zh-CN': '通知企业', en: 'notify' },
  handle: { 'zh-CN': '处置', en: 'handle' },
  close: { 'zh-CN': '办结', en: 'close' },
};

const field = invalidField;

export const alarmsErrors = {
  notFound: () =>
    new AppError({
      code: 'alarms.not_found',
      status: 404,
      title: { 'zh-CN': '没有这条报警', en: 'No such alarm' },
      detail: { 'zh-CN': '没有您可查看的这条报警。', en: 'No alarm with that id that you may see.' },
    }),
  notAllowed: (step: StepName, status: AlarmStatus) =>
    new AppError({
      code: 'alarms.step_not_allowed',
      status: 409,
      title: { 'zh-CN': '当前状态下不允许此操作', en: 'Not allowed in this state' },
      detail: {
        'zh-CN': `${STATUS_NAME[status]['zh-CN']}的报警不能${STEP_NAME[step]['zh-CN']}。`,
        en: `An alarm that is ${STATUS_NAME[status].en} cannot take the step ${STEP_NAME[step].en}.`,
      },
      extra: { status, step },
    }),
  forbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '这家企业', en: 'this enterprise' }),
  separationOfDuties: () =>
    new AppError({
      code: 'alarms.separation_of_duties',
      status: 403,
      title: { 'zh-CN': '运营企业不能核实本企业的报警', en: 'The operating enterprise cannot verify its own alarms' },
      detail: {
        'zh-CN': '报警须由监控机构或监管部门核实和通知，本企业人员只能处置和办结。',
        en: 'A monitoring provider or regulator verifies and notifies; the enterprise’s own staff handle and close.',
      },
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'alarms.invalid',
      status: 400,
      title: { 'zh-CN': '请求内容无效', en: 'The request is not valid' },
      detail: {
        'zh-CN': errors.map((e) => `${e.field}：${e.detail}`).join('；'),
        en: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
      },
      errors,
    }),
  badRange: (detail: string) =>
    new AppError({
      code: 'alarms.bad_range',
      status: 400,
      title: { 'zh-CN': '时间范围无效', en: 'The time range is not valid' },
      detail: { 'zh-CN': `时间范围无效：${detail}`, en: `The time range is not valid: ${detail}` },
      errors: [field('to', detail, 'query')],
    }),
  badCursor: () =>
    new AppError({
      code: 'alarms.bad_cursor',
      status: 400,
      title: { 'zh-CN': '翻页游标无效', en: 'The cursor is not valid' },
      detail: { 'zh-CN': '请使用上一页返回的 nextCursor。', en: 'Pass the nextCursor of the previous page as it was.' },
      errors: [field('cursor', 'not a cursor this list returned', 'query')],
    }),
  zoneNotFound: () =>
    new AppError({
      code: 'alarms.zone_not_found',
      status: 404,
      title: { 'zh-CN': '没有这个电子围栏', en: 'No such geofence' },
      detail: { 'zh-CN': '没有这个电子围栏。', en: 'No geofence with that id.' },
    }),
  zoneForbidden: (permission: string) => httpErrors.forbidden(permission, { 'zh-CN': '这个电子围栏', en: 'this geofence' }),
  zoneRetired: () =>
    new AppError({
      code: 'alarms.zone_retired',
      status: 409,
      title: { 'zh-CN': '电子围栏已停用', en: 'The geofence is retired' },
      detail: { 'zh-CN': '已停用的电子围栏不能修改或再次停用。', en: 'A retired geofence cannot be changed or retired again.' },
    }),
  field,
};
