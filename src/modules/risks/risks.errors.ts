import { AppError, fieldList, type InvalidField } from '../../platform/http/index.js';
import type { Problem } from './risks.rules.js';

const THINGS = {
  enterprise: { 'zh-CN': '生产经营单位', en: 'enterprise' },
  risk_point: { 'zh-CN': '风险点', en: 'risk point' },
  measure: { 'zh-CN': '管控措施', en: 'control measure' },
  scheme: { 'zh-CN': '评价方案', en: 'assessment scheme' },
  area: { 'zh-CN': '区域', en: 'area' },
} as const;

/** Rule problems as the invalid fields of a request body. */
export const bodyFields = (problems: readonly Problem[], prefix = ''): InvalidField[] =>
  problems.map((p) => {
    const field = prefix ? (p.field ? `${prefix}.${p.field}` : prefix) : p.field;
    return { in: 'body', field, pointer: field ? `/${field.replaceAll('.', '/')}` : '', detail: p.detail };
  });

export const risksErrors = {
  notFound: (thing: keyof typeof THINGS) =>
    new AppError({
      code: `risks.${thing}_not_found`,
      status: 404,
      title: { 'zh-CN': `没有这个${THINGS[thing]['zh-CN']}`, en: `No such ${THINGS[thing].en}` },
      detail: {
        'zh-CN': `没有您可查看的${THINGS[thing]['zh-CN']}。`,
        en: `No ${THINGS[thing].en} with that id that you may see.`,
      },
    }),
  forbidden: (what: { 'zh-CN': string; en: string }) =>
    new AppError({
      code: 'auth.forbidden',
      status: 403,
      title: { 'zh-CN': '无权操作', en: 'Not permitted' },
      detail: what,
    }),
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'risks.invalid',
      status: 422,
      title: { 'zh-CN': '内容有误，未作任何更改', en: 'The request cannot be carried out as asked; nothing was changed' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  retired: (thing: 'risk_point' | 'measure') =>
    new AppError({
      code: `risks.${thing}_retired`,
      status: 409,
      title: { 'zh-CN': `${THINGS[thing]['zh-CN']}已撤销`, en: `The ${THINGS[thing].en} has been retired` },
      detail: {
        'zh-CN': `已撤销的${THINGS[thing]['zh-CN']}不能再更改。`,
        en: `A retired ${THINGS[thing].en} cannot be changed any more.`,
      },
    }),
};
