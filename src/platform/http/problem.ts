import { z } from 'zod';

/**
 * Errors are values with stable dotted codes (`hazards.already_closed`). The
 * error handler renders them as RFC 9457 problem+json whose `type` is
 * `urn:gongzhi:problem:<code>`, stable across releases, so clients can switch on it.
 */
export interface InvalidField {
  /** Where the value was: body, querystring, params, headers. */
  in: string;
  /** Dotted path of the field inside that part, e.g. `location.lng`; empty for the whole part. */
  field: string;
  /** JSON Pointer (RFC 6901) to the field inside that part. */
  pointer: string;
  detail: string;
}

/** The languages problems are phrased in; the server picks one per request from `Accept-Language`. */
export type ProblemLocale = 'zh-CN' | 'en';
export const PROBLEM_LOCALES: readonly ProblemLocale[] = ['zh-CN', 'en'];
/** With no usable `Accept-Language`, problems are phrased in Chinese, the platform's first language. */
export const DEFAULT_PROBLEM_LOCALE: ProblemLocale = 'zh-CN';

/** A sentence in both languages. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** A problem's text: both languages, or one string used for both (a value, a list of field names). */
export type ProblemText = string | Bilingual;

const bilingual = (text: ProblemText): Bilingual => (typeof text === 'string' ? { 'zh-CN': text, en: text } : text);

export interface ProblemInit {
  code: string;
  status: number;
  title: ProblemText;
  detail?: ProblemText;
  errors?: InvalidField[];
  /** Extra members to render (RFC 9457 extension members), e.g. `retryAfterSeconds`. */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The problem document (RFC 9457) as a schema, for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string().describe('urn:gongzhi:problem:<code>; stable, switch on it.'),
    title: z.string().describe('In the language the request’s Accept-Language prefers: zh-CN (the default) or en.'),
    status: z.number().int(),
    detail: z.string().optional().describe('In the same language as the title.'),
    instance: z.string().optional().describe('The request path.'),
    code: z.string().describe('Dotted error code, e.g. auth.forbidden.'),
    requestId: z.string().optional().describe('Also in the X-Request-Id header and the logs.'),
    errors: z
      .array(z.object({ in: z.string(), field: z.string(), pointer: z.string(), detail: z.string() }))
      .optional()
      .describe('For invalid requests: each offending field (the field is named whatever the language; its detail is in English).'),
  })
  .loose()
  .describe('An RFC 9457 problem document (application/problem+json).');

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: Bilingual;
  readonly detail: Bilingual | undefined;
  readonly errors: InvalidField[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(init: ProblemInit) {
    const title = bilingual(init.title);
    const detail = init.detail === undefined ? undefined : bilingual(init.detail);
    // The English text for logs and stack traces.
    super(detail?.en ?? title.en);
    this.name = 'AppError';
    this.code = init.code;
    this.status = init.status;
    this.title = title;
    this.detail = detail;
    this.errors = init.errors;
    this.extra = init.extra;
    this.headers = init.headers;
  }
}

export const problemType = (code: string) => `urn:gongzhi:problem:${code}`;

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: InvalidField[];
  [extension: string]: unknown;
}

/**
 * The language an `Accept-Language` header (RFC 9110) prefers among zh-CN and en, by quality then order; any
 * Chinese tag counts as zh-CN and any English one as en. None of them, or no header: the default, zh-CN.
 */
export function negotiateProblemLocale(header: string | readonly string[] | undefined): ProblemLocale {
  const value = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!value) return DEFAULT_PROBLEM_LOCALE;
  let best: { locale: ProblemLocale; q: number } | undefined;
  for (const part of value.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const language = tag.trim().toLowerCase().split('-')[0];
    const locale: ProblemLocale | undefined = language === 'zh' ? 'zh-CN' : language === 'en' ? 'en' : undefined;
    if (!locale) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_PROBLEM_LOCALE;
}

export function toProblem(
  error: AppError,
  instance?: string,
  requestId?: string,
  locale: ProblemLocale = DEFAULT_PROBLEM_LOCALE,
): ProblemDocument {
  return {
    type: problemType(error.code),
    title: error.title[locale],
    status: error.status,
    ...(error.detail ? { detail: error.detail[locale] } : {}),
    ...(instance ? { instance } : {}),
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
    ...error.extra,
  };
}

/** A field a check refuses, with its JSON pointer (`a.b` → `/a/b`), in the body unless said otherwise. */
export const invalidField = (name: string, detail: string, where = 'body'): InvalidField => ({
  in: where,
  field: name,
  pointer: `/${name.replaceAll('.', '/')}`,
  detail,
});

/** `field: detail; …` for a problem's summary (the details stay as the checks wrote them). */
export const fieldList = (errors: readonly Pick<InvalidField, 'field' | 'detail'>[]) =>
  errors.map((e) => `${e.field}: ${e.detail}`).join('; ');

/** What a missing thing is called, in both languages, for "no such …" problems. */
export const things = {
  resource: { 'zh-CN': '资源', en: 'resource' },
  apiRoute: { 'zh-CN': '接口', en: 'API route' },
  page: { 'zh-CN': '页面', en: 'page' },
} as const satisfies Record<string, Bilingual>;

/** The platform's own problems; modules define theirs in `<module>.errors.ts`. */
export const httpErrors = {
  validation: (errors: InvalidField[]) => {
    const list = errors.map((e) => `${e.in}${e.field ? `.${e.field}` : ''}: ${e.detail}`).join('; ');
    return new AppError({
      code: 'request.invalid',
      status: 400,
      title: { 'zh-CN': '请求内容无效', en: 'The request is not valid' },
      detail: { 'zh-CN': `以下字段无效：${list}`, en: list },
      errors,
    });
  },
  malformedJson: (detail: string) =>
    new AppError({
      code: 'request.malformed_json',
      status: 400,
      title: { 'zh-CN': '请求正文不是有效的 JSON', en: 'The request body is not valid JSON' },
      detail: { 'zh-CN': `JSON 解析失败：${detail}`, en: detail },
      errors: [{ in: 'body', field: '', pointer: '', detail }],
    }),
  tooLarge: (limit: number) =>
    new AppError({
      code: 'request.too_large',
      status: 413,
      title: { 'zh-CN': '请求正文过大', en: 'The request body is too large' },
      detail: { 'zh-CN': `上限为 ${limit} 字节。`, en: `The limit is ${limit} bytes.` },
    }),
  unsupportedMediaType: (type: string | undefined) =>
    new AppError({
      code: 'request.unsupported_media_type',
      status: 415,
      title: { 'zh-CN': '不支持的内容类型', en: 'Unsupported media type' },
      detail: {
        'zh-CN': `此处不接受 Content-Type ${type ?? '（无）'}，请以 application/json 发送。`,
        en: `Content-Type ${type ?? '(none)'} is not accepted here; send application/json.`,
      },
    }),
  notFound: (what: Bilingual = things.resource) =>
    new AppError({
      code: 'not_found',
      status: 404,
      title: { 'zh-CN': '未找到', en: 'Not found' },
      detail: { 'zh-CN': `没有这个${what['zh-CN']}。`, en: `No such ${what.en}.` },
    }),
  methodNotAllowed: () =>
    new AppError({ code: 'request.method_not_allowed', status: 405, title: { 'zh-CN': '不允许的请求方法', en: 'Method not allowed' } }),
  unauthenticated: () =>
    new AppError({
      code: 'auth.required',
      status: 401,
      title: { 'zh-CN': '需要登录', en: 'Sign-in required' },
      detail: { 'zh-CN': '请先登录再使用此功能。', en: 'Sign in to use this.' },
    }),
  /** Refused by the mandate; `over` names what the permission was wanted over ("这家单位" / "this enterprise"). */
  forbidden: (permission: string, over?: Bilingual) =>
    new AppError({
      code: 'auth.forbidden',
      status: 403,
      title: { 'zh-CN': '无权操作', en: 'Not permitted' },
      detail: over
        ? {
            'zh-CN': `您的权责清单不包括对${over['zh-CN']}的 ${permission}。`,
            en: `Your mandate does not include ${permission} over ${over.en}.`,
          }
        : { 'zh-CN': `您的权责清单在此不包括 ${permission}。`, en: `Your mandate does not include ${permission} here.` },
      extra: { permission },
    }),
  csrf: () =>
    new AppError({
      code: 'auth.csrf',
      status: 403,
      title: { 'zh-CN': '已拒绝跨站请求', en: 'Cross-site request refused' },
      detail: {
        'zh-CN': '浏览器发出的修改数据的请求须带有本次会话的 X-CSRF-Token 请求头，并来自本站。',
        en: 'A browser request that changes data must carry the X-CSRF-Token header of its session and come from this site.',
      },
    }),
  unavailable: () =>
    new AppError({
      code: 'service.unavailable',
      status: 503,
      title: { 'zh-CN': '服务暂时不可用', en: 'Service temporarily unavailable' },
      detail: {
        'zh-CN': '无法连接数据库。没有任何改动，请稍后重试。',
        en: 'The database cannot be reached. Nothing was changed; try again shortly.',
      },
      headers: { 'retry-after': '5' },
    }),
  internal: () =>
    new AppError({
      code: 'internal',
      status: 500,
      title: { 'zh-CN': '内部错误', en: 'Internal error' },
      detail: { 'zh-CN': '服务器出现问题，已记录在日志中。', en: 'Something went wrong on our side; it has been logged.' },
    }),
  /** A 4xx that Fastify itself raised, with its own English message. */
  refused: (status: number, message: string) =>
    new AppError({
      code: 'request.refused',
      status,
      title: { 'zh-CN': '请求被拒绝', en: 'The request was refused' },
      detail: message,
    }),
};
