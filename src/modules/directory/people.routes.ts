import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import { personCreateBody, personPage, personParams, personQuery, personRevealed, personUpdateBody, personView } from './people.schemas.js';
import type { PeopleModule } from './people.usecases.js';

export function registerPeopleRoutes(app: HttpServer, people: PeopleModule): void {
  const tags = ['directory'];

  app.get(
    '/api/v1/people',
    {
      config: { permission: 'directory.person.list' },
      schema: {
        summary: 'People the caller may see, with ID and phone numbers masked',
        description: 'Regulators see everyone; an enterprise principal the people holding grants in their own enterprise.',
        tags,
        querystring: personQuery,
        response: { 200: personPage },
      },
    },
    async (request) => people.list(requestContext(request), request.query),
  );

  app.post(
    '/api/v1/people',
    {
      config: { permission: 'directory.person.create' },
      schema: {
        summary: 'Register a person',
        description: 'ID and phone numbers are validated, stored encrypted, and refused when the ID number is already registered.',
        tags,
        body: personCreateBody,
        response: { 201: personView },
      },
    },
    async (request, reply) => reply.status(201).send(await people.create(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/people/:id',
    {
      config: { permission: 'directory.person.list' },
      schema: { summary: 'One person, with ID and phone numbers masked', tags, params: personParams, response: { 200: personView } },
    },
    async (request) => people.get(requestContext(request), request.params.id),
  );

  app.patch(
    '/api/v1/people/:id',
    {
      config: { permission: 'directory.person.update' },
      schema: { summary: 'Change a person’s details', tags, params: personParams, body: personUpdateBody, response: { 200: personView } },
    },
    async (request) => people.update(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/people/:id/reveal',
    {
      config: { permission: 'directory.person.reveal' },
      schema: {
        summary: 'See a person’s whole ID and phone numbers',
        description: 'A POST because it writes: the view is recorded in the audit trail before the numbers are returned.',
        tags,
        params: personParams,
        response: { 200: personRevealed },
      },
    },
    async (request, reply) => {
      const revealed = await people.reveal(requestContext(request), request.params.id);
      reply.header('cache-control', 'no-store');
      return revealed;
    },
  );
}
