import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation } from './hazards.support.js';

// ---------------------------------------------------------------------------------------------------------------------
// A strict little XML reader for the test: declaration, elements without attributes, text with the five entities.
// It throws on anything not well formed, so a broken document fails the test.
// ---------------------------------------------------------------------------------------------------------------------

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function parseXml(doc: string): XmlNode {
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!doc.startsWith(declaration)) throw new Error('no XML declaration with encoding UTF-8');
  let i = declaration.length;
  const skipSpace = () => {
    while (i < doc.length && /\s/.test(doc[i] as string)) i++;
  };
  const decode = (raw: string) => {
    if (raw.includes('<')) throw new Error('raw < in text');
    return raw.replace(/&([a-z]+);|&/g, (m, name: string | undefined) => {
      if (!name || !(name in ENTITIES)) throw new Error(`bad entity ${m}`);
      return ENTITIES[name] as string;
    });
  };
  const element = (): XmlNode => {
    const open = /^<([A-Za-z_][A-Za-z0-9_.-]*)(\/?)>/.exec(doc.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${doc.slice(i, i + 30)}`);
    i += open[0].length;
    const node: XmlNode = { name: open[1] as string, children: [], text: '' };
    if (open[2]) return node;
    for (;;) {
      const close = `</${node.name}>`;
      if (doc.startsWith(close, i)) {
        i += close.length;
        return node;
      }
      if (doc.startsWith('</', i)) throw new Error(`mismatched close at ${i}`);
      if (doc[i] === '<') node.children.push(element());
      else {
        const end = doc.indexOf('<', i);
        if (end < 0) throw new Error('unterminated text');
        node.text += decode(doc.slice(i, end));
        i = end;
      }
      if (i >= doc.length) throw new Error('unterminated element');
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== doc.length) throw new Error('content after the root element');
  return root;
}

const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
const kid = (n: XmlNode, name: string) => {
  const [k] = kids(n, name);
  if (!k) throw new Error(`no <${name}> in <${n.name}>`);
  return k;
};
const textOf = (n: XmlNode, name: string) => kid(n, name).text;

// ---------------------------------------------------------------------------------------------------------------------

let app: TestApp;
let head: Auth;
let officer: Auth;
let apiKey: string;
let clientId: string;
let place: { lng: number; lat: number };

const get = (url: string) => app.http.inject({ url: `/open311/v2/${url}` });
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const post = (format: 'xml' | 'json', fields: Record<string, string | string[]>) =>
  app.http.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: form(fields),
  });
const valid = () => ({
  api_key: apiKey,
  service_code: 'fire_exit',
  lat: String(place.lat),
  long: String(place.lng),
  description: '安全出口被锁',
});

/** The error list, in JSON, with its HTTP status. */
function expectErrorsJson(res: Awaited<ReturnType<typeof get>>, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json() as { code: number; description: string }[];
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const e of body) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.description.length).toBeGreaterThan(0);
  }
  expect(body[0]?.code).toBe(status);
  return body;
}
function expectErrorsXml(res: Awaited<ReturnType<typeof get>>, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  const root = parseXml(res.body);
  expect(root.name).toBe('errors');
  const errors = kids(root, 'error');
  expect(errors.length).toBeGreaterThan(0);
  expect(textOf(errors[0] as XmlNode, 'code')).toBe(String(status));
  return errors.map((e) => textOf(e, 'description'));
}

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3C_CST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  head = await app.signIn('head');
  officer = await app.signIn('officer');
  const principal = await app.signIn('principal');
  const mine = (await myOrganisation(app, principal)) as unknown as { lng: number; lat: number };
  place = { lng: mine.lng, lat: mine.lat };
});
afterAll(async () => app?.close());

describe('API keys for Open311 clients', () => {
  it('are issued by the office head only; the key is shown once and listed without it', async () => {
    const api = hazardClient(app);
    expect((await api.post(officer, '/api/v1/open311/clients', { name: '12345 热线网关' })).statusCode).toBe(403);
    const res = await api.post(head, '/api/v1/open311/clients', { name: '12345 热线网关' });
    expect(res.statusCode).toBe(201);
    ({ apiKey, id: clientId } = res.json());
    expect(apiKey).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    const list = await api.get(head, '/api/v1/open311/clients');
    expect(list.json().items).toEqual([expect.objectContaining({ id: clientId, name: '12345 热线网关', revokedAt: null })]);
    expect(list.body).not.toContain(apiKey);
  });
});

describe('discovery', () => {
  it('is served as JSON with every required field', async () => {
    const res = await get('discovery.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const d = res.json();
    expect(Object.keys(d).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
    expect(d.changeset).toMatch(W3C_CST);
    expect(new Date(d.changeset).getTime()).toBeLessThan(Date.now());
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: expect.stringMatching(/\/open311\/v2$/),
      changeset: d.changeset,
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
  });

  it('is served as XML with the same content', async () => {
    const res = await get('discovery.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const root = parseXml(res.body);
    expect(root.name).toBe('discovery');
    expect(textOf(root, 'changeset')).toMatch(W3C_CST);
    expect(textOf(root, 'key_service').length).toBeGreaterThan(0);
    const endpoint = kid(kid(root, 'endpoints'), 'endpoint');
    expect(textOf(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(textOf(endpoint, 'type')).toBe('production');
    expect(kids(kid(endpoint, 'formats'), 'format').map((f) => f.text)).toEqual(['text/xml', 'application/json']);
  });
});

describe('services and service definitions', () => {
  it('lists the services in JSON and XML alike', async () => {
    const json = (await get('services.json')).json() as Record<string, unknown>[];
    expect(json.length).toBeGreaterThanOrEqual(5);
    for (const s of json)
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(json.find((s) => s.service_code === 'gas_smell')).toMatchObject({
      metadata: true,
      type: 'realtime',
      service_name: '燃气泄漏或异味',
    });
    expect(json.find((s) => s.service_code === 'fire_exit')).toMatchObject({ metadata: false });
    const root = parseXml((await get('services.xml')).body);
    expect(root.name).toBe('services');
    const services = kids(root, 'service');
    expect(services.map((s) => textOf(s, 'service_code'))).toEqual(json.map((s) => s.service_code));
    expect(textOf(services.find((s) => textOf(s, 'service_code') === 'gas_smell') as XmlNode, 'metadata')).toBe('true');
  });

  it('names services in English when asked', async () => {
    const res = await app.http.inject({ url: '/open311/v2/services.json', headers: { 'accept-language': 'en' } });
    expect(res.json().find((s: { service_code: string }) => s.service_code === 'gas_smell').service_name).toBe('Gas leak or smell of gas');
  });

  it('defines a service’s attributes in JSON and XML', async () => {
    const def = (await get('services/muck_truck.json')).json();
    expect(def.service_code).toBe('muck_truck');
    expect(def.attributes.map((a: { code: string; order: number }) => [a.code, a.order])).toEqual([
      ['plate', 1],
      ['problems', 2],
    ]);
    expect(def.attributes[1]).toMatchObject({ variable: true, datatype: 'multivaluelist', required: true });
    expect(def.attributes[1].values.map((v: { key: string }) => v.key)).toEqual(['overloaded', 'spilling', 'uncovered', 'speeding']);
    const root = parseXml((await get('services/gas_smell.xml')).body);
    expect(root.name).toBe('service_definition');
    expect(textOf(root, 'service_code')).toBe('gas_smell');
    const attrs = kids(kid(root, 'attributes'), 'attribute');
    expect(attrs.map((a) => [textOf(a, 'code'), textOf(a, 'variable'), textOf(a, 'order')])).toEqual([
      ['emergency_notice', 'false', '1'],
      ['indoors', 'true', '2'],
    ]);
    expect(kids(kid(attrs[1] as XmlNode, 'values'), 'value').map((v) => textOf(v, 'key'))).toEqual(['yes', 'no']);
  });

  it('answers an unknown service or format with 404 and the error list', async () => {
    expectErrorsJson(await get('services/ufo.json'), 404);
    expectErrorsXml(await get('services/ufo.xml'), 404);
    expectErrorsXml(await get('services/gas_smell.txt'), 404);
    expectErrorsJson(await get('nothing-here.json'), 404);
  });
});

describe('POST requests', () => {
  it('needs a valid api_key: 403 otherwise, in both formats', async () => {
    const { api_key: _, ...noKey } = valid();
    expect(expectErrorsJson(await post('json', noKey), 403)[0]?.description).toContain('api_key');
    expectErrorsXml(await post('xml', noKey), 403);
    expectErrorsJson(await post('json', { ...valid(), api_key: 'o311_not-a-key' }), 403);
    expectErrorsXml(await post('xml', { ...valid(), api_key: '' }), 403);
  });

  it('answers missing or bad parameters with 400 and an unknown service with 404', async () => {
    const { service_code: _, ...noService } = valid();
    expectErrorsJson(await post('json', noService), 400);
    expectErrorsXml(await post('xml', { ...valid(), service_code: 'ufo' }), 404);
    expectErrorsJson(await post('json', { ...valid(), service_code: 'ufo' }), 404);
    const { lat: _l, long: _g, ...nowhere } = valid();
    expect(expectErrorsJson(await post('json', nowhere), 400)[0]?.description).toContain('location');
    const { long: _g2, ...latOnly } = valid();
    expectErrorsXml(await post('xml', latOnly), 400);
    expectErrorsJson(await post('json', { ...valid(), lat: 'north' }), 400);
    expectErrorsJson(await post('json', { ...valid(), lat: '0', long: '0' }), 400);
    expectErrorsJson(await post('json', { ...valid(), description: 'x'.repeat(4001) }), 400);
    expectErrorsJson(await post('json', { ...valid(), media_url: 'javascript:alert(1)' }), 400);
    const missing = expectErrorsJson(await post('json', { ...valid(), service_code: 'gas_smell' }), 400);
    expect(missing[0]?.description).toContain('attribute[indoors]');
    expectErrorsJson(await post('json', { ...valid(), service_code: 'gas_smell', 'attribute[indoors]': 'perhaps' }), 400);
  });

  it('creates a request (JSON): an id and a service notice, never a token; the office sees it in its inbox', async () => {
    const res = await post('json', {
      ...valid(),
      description: '<b>Tom & Jerry</b> 堵住了出口',
      email: 'li@example.cn',
      first_name: '李',
      last_name: '四',
      jurisdiction_id: '',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toHaveLength(1);
    expect(body[0].service_request_id).toMatch(/^JB-\d{4}-\d{6}$/);
    expect(body[0]).not.toHaveProperty('token');
    expect(body[0].service_notice).toContain('24');
    const inbox = (await hazardClient(app).get(officer, '/api/v1/reports?limit=200')).json();
    expect(inbox.items.find((r: { code: string }) => r.code === body[0].service_request_id)).toMatchObject({
      channel: 'open311',
      named: true,
    });
  });

  it('creates a request (XML) with a multi-value attribute', async () => {
    const res = await post('xml', {
      ...valid(),
      service_code: 'muck_truck',
      'attribute[problems][]': ['overloaded', 'spilling'],
      'attribute[plate]': '苏A12345',
    });
    expect(res.statusCode).toBe(200);
    const root = parseXml(res.body);
    expect(root.name).toBe('service_requests');
    const [request] = kids(root, 'request');
    expect(textOf(request as XmlNode, 'service_request_id')).toMatch(/^JB-/);
    expect(kids(request as XmlNode, 'token')).toEqual([]);
    const detail = (await hazardClient(app).get(officer, '/api/v1/reports?limit=200')).json();
    const id = detail.items.find((r: { code: string }) => r.code === textOf(request as XmlNode, 'service_request_id')).id;
    expect((await hazardClient(app).get(officer, `/api/v1/reports/${id}`)).json().attributes).toEqual({
      problems: ['overloaded', 'spilling'],
      plate: '苏A12345',
    });
  });

  it('accepts an address_string without coordinates', async () => {
    const { lat: _l, long: _g, ...rest } = valid();
    const res = await post('json', { ...rest, address_string: '安澜街道幸福路 12 号' });
    expect(res.statusCode).toBe(200);
    const one = (await get(`requests/${res.json()[0].service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({ address: '安澜街道幸福路 12 号', lat: null, long: null, status: 'open' });
  });
});

describe('GET requests', () => {
  const created: string[] = [];

  beforeAll(async () => {
    for (const [i, code] of ['fire_exit', 'electrical', 'other'].entries()) {
      const res = await post('json', { ...valid(), service_code: code, description: `第 ${i} 条 & <测试>` });
      created.push(res.json()[0].service_request_id);
    }
    // Close the last one as not ours, naming whose.
    const inbox = (await hazardClient(app).get(officer, '/api/v1/reports?limit=200')).json();
    const id = inbox.items.find((r: { code: string }) => r.code === created[2]).id;
    const closed = await hazardClient(app).post(officer, `/api/v1/reports/${id}/triage`, {
      action: 'not_our_responsibility',
      referredTo: '区住房和城乡建设局',
    });
    expect(closed.statusCode).toBe(200);
  });

  it('returns one request by id with exactly the standard fields, in JSON and XML', async () => {
    const [one] = (await get(`requests/${created[0]}.json`)).json();
    expect(Object.keys(one)).toEqual(REQUEST_FIELDS);
    expect(one).toMatchObject({
      service_request_id: created[0],
      status: 'open',
      service_code: 'fire_exit',
      agency_responsible: '安澜街道应急管理办公室',
    });
    for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(one[f]).toMatch(W3C_CST);
    expect(one.description).toBe('第 0 条 & <测试>');
    expect(one.lat).toBe(Math.round(place.lat * 10_000) / 10_000);
    expect(JSON.stringify(one)).not.toContain('li@example.cn');
    const root = parseXml((await get(`requests/${created[0]}.xml`)).body);
    expect(root.name).toBe('service_requests');
    const [request] = kids(root, 'request');
    expect((request as XmlNode).children.map((c) => c.name)).toEqual(REQUEST_FIELDS);
    expect(textOf(request as XmlNode, 'description')).toBe('第 0 条 & <测试>');
    expect(textOf(request as XmlNode, 'status')).toBe('open');
    expect(textOf(request as XmlNode, 'requested_datetime')).toBe(one.requested_datetime);
  });

  it('maps closings onto closed, with the detail and whose responsibility in status_notes', async () => {
    const [one] = (await get(`requests/${created[2]}.json`)).json();
    expect(one.status).toBe('closed');
    expect(one.status_notes).toContain('区住房和城乡建设局');
    const root = parseXml((await get(`requests/${created[2]}.xml`)).body);
    expect(textOf(kid(root, 'request'), 'status')).toBe('closed');
  });

  it('answers an unknown id with 404 in both formats', async () => {
    expectErrorsJson(await get('requests/JB-1999-000000.json'), 404);
    expectErrorsXml(await get('requests/JB-1999-000000.xml'), 404);
  });

  it('filters by ids (overriding everything else), service codes and status', async () => {
    const ids = (url: string) => get(url).then((r) => (r.json() as { service_request_id: string }[]).map((x) => x.service_request_id));
    expect((await ids(`requests.json?service_request_id=${created[0]},${created[2]}&status=open&service_code=other`)).sort()).toEqual(
      [created[0], created[2]].sort(),
    );
    const all = await ids('requests.json');
    for (const c of created) expect(all).toContain(c);
    expect(await ids('requests.json?service_code=electrical')).toEqual([created[1]]);
    expect((await ids('requests.json?service_code=electrical,other')).sort()).toEqual([created[1], created[2]].sort());
    const open = await ids('requests.json?status=open');
    expect(open).toContain(created[0]);
    expect(open).not.toContain(created[2]);
    expect(await ids('requests.json?status=closed')).toEqual([created[2]]);
    expect((await ids('requests.json?status=open,closed')).length).toBe(all.length);
    // Empty optional parameters are the same as absent ones.
    expect((await ids('requests.json?status=&service_code=&start_date=&jurisdiction_id=')).length).toBe(all.length);
    const xml = parseXml((await get('requests.xml?service_code=electrical')).body);
    expect(kids(xml, 'request').map((r) => textOf(r, 'service_request_id'))).toEqual([created[1]]);
  });

  it('filters by period, and pages with page and page_size', async () => {
    const count = (url: string) => get(url).then((r) => (r.json() as unknown[]).length);
    const all = await count('requests.json');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    expect(await count(`requests.json?start_date=${encodeURIComponent(hourAgo)}&end_date=${encodeURIComponent(tomorrow)}`)).toBe(all);
    expect(await count('requests.json?start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00')).toBe(0);
    expect(await count(`requests.json?end_date=${encodeURIComponent(hourAgo)}`)).toBe(0);
    const first = (await get('requests.json?page_size=2')).json() as { service_request_id: string }[];
    const second = (await get('requests.json?page_size=2&page=2')).json() as { service_request_id: string }[];
    expect(first).toHaveLength(2);
    expect(second.length).toBe(Math.min(2, all - 2));
    expect(second.map((x) => x.service_request_id)).not.toContain(first[0]?.service_request_id);
  });

  it('refuses bad filters with 400 and an unknown service code with 404, in both formats', async () => {
    expectErrorsJson(await get('requests.json?start_date=2026-12-01'), 400);
    expectErrorsXml(await get('requests.xml?end_date=yesterday'), 400);
    expect(
      expectErrorsJson(await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400)[0]?.description,
    ).toContain('90');
    expectErrorsJson(await get('requests.json?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z'), 400);
    expectErrorsXml(await get('requests.xml?status=pending'), 400);
    expectErrorsJson(await get('requests.json?page_size=0'), 400);
    expectErrorsJson(await get('requests.json?page_size=1001'), 400);
    expectErrorsJson(await get('requests.json?service_code=ufo'), 404);
    expectErrorsXml(await get('requests.xml?service_code=ufo'), 404);
  });
});

describe('the FixMyStreet servicerequestupdates extension', () => {
  it('lists the changes of state in a period, in JSON and XML', async () => {
    const since = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const updates = (await get(`servicerequestupdates.json?start_date=${since}`)).json() as Record<string, string>[];
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      expect(Object.keys(u)).toEqual([
        'update_id',
        'service_request_id',
        'status',
        'updated_datetime',
        'description',
        'media_url',
        'external_status_code',
      ]);
      expect(u.updated_datetime).toMatch(W3C_CST);
    }
    const closing = updates.find((u) => u.status === 'NOT_COUNCILS_RESPONSIBILITY');
    expect(closing?.description).toContain('区住房和城乡建设局');
    const opened = updates.filter((u) => u.service_request_id === closing?.service_request_id).map((u) => u.status);
    expect(opened).toEqual(['OPEN', 'NOT_COUNCILS_RESPONSIBILITY']);
    const root = parseXml((await get(`servicerequestupdates.xml?start_date=${since}`)).body);
    expect(root.name).toBe('service_request_updates');
    expect(kids(root, 'request_update').map((u) => textOf(u, 'update_id'))).toEqual(updates.map((u) => u.update_id));
    expectErrorsJson(await get('servicerequestupdates.json?start_date=soon'), 400);
    expectErrorsXml(await get('servicerequestupdates.xml?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z'), 400);
    expect((await get('servicerequestupdates.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).json()).toEqual([]);
  });
});

describe('tokens', () => {
  it('resolve a tracking token to its request in JSON and XML, and 404 for an unknown one', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/public/reports',
      headers: { 'x-device-id': randomBytes(8).toString('hex') },
      payload: { serviceCode: 'other', description: '配电箱门敞开', location: place },
    });
    const { token, code } = res.json();
    expect((await get(`tokens/${token}.json`)).json()).toEqual([{ service_request_id: code, token }]);
    const root = parseXml((await get(`tokens/${token}.xml`)).body);
    expect(textOf(kid(root, 'request'), 'service_request_id')).toBe(code);
    expectErrorsJson(await get('tokens/unknown-token.json'), 404);
    expectErrorsXml(await get('tokens/unknown-token.xml'), 404);
  });
});

describe('revoking a key', () => {
  it('stops its client from creating requests', async () => {
    const api = hazardClient(app);
    expect((await app.http.inject({ method: 'DELETE', url: `/api/v1/open311/clients/${clientId}`, headers: head })).statusCode).toBe(204);
    expectErrorsJson(await post('json', valid()), 403);
    expect((await api.get(head, '/api/v1/open311/clients')).json().items[0].revokedAt).not.toBeNull();
  });
});
