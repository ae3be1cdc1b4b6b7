import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from './access.routes.js';
import { accountView, createAccountBody, createGrantBody, endGrantBody, grantList, grantView, personParams } from './grants.schemas.js';
import type { GrantsModule } from './grants.usecases.js';

export function registerGrantRoutes(app: HttpServer, grants: GrantsModule): void {
  const tags = ['access'];
  app.get(
    '/api/v1/people/:id/grants',
    {
      config: { permission: 'access.grant.read' },
      schema: { summary: 'The roles a person holds or held', tags, params: personParams, response: { 200: grantList } },
    },
    async (request) => ({ items: await grants.list(requestContext(request), request.params.id) }),
  );
  app.post(
    '/api/v1/people/:id/grants',
    {
      config: { permission: 'access.grant.create' },
      schema: {
        summary: 'Assign a role',
        description:
          'The organisation must be of the kind the role is held in; area-scoped roles need an area; both inside the caller’s area.',
        tags,
        params: personParams,
        body: createGrantBody,
        response: { 201: grantView },
      },
    },
    async (request, reply) => reply.status(201).send(await grants.assign(requestContext(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/grants/:id/end',
    {
      config: { permission: 'access.grant.end' },
      schema: { summary: 'End a role now', tags, params: personParams, body: endGrantBody, response: { 200: grantView } },
    },
    async (request) => grants.end(requestContext(request), request.params.id, request.body.reason),
  );
  app.get(
    '/api/v1/people/:id/account',
    {
      config: { permission: 'access.grant.read' },
      schema: { summary: 'A person’s sign-in account', tags, params: personParams, response: { 200: accountView } },
    },
    async (request) => grants.account(request.params.id),
  );
  app.post(
    '/api/v1/people/:id/account',
    {
      config: { permission: 'access.account.create' },
      schema: {
        summary: 'Open a sign-in account for a person',
        tags,
        params: personParams,
        body: createAccountBody,
        response: { 201: accountView },
      },
    },
    async (request, reply) => reply.status(201).send(await grants.openAccount(requestContext(request), request.params.id, request.body)),
  );
}
