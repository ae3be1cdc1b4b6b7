import { AppError, type Bilingual, fieldList, type InvalidField } from '../../platform/http/index.js';

/** Things of the directory, named in both languages for "no such …" problems. */
export const directoryThings = {
  area: { 'zh-CN': '辖区', en: 'area' },
  organisation: { 'zh-CN': '单位', en: 'organisation' },
  enterprise: { 'zh-CN': '生产经营单位', en: 'enterprise' },
  group: { 'zh-CN': '互助组', en: 'mutual-aid group' },
} as const satisfies Record<string, Bilingual>;

const fileField = (detail: string): InvalidField[] => [{ in: 'body', field: 'file', pointer: '/file', detail }];

export const directoryErrors = {
  /** Missing, or outside what the caller may see: the same answer, so that existence does not leak. */
  notVisible: (what: keyof typeof directoryThings) =>
    new AppError({
      code: 'not_found',
      status: 404,
      title: { 'zh-CN': '未找到', en: 'Not found' },
      detail: {
        'zh-CN': `没有您可查看的这一${directoryThings[what]['zh-CN']}。`,
        en: `No such ${directoryThings[what].en} that you may see.`,
      },
    }),
  enterpriseInvalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'directory.enterprise_invalid',
      status: 422,
      title: { 'zh-CN': '单位登记信息有误', en: 'The enterprise’s register fields are not valid as given' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  enterpriseExists: (creditCode: string, existing: { id: string; name: string }) =>
    new AppError({
      code: 'directory.enterprise_exists',
      status: 409,
      title: { 'zh-CN': '该单位已登记', en: 'Already registered' },
      detail: {
        'zh-CN': `统一社会信用代码为 ${creditCode} 的单位已登记：${existing.name}。`,
        en: `An enterprise with credit code ${creditCode} is registered already: ${existing.name}.`,
      },
      extra: { existingId: existing.id },
    }),
  groupMemberInvalid: (errors: InvalidField[]) =>
    new AppError({
      code: 'directory.group_member_invalid',
      status: 422,
      title: { 'zh-CN': '无法按所填内容调整互助组成员', en: 'The group’s members cannot be changed as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors,
    }),
  alreadyMember: () =>
    new AppError({
      code: 'directory.group_already_member',
      status: 409,
      title: { 'zh-CN': '已是该组成员', en: 'Already a member' },
      detail: { 'zh-CN': '该单位已是本互助组的成员单位。', en: 'This enterprise is a member of the group already.' },
      errors: [{ in: 'body', field: 'enterpriseId', pointer: '/enterpriseId', detail: 'is a member already' }],
    }),
  notMember: () =>
    new AppError({
      code: 'directory.group_not_member',
      status: 404,
      title: { 'zh-CN': '不是该组成员', en: 'Not a member' },
      detail: { 'zh-CN': '该单位不是本互助组的成员单位。', en: 'This enterprise is not a member of the group.' },
    }),
  leadStays: () =>
    new AppError({
      code: 'directory.group_lead_stays',
      status: 409,
      title: { 'zh-CN': '组长单位不能移出', en: 'The lead enterprise stays' },
      detail: {
        'zh-CN': '组长单位不能移出互助组；请先指定另一家成员单位为组长单位。',
        en: 'The lead enterprise cannot leave the group; make another member the lead first.',
      },
    }),
  importNotFound: () =>
    new AppError({
      code: 'directory.import_not_found',
      status: 404,
      title: { 'zh-CN': '没有这次导入', en: 'No such import' },
      detail: { 'zh-CN': '没有您可查看的、具有该编号的导入。', en: 'No import with that id that you may see.' },
    }),
  uploadNotMultipart: () =>
    new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
      detail: {
        'zh-CN': '请以 multipart/form-data 发送文件，文件放在名为 file 的部分中。',
        en: 'Send the file as multipart/form-data in a part named file.',
      },
    }),
  uploadMissing: () =>
    new AppError({
      code: 'request.invalid',
      status: 400,
      title: { 'zh-CN': '请求内容无效', en: 'The request is not valid' },
      detail: { 'zh-CN': '缺少名为 file 的文件。', en: 'file: required' },
      errors: fileField('required'),
    }),
  uploadTooLarge: (maxBytes: number) =>
    new AppError({
      code: 'request.too_large',
      status: 413,
      title: { 'zh-CN': '文件过大', en: 'The file is too large' },
      detail: { 'zh-CN': `文件超过 ${maxBytes} 字节的上限。`, en: `larger than the limit of ${maxBytes} bytes` },
      errors: fileField(`larger than the limit of ${maxBytes} bytes`),
    }),
  uploadFormat: () =>
    new AppError({
      code: 'directory.import_format',
      status: 415,
      title: { 'zh-CN': '不是 CSV 或 XLSX 文件', en: 'Not a CSV or XLSX file' },
      detail: { 'zh-CN': '文件既不是 CSV（UTF-8 或 GB18030），也不是 XLSX。', en: 'not a CSV (UTF-8 or GB18030) or XLSX file' },
      errors: fileField('not a CSV (UTF-8 or GB18030) or XLSX file'),
    }),
};
