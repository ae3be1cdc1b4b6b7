import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import type { InspectionsModule } from './inspections.module.js';
import { PACKAGE, PLAN, READ } from './inspections.permissions.js';
import { reasonBody } from './inspections.schemas.js';
import {
  createPackageBody,
  createPlanBody,
  expertReviewBody,
  idParams,
  packageList,
  packageQuery,
  packageView,
  planList,
  planPreview,
  planView,
} from './planning.schemas.js';

/** Plans that generate inspections, and service packages of linked inspections. */
export function registerPlanningRoutes(app: HttpServer, module: InspectionsModule): void {
  const tags = ['inspections'];
  const { plans, packages } = module;

  app.post(
    '/api/v1/inspection-plans/preview',
    {
      config: { permission: PLAN },
      schema: {
        summary: 'How many enterprises and inspections a plan would make',
        tags,
        body: createPlanBody,
        response: { 200: planPreview },
      },
    },
    async (request) => plans.preview(request.actor, request.body),
  );

  app.post(
    '/api/v1/inspection-plans',
    {
      config: { permission: PLAN },
      schema: {
        summary: 'Make a plan: one inspection per target enterprise per period',
        description:
          'Targets by criteria (area, trade, hazardous chemicals) within the caller’s mandate for the kind, or named; recurring monthly or quarterly; inspectors only within their mandate.',
        tags,
        body: createPlanBody,
        response: { 201: planView },
      },
    },
    async (request, reply) => reply.status(201).send(await plans.create(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/inspection-plans',
    { config: { permission: READ }, schema: { summary: 'Plans of one’s organisations', tags, response: { 200: planList } } },
    async (request) => plans.list(request.actor),
  );

  app.get(
    '/api/v1/inspection-plans/:id',
    {
      config: { permission: READ },
      schema: { summary: 'One plan with its progress', tags, params: idParams, response: { 200: planView } },
    },
    async (request) => plans.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/inspection-plans/:id/cancel',
    {
      config: { permission: PLAN },
      schema: {
        summary: 'Cancel a plan and its inspections not yet started',
        tags,
        params: idParams,
        body: reasonBody,
        response: { 200: planView },
      },
    },
    async (request) => plans.cancel(requestContext(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/service-packages',
    {
      config: { permission: PACKAGE },
      schema: {
        summary: 'Set up a service package for an enterprise: questionnaire, phone, on-site visit, expert review',
        tags,
        body: createPackageBody,
        response: { 201: packageView },
      },
    },
    async (request, reply) => reply.status(201).send(await packages.create(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/service-packages',
    {
      config: { permission: READ },
      schema: { summary: 'Service packages of one’s organisations', tags, querystring: packageQuery, response: { 200: packageList } },
    },
    async (request) => packages.list(request.actor, request.query.enterpriseId),
  );

  app.get(
    '/api/v1/service-packages/:id',
    {
      config: { permission: READ },
      schema: { summary: 'One service package with its steps', tags, params: idParams, response: { 200: packageView } },
    },
    async (request) => packages.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/service-packages/:id/expert-review',
    {
      config: { permission: PACKAGE },
      schema: {
        summary: 'Record the expert review that closes the package',
        tags,
        params: idParams,
        body: expertReviewBody,
        response: { 200: packageView },
      },
    },
    async (request) => packages.expertReview(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/service-packages/:id/cancel',
    {
      config: { permission: PACKAGE },
      schema: {
        summary: 'Cancel a service package and its open inspections',
        tags,
        params: idParams,
        body: reasonBody,
        response: { 200: packageView },
      },
    },
    async (request) => packages.cancel(requestContext(request), request.params.id, request.body.reason),
  );
}
