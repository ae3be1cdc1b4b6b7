import type { HttpServer } from '../../platform/http/index.js';
import { personContext, requestContext } from '../access/index.js';
import { authorise, LOG, MANAGE, RANKING, READ } from './volunteers.deps.js';
import {
  applicationList,
  applicationParams,
  applicationQuery,
  applicationView,
  applied,
  applyBody,
  approveBody,
  areaPatrolList,
  areaPatrolQuery,
  catalogue,
  declineBody,
  hoursBody,
  hoursRecorded,
  listQuery,
  mine,
  myReports,
  patrolBody,
  patrolCreated,
  periodQuery,
  personParams,
  pointsRule,
  ranking,
  rankingQuery,
  registerBody,
  reportBody,
  reportFiled,
  statusBody,
  volunteerList,
  volunteerProfile,
} from './volunteers.schemas.js';
import type { VolunteersModule } from './volunteers.usecases.js';

export function registerVolunteersRoutes(app: HttpServer, volunteers: VolunteersModule): void {
  const tags = ['volunteers'];

  app.get(
    '/api/v1/public/volunteers/catalogue',
    {
      config: { permission: 'public' },
      schema: { summary: 'Skills and the communities and grids one may serve', tags, response: { 200: catalogue } },
    },
    async () => volunteers.catalogue(),
  );

  app.get(
    '/api/v1/public/volunteers/points-rule',
    {
      config: { permission: 'public' },
      schema: { summary: 'The published points rule', tags, response: { 200: pointsRule } },
    },
    async () => volunteers.rule(),
  );

  app.post(
    '/api/v1/public/volunteer-applications',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Apply to volunteer (no account needed)',
        description:
          'The phone number is stored encrypted. At most five applications an hour from one network address (429 with Retry-After).',
        tags,
        body: applyBody,
        response: { 201: applied },
      },
    },
    async (request, reply) => reply.status(201).send(await volunteers.apply(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/volunteers/applications',
    {
      config: { permission: READ },
      schema: { summary: 'Applications to your area', tags, querystring: applicationQuery, response: { 200: applicationList } },
    },
    async (request) => volunteers.applications(request.actor, request.query),
  );

  app.post(
    '/api/v1/volunteers/applications/:id/approve',
    {
      config: { permission: MANAGE },
      schema: {
        summary: 'Approve an application',
        description:
          'Registers the applicant in the directory (or links the person with the same name and phone, or the one named), grants the volunteer role in the community, and writes the profile.',
        tags,
        params: applicationParams,
        body: approveBody,
        response: { 200: volunteerProfile },
      },
    },
    async (request) => volunteers.approve(personContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/volunteers/applications/:id/decline',
    {
      config: { permission: MANAGE },
      schema: {
        summary: 'Decline an application with a reason',
        tags,
        params: applicationParams,
        body: declineBody,
        response: { 200: applicationView },
      },
    },
    async (request) => volunteers.decline(personContext(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/v1/volunteers',
    {
      config: { permission: READ },
      schema: {
        summary: 'Volunteers and grid workers in your area',
        description: 'With each one’s hours and points over the period.',
        tags,
        querystring: listQuery,
        response: { 200: volunteerList },
      },
    },
    async (request) => volunteers.list(request.actor, request.query),
  );

  app.post(
    '/api/v1/volunteers',
    {
      config: { permission: MANAGE },
      schema: { summary: 'Register a volunteer or grid worker directly', tags, body: registerBody, response: { 201: volunteerProfile } },
    },
    async (request, reply) => reply.status(201).send(await volunteers.register(personContext(request), request.body)),
  );

  app.get(
    '/api/v1/volunteers/me',
    {
      config: { permission: LOG },
      schema: { summary: 'My hours, points and patrols', tags, querystring: periodQuery, response: { 200: mine } },
    },
    async (request) => volunteers.me(request.actor, request.query),
  );

  app.post(
    '/api/v1/volunteers/me/patrols',
    {
      config: { permission: LOG },
      schema: {
        summary: 'Log a patrol',
        description:
          'Ends after it starts, lasts at most 12 hours, lies not in the future and overlaps none of your other patrols (422 naming the field).',
        tags,
        body: patrolBody,
        response: { 201: patrolCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await volunteers.logPatrol(requestContext(request), request.body)),
  );

  app.post(
    '/api/v1/volunteers/me/reports',
    {
      config: { permission: LOG },
      schema: {
        summary: 'File a report as a volunteer',
        description:
          'Goes into the public reports intake (routed, throttled) as a named report and is linked to you for points once verified.',
        tags,
        body: reportBody,
        response: { 201: reportFiled },
      },
    },
    async (request, reply) => reply.status(201).send(await volunteers.fileReport(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/volunteers/me/reports',
    {
      config: { permission: LOG },
      schema: { summary: 'The reports I filed as a volunteer, with their points', tags, response: { 200: myReports } },
    },
    async (request) => volunteers.myReports(request.actor),
  );

  app.get(
    '/api/v1/volunteers/patrols',
    {
      config: { permission: READ },
      schema: { summary: 'Patrols in your area', tags, querystring: areaPatrolQuery, response: { 200: areaPatrolList } },
    },
    async (request) => volunteers.areaPatrols(request.actor, request.query),
  );

  app.get(
    '/api/v1/volunteers/ranking',
    {
      config: { permission: RANKING },
      schema: {
        summary: 'A community’s volunteer ranking',
        description: 'Points, hours, verified reports and patrols over the period; ties broken by hours, reports, patrols, then name.',
        tags,
        querystring: rankingQuery,
        response: { 200: ranking },
      },
    },
    async (request) => volunteers.ranking(request.actor, request.query),
  );

  app.get(
    '/api/v1/volunteers/:id',
    {
      config: { permission: READ },
      schema: { summary: 'A volunteer with this year’s figures', tags, params: personParams, response: { 200: volunteerProfile } },
    },
    async (request) => volunteers.profile(authorise(request.actor, READ), request.params.id),
  );

  app.post(
    '/api/v1/volunteers/:id/status',
    {
      config: { permission: MANAGE },
      schema: {
        summary: 'Suspend or reinstate a volunteer',
        tags,
        params: personParams,
        body: statusBody,
        response: { 200: volunteerProfile },
      },
    },
    async (request) => volunteers.setStatus(personContext(request), request.params.id, request.body.status, request.body.reason),
  );

  app.post(
    '/api/v1/volunteers/:id/hours',
    {
      config: { permission: MANAGE },
      schema: {
        summary: 'Record work or training hours',
        tags,
        params: personParams,
        body: hoursBody,
        response: { 201: hoursRecorded },
      },
    },
    async (request, reply) => reply.status(201).send(await volunteers.recordHours(personContext(request), request.params.id, request.body)),
  );
}
