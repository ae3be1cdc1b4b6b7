import type { HttpServer } from '../../platform/http/index.js';
import { requestContext } from '../access/index.js';
import {
  alarmDetail,
  alarmPage,
  closeBody,
  handleBody,
  idParams,
  listQuery,
  notifyBody,
  rankingQuery,
  rankingView,
  retireBody,
  verifyBody,
  zoneBody,
  zoneList,
  zonePatch,
  zoneView,
} from './alarms.schemas.js';
import type { AlarmsModule } from './alarms.usecases.js';

export function registerAlarmsRoutes(app: HttpServer, alarms: AlarmsModule): void {
  const tags = ['alarms'];

  app.get(
    '/api/v1/alarms',
    {
      config: { permission: 'alarms.alarm.list' },
      schema: {
        summary: 'The alarm queue',
        description: 'Alarms of vehicles one governs, monitors under entrustment or operates, newest first; page with nextCursor.',
        tags,
        querystring: listQuery,
        response: { 200: alarmPage },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      return alarms.list(request.actor, {
        ...rest,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      });
    },
  );

  app.get(
    '/api/v1/alarms/:id',
    {
      config: { permission: 'alarms.alarm.list' },
      schema: { summary: 'One alarm with its evidence and history', tags, params: idParams, response: { 200: alarmDetail } },
    },
    async (request) => alarms.get(request.actor, request.params.id),
  );

  app.post(
    '/api/v1/alarms/:id/verify',
    {
      config: { permission: 'alarms.alarm.verify' },
      schema: {
        summary: 'Verify an open alarm',
        description: 'The monitoring operator confirms it or marks it a false positive; never the operating enterprise.',
        tags,
        params: idParams,
        body: verifyBody,
        response: { 200: alarmDetail },
      },
    },
    async (request) => alarms.verify(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/alarms/:id/notify',
    {
      config: { permission: 'alarms.alarm.notify' },
      schema: {
        summary: 'Notify the operating enterprise of a confirmed alarm',
        description: 'Sets the deadline by which the enterprise must handle and close it; the enterprise is told in the app and by SMS.',
        tags,
        params: idParams,
        body: notifyBody,
        response: { 200: alarmDetail },
      },
    },
    async (request) => alarms.notify(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/alarms/:id/handle',
    {
      config: { permission: 'alarms.alarm.handle' },
      schema: {
        summary: 'Record what the enterprise did about an alarm',
        description: 'May be recorded more than once (a message, then a call) before closing.',
        tags,
        params: idParams,
        body: handleBody,
        response: { 200: alarmDetail },
      },
    },
    async (request) => alarms.handle(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/alarms/:id/close',
    {
      config: { permission: 'alarms.alarm.close' },
      schema: { summary: 'Close a handled alarm with its result', tags, params: idParams, body: closeBody, response: { 200: alarmDetail } },
    },
    async (request) => alarms.close(requestContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/vehicles/ranking',
    {
      config: { permission: 'alarms.ranking.read' },
      schema: {
        summary: 'The figures enterprises are ranked by',
        description:
          'Per enterprise in scope, over [from, to): online rate, track completeness, data validity, drift rate, alarms per 100 vehicles, ' +
          'handling and timely rates, overspeeds and fatigue minutes per vehicle, night-ban violations. Rates are null when nothing was there ' +
          'to count. Computed from the stored positions on each request: meant for a day or a week of a few thousand vehicles.',
        tags,
        querystring: rankingQuery,
        response: { 200: rankingView },
      },
    },
    async (request) => alarms.ranking(request.actor, request.query),
  );

  app.get(
    '/api/v1/zones',
    {
      config: { permission: 'alarms.zone.manage' },
      schema: {
        summary: 'Geofences',
        description: 'Every geofence, oldest first; retired ones are listed with retiredAt set and are not applied.',
        tags,
        response: { 200: zoneList },
      },
    },
    async (request) => alarms.zones.list(request.actor),
  );

  app.post(
    '/api/v1/zones',
    {
      config: { permission: 'alarms.zone.manage' },
      schema: {
        summary: 'Draw a geofence',
        description:
          'Forbidden zone, speed-limited segment, approved corridor or expressway; the running rule engine applies it within its reload interval (30 s by default).',
        tags,
        body: zoneBody,
        response: { 201: zoneView },
      },
    },
    async (request, reply) => reply.status(201).send(await alarms.zones.create(requestContext(request), request.body)),
  );

  app.patch(
    '/api/v1/zones/:id',
    {
      config: { permission: 'alarms.zone.manage' },
      schema: {
        summary: 'Change a geofence',
        description:
          'Name, window, classes, posted limit, half width or geometry; absent fields stay, null clears. Audited. The running rule engine ' +
          'applies the change within its reload interval, closing episodes of the zone as it was. A retired zone cannot change (409).',
        tags,
        params: idParams,
        body: zonePatch,
        response: { 200: zoneView },
      },
    },
    async (request) => alarms.zones.update(requestContext(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/zones/:id/retire',
    {
      config: { permission: 'alarms.zone.manage' },
      schema: {
        summary: 'Retire a geofence',
        description:
          'It stops being applied within the rule engine’s reload interval and stays listed, flagged, for the alarms that name it. Audited.',
        tags,
        params: idParams,
        body: retireBody,
        response: { 200: zoneView },
      },
    },
    async (request) => alarms.zones.retire(requestContext(request), request.params.id, request.body),
  );
}
