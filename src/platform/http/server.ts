import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import { AppError, httpErrors, type InvalidField, negotiateProblemLocale, problemSchema, things, toProblem } from './problem.js';

/**
 * What a route needs from the caller: `public` (anyone), `signed-in` (any
 * session or token), or the name of a mandate permission (`hazard.accept`)
 * that the access module checks before the handler runs. Every /api route
 * must declare one; the server refuses to start otherwise.
 */
export type RoutePermission = 'public' | 'signed-in' | (string & {});

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
}

export type HttpServer = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  Logger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  logger: Logger;
  bodyLimit: number;
  trustProxy: boolean;
  version: string;
  /** Built web app to serve at `/`, with index.html for client-side routes. */
  webRoot?: string;
}

const PROBLEM = 'application/problem+json; charset=utf-8';

/** Paths under /api that the documentation plugin owns. */
const isDocsRoute = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only: without this, Fastify would parse text/plain bodies into strings.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || isDocsRoute(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD')) return;
    if (!route.config?.permission) throw new Error(`route ${methods.join(',')} ${route.url} declares no permission`);
    if (!route.schema?.summary) throw new Error(`route ${methods.join(',')} ${route.url} declares no schema summary`);
    if (!route.schema.response) throw new Error(`route ${methods.join(',')} ${route.url} declares no response schema`);
    // Every operation can answer with a problem document; say so in the OpenAPI document.
    route.schema.response = { ...(route.schema.response as object), '4XX': problemSchema, '5XX': problemSchema };
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);
  // File uploads (imports); each route sets its own size limit when it reads the file.
  await app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 12 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongzhi API',
        version: options.version,
        description:
          'Gongzhi (共治): production-safety supervision shared by government, entrusted third parties, enterprises, mutual-aid groups and volunteers. Errors are RFC 9457 problem+json.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'gz_session',
            description: 'Browser session; unsafe methods also need the X-CSRF-Token header.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get(
    '/api/openapi.json',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'This OpenAPI 3.1 document',
        tags: ['platform'],
        hide: true,
        response: { 200: z.looseObject({ openapi: z.string() }) },
      },
    },
    async () => app.swagger() as { openapi: string },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(toAppError(error, request, options.bodyLimit), request, reply));

  const webRoot = options.webRoot && existsSync(path.join(options.webRoot, 'index.html')) ? options.webRoot : undefined;
  if (webRoot) {
    // A wildcard route, so a rebuilt web/dist is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, wildcard: true, index: false, maxAge: '1h' });
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false }),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (webRoot && (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/') && !path.extname(url)) {
      reply.header('cache-control', 'no-cache');
      return reply.type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
    }
    return sendProblem(httpErrors.notFound(url.startsWith('/api/') ? things.apiRoute : things.page), request, reply);
  });

  return app;
}

function sendProblem(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error.status >= 500 && error.code !== 'service.unavailable') request.log.error({ err: error.cause ?? error }, 'request failed');
  else request.log.info({ code: error.code, status: error.status }, 'request refused');
  for (const [name, value] of Object.entries(error.headers ?? {})) reply.header(name, value);
  // Title and detail in the language the caller prefers (the web app sends its interface language).
  const locale = negotiateProblemLocale(request.headers['accept-language']);
  return reply
    .status(error.status)
    .type(PROBLEM)
    .serializer((payload: unknown) => JSON.stringify(payload))
    .header('content-language', locale)
    .header('vary', 'Accept-Language')
    .send(toProblem(error, request.url.split('?')[0], request.id, locale));
}

function toAppError(error: FastifyError, request: FastifyRequest, bodyLimit: number): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = error.validationContext ?? 'body';
    return httpErrors.validation(error.validation.flatMap((v) => toInvalidFields(part, v)));
  }
  if (isResponseSerializationError(error)) {
    const internal = httpErrors.internal();
    internal.cause = error;
    return internal;
  }
  if (isDatabaseUnavailable(error)) return httpErrors.unavailable();
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpErrors.tooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return httpErrors.unsupportedMediaType(request.headers['content-type']);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpErrors.malformedJson('The body is empty but Content-Type says JSON.');
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return httpErrors.malformedJson(error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return httpErrors.refused(error.statusCode, error.message);
  }
  const internal = httpErrors.internal();
  internal.cause = error;
  return internal;
}

interface ValidationItem {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

function toInvalidFields(part: string, v: ValidationItem): InvalidField[] {
  const base = v.instancePath.replace(/^\//, '').split('/').filter(Boolean);
  const keys = v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? v.params.keys.map(String) : undefined;
  const paths = keys ? keys.map((k) => [...base, k]) : [base];
  return paths.map((segments) => ({
    in: part,
    field: segments.join('.'),
    pointer: segments.length ? `/${segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '',
    detail: keys ? 'unknown field' : (v.message ?? 'invalid'),
  }));
}
