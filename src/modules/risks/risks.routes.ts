import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import {
  assessBody,
  checkBody,
  checkResult,
  createPointBody,
  duePage,
  dueQuery,
  gradeBody,
  gradeResult,
  idParams,
  mapItems,
  mapQuery,
  measureBody,
  measureView,
  overview,
  overviewQuery,
  pointDetail,
  publishBody,
  reasonBody,
  reference,
  register,
  schemeList,
  schemeQuery,
  schemeView,
  updateMeasureBody,
  updatePointBody,
} from './risks.schemas.js';
import type { RisksModule } from './risks.usecases.js';

export function registerRisksRoutes(app: HttpServer, risks: RisksModule): void {
  const tags = ['risks'];
  const { points, controls, schemes, overview: maps } = risks;

  app.get(
    '/api/v1/risks/reference',
    {
      config: { permission: 'risks.scheme.read' },
      schema: {
        summary: 'Reference lists of the risk register',
        description: 'GB 6441 accident types, GB/T 13861 factor classes, the four levels and colours, measure types and management tiers.',
        tags,
        response: { 200: reference },
      },
    },
    async () => risks.reference(),
  );

  // ---- schemes ----

  app.get(
    '/api/v1/risks/schemes',
    {
      config: { permission: 'risks.scheme.read' },
      schema: {
        summary: 'Assessment scheme versions of an area',
        description:
          'The versions published for the area, the version in force there (its own, an ancestor’s or the national default), and whether the caller may publish.',
        tags,
        querystring: schemeQuery,
        response: { 200: schemeList },
      },
    },
    async (request) => schemes.list(request.actor, request.query.areaId),
  );

  app.get(
    '/api/v1/risks/schemes/:id',
    {
      config: { permission: 'risks.scheme.read' },
      schema: { summary: 'One assessment scheme version', tags, params: idParams, response: { 200: schemeView } },
    },
    async (request) => schemes.get(request.params.id),
  );

  app.post(
    '/api/v1/risks/schemes',
    {
      config: { permission: 'risks.scheme.publish' },
      schema: {
        summary: 'Publish a new scheme version for an area',
        description:
          'LEC tables and bands, LS scales, bands and 5 × 5 matrix, and the control tiers. Bands are explicit intervals that must tile the number line; assessments made before keep the version they used.',
        tags,
        body: publishBody,
        response: { 201: schemeView },
      },
    },
    async (request, reply) => reply.status(201).send(await schemes.publish(requestContext(request), request.body)),
  );

  app.post(
    '/api/v1/risks/schemes/:id/grade',
    {
      config: { permission: 'risks.scheme.read' },
      schema: {
        summary: 'Grade without recording',
        description: 'What an assessment by these methods would give under this scheme version; the stricter level wins. Records nothing.',
        tags,
        params: idParams,
        body: gradeBody,
        response: { 200: gradeResult },
      },
    },
    async (request) => points.preview(request.params.id, request.body),
  );

  // ---- an enterprise's register ----

  app.get(
    '/api/v1/risks/enterprises/:id',
    {
      config: { permission: 'risks.risk_point.read' },
      schema: {
        summary: 'An enterprise’s risk register',
        description: 'Its risk points in force with their latest assessment, control tiers and measures; its highest level and counts.',
        tags,
        params: idParams,
        response: { 200: register },
      },
    },
    async (request) => points.register(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/risks/enterprises/:id/points',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: {
        summary: 'Add a risk point',
        description: 'A place or installation, or an activity, with its location and hazard sources typed by GB 6441 accident type.',
        tags,
        params: idParams,
        body: createPointBody,
        response: { 201: pointDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await points.create(requestContext(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/risks/points/:id',
    {
      config: { permission: 'risks.risk_point.read' },
      schema: {
        summary: 'One risk point',
        description: 'With its assessment history, measures and recent checks: everything its risk notice card shows.',
        tags,
        params: idParams,
        response: { 200: pointDetail },
      },
    },
    async (request) => points.detail(request.actor, request.params.id),
  );

  app.patch(
    '/api/v1/risks/points/:id',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: { summary: 'Change a risk point', tags, params: idParams, body: updatePointBody, response: { 200: pointDetail } },
    },
    async (request) => points.update(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/risks/points/:id/retire',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: {
        summary: 'Retire a risk point',
        description: 'The place is gone or the activity stopped; its measures end with it. Kept for the record.',
        tags,
        params: idParams,
        body: reasonBody,
        response: { 200: pointDetail },
      },
    },
    async (request) => points.retire(requestContext(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/risks/points/:id/assessments',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: {
        summary: 'Assess a risk point',
        description:
          'By LEC, the LS matrix and/or direct determination under the scheme in force for the enterprise; the stricter level wins and becomes the point’s level. The assessment keeps the scheme version.',
        tags,
        params: idParams,
        body: assessBody,
        response: { 201: pointDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await points.assess(requestContext(request), request.params.id, request.body)),
  );

  // ---- control measures and checks ----

  app.post(
    '/api/v1/risks/points/:id/measures',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: {
        summary: 'Add a control measure',
        description: 'Engineering, management, training, protective equipment or emergency; with an owner and a check frequency.',
        tags,
        params: idParams,
        body: measureBody,
        response: { 201: measureView },
      },
    },
    async (request, reply) => reply.status(201).send(await controls.add(requestContext(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/v1/risks/measures/:id',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: { summary: 'Change a control measure', tags, params: idParams, body: updateMeasureBody, response: { 200: measureView } },
    },
    async (request) => controls.update(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/risks/measures/:id/retire',
    {
      config: { permission: 'risks.risk_point.edit' },
      schema: {
        summary: 'Retire a control measure',
        tags,
        params: idParams,
        body: reasonBody,
        response: { 200: measureView.extend({ retired: z.boolean() }) },
      },
    },
    async (request) => controls.retire(requestContext(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/v1/risks/measures/:id/checks',
    {
      config: { permission: 'risks.control_check.record' },
      schema: {
        summary: 'Record a check of a control measure',
        description:
          'Moves the next check on by the measure’s frequency. A failed check is registered as a hazard (source control_check) in the same transaction; the answer names it.',
        tags,
        params: idParams,
        body: checkBody,
        response: { 201: checkResult },
      },
    },
    async (request, reply) => reply.status(201).send(await controls.recordCheck(requestContext(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/risks/checks/due',
    {
      config: { permission: 'risks.risk_point.read' },
      schema: {
        summary: 'Control checks due',
        description: 'Overdue and due within `withinDays`, soonest first: of one enterprise, below an area, or all the caller may read.',
        tags,
        querystring: dueQuery,
        response: { 200: duePage },
      },
    },
    async (request) => controls.due(request.actor, request.query),
  );

  // ---- maps and counts ----

  app.get(
    '/api/v1/risks/map',
    {
      config: { permission: 'risks.map.read' },
      schema: {
        summary: 'The four-colour risk map of enterprises',
        description:
          'Each located enterprise the caller may see with its highest current level (null: not assessed) and risk points per level.',
        tags,
        querystring: mapQuery,
        response: { 200: mapItems },
      },
    },
    async (request) => maps.map(request.actor, request.query),
  );

  app.get(
    '/api/v1/risks/overview',
    {
      config: { permission: 'risks.map.read' },
      schema: {
        summary: 'Risk counts of an area',
        description:
          'Enterprises by their highest level and risk points by level, in all and per child area, with control checks overdue and due within 7 days. For the dashboard.',
        tags,
        querystring: overviewQuery,
        response: { 200: overview },
      },
    },
    async (request) => maps.overview(request.actor, request.query),
  );
}
