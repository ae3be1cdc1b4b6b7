import type { HttpServer } from '../../platform/http/index.js';
import type { AccessModule } from '../access/index.js';
import { requestContext } from '../access/index.js';
import {
  codeParams,
  createBody,
  entrustmentDetail,
  entrustmentList,
  entrustmentPage,
  idParams,
  listQuery,
  optionalReasonBody,
  providerList,
  reasonBody,
  verification,
  verifyQuery,
} from './entrustment.schemas.js';
import type { EntrustmentModule } from './entrustment.usecases.js';

export function registerEntrustmentRoutes(app: HttpServer, entrustments: EntrustmentModule, access: Pick<AccessModule, 'scope'>): void {
  const tags = ['entrustment'];

  app.get(
    '/api/v1/providers',
    {
      config: { permission: 'entrustment.entrustment.create' },
      schema: { summary: 'Service providers one may entrust', tags, response: { 200: providerList } },
    },
    async () => ({ items: await entrustments.providers() }),
  );

  app.post(
    '/api/v1/entrustments',
    {
      config: { permission: 'entrustment.entrustment.create' },
      schema: {
        summary: 'Entrust a service provider',
        description:
          'Over named enterprises or a whole area, all within the area the caller governs; the provider’s staff hold the granted permissions over them only while the entrustment is in force.',
        tags,
        body: createBody,
        response: { 201: entrustmentDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await entrustments.create(requestContext(request), access, request.body)),
  );

  app.get(
    '/api/v1/entrustments',
    {
      config: { permission: 'entrustment.entrustment.read' },
      schema: {
        summary: 'Entrustments one’s organisation issued or holds',
        tags,
        querystring: listQuery,
        response: { 200: entrustmentPage },
      },
    },
    async (request) => entrustments.list(request.actor, request.query),
  );

  app.get(
    '/api/v1/entrustments/covering-me',
    {
      config: { permission: 'entrustment.entrustment.read_own' },
      schema: { summary: 'Who is entrusted to inspect my enterprise', tags, response: { 200: entrustmentList } },
    },
    async (request) => ({ items: await entrustments.coveringMe(request.actor) }),
  );

  app.get(
    '/api/v1/entrustments/verify/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Verify an entrustment by its code',
        description: 'Public: shows who entrusted whom, for what, until when; with creditCode, whether that enterprise is covered.',
        tags,
        params: codeParams,
        querystring: verifyQuery,
        response: { 200: verification },
      },
    },
    async (request) => entrustments.verify(request.params.code, request.query.creditCode),
  );

  app.get(
    '/api/v1/entrustments/:id',
    {
      config: { permission: 'entrustment.entrustment.read' },
      schema: { summary: 'One entrustment with the enterprises it covers', tags, params: idParams, response: { 200: entrustmentDetail } },
    },
    async (request) => entrustments.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/entrustments/:id/suspend',
    {
      config: { permission: 'entrustment.entrustment.suspend' },
      schema: { summary: 'Suspend an entrustment', tags, params: idParams, body: reasonBody, response: { 200: entrustmentDetail } },
    },
    async (request) => entrustments.change(requestContext(request), request.params.id, 'suspend', request.body.reason),
  );

  app.post(
    '/api/v1/entrustments/:id/resume',
    {
      config: { permission: 'entrustment.entrustment.suspend' },
      schema: {
        summary: 'Resume a suspended entrustment',
        tags,
        params: idParams,
        body: optionalReasonBody,
        response: { 200: entrustmentDetail },
      },
    },
    async (request) => entrustments.change(requestContext(request), request.params.id, 'resume', request.body.reason ?? null),
  );

  app.post(
    '/api/v1/entrustments/:id/end',
    {
      config: { permission: 'entrustment.entrustment.end' },
      schema: { summary: 'End an entrustment early', tags, params: idParams, body: reasonBody, response: { 200: entrustmentDetail } },
    },
    async (request) => entrustments.change(requestContext(request), request.params.id, 'end', request.body.reason),
  );
}
