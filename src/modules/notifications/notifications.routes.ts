import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { idParams, listQuery, markedView, notificationPage } from './notifications.schemas.js';
import type { NotificationsModule } from './notifications.usecases.js';

export function registerNotificationRoutes(app: HttpServer, notifications: NotificationsModule): void {
  const tags = ['notifications'];
  app.get(
    '/api/v1/notifications',
    {
      config: { permission: 'signed-in' },
      schema: { summary: 'My notifications, newest first', tags, querystring: listQuery, response: { 200: notificationPage } },
    },
    async (request) => notifications.list(request.actor, request.query),
  );
  app.post(
    '/api/v1/notifications/read-all',
    { config: { permission: 'signed-in' }, schema: { summary: 'Mark all my notifications read', tags, response: { 200: markedView } } },
    async (request) => ({ marked: await notifications.markAllRead(request.actor) }),
  );
  app.post(
    '/api/v1/notifications/:id/read',
    {
      config: { permission: 'signed-in' },
      schema: {
        summary: 'Mark one notification read',
        tags,
        params: idParams,
        response: { 204: z.null().describe('Marked read for the caller.') },
      },
    },
    async (request, reply) => {
      await notifications.markRead(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
