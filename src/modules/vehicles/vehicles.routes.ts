import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import {
  createBody,
  createDriverBody,
  driverListQuery,
  driverPage,
  driverView,
  idParams,
  listQuery,
  routeList,
  trackQuery,
  trackView,
  updateBody,
  updateDriverBody,
  vehiclePage,
  vehicleView,
} from './vehicles.schemas.js';
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

  app.patch(
    '/api/v1/vehicles/:id',
    {
      config: { permission: 'vehicles.vehicle.update' },
      schema: {
        summary: 'Change a vehicle’s drivers, approved route, relay exemption or SIM',
        description:
          'Only the fields given change, and only those that differ are recorded. The rule engine picks the change up without a restart.',
        tags,
        params: idParams,
        body: updateBody,
        response: { 200: vehicleView },
      },
    },
    async (request) => vehicles.update(requestContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/vehicles/routes',
    {
      config: { permission: 'vehicles.vehicle.update' },
      schema: { summary: 'The approved routes a vehicle may be given', tags, response: { 200: routeList } },
    },
    async (request) => vehicles.routes(request.actor),
  );

  app.get(
    '/api/v1/vehicles/drivers',
    {
      config: { permission: 'vehicles.vehicle.list' },
      schema: {
        summary: 'Drivers of the enterprises one governs, monitors or works for',
        description: 'Seen as the vehicles are: regulators their area, monitoring providers under entrustment, enterprises their own.',
        tags,
        querystring: driverListQuery,
        response: { 200: driverPage },
      },
    },
    async (request) => vehicles.drivers.list(request.actor, request.query),
  );

  app.post(
    '/api/v1/vehicles/drivers',
    {
      config: { permission: 'vehicles.driver.manage' },
      schema: {
        summary: 'Register a driver',
        description: 'The qualification certificate number (从业资格证号) is unique: it is what the terminal reads from the IC card.',
        tags,
        body: createDriverBody,
        response: { 201: driverView },
      },
    },
    async (request, reply) => reply.status(201).send(await vehicles.drivers.create(requestContext(request), request.body)),
  );

  app.patch(
    '/api/v1/vehicles/drivers/:id',
    {
      config: { permission: 'vehicles.driver.manage' },
      schema: {
        summary: 'Rename a driver, or mark them as left or back',
        description: 'A driver marked as left is taken off every vehicle.',
        tags,
        params: idParams,
        body: updateDriverBody,
        response: { 200: driverView },
      },
    },
    async (request) => vehicles.drivers.update(requestContext(request), request.params.id, request.body),
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
