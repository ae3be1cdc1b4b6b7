import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type HttpServer } from '../../platform/http/index.js';
import { personContext, requestContext } from '../access/index.js';
import { PHOTO_MAX_BYTES } from './photos.rules.js';
import {
  clientBody,
  clientIssued,
  clientList,
  figuresPage,
  figuresQuery,
  idParams,
  inboxPage,
  inboxQuery,
  informationBody,
  moderationBody,
  nearbyList,
  nearbyQuery,
  officePhotoParams,
  photoAdded,
  photoParams,
  publicReport,
  reopenBody,
  reportDetail,
  reporterView,
  submitBody,
  submitted,
  tokenParams,
  triageBody,
} from './reports.schemas.js';
import type { ReportsModule } from './reports.usecases.js';

export const DEVICE_COOKIE = 'gz_device';
const DEVICE_ID = /^[A-Za-z0-9_-]{8,128}$/;

/** The device a report comes from: the app's X-Device-Id header, else a long-lived cookie set on first report. */
function deviceOf(request: FastifyRequest, reply: FastifyReply): string {
  const header = request.headers['x-device-id'];
  if (typeof header === 'string' && DEVICE_ID.test(header)) return header;
  const cookie = request.cookies[DEVICE_COOKIE];
  if (cookie && DEVICE_ID.test(cookie)) return cookie;
  const fresh = randomBytes(16).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, fresh, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 5 * 365 * 86_400 });
  return fresh;
}

/** One multipart part named `file`, within the photo size limit (a larger one is refused as it streams). */
async function receivePhoto(request: FastifyRequest): Promise<Buffer> {
  const problem = (status: number, code: string, detail: string) =>
    new AppError({
      code,
      status,
      title: { 'zh-CN': '上传内容无效', en: 'The upload is not valid' },
      detail: { 'zh-CN': `file：${detail}`, en: `file: ${detail}` },
      errors: [{ in: 'body', field: 'file', pointer: '/file', detail }],
    });
  if (!request.isMultipart())
    throw problem(415, 'request.unsupported_media_type', 'send multipart/form-data with the photo in a part named file');
  let bytes: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: PHOTO_MAX_BYTES, files: 1 } })) {
    if (part.type === 'field') continue;
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.file.truncated) throw problem(413, 'request.too_large', `larger than the limit of ${PHOTO_MAX_BYTES} bytes`);
    bytes = Buffer.concat(chunks);
  }
  if (!bytes) throw problem(400, 'request.invalid', 'required');
  return bytes;
}

export function registerReportsRoutes(app: HttpServer, reports: ReportsModule): void {
  const tags = ['reports'];

  app.post(
    '/api/v1/public/reports/:token/photos',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Add a photo to a report',
        description:
          'JPEG, PNG or WebP up to 10 MB, at most five per report, while the report is open or up to 30 days after it was closed (409 after). The photo is turned upright by its EXIF orientation and re-encoded in the same type with no metadata at all (location, time, device …) before it is stored or shown. The answer carries exifLocation: the GPS position the photo held, read before stripping, to offer as the report’s location (never stored or shown).',
        tags,
        params: tokenParams,
        response: { 201: photoAdded },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.addPhoto(requestContext(request), request.params.token, await receivePhoto(request))),
  );

  // POST /api/v1/public/reports/:token/information — the reporter adds information (no account; the token is the key).
  // Request: { text: string (1..2000, trimmed) }
  // 201: the tracking view (as GET /api/v1/public/reports/:token), its history ending in
  //      { at, kind: 'information', state: <public state then>, note: text }.
  // 400 bad body (errors[].field 'text'); 422 text only links / repeated characters (field 'text');
  // 422 more than 20 additions (field 'text'); 404 unknown token; 409 reports.follow_up_closed (closed more than 30 days ago).
  app.post(
    '/api/v1/public/reports/:token/information',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Add information to a report',
        description:
          'Shown in the report’s public history. Allowed while the report is open and up to 30 days after it was closed (or fixed); photos follow the same rule.',
        tags,
        params: tokenParams,
        body: informationBody,
        response: { 201: publicReport },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.addInformation(requestContext(request), request.params.token, request.body.text)),
  );

  // POST /api/v1/public/reports/:token/reopen — the reporter re-opens a fixed report.
  // Request: { reason: string (1..2000, trimmed) }
  // 200: the tracking view, state 'reopened' (stateText "Re-opened by the reporter; awaiting verification again"),
  //      dueAt the new deadline, hazardCode the old hazard's; history gains { kind: 'hazard_closed', state: 'fixed' }
  //      and { kind: 'reopen', state: 'reopened', note: reason }.
  // 400 bad body (field 'reason'); 422 reason only links / repeated characters; 404 unknown token;
  // 409 reports.reopen_not_allowed with reason 'not_fixed' | 'closed_too_long_ago' (more than 30 days after the fix).
  app.post(
    '/api/v1/public/reports/:token/reopen',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Re-open a fixed report',
        description:
          'Only a report shown as fixed, and only within 30 days of its hazard being closed. It returns to the office’s triage inbox (status reopened, open in Open311) with a new response deadline; the hazard it was linked to stays on record.',
        tags,
        params: tokenParams,
        body: reopenBody,
        response: { 200: publicReport },
      },
    },
    async (request) => reports.reopen(requestContext(request), request.params.token, request.body.reason),
  );

  app.get(
    '/api/v1/public/report-photos/:sha256',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'A report photo, without metadata',
        tags,
        params: photoParams,
        response: { 200: z.any().describe('The photo, in its sniffed media type.') },
      },
    },
    async (request, reply) => {
      const photo = await reports.photo(request.params.sha256);
      return reply
        .header('content-type', photo.mediaType)
        .header('content-length', String(photo.size))
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(photo.stream);
    },
  );

  app.post(
    '/api/v1/public/reports',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Report a hazard (no account needed)',
        description:
          'Routed by category and location to the responsible office; returns the tracking token. Throttled per network address and per device (X-Device-Id header or the gz_device cookie): 429 with Retry-After.',
        tags,
        body: submitBody,
        response: { 201: submitted },
      },
    },
    async (request, reply) => {
      const device = deviceOf(request, reply);
      const { body } = request;
      const out = await reports.submit(
        requestContext(request),
        {
          serviceCode: body.serviceCode,
          description: body.description,
          location: body.location,
          address: body.address,
          reporter: body.reporter,
          attributes: body.attributes,
          website: body.website,
        },
        { address: request.ip, device },
      );
      return reply.status(201).send({
        code: out.code,
        token: out.token,
        trackingUrl: `/report/track/${out.token}`,
        dueAt: out.dueAt.toISOString(),
        serviceName: out.serviceName,
      });
    },
  );

  app.get(
    '/api/v1/public/reports/nearby',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Open reports of the same category within 250 m',
        description: 'Offered before sending, so the reporter can add to an existing report rather than file a duplicate.',
        tags,
        querystring: nearbyQuery,
        response: { 200: nearbyList },
      },
    },
    async (request) => reports.nearby({ lng: request.query.lng, lat: request.query.lat }, request.query.category),
  );

  app.get(
    '/api/v1/public/reports/areas',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The jurisdiction’s street and community boundaries',
        description: 'GeoJSON (WGS-84) for the public report form’s map to open on the jurisdiction; names and outlines only.',
        tags,
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            features: z.array(
              z.object({
                type: z.literal('Feature'),
                id: z.string(),
                geometry: z.unknown().describe('GeoJSON Polygon or MultiPolygon.'),
                properties: z.object({
                  id: z.string(),
                  parentId: z.string().nullable(),
                  level: z.string(),
                  code: z.string(),
                  name: z.string(),
                  nameEn: z.string().nullable(),
                }),
              }),
            ),
          }),
        },
      },
    },
    async () => reports.publicAreas(),
  );

  app.get(
    '/api/v1/public/reports/:token',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Track a report',
        description: 'Its public state and history; no personal data, coordinates rounded. "fixed" only once the linked hazard is closed.',
        tags,
        params: tokenParams,
        response: { 200: publicReport },
      },
    },
    async (request) => reports.publicByToken(request.params.token),
  );

  app.get(
    '/api/v1/reports',
    {
      config: { permission: 'reports.report.read' },
      schema: {
        summary: 'The triage inbox',
        description: 'Public reports in your area, newest first, with their response deadline and overdue flag.',
        tags,
        querystring: inboxQuery,
        response: { 200: inboxPage },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      return reports.inbox(request.actor, { ...rest, statuses: status });
    },
  );

  // GET /api/v1/reports/figures?from=&to=&areaId= — the office's response figures (reports.report.read, scoped).
  // from/to: ISO dates (received in [from, to); default the 30 days up to now; at most 366 days); areaId: an area within yours.
  // 200: { from, to, areaId, total: F, byOrganisation: (F & { organisationId, name })[], byService: (F & { serviceCode, name: {zh-CN,en} })[] }
  //   F = { received, verified, handled, closed: { fixed, duplicate, not_a_hazard, not_our_responsibility, no_further_action },
  //         respondedInTime, inTimeRate (0–1 | null), medianHoursToFirstResponse (| null), open, overdue }
  // 400 malformed query (field named); 422 from not before to / span too long / unknown areaId; 403 areaId outside your area.
  app.get(
    '/api/v1/reports/figures',
    {
      config: { permission: 'reports.report.read' },
      schema: {
        summary: 'Response figures',
        description:
          'Per responsible organisation and per category: received, verified, handled, closed by reason, first answered within the deadline (count and rate), median hours to the first answer, open and overdue now.',
        tags,
        querystring: figuresQuery,
        response: { 200: figuresPage },
      },
    },
    async (request) => reports.figures(request.actor, request.query),
  );

  // GET /api/v1/reports/:id/photos/:photoId — a report's photo for the office, also when hidden publicly.
  app.get(
    '/api/v1/reports/:id/photos/:photoId',
    {
      config: { permission: 'reports.report.read' },
      schema: {
        summary: 'A report photo (office)',
        tags,
        params: officePhotoParams,
        response: { 200: z.any().describe('The photo, in its media type.') },
      },
    },
    async (request, reply) => {
      const photo = await reports.officePhoto(request.actor, request.params.id, request.params.photoId);
      return reply
        .header('content-type', photo.mediaType)
        .header('content-length', String(photo.size))
        .header('cache-control', 'private, no-store')
        .send(photo.stream);
    },
  );

  // POST /api/v1/reports/:id/moderation — hide a report's text and/or photos publicly (reports.report.moderate, area-scoped).
  // Request: { hideDescription?: boolean (true hide, false show again), hidePhotoIds?: uuid[] (from detail.photos[].id),
  //           hideNoteIds?: uuid[] (detail.events[].id of kind information | reopen), reason: string (1..500) }
  // 200: the office detail (as GET /api/v1/reports/:id): description still the original with descriptionHidden: true,
  //      photos[].hidden true, events[].noteHidden true, events gain
  //      { kind: 'moderate', detail: { reason, descriptionHidden, hiddenPhotoIds, hiddenNoteIds } }.
  // 400 bad body; 422 none of hideDescription/hidePhotoIds/hideNoteIds (field 'hideDescription'), a photo not of this
  // report (field 'hidePhotoIds'), an event that is not a reporter's note of this report (field 'hideNoteIds');
  // 403 outside your area; 404 unknown report.
  app.post(
    '/api/v1/reports/:id/moderation',
    {
      config: { permission: 'reports.report.moderate' },
      schema: {
        summary: 'Hide text or photos publicly',
        description:
          'The description is replaced by a neutral placeholder on the tracking page, nearby suggestions, Open311 and the public list; hidden photos disappear from public views and their public address answers 404. The original stays, for the office and in the audit trail (before and after).',
        tags,
        params: idParams,
        body: moderationBody,
        response: { 200: reportDetail },
      },
    },
    async (request) => reports.moderate(personContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/reports/:id',
    {
      config: { permission: 'reports.report.read' },
      schema: { summary: 'A report with its history', tags, params: idParams, response: { 200: reportDetail } },
    },
    async (request) => reports.get(request.actor, request.params.id),
  );

  app.get(
    '/api/v1/reports/:id/reporter',
    {
      config: { permission: 'reports.reporter.read' },
      schema: {
        summary: 'The named reporter’s identity',
        description: 'To the handling office only; every view is recorded in the audit trail.',
        tags,
        params: idParams,
        response: { 200: reporterView },
      },
    },
    async (request) => reports.reporter(personContext(request), request.params.id),
  );

  app.post(
    '/api/v1/reports/:id/triage',
    {
      config: { permission: 'reports.report.triage' },
      schema: {
        summary: 'Verify, create a hazard, or close with a reason',
        description:
          'verify; create_hazard (verified reports only; the hazard is registered with source public_report and linked); duplicate (of another report), not_a_hazard, not_our_responsibility (naming whose), no_further_action.',
        tags,
        params: idParams,
        body: triageBody,
        response: { 200: reportDetail },
      },
    },
    async (request) => reports.triage(personContext(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/open311/clients',
    {
      config: { permission: 'reports.client.manage' },
      schema: { summary: 'Open311 clients holding API keys', tags, response: { 200: clientList } },
    },
    async () => reports.clients(),
  );

  app.post(
    '/api/v1/open311/clients',
    {
      config: { permission: 'reports.client.manage' },
      schema: {
        summary: 'Issue an Open311 API key',
        description: 'The key is shown once in the answer; only its SHA-256 hash is stored.',
        tags,
        body: clientBody,
        response: { 201: clientIssued },
      },
    },
    async (request, reply) => reply.status(201).send(await reports.issueClient(personContext(request), request.body.name)),
  );

  app.delete(
    '/api/v1/open311/clients/:id',
    {
      config: { permission: 'reports.client.manage' },
      schema: { summary: 'Revoke an Open311 API key', tags, params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await reports.revokeClient(personContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
