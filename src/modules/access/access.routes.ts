import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type HttpServer, httpErrors } from '../../platform/http/index.js';
import { publishedMandate, publishedMandateSchema } from './access.mandate.js';
import { localeBody, sessionView, signInBody } from './access.schemas.js';
import type { AccessModule, Actor, PersonActor, RequestContext } from './access.usecases.js';

export const SESSION_COOKIE = 'gz_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, resolved from the session cookie before the route runs. */
    actor: Actor;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The signed-in actor, or a 401 for the anonymous. */
export function requirePerson(request: FastifyRequest): PersonActor {
  if (request.actor.kind !== 'person') throw httpErrors.unauthenticated();
  return request.actor;
}

/** The caller and the request, for use cases that write and audit. */
export function requestContext(request: FastifyRequest): RequestContext {
  return { actor: request.actor, requestId: request.id, address: request.ip };
}

export function personContext(request: FastifyRequest): RequestContext & { actor: PersonActor } {
  return { actor: requirePerson(request), requestId: request.id, address: request.ip };
}

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return request.headers['sec-fetch-site'] !== 'cross-site';
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Resolves the actor on every request and enforces the route's declared
 * permission before the body is even parsed; refuses cross-site writes and
 * cookie-authenticated writes without the session's CSRF token.
 */
export function registerAccessHooks(app: HttpServer, access: AccessModule): void {
  // Decorated with null (Fastify refuses shared object defaults) and set on every request below.
  app.decorateRequest('actor', null as unknown as Extract<Actor, { kind: 'anonymous' }>);
  app.addHook('onRequest', async (request) => {
    request.actor = await access.actorFromToken(request.cookies[SESSION_COOKIE]);
    const permission = request.routeOptions.config?.permission;
    if (!permission) return;
    if (UNSAFE.has(request.method)) {
      if (!sameOrigin(request)) throw httpErrors.csrf();
      if (request.actor.kind === 'person' && request.headers['x-csrf-token'] !== request.actor.session.csrfToken) throw httpErrors.csrf();
    }
    if (permission === 'public') return;
    if (permission === 'signed-in') {
      requirePerson(request);
      return;
    }
    if (!request.actor.permissions.has(permission)) {
      if (request.actor.kind === 'anonymous') throw httpErrors.unauthenticated();
      throw httpErrors.forbidden(permission);
    }
  });
}

export function registerAccessRoutes(app: HttpServer, access: AccessModule, cookie: { secure: boolean; maxAgeSeconds: number }): void {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      path: '/',
      maxAge: cookie.maxAgeSeconds,
    });

  app.get(
    '/api/v1/mandate',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The published mandate (权责清单)',
        description: 'Every role with its scope and authority, and every permission with the roles that hold it, in zh-CN and en.',
        tags: ['access'],
        response: { 200: publishedMandateSchema },
      },
    },
    async () => publishedMandate(access.registry),
  );

  app.post(
    '/api/v1/session',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Sign in',
        description:
          'Checks the password, opens a session and sets the HttpOnly session cookie. Failed attempts are throttled per account and per address.',
        tags: ['access'],
        body: signInBody,
        response: { 200: sessionView },
      },
    },
    async (request, reply) => {
      const { token, view } = await access.signIn({
        username: request.body.username,
        password: request.body.password,
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      setCookie(reply, token);
      return view;
    },
  );

  app.get(
    '/api/v1/session',
    { config: { permission: 'signed-in' }, schema: { summary: 'The current session', tags: ['access'], response: { 200: sessionView } } },
    async (request) => access.sessionView(requirePerson(request)),
  );

  app.delete(
    '/api/v1/session',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Sign out',
        tags: ['access'],
        response: { 204: z.null().describe('Signed out; the session is gone on the server.') },
      },
    },
    async (request, reply) => {
      await access.signOut(personContext(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/session/locale',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Remember the interface language',
        tags: ['access'],
        body: localeBody,
        response: { 204: z.null().describe('Remembered on the account.') },
      },
    },
    async (request, reply) => {
      await access.setLocale(personContext(request), request.body.locale);
      return reply.status(204).send(null);
    },
  );
}
