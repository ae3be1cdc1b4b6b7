import { z } from 'zod';
import type { HttpServer } from './server.js';

export interface SystemProbe {
  /** Database answers and every migration the code knows is applied. */
  readiness(): Promise<{ database: boolean; pendingMigrations: number }>;
}

export interface PublicSettings {
  version: string;
  map: { tileUrl: string | null; attribution: string | null; crs: 'WGS84' | 'GCJ02' };
}

const publicSettings = z.object({
  version: z.string(),
  map: z.object({
    tileUrl: z.string().nullable().describe('Basemap tile URL template; null means no basemap and no outside requests.'),
    attribution: z.string().nullable(),
    crs: z.enum(['WGS84', 'GCJ02']).describe('Coordinate system of the tiles; GeoJSON is converted for display when GCJ02.'),
  }),
});

/** Liveness, readiness and the settings the web app needs before sign-in. */
export function registerSystemRoutes(app: HttpServer, probe: SystemProbe, settings: PublicSettings): void {
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: { summary: 'Liveness: the process answers', tags: ['platform'], response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Readiness: the database answers and migrations are applied',
        tags: ['platform'],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.literal('up'), pendingMigrations: z.literal(0) }),
          503: z.object({ status: z.literal('not_ready'), database: z.enum(['up', 'down']), pendingMigrations: z.number().int() }),
        },
      },
    },
    async (_request, reply) => {
      const state = await probe.readiness();
      if (state.database && state.pendingMigrations === 0)
        return { status: 'ready' as const, database: 'up' as const, pendingMigrations: 0 as const };
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({
          status: 'not_ready' as const,
          database: state.database ? ('up' as const) : ('down' as const),
          pendingMigrations: state.pendingMigrations,
        });
    },
  );

  app.get(
    '/api/v1/config/public',
    {
      config: { permission: 'public' },
      schema: { summary: 'Settings the web app needs before sign-in', tags: ['platform'], response: { 200: publicSettings } },
    },
    async () => settings,
  );
}
