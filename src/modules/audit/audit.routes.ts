import type { HttpServer } from '../../platform/http/index.js';
import { historyPage, historyQuery, verifyResult } from './audit.schemas.js';
import type { AuditModule } from './audit.usecases.js';

export function registerAuditRoutes(app: HttpServer, audit: AuditModule): void {
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
    async (request) => ({
      items: await audit.history({ type: request.query.targetType, id: request.query.targetId }, request.query.limit, request.query.before),
    }),
  );
}
