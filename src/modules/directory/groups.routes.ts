import type { HttpServer } from '../../platform/http/index.js';
import { type AccessModule, requestContext } from '../access/index.js';
import type { DirectoryModule } from './directory.usecases.js';
import { candidateList, candidateQuery, groupList, groupMemberList, groupMemberParams, groupParams, memberBody } from './groups.schemas.js';

/** Mutual-aid groups: reading them, and changing their members and lead enterprise. */
export function registerGroupRoutes(app: HttpServer, directory: DirectoryModule, access: Pick<AccessModule, 'scope'>): void {
  const tags = ['directory'];

  app.get(
    '/api/v1/groups',
    {
      config: { permission: 'directory.group.read' },
      schema: { summary: 'Mutual-aid groups, with what the caller may do with each', tags, response: { 200: groupList } },
    },
    async (request) => ({ items: await directory.groups(access, request.actor) }),
  );

  app.get(
    '/api/v1/groups/:id/members',
    {
      config: { permission: 'directory.group.read' },
      schema: { summary: 'The member enterprises of a mutual-aid group', tags, params: groupParams, response: { 200: groupMemberList } },
    },
    async (request) => ({ items: await directory.groupMembers(access, request.actor, request.params.id) }),
  );

  app.get(
    '/api/v1/groups/:id/candidates',
    {
      config: { permission: 'directory.group.manage_members' },
      schema: {
        summary: 'Enterprises that may join a mutual-aid group',
        description: 'Enterprises of the group’s area that are not members yet, by name or credit code.',
        tags,
        params: groupParams,
        querystring: candidateQuery,
        response: { 200: candidateList },
      },
    },
    async (request) => ({
      items: await directory.memberCandidates(access, request.actor, request.params.id, request.query.q, request.query.limit),
    }),
  );

  app.post(
    '/api/v1/groups/:id/members',
    {
      config: { permission: 'directory.group.manage_members' },
      schema: {
        summary: 'Add a member enterprise to a mutual-aid group',
        description: 'The enterprise must lie in the group’s area. Answers with the members after the change.',
        tags,
        params: groupParams,
        body: memberBody,
        response: { 201: groupMemberList },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await directory.addMember(requestContext(request), access, request.params.id, request.body.enterpriseId)),
  );

  app.delete(
    '/api/v1/groups/:id/members/:enterpriseId',
    {
      config: { permission: 'directory.group.manage_members' },
      schema: {
        summary: 'Remove a member enterprise from a mutual-aid group',
        description:
          'The lead enterprise cannot be removed; make another member the lead first. Answers with the members after the change.',
        tags,
        params: groupMemberParams,
        response: { 200: groupMemberList },
      },
    },
    async (request) => directory.removeMember(requestContext(request), access, request.params.id, request.params.enterpriseId),
  );

  app.put(
    '/api/v1/groups/:id/lead',
    {
      config: { permission: 'directory.group.set_lead' },
      schema: {
        summary: 'Make a member the lead enterprise of a mutual-aid group',
        tags,
        params: groupParams,
        body: memberBody,
        response: { 200: groupMemberList },
      },
    },
    async (request) => directory.setLead(requestContext(request), access, request.params.id, request.body.enterpriseId),
  );
}
