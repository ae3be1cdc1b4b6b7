import type { FastifyRequest } from 'fastify';
import { AppError, type HttpServer } from '../../platform/http/index.js';
import { historyPage, historyQuery, verifyResult } from './audit.schemas.js';
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
        description: 'Re-reads every entry, recomputes its SHA-256 over the previous hash, and names the first entry that does not hold.',
        tags: ['audit'],
        response: { 200: verifyResult },
      },
    },
    async () => audit.verify(),
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
        throw new AppError({ code: 'not_found', status: 404, title: 'Not found', detail: 'No such object that you may see.' });
      }
      return { items: await audit.history(target, request.query.limit, request.query.before) };
    },
  );
}
