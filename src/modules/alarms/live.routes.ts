import fastifyWebsocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type HttpServer, httpErrors } from '../../platform/http/index.js';
import { SESSION_COOKIE } from '../access/index.js';
import { LIVE_CLOSE, LIVE_PERMISSION, type LiveFeed } from './live.js';

/** A cross-site page must not open the wall's feed with the viewer's cookie. */
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
 * `GET /api/v1/live`: the monitoring wall's WebSocket. The session cookie
 * authenticates the upgrade like any request (the access hooks refuse it with
 * 401/403 before it is upgraded); the feed then speaks JSON text messages.
 */
export function registerLiveRoutes(app: HttpServer, feed: LiveFeed): void {
  app.register(async (scope) => {
    await scope.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
    scope.addHook('preClose', async () => feed.stop());
    scope.get(
      '/api/v1/live',
      {
        websocket: true,
        config: { permission: LIVE_PERMISSION },
        onRequest: async (request) => {
          if (!sameOrigin(request)) throw httpErrors.csrf();
        },
        // A refused upgrade (401, 403) is answered on the raw socket; end it, or it stays open and holds up shutdown.
        onResponse: async (request) => {
          if (request.headers.upgrade?.toLowerCase() === 'websocket') request.raw.socket.destroy();
        },
        schema: {
          summary: 'Live positions and alarms (WebSocket)',
          description:
            'Upgrade to a WebSocket. Send `{"type":"viewport","bbox":[w,s,e,n],"zoom":z}`; receive at most once a second ' +
            '`{"type":"positions",at,vehicles}` or, when many are visible, `{"type":"clusters",at,clusters}`, for vehicles in the ' +
            'viewport and your scope, and `{"type":"alarm",alarm}` for each new alarm in scope. Anything else closes the connection ' +
            'with code 4400; an ended session closes it with 4401.',
          tags: ['alarms'],
          response: { 101: z.null().describe('Switching protocols') },
        },
      },
      (socket, request) => {
        const actor = request.actor;
        if (actor.kind !== 'person') {
          socket.close(LIVE_CLOSE.signedOut, 'not signed in');
          return;
        }
        // Messages may arrive before the roster is loaded: keep them until the feed is ready.
        const early: { text: string; binary: boolean }[] = [];
        let handle: Awaited<ReturnType<LiveFeed['attach']>> | undefined;
        let gone = false;
        const onMessage = (text: string, binary: boolean) => {
          if (!handle) return void early.push({ text, binary });
          if (binary) return handle.refuse(LIVE_CLOSE.unsupportedData, 'text messages only');
          handle.receive(text);
        };
        socket.on('message', (data, isBinary) => onMessage(isBinary ? '' : data.toString(), isBinary));
        socket.on('close', () => {
          gone = true;
          handle?.gone();
        });
        socket.on('error', (error) => request.log.debug({ err: error }, 'live: socket error'));
        void feed
          .attach(
            {
              send: (text) => socket.send(text),
              close: (code, reason) => socket.close(code, reason),
              get bufferedAmount() {
                return socket.bufferedAmount;
              },
            },
            actor,
            request.cookies[SESSION_COOKIE],
          )
          .then((h) => {
            handle = h;
            if (gone) return h.gone();
            for (const m of early.splice(0)) onMessage(m.text, m.binary);
          });
      },
    );
  });
}
