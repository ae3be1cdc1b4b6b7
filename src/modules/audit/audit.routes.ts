import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/index.js';
import { auditErrors } from './audit.errors.js';
import { formatHead, parseExpectedHead } from './audit.rules.js';
import { historyPage, historyQuery, publishedHead, verifyQuery, verifyResult } from './audit.schemas.js';
import type { AuditModule } from './audit.usecases.js';

/** Whether the caller may see an object; each module answers for the target types it owns. */
export type TargetVisibility = (actor: FastifyRequest['actor'], target: { type: string; id: string }) => Promise<boolean>;

export function registerAuditRoutes(app: HttpServer, audit: AuditModule, canSee: TargetVisibility): void {
  app.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit.chain.verify' },
      schema: {
        summary: 'Verify the audit chain',
        description:
          'Re-reads every entry, recomputes its SHA-256 over the previous hash, and names the first entry that does not hold. With expect=<seq>:<hash> (a head published earlier), also reports when the chain no longer contains that entry: truncated when its newest entries were removed.',
        tags: ['audit'],
        querystring: verifyQuery,
        response: { 200: verifyResult },
      },
    },
    async (request) => audit.verify(undefined, request.query.expect ? (parseExpectedHead(request.query.expect) ?? undefined) : undefined),
  );

  app.get(
    '/api/v1/audit/head',
    {
      config: { permission: 'audit.head.read' },
      schema: {
        summary: 'The published head of the audit chain',
        description:
          'Open to everyone: the newest entry’s number, hash and time. Anyone may keep it; verify with expect=<seq>:<hash> later shows whether entries up to it were removed.',
        tags: ['audit'],
        response: { 200: publishedHead },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      const head = await audit.head();
      return { ...head, expect: formatHead(head) };
    },
  );

  app.get(
    '/api/v1/audit/history',
    {
      config: { permission: 'audit.history.read' },
      schema: { summary: 'The change history of one object', tags: ['audit'], querystring: historyQuery, response: { 200: historyPage } },
    },
    async (request) => {
      const target = { type: request.query.targetType, id: request.query.targetId };
      if (!(await canSee(request.actor, target))) {
        throw auditErrors.targetNotVisible();
      }
      return { items: await audit.history(target, request.query.limit, request.query.before) };
    },
  );
}
