import { AppError, fieldList } from '../../platform/http/index.js';

/** Things the access module may find missing, named in both languages. */
const things = {
  person: { 'zh-CN': '人员', en: 'person' },
  grant: { 'zh-CN': '角色分配', en: 'grant' },
  account: { 'zh-CN': '登录账号', en: 'account' },
} as const;

export const accessErrors = {
  invalidCredentials: () =>
    new AppError({
      code: 'auth.invalid_credentials',
      status: 401,
      title: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
      detail: { 'zh-CN': '用户名或密码不正确。', en: 'The username or the password is wrong.' },
    }),
  throttled: (retryAfterSeconds: number) => {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return new AppError({
      code: 'auth.throttled',
      status: 429,
      title: { 'zh-CN': '登录失败次数过多', en: 'Too many failed sign-ins' },
      detail: {
        'zh-CN': `登录失败次数过多，请 ${minutes} 分钟后再试。`,
        en: `Too many failed sign-ins; try again in ${minutes} minute(s).`,
      },
      extra: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  },
  notFound: (what: keyof typeof things) =>
    new AppError({
      code: 'not_found',
      status: 404,
      title: { 'zh-CN': '未找到', en: 'Not found' },
      detail: { 'zh-CN': `没有这个${things[what]['zh-CN']}。`, en: `No such ${things[what].en}.` },
    }),
  grantInvalid: (errors: { field: string; detail: string }[]) =>
    new AppError({
      code: 'access.grant_invalid',
      status: 422,
      title: { 'zh-CN': '无法按所填内容分配角色', en: 'The role cannot be assigned as asked' },
      detail: { 'zh-CN': `以下字段有误：${fieldList(errors)}`, en: fieldList(errors) },
      errors: errors.map((e) => ({ in: 'body', field: e.field, pointer: `/${e.field}`, detail: e.detail })),
    }),
  grantEnded: () =>
    new AppError({
      code: 'access.grant_ended',
      status: 409,
      title: { 'zh-CN': '该角色已终止', en: 'Already ended' },
      detail: { 'zh-CN': '该角色已经终止。', en: 'This role has already ended.' },
    }),
  accountExists: () =>
    new AppError({
      code: 'access.account_exists',
      status: 409,
      title: { 'zh-CN': '已有登录账号', en: 'Has a sign-in already' },
      detail: { 'zh-CN': '此人已有登录账号。', en: 'This person already has a sign-in account.' },
    }),
  usernameTaken: (username: string) =>
    new AppError({
      code: 'access.username_taken',
      status: 409,
      title: { 'zh-CN': '用户名已被占用', en: 'Username taken' },
      detail: { 'zh-CN': `用户名 ${username} 已被占用。`, en: `The username ${username} is taken.` },
      errors: [{ in: 'body', field: 'username', pointer: '/username', detail: 'is taken' }],
    }),
};
