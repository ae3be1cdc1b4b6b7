import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import {
  codeParams,
  confirmed,
  feedQuery,
  listQuery,
  publicDetail,
  publicFilters,
  publicMap,
  publicPage,
  publicQuery,
  subscribeBody,
  subscribed,
  tokenBody,
  unsubscribed,
} from './feeds.schemas.js';
import type { PublicQuery, PublicReports } from './feeds.usecases.js';
import type { Subscriptions } from './subscriptions.usecases.js';

/** Paths of the feeds (beside, not under, /public/reports/:token, the reporter's private tracking page). */
export const FEED_PATHS = { rss: '/api/v1/public/feeds/reports.rss', atom: '/api/v1/public/feeds/reports.atom' } as const;
const FEED_TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8' } as const;

/** A CST calendar day as the instant it begins. */
const cstDay = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000);

function toQuery(q: z.infer<typeof publicQuery>): PublicQuery {
  return {
    area: q.area,
    category: q.category,
    state: q.state,
    from: q.from ? cstDay(q.from) : undefined,
    to: q.to ? cstDay(q.to, 1) : undefined,
  };
}

export function registerReportFeedsRoutes(
  app: HttpServer,
  modules: { publicReports: PublicReports; subscriptions: Subscriptions },
  options: { publicUrl?: string | undefined } = {},
): void {
  const { publicReports, subscriptions } = modules;
  const tags = ['reports'];
  const siteOf = (request: FastifyRequest) => (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');

  app.get(
    '/api/v1/public/report-filters',
    {
      config: { permission: 'public' },
      schema: { summary: 'What the public list of reports can be filtered by', tags, response: { 200: publicFilters } },
    },
    async () => publicReports.filters(),
  );

  app.get(
    '/api/v1/public/report-list',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The public list of reports',
        description: 'Newest first. No reporter, no tracking token, no hidden text or photo; places rounded to about 10 m.',
        tags,
        querystring: listQuery,
        response: { 200: publicPage },
      },
    },
    async (request) => {
      const { limit, offset, ...q } = request.query;
      return publicReports.list(toQuery(q), { limit, offset });
    },
  );

  app.get(
    '/api/v1/public/report-map',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Reports on the public map',
        description: 'The newest 2,000 located reports under the filters, each a rounded point with its category and state.',
        tags,
        querystring: publicQuery,
        response: { 200: publicMap },
      },
    },
    async (request) => publicReports.map(toQuery(request.query)),
  );

  app.get(
    '/api/v1/public/report-list/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'One report, by its public code',
        description: 'What the public list shows, with the public history and the photos not hidden by moderation.',
        tags,
        params: codeParams,
        response: { 200: publicDetail },
      },
    },
    async (request) => publicReports.byCode(request.params.code),
  );

  for (const format of ['rss', 'atom'] as const)
    app.get(
      FEED_PATHS[format],
      {
        config: { permission: 'public' },
        schema: {
          summary: format === 'rss' ? 'Reports as an RSS 2.0 feed' : 'Reports as an Atom 1.0 feed',
          description:
            'The 50 most recently changed reports under the filters (area, category, state, from, to), UTF-8. Each entry links to the report’s public page by its code.',
          tags,
          querystring: feedQuery,
          response: { 200: z.string().describe(format === 'rss' ? 'application/rss+xml' : 'application/atom+xml') },
        },
      },
      async (request, reply) => {
        const { lang, ...q } = request.query;
        const site = siteOf(request);
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(request.query as Record<string, unknown>))
          if (v !== undefined) search.set(k, Array.isArray(v) ? v.join(',') : String(v));
        const qs = search.toString() ? `?${search.toString()}` : '';
        const body = await publicReports.feed(format, toQuery(q), {
          site,
          self: `${site}${FEED_PATHS[format]}${qs}`,
          alternate: `${site}/reports/public${qs}`,
          locale: lang,
        });
        return reply.type(FEED_TYPES[format]).header('cache-control', 'public, max-age=300').send(body);
      },
    );

  app.post(
    '/api/v1/public/subscriptions',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Subscribe to e-mail updates on reports',
        description:
          'By area and/or category. A confirmation mail with a link goes to the address; nothing else is sent until it is opened. Every mail carries a one-click unsubscribe link. Throttled per e-mail address and per network address: 429 with Retry-After.',
        tags,
        body: subscribeBody,
        response: { 202: subscribed },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await subscriptions.subscribe(
            requestContext(request),
            { email: request.body.email, areaId: request.body.areaId, category: request.body.category },
            siteOf(request),
          ),
        ),
  );

  app.post(
    '/api/v1/public/subscriptions/confirm',
    {
      config: { permission: 'public' },
      schema: { summary: 'Confirm an e-mail subscription (double opt-in)', tags, body: tokenBody, response: { 200: confirmed } },
    },
    async (request) => subscriptions.confirm(requestContext(request), request.body.token),
  );

  app.post(
    '/api/v1/public/subscriptions/unsubscribe',
    {
      config: { permission: 'public' },
      schema: { summary: 'Stop an e-mail subscription', tags, body: tokenBody, response: { 200: unsubscribed } },
    },
    async (request) => subscriptions.unsubscribe(requestContext(request), request.body.token),
  );
}
