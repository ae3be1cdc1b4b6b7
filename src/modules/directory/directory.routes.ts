import type { HttpServer } from '../../platform/http/index.js';
import type { AccessModule } from '../access/index.js';
import { areaFeatureCollection, directorySummary, enterprisePage, enterpriseQuery, organisationList } from './directory.schemas.js';
import type { DirectoryModule } from './directory.usecases.js';

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
}
