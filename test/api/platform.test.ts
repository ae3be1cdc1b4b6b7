import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/platform/http/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(async () => app?.close());

const problemOf = (body: string) =>
  JSON.parse(body) as {
    type: string;
    title: string;
    status: number;
    code: string;
    errors?: { in: string; field: string; detail: string }[];
  };

describe('health', () => {
  it('/healthz says the process is alive', async () => {
    const res = await app.http.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
  it('/readyz says the database answers and migrations are applied', async () => {
    const res = await app.http.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: 'up', pendingMigrations: 0 });
  });
});

describe('request ids', () => {
  it('every response carries one, and a caller’s own id is kept', async () => {
    const generated = await app.http.inject({ url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const own = await app.http.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers['x-request-id']).toBe('trace-123');
  });
  it('problem documents name the request id', async () => {
    const res = await app.http.inject({ url: '/api/v1/nothing', headers: { 'x-request-id': 'trace-456' } });
    expect(res.json().requestId).toBe('trace-456');
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every API route with its schema', async () => {
    const res = await app.http.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; info: { title: string }; paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Gongzhi API');
    const listed = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    for (const route of [
      'POST /api/v1/session',
      'GET /api/v1/session',
      'DELETE /api/v1/session',
      'PUT /api/v1/session/locale',
      'GET /api/v1/enterprises',
      'GET /api/v1/areas/geojson',
      'GET /healthz',
      'GET /readyz',
    ]) {
      expect(listed, route).toContain(route);
    }
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.summary).toBeTruthy();
  });
  it('validates against the official OpenAPI 3.1 schema', async () => {
    const doc = (await app.http.inject({ url: '/api/openapi.json' })).json();
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
  it('is browsable at /api/docs', async () => {
    const res = await app.http.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('bad input gets a problem+json naming the field', () => {
  it('malformed JSON', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(problemOf(res.body)).toMatchObject({
      type: 'urn:gongzhi:problem:request.malformed_json',
      status: 400,
      code: 'request.malformed_json',
    });
  });
  it('an unknown field', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', password: 'x', admin: true },
    });
    expect(res.statusCode).toBe(400);
    const problem = problemOf(res.body);
    expect(problem.code).toBe('request.invalid');
    expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'body', field: 'admin', detail: 'unknown field' }));
  });
  it('a wrong type', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 42, password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res.body).errors).toContainEqual(expect.objectContaining({ in: 'body', field: 'username' }));
  });
  it('an over-long string', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'a'.repeat(65), password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res.body).errors).toContainEqual(expect.objectContaining({ field: 'username', pointer: '/username' }));
  });
  it('a missing field', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'officer' } });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res.body).errors).toContainEqual(expect.objectContaining({ field: 'password' }));
  });
  it('an oversized body', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', password: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(res.statusCode).toBe(413);
    expect(problemOf(res.body).code).toBe('request.too_large');
  });
  it('an unsupported media type', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'text/plain' },
      payload: 'officer',
    });
    expect(res.statusCode).toBe(415);
    expect(problemOf(res.body).code).toBe('request.unsupported_media_type');
  });
  it('a bad query parameter', async () => {
    const auth = await app.signIn('officer');
    const res = await app.http.inject({ url: '/api/v1/enterprises?limit=1000', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res.body).errors).toContainEqual(expect.objectContaining({ in: 'querystring', field: 'limit' }));
  });
  it('an unknown API route is a 404 problem', async () => {
    const res = await app.http.inject({ url: '/api/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res.body).type).toBe('urn:gongzhi:problem:not_found');
  });
});

describe('problems speak the caller’s language', () => {
  const title = async (headers: Record<string, string>) => {
    const res = await app.http.inject({ url: '/api/v1/nothing', headers });
    return { title: problemOf(res.body).title, detail: res.json().detail as string, language: res.headers['content-language'] };
  };
  it('Chinese without an Accept-Language, or when it prefers Chinese', async () => {
    expect(await title({})).toEqual({ title: '未找到', detail: '没有这个接口。', language: 'zh-CN' });
    expect((await title({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).title).toBe('未找到');
  });
  it('English when the caller prefers it', async () => {
    expect(await title({ 'accept-language': 'en-US,en;q=0.9' })).toEqual({
      title: 'Not found',
      detail: 'No such API route.',
      language: 'en',
    });
    expect((await title({ 'accept-language': 'fr-FR,en;q=0.5' })).title).toBe('Not found');
  });
  it('a module’s problem too, and an invalid field is still named whatever the language', async () => {
    const auth = await app.signIn('officer');
    const zh = await app.http.inject({ url: '/api/v1/organisations/00000000-0000-4000-8000-000000000000', headers: auth });
    expect(zh.json()).toMatchObject({ code: 'not_found', title: '未找到', detail: '没有您可查看的这一单位。' });
    const en = await app.http.inject({
      url: '/api/v1/organisations/00000000-0000-4000-8000-000000000000',
      headers: { ...auth, 'accept-language': 'en' },
    });
    expect(en.json()).toMatchObject({ title: 'Not found', detail: 'No such organisation that you may see.' });
    for (const language of ['zh-CN', 'en']) {
      const res = await app.http.inject({ url: '/api/v1/enterprises?limit=1000', headers: { ...auth, 'accept-language': language } });
      expect(problemOf(res.body).errors).toContainEqual(expect.objectContaining({ in: 'querystring', field: 'limit' }));
      expect(res.json().detail).toContain('querystring.limit');
    }
  });
});

describe('routes declare their permission', () => {
  it('the server refuses a route without one', async () => {
    const server = await createHttpServer({ logger: createLogger('silent'), bodyLimit: 1024, trustProxy: false, version: 'test' });
    expect(() => server.get('/api/v1/loose', { schema: { summary: 'no permission' } }, async () => ({}))).toThrow(/declares no permission/);
    await server.close();
  });
  it('every API route of the platform declares one', () => {
    const routes = app.http.printRoutes({ commonPrefix: false, includeHooks: false });
    expect(routes).toContain('api/v1/session');
    // Building the app would have thrown otherwise; this checks the hook ran over real routes.
    expect(app.http.hasRoute({ method: 'GET', url: '/api/v1/enterprises' })).toBe(true);
  });
});

describe('the web app', () => {
  it('serves index.html for client-side routes', async () => {
    const res = await app.http.inject({ url: '/enterprises', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });
});

describe('the web app at the root', () => {
  it('serves index.html at /, uncached, and assets by name', async () => {
    const res = await app.http.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(res.body)?.[1];
    expect(asset).toBeTruthy();
    const js = await app.http.inject({ url: asset ?? '' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
  });
  it('a missing asset is a 404, not the app shell', async () => {
    expect((await app.http.inject({ url: '/assets/nothing-here.js' })).statusCode).toBe(404);
  });
});
