import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import { createBody, idParams, listQuery, trackQuery, trackView, vehiclePage, vehicleView } from './vehicles.schemas.js';
import type { VehiclesModule } from './vehicles.usecases.js';

export function registerVehiclesRoutes(app: HttpServer, vehicles: VehiclesModule): void {
  const tags = ['vehicles'];

  app.get(
    '/api/v1/vehicles',
    {
      config: { permission: 'vehicles.vehicle.list' },
      schema: {
        summary: 'Vehicles one governs, monitors or operates',
        description:
          'Regulators see the vehicles of enterprises in their area, monitoring providers those they are entrusted with, enterprises their own.',
        tags,
        querystring: listQuery,
        response: { 200: vehiclePage },
      },
    },
    async (request) => vehicles.list(request.actor, request.query),
  );

  app.post(
    '/api/v1/vehicles',
    {
      config: { permission: 'vehicles.vehicle.create' },
      schema: {
        summary: 'Register a vehicle and its terminal',
        description: 'Only a terminal whose number is registered here may register over JT/T 808 (0x0100).',
        tags,
        body: createBody,
        response: { 201: vehicleView },
      },
    },
    async (request, reply) => reply.status(201).send(await vehicles.create(requestContext(request), request.body)),
  );

  app.get(
    '/api/v1/vehicles/:id',
    {
      config: { permission: 'vehicles.vehicle.list' },
      schema: { summary: 'One vehicle with its terminal and newest position', tags, params: idParams, response: { 200: vehicleView } },
    },
    async (request) => vehicles.get(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/vehicles/:id/track',
    {
      config: { permission: 'vehicles.track.read' },
      schema: {
        summary: 'A vehicle’s track over a time range',
        description: 'Stored positions by terminal time, oldest first, at most 31 days at a time.',
        tags,
        params: idParams,
        querystring: trackQuery,
        response: { 200: trackView },
      },
    },
    async (request) => vehicles.track(request.actor, request.params.id, request.query),
  );
}
