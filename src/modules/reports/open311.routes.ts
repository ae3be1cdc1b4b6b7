/**
 * Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery, services and service
 * definitions, POST requests with an API key, GET requests with the standard filters (90 days / 1,000 by default,
 * plus the common page/page_size extension), single requests and tokens; XML and JSON for every method; errors as
 * the standard list with 400/403/404. Internal states map onto open/closed with the detail in status_notes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type HttpServer, negotiateProblemLocale } from '../../platform/http/index.js';
import {
  attributesOf,
  fmsStatus,
  formatW3c,
  MAX_REQUESTS,
  open311Status,
  parseW3cDateTime,
  type ReportService,
  requestWindow,
  SERVICES,
  serviceByCode,
  statusNotes,
} from './reports.rules.js';
import { photoUrl, type ReportsModule } from './reports.usecases.js';
import { type XmlElement, xmlDocument } from './xml.js';

export const OPEN311_PREFIX = '/open311/v2';
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's definition last changed (services, fields); sortable, in the past. */
export const OPEN311_CHANGESET = new Date('2026-12-07T00:00:00+08:00');

type Format = 'xml' | 'json';
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** A failure told to the client as the Open311 error list. */
class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 500,
    readonly errors: { code: number; description: string }[],
  ) {
    super(errors.map((e) => e.description).join('; '));
  }
}
const fail = (status: 400 | 403 | 404, description: string) => new Open311Failure(status, [{ code: status, description }]);

interface Form {
  fields: Record<string, string>;
  attributes: Record<string, string | string[]>;
}

/** application/x-www-form-urlencoded, with `attribute[code]=v` and `attribute[code][]=v1&attribute[code][]=v2`. */
export function parseForm(body: string): Form {
  const form: Form = { fields: {}, attributes: {} };
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m) {
      form.fields[key] = value;
      continue;
    }
    const code = m[1] as string;
    if (m[2]) {
      const prev = form.attributes[code];
      form.attributes[code] = [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), value];
    } else form.attributes[code] = value;
  }
  return form;
}

const splitFile = (file: string): { name: string; format: Format | null } => {
  const dot = file.lastIndexOf('.');
  const ext = dot < 0 ? '' : file.slice(dot + 1).toLowerCase();
  return { name: dot < 0 ? file : file.slice(0, dot), format: ext === 'xml' || ext === 'json' ? ext : null };
};

/** "Optional" means an empty parameter is the same as an absent one. */
const param = (source: unknown, name: string): string | undefined => {
  const v = (source as Record<string, unknown> | undefined)?.[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};
const list = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

function send(reply: FastifyReply, format: Format, status: number, json: Json, xml: XmlElement) {
  reply.status(status).header('cache-control', 'no-cache');
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(json));
  return reply.type('text/xml; charset=utf-8').send(xmlDocument(xml));
}

function sendErrors(reply: FastifyReply, format: Format, failure: Open311Failure) {
  return send(reply, format, failure.status, failure.errors, [
    'errors',
    failure.errors.map(
      (e): XmlElement => [
        'error',
        [
          ['code', e.code],
          ['description', e.description],
        ],
      ],
    ),
  ]);
}

/** Pairs of JSON member and XML element, in the spec's order. */
const toJson = (fields: readonly (readonly [string, string | number | boolean | null])[]): { [k: string]: Json } =>
  Object.fromEntries(fields.map(([k, v]) => [k, v]));
const toXml = (name: string, fields: readonly (readonly [string, string | number | boolean | null])[]): XmlElement => [
  name,
  fields.map(([k, v]): XmlElement => [k, v]),
];

export function registerOpen311Routes(
  app: HttpServer,
  reports: ReportsModule,
  options: { publicUrl?: string | undefined; contact: string },
) {
  app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, parseForm(String(body)));
        } catch (e) {
          done(e as Error, undefined);
        }
      });

      const nameOf = (request: FastifyRequest, service: ReportService) =>
        service.name[negotiateProblemLocale(request.headers['accept-language'])];
      const textOf = (request: FastifyRequest, t: { 'zh-CN': string; en: string }) =>
        t[negotiateProblemLocale(request.headers['accept-language'])];
      const origin = (request: FastifyRequest) => (options.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
      const base = (request: FastifyRequest) => `${origin(request)}${OPEN311_PREFIX}`;

      /** Runs a handler, answering any failure as the Open311 error list in the requested format. */
      const handle =
        (format: Format, run: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          try {
            return await run(request, reply);
          } catch (e) {
            if (e instanceof Open311Failure) return sendErrors(reply, format, e);
            if (e instanceof AppError && e.status < 500) {
              const errors = e.errors?.length
                ? e.errors.map((f) => ({ code: 400, description: `${f.field}: ${f.detail}` }))
                : [{ code: 400, description: e.detail?.en ?? e.title.en }];
              return sendErrors(reply, format, new Open311Failure(400, errors));
            }
            request.log.error({ err: e }, 'open311 request failed');
            return sendErrors(reply, format, new Open311Failure(500, [{ code: 500, description: 'The server failed; try again later.' }]));
          }
        };

      const serviceNotice = (request: FastifyRequest, service: ReportService | undefined) =>
        service
          ? textOf(request, {
              'zh-CN': `承办单位将在 ${service.responseHours} 小时内核实答复。`,
              en: `The office answers within ${service.responseHours} hours.`,
            })
          : null;

      type Found = Awaited<ReturnType<ReportsModule['open311Requests']>>[number];
      const requestFields = (request: FastifyRequest, x: Found) => {
        const r = x.row;
        const service = serviceByCode(r.service_code);
        return [
          ['service_request_id', r.code],
          ['status', open311Status(x.state)],
          ['status_notes', statusNotes(x.state, { referredTo: r.referred_to, duplicateOf: x.duplicateOf })],
          ['service_name', service ? nameOf(request, service) : r.service_code],
          ['service_code', r.service_code],
          ['description', r.description],
          ['agency_responsible', x.agency],
          ['service_notice', serviceNotice(request, service)],
          ['requested_datetime', formatW3c(r.received_at)],
          ['updated_datetime', formatW3c(x.updatedAt)],
          ['expected_datetime', formatW3c(r.due_at)],
          ['address', r.address],
          ['address_id', null],
          ['zipcode', null],
          ['lat', r.lat === null ? null : Math.round(r.lat * 10_000) / 10_000],
          ['long', r.lng === null ? null : Math.round(r.lng * 10_000) / 10_000],
          ['media_url', r.media_url ?? (x.photo ? `${origin(request)}${photoUrl(x.photo)}` : null)],
        ] as const;
      };
      const sendRequests = (request: FastifyRequest, reply: FastifyReply, format: Format, found: readonly Found[]) =>
        send(
          reply,
          format,
          200,
          found.map((x) => toJson(requestFields(request, x))),
          ['service_requests', found.map((x) => toXml('request', requestFields(request, x)))],
        );

      // Outside the OpenAPI document: Open311 has its own specification and discovery.
      const hidden = { schema: { hide: true } };

      for (const format of ['xml', 'json'] as const) {
        scope.get(
          `/discovery.${format}`,
          hidden,
          handle(format, async (request, reply) => {
            const changeset = formatW3c(OPEN311_CHANGESET);
            const endpoint = [
              ['specification', GEOREPORT_V2],
              ['url', base(request)],
              ['changeset', changeset],
              ['type', 'production'],
            ] as const;
            const formats = ['text/xml', 'application/json'];
            const keyService = textOf(request, {
              'zh-CN': 'API 密钥由应急管理部门在共治平台“Open311 客户端”中签发，请联系下列地址申请。',
              en: 'API keys are issued by the emergency-management office under "Open311 clients" in Gongzhi; ask at the contact below.',
            });
            return send(
              reply,
              format,
              200,
              { changeset, contact: options.contact, key_service: keyService, endpoints: [{ ...toJson(endpoint), formats }] },
              [
                'discovery',
                [
                  ['changeset', changeset],
                  ['contact', options.contact],
                  ['key_service', keyService],
                  ['endpoints', [['endpoint', [...endpoint, ['formats', formats.map((f): XmlElement => ['format', f])]]]]],
                ],
              ],
            );
          }),
        );

        scope.get(
          `/services.${format}`,
          hidden,
          handle(format, async (request, reply) => {
            const fields = (s: ReportService) =>
              [
                ['service_code', s.code],
                ['service_name', nameOf(request, s)],
                ['description', textOf(request, s.description)],
                ['metadata', attributesOf(s.code).length > 0],
                ['type', 'realtime'],
                ['keywords', s.keywords.join(',')],
                ['group', s.group],
              ] as const;
            return send(
              reply,
              format,
              200,
              SERVICES.map((s) => toJson(fields(s))),
              ['services', SERVICES.map((s) => toXml('service', fields(s)))],
            );
          }),
        );

        scope.post(
          `/requests.${format}`,
          hidden,
          handle(format, async (request, reply) => {
            const form: Form =
              request.body && typeof request.body === 'object' && 'fields' in request.body
                ? (request.body as Form)
                : {
                    fields: Object.fromEntries(
                      Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
                    ),
                    attributes: {},
                  };
            const f = (name: string) => param(form.fields, name) ?? param(request.query, name);
            const apiKey = f('api_key');
            if (!apiKey) throw fail(403, 'api_key is required to create a service request.');
            const client = await reports.clientByKey(apiKey);
            if (!client) throw fail(403, 'Invalid api_key received -- can’t proceed with create_request.');
            const code = f('service_code');
            if (!code) throw fail(400, 'service_code is required.');
            const service = serviceByCode(code);
            if (!service) throw fail(404, `No service with service_code ${code}.`);
            const latS = f('lat');
            const lngS = f('long');
            const addressString = f('address_string');
            const addressId = f('address_id');
            const errors: { code: number; description: string }[] = [];
            let location: { lng: number; lat: number } | null = null;
            if (latS !== undefined || lngS !== undefined) {
              const lat = Number(latS);
              const lng = Number(lngS);
              if (latS === undefined || lngS === undefined) errors.push({ code: 400, description: 'lat and long must be given together.' });
              else if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
                errors.push({ code: 400, description: 'lat and long must be WGS-84 decimal degrees.' });
              else location = { lng, lat };
            } else if (!addressString && !addressId)
              errors.push({ code: 400, description: 'A location is required: lat and long, address_string or address_id.' });
            const description = f('description') ?? '';
            if (description.length > 4000) errors.push({ code: 400, description: 'description may be at most 4,000 characters.' });
            const mediaUrl = f('media_url');
            if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl))
              errors.push({ code: 400, description: 'media_url must be an http(s) URL.' });
            const attributes: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(form.attributes)) {
              const values = (Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean);
              if (values.length) attributes[k] = Array.isArray(v) ? values : (values[0] as string);
            }
            for (const a of attributesOf(code).filter((x) => x.variable && x.required))
              if (attributes[a.code] === undefined)
                errors.push({ code: 400, description: `attribute[${a.code}] is required: ${a.description.en}` });
            if (errors.length) throw new Open311Failure(400, errors);
            const name = [f('first_name'), f('last_name')].filter(Boolean).join(' ');
            const contact = [f('phone'), f('email')].filter(Boolean).join(' / ');
            const out = await reports.submitOpen311(
              { actor: request.actor, requestId: request.id, address: request.ip },
              {
                serviceCode: code,
                description,
                location,
                address: addressString ?? (addressId ? `address_id:${addressId}` : null),
                reporter: name || contact ? { name: name || contact, contact: contact || null } : null,
                attributes,
                mediaUrl: mediaUrl ?? null,
              },
              client,
            );
            const fields = [
              ['service_request_id', out.code],
              ['service_notice', serviceNotice(request, service)],
              ['account_id', null],
            ] as const;
            return send(reply, format, 200, [toJson(fields)], ['service_requests', [toXml('request', fields)]]);
          }),
        );

        scope.get(
          `/requests.${format}`,
          hidden,
          handle(format, async (request, reply) => {
            const q = request.query;
            const ids = list(param(q, 'service_request_id'));
            if (ids)
              return sendRequests(
                request,
                reply,
                format,
                await reports.open311Requests({ codes: ids, start: new Date(0), end: reports.now() }),
              );
            const serviceCodes = list(param(q, 'service_code'));
            const unknown = serviceCodes?.filter((c) => !serviceByCode(c)) ?? [];
            if (unknown.length) throw fail(404, `No service with service_code ${unknown.join(', ')}.`);
            const errors: { code: number; description: string }[] = [];
            const date = (name: string) => {
              const raw = param(q, name);
              if (raw === undefined) return null;
              const d = parseW3cDateTime(raw);
              if (!d)
                errors.push({ code: 400, description: `${name} must be a W3C date-time with a timezone, e.g. 2026-12-01T08:00:00+08:00.` });
              return d;
            };
            const start = date('start_date');
            const end = date('end_date');
            const statuses = list(param(q, 'status'));
            if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
              errors.push({ code: 400, description: 'status must be open, closed or both.' });
            const int = (name: string, fallback: number, max: number) => {
              const raw = param(q, name);
              if (raw === undefined) return fallback;
              const n = Number(raw);
              if (!Number.isInteger(n) || n < 1 || n > max) {
                errors.push({ code: 400, description: `${name} must be a whole number from 1 to ${max}.` });
                return fallback;
              }
              return n;
            };
            const page = int('page', 1, 1_000_000);
            const pageSize = int('page_size', MAX_REQUESTS, MAX_REQUESTS);
            if (errors.length) throw new Open311Failure(400, errors);
            const window = requestWindow(start, end, reports.now());
            if (!window.ok) throw fail(400, window.problem);
            const found = await reports.open311Requests({
              serviceCodes,
              status: statuses as ('open' | 'closed')[] | undefined,
              start: window.start,
              end: window.end,
            });
            return sendRequests(request, reply, format, found.slice((page - 1) * pageSize, page * pageSize));
          }),
        );
      }

      // The FixMyStreet extension: status changes in a period, so a client polling every 15 minutes stays in step.
      for (const format of ['xml', 'json'] as const)
        scope.get(
          `/servicerequestupdates.${format}`,
          hidden,
          handle(format, async (request, reply) => {
            const errors: { code: number; description: string }[] = [];
            const date = (name: string) => {
              const raw = param(request.query, name);
              if (raw === undefined) return null;
              const d = parseW3cDateTime(raw);
              if (!d) errors.push({ code: 400, description: `${name} must be a W3C date-time with a timezone.` });
              return d;
            };
            const start = date('start_date');
            const end = date('end_date');
            if (errors.length) throw new Open311Failure(400, errors);
            const window = requestWindow(start, end, reports.now());
            if (!window.ok) throw fail(400, window.problem);
            const updates = await reports.open311Updates(window.start, window.end);
            const fields = (u: (typeof updates)[number]) =>
              [
                ['update_id', u.updateId],
                ['service_request_id', u.code],
                ['status', fmsStatus(u.state)],
                ['updated_datetime', formatW3c(u.at)],
                ['description', [u.description, u.referredTo ? `→ ${u.referredTo}` : ''].filter(Boolean).join(' ')],
                ['media_url', null],
                ['external_status_code', u.state],
              ] as const;
            return send(
              reply,
              format,
              200,
              updates.map((u) => toJson(fields(u))),
              ['service_request_updates', updates.map((u) => toXml('request_update', fields(u)))],
            );
          }),
        );

      const byFile =
        (run: (request: FastifyRequest, reply: FastifyReply, name: string, format: Format) => Promise<unknown>) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          const { name, format } = splitFile((request.params as { file: string }).file);
          if (!format) return sendErrors(reply, 'xml', fail(404, 'Ask for .xml or .json.'));
          return handle(format, (req, rep) => run(req, rep, name, format))(request, reply);
        };

      scope.get(
        '/services/:file',
        hidden,
        byFile(async (request, reply, code, format) => {
          const service = serviceByCode(code);
          if (!service) throw fail(404, `No service with service_code ${code}.`);
          const attributes = attributesOf(code).map((a) => {
            const fields = [
              ['variable', a.variable],
              ['code', a.code],
              ['datatype', a.datatype],
              ['required', a.required],
              ['datatype_description', a.datatypeDescription ? textOf(request, a.datatypeDescription) : null],
              ['order', a.order],
              ['description', textOf(request, a.description)],
            ] as const;
            const values = (a.values ?? []).map(
              (v) =>
                [
                  ['key', v.key],
                  ['name', textOf(request, v.name)],
                ] as const,
            );
            return {
              json: { ...toJson(fields), values: values.map((v) => toJson(v)) },
              xml: [
                'attribute',
                [...fields.map((x): XmlElement => [x[0], x[1]]), ['values', values.map((v) => toXml('value', v))]],
              ] as XmlElement,
            };
          });
          return send(reply, format, 200, { service_code: code, attributes: attributes.map((a) => a.json) }, [
            'service_definition',
            [
              ['service_code', code],
              ['attributes', attributes.map((a) => a.xml)],
            ],
          ]);
        }),
      );

      scope.get(
        '/requests/:file',
        hidden,
        byFile(async (request, reply, id, format) => {
          const found = await reports.open311Requests({ codes: [id], start: new Date(0), end: reports.now() });
          if (found.length === 0) throw fail(404, `No service request ${id}.`);
          return sendRequests(request, reply, format, found);
        }),
      );

      scope.get(
        '/tokens/:file',
        hidden,
        byFile(async (_request, reply, token, format) => {
          const found = await reports.open311ByToken(token);
          if (!found) throw fail(404, `No token ${token}.`);
          const fields = [
            ['service_request_id', found.code],
            ['token', found.token],
          ] as const;
          return send(reply, format, 200, [toJson(fields)], ['service_requests', [toXml('request', fields)]]);
        }),
      );

      // Anything else under the prefix: the Open311 404, in the format the path asks for (XML by default).
      scope.all('/*', hidden, async (request, reply) => {
        const { format } = splitFile((request.url.split('?')[0] ?? '').split('/').pop() ?? '');
        return sendErrors(reply, format ?? 'xml', fail(404, `No Open311 resource ${request.method} ${request.url.split('?')[0]}.`));
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
