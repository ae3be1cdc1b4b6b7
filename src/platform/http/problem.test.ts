import { describe, expect, it } from 'vitest';
import { AppError, httpErrors, negotiateProblemLocale, toProblem } from './problem.js';

describe('the language of a problem', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-CN'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-GB;q=0.5,zh;q=0.8', 'zh-CN'],
    ['fr-FR,fr;q=0.9,en;q=0.5', 'en'],
    ['fr-FR,de', 'zh-CN'],
    ['en;q=0,zh;q=0.1', 'zh-CN'],
    ['*', 'zh-CN'],
  ] as const)('Accept-Language %j → %s', (header, locale) => {
    expect(negotiateProblemLocale(header)).toBe(locale);
  });
});

describe('a problem document', () => {
  const error = new AppError({
    code: 'directory.enterprise_exists',
    status: 409,
    title: { 'zh-CN': '该单位已登记', en: 'Already registered' },
    detail: { 'zh-CN': '已登记：安澜化工', en: 'Registered already: 安澜化工' },
    errors: [{ in: 'body', field: 'creditCode', pointer: '/creditCode', detail: 'is registered already' }],
    extra: { existingId: 'x' },
  });

  it('is phrased in the chosen language, the rest the same', () => {
    expect(toProblem(error, '/api/v1/enterprises', 'r1', 'zh-CN')).toEqual({
      type: 'urn:gongzhi:problem:directory.enterprise_exists',
      title: '该单位已登记',
      status: 409,
      detail: '已登记：安澜化工',
      instance: '/api/v1/enterprises',
      code: 'directory.enterprise_exists',
      requestId: 'r1',
      errors: [{ in: 'body', field: 'creditCode', pointer: '/creditCode', detail: 'is registered already' }],
      existingId: 'x',
    });
    expect(toProblem(error, undefined, undefined, 'en')).toMatchObject({
      title: 'Already registered',
      detail: 'Registered already: 安澜化工',
    });
  });

  it('in Chinese unless asked otherwise, with the English text as the error’s message for logs', () => {
    expect(toProblem(error).title).toBe('该单位已登记');
    expect(error.message).toBe('Registered already: 安澜化工');
  });

  it('a plain string serves both languages', () => {
    const plain = new AppError({ code: 'x.y', status: 400, title: 'Same', detail: 'both' });
    expect(toProblem(plain, undefined, undefined, 'zh-CN')).toMatchObject({ title: 'Same', detail: 'both' });
    expect(toProblem(plain, undefined, undefined, 'en')).toMatchObject({ title: 'Same', detail: 'both' });
  });

  it('every platform problem has both languages, and they differ', () => {
    const all = [
      httpErrors.validation([{ in: 'body', field: 'name', pointer: '/name', detail: 'required' }]),
      httpErrors.malformedJson('Unexpected end'),
      httpErrors.tooLarge(10),
      httpErrors.unsupportedMediaType('text/plain'),
      httpErrors.notFound(),
      httpErrors.methodNotAllowed(),
      httpErrors.unauthenticated(),
      httpErrors.forbidden('hazards.hazard.accept'),
      httpErrors.csrf(),
      httpErrors.unavailable(),
      httpErrors.internal(),
      httpErrors.refused(418, 'teapot'),
    ];
    for (const e of all) {
      expect(e.title['zh-CN'], e.code).not.toBe(e.title.en);
      expect(e.title['zh-CN'], e.code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a validation problem still names each field in both languages', () => {
    const e = httpErrors.validation([{ in: 'querystring', field: 'limit', pointer: '/limit', detail: 'too big' }]);
    expect(e.detail?.['zh-CN']).toContain('querystring.limit: too big');
    expect(e.detail?.en).toBe('querystring.limit: too big');
  });
});
