import { z } from 'zod';
import type { HttpServer } from '../../platform/http/index.js';
import { type AccessModule, requestContext } from '../access/index.js';
import {
  areaFeatureCollection,
  areaParams,
  areaTree,
  boundaryBody,
  boundaryResult,
  createEnterpriseBody,
  directorySummary,
  editEnterpriseBody,
  enterpriseDetail,
  enterprisePage,
  enterpriseParams,
  enterpriseQuery,
  exportQuery,
  organisationChoices,
  organisationList,
  organisationQuery,
  organisationRecord,
} from './directory.schemas.js';
import type { DirectoryModule } from './directory.usecases.js';
import { registerGroupRoutes } from './groups.routes.js';

export function registerDirectoryRoutes(app: HttpServer, directory: DirectoryModule, access: Pick<AccessModule, 'scope'>): void {
  app.get(
    '/api/v1/areas/geojson',
    {
      config: { permission: 'directory.area.read' },
      schema: { summary: 'Areas of the jurisdiction as GeoJSON', tags: ['directory'], response: { 200: areaFeatureCollection } },
    },
    async (_request, reply) => {
      reply.type('application/geo+json; charset=utf-8');
      return directory.areasGeoJson();
    },
  );

  app.get(
    '/api/v1/areas/tree',
    {
      config: { permission: 'directory.area.read' },
      schema: {
        summary: 'The jurisdiction tree with the number of enterprises under each area',
        description: 'Every area with its administrative code and parent, ordered by code; boundaries are at /api/v1/areas/geojson.',
        tags: ['directory'],
        response: { 200: areaTree },
      },
    },
    async () => directory.areaTree(),
  );

  app.get(
    '/api/v1/directory/summary',
    {
      config: { permission: 'directory.area.read' },
      schema: { summary: 'Totals of areas, enterprises and organisations', tags: ['directory'], response: { 200: directorySummary } },
    },
    async () => directory.summary(),
  );

  app.get(
    '/api/v1/enterprises',
    {
      config: { permission: 'directory.enterprise.list' },
      schema: {
        summary: 'Enterprises the caller governs',
        description: 'Only enterprises below the areas of the caller’s grants are returned.',
        tags: ['directory'],
        querystring: enterpriseQuery,
        response: { 200: enterprisePage },
      },
    },
    async (request) => directory.listEnterprises(access, request.actor, request.query),
  );

  app.get(
    '/api/v1/organisations/mine',
    {
      config: { permission: 'directory.organisation.read_own' },
      schema: { summary: 'The organisations the caller works for', tags: ['directory'], response: { 200: organisationList } },
    },
    async (request) => ({ items: await directory.myOrganisations(request.actor) }),
  );

  app.get(
    '/api/v1/enterprises/export.csv',
    {
      config: { permission: 'directory.enterprise.list' },
      schema: {
        summary: 'Export the enterprises the caller governs, as CSV',
        description: 'UTF-8 with a byte-order mark so that Excel shows the Chinese correctly; the same filters as the list.',
        tags: ['directory'],
        querystring: exportQuery,
        response: { 200: z.string() },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="enterprises.csv"')
        .send(await directory.exportEnterprises(access, request.actor, request.query)),
  );

  app.put(
    '/api/v1/areas/:id/boundary',
    {
      config: { permission: 'directory.area.edit' },
      schema: {
        summary: 'Redraw an area’s boundary',
        description:
          'Enterprises with a location under the area’s parent are re-placed in the area that now holds them, in the same transaction.',
        tags: ['directory'],
        params: areaParams,
        body: boundaryBody,
        response: { 200: boundaryResult },
      },
    },
    async (request) => directory.setBoundary(requestContext(request), access, request.params.id, request.body.boundary),
  );

  app.post(
    '/api/v1/enterprises',
    {
      config: { permission: 'directory.enterprise.create' },
      schema: {
        summary: 'Register an enterprise',
        description: 'The credit code is checked per GB 32100 and must be new; the grid is found from the location.',
        tags: ['directory'],
        body: createEnterpriseBody,
        response: { 201: enterpriseDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await directory.createEnterprise(requestContext(request), access, request.body)),
  );

  app.patch(
    '/api/v1/enterprises/:id',
    {
      config: { permission: 'directory.enterprise.edit' },
      schema: {
        summary: 'Change an enterprise’s register record',
        description:
          'For regulators over the enterprise’s area. Fields left out stay as they are; null clears one. A new location re-places the enterprise in the grid that holds it, which must lie in the caller’s area. The changed fields are audited before and after.',
        tags: ['directory'],
        params: enterpriseParams,
        body: editEnterpriseBody,
        response: { 200: enterpriseDetail },
      },
    },
    async (request) => directory.editEnterprise(requestContext(request), access, request.params.id, request.body),
  );

  app.get(
    '/api/v1/organisations',
    {
      config: { permission: 'directory.organisation.list' },
      schema: {
        summary: 'Search organisations by kind and name',
        tags: ['directory'],
        querystring: organisationQuery,
        response: { 200: organisationChoices },
      },
    },
    async (request) => ({ items: await directory.searchOrganisations(request.query) }),
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      config: { permission: 'directory.organisation.read_own' },
      schema: {
        summary: 'One organisation’s register record',
        description: 'For its own people, for regulators whose area holds it, and for providers with an entrustment in force over it.',
        tags: ['directory'],
        params: areaParams,
        response: { 200: organisationRecord },
      },
    },
    async (request) => directory.organisation(access, request.actor, request.params.id),
  );

  registerGroupRoutes(app, directory, access);
}
