import { AppError, fieldList, type InvalidField } from '../../platform/http/index.js';

export const peopleErrors = {
  invalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'directory.person_invalid',
      status: 422,
      title: { 'zh-CN': '人员信息有误', en: 'The person’s details are not valid' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  duplicate: () =>
    new AppError({
      code: 'directory.person_duplicate',
      status: 409,
      title: { 'zh-CN': '该身份证号已登记', en: 'This ID number is already registered' },
      detail: {
        'zh-CN': '名录中已有持此身份证号的人员，请按身份证号查找此人，不要重复登记。',
        en: 'A person with this ID number is already in the directory; find them by the ID number instead of adding them again.',
      },
      errors: [{ in: 'body', field: 'idNumber', pointer: '/idNumber', detail: 'is already registered to another person' }],
    }),
  notFound: () =>
    new AppError({
      code: 'directory.person_not_found',
      status: 404,
      title: { 'zh-CN': '没有此人', en: 'No such person' },
      detail: { 'zh-CN': '没有您可查看的、具有该编号的人员。', en: 'No person with that id that you may see.' },
    }),
};
