import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, multipart, myOrganisation, PNG, TEXT } from './hazards.support.js';

const HOUR = 3_600_000;
const clock = fixedClock(new Date());
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let gridworker: Auth;
let principal: Auth;
let enterprise: { id: string; name: string; lng: number; lat: number };

/** A point `north` and `east` metres from the enterprise (inside the demo street). */
const near = (north: number, east = 0) => ({
  lng: enterprise.lng + east / (111_320 * Math.cos((enterprise.lat * Math.PI) / 180)),
  lat: enterprise.lat + north / 111_195,
});
const device = () => randomBytes(12).toString('hex');

const file = (body: Record<string, unknown>, headers: Record<string, string> = { 'x-device-id': device() }) =>
  app.http.inject({ method: 'POST', url: '/api/v1/public/reports', headers, payload: body });
const fireExit = (over: Record<string, unknown> = {}) => ({
  serviceCode: 'fire_exit',
  description: '商场后门安全出口被铁链锁住',
  location: near(0),
  ...over,
});
const track = async (token: string) => {
  const res = await app.http.inject({ url: `/api/v1/public/reports/${token}` });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const triage = (auth: Auth, id: string, body: Record<string, unknown>) => api.post(auth, `/api/v1/reports/${id}/triage`, body);
const idOf = async (code: string) => {
  const res = await api.get(officer, '/api/v1/reports?limit=200');
  return (res.json().items as { id: string; code: string }[]).find((r) => r.code === code)?.id as string;
};

/** Sessions expire when the clock jumps ahead; sign in again afterwards. */
async function signInAll() {
  officer = await app.signIn('officer');
  gridworker = await app.signIn('gridworker');
  principal = await app.signIn('principal');
}

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  await signInAll();
  enterprise = (await myOrganisation(app, principal)) as typeof enterprise;
  expect(typeof enterprise.lng).toBe('number');
});
afterAll(async () => app?.close());

describe('public intake without an account', () => {
  let token: string;
  let code: string;

  it('takes an anonymous report, routes it to the street office and returns a tracking token', async () => {
    const res = await file(fireExit());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    ({ token, code } = body);
    expect(code).toMatch(/^JB-\d{4}-\d{6}$/);
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(body.trackingUrl).toContain(token);
    const view = await track(token);
    expect(view).toMatchObject({
      code,
      state: 'received',
      agency: '安澜街道应急管理办公室',
      service: { code: 'fire_exit' },
      duplicateOf: null,
    });
    expect(view.history.map((h: { state: string }) => h.state)).toEqual(['received']);
    // Coordinates shown publicly are rounded to four decimals.
    expect(view.location.lng).toBe(Math.round(enterprise.lng * 10_000) / 10_000);
  });

  it('seals a named reporter’s identity: not public, stored encrypted, shown to the handling office with an audit entry', async () => {
    const res = await file(
      fireExit({ description: '楼道堆满纸箱', location: near(30), reporter: { name: '张三丰', contact: '13800138000' } }),
    );
    expect(res.statusCode).toBe(201);
    const { token: t, code: c } = res.json();
    const publicText = JSON.stringify(await track(t));
    expect(publicText).not.toContain('张三丰');
    expect(publicText).not.toContain('13800138000');
    const row = await sql<{
      n: string;
      c: string;
    }>`select reporter_name_enc as n, reporter_contact_enc as c from reports.report where code = ${c}`.execute(app.database.db);
    expect(row.rows[0]?.n).toMatch(/^v1\./);
    expect(`${row.rows[0]?.n}${row.rows[0]?.c}`).not.toContain('13800138000');

    const id = await idOf(c);
    const detail = (await api.get(officer, `/api/v1/reports/${id}`)).json();
    expect(detail).toMatchObject({ named: true, reporterViewable: true });
    expect(JSON.stringify(detail)).not.toContain('张三丰');
    expect((await api.get(gridworker, `/api/v1/reports/${id}/reporter`)).statusCode).toBe(403);
    const who = await api.get(officer, `/api/v1/reports/${id}/reporter`);
    expect(who.json()).toEqual({ named: true, name: '张三丰', contact: '13800138000' });
    const history = (await api.get(officer, `/api/v1/audit/history?targetType=report&targetId=${id}`)).json().items as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['reports.report.submit', 'reports.reporter.view']));
    expect(JSON.stringify(history)).not.toContain('张三丰');
  });

  it('refuses bad input with a problem naming the field', async () => {
    const unknown = await file(fireExit({ serviceCode: 'ufo' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toContain('serviceCode');
    const outside = await file(fireExit({ location: { lng: 0, lat: 0 } }));
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors.map((e: { field: string }) => e.field)).toEqual(['location']);
    const unanswered = await file({ serviceCode: 'gas_smell', description: '有煤气味', location: near(0) });
    expect(unanswered.statusCode).toBe(422);
    expect(unanswered.json().errors.map((e: { field: string }) => e.field)).toEqual(['attributes.indoors']);
    expect((await file(fireExit({ description: '' }))).statusCode).toBe(400);
    expect((await app.http.inject({ url: '/api/v1/public/reports/not-a-real-token-at-all' })).statusCode).toBe(404);
  });

  it('offers open reports of the same category within 250 m, nearest first, as duplicate candidates', async () => {
    const url = (p: { lng: number; lat: number }, category: string) =>
      `/api/v1/public/reports/nearby?lng=${p.lng}&lat=${p.lat}&category=${category}`;
    const here = (await app.http.inject({ url: url(near(-100), 'fire_exit') })).json();
    expect(here.radiusMeters).toBe(250);
    const codes = here.items.map((i: { code: string }) => i.code);
    expect(codes[0]).toBe(code);
    expect(here.items[0].distanceMeters).toBeGreaterThanOrEqual(98);
    expect(here.items[0].distanceMeters).toBeLessThanOrEqual(102);
    expect(JSON.stringify(here)).not.toContain('张三丰');
    // 240 m south of the first report, the named one 30 m north of it is 270 m away: only the first is offered.
    expect((await app.http.inject({ url: url(near(-240), 'fire_exit') })).json().items.map((i: { code: string }) => i.code)).toEqual([
      code,
    ]);
    expect((await app.http.inject({ url: url(near(-300), 'fire_exit') })).json().items).toEqual([]);
    expect((await app.http.inject({ url: url(near(-100), 'electrical') })).json().items).toEqual([]);
    expect((await app.http.inject({ url: url(near(0), 'ufo') })).statusCode).toBe(400);
  });
});

describe('photos', () => {
  const segment = (marker: number, payload: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([head, payload]);
  };
  /**
   * A real JPEG (a random colour, so each differs) whose metadata names the reporter and the place: EXIF with an
   * artist and GPS, and a comment segment spliced in after the start marker.
   */
  const jpeg = async () => {
    const [r, g, b] = [...randomBytes(3)];
    const made = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: r ?? 0, g: g ?? 0, b: b ?? 0 } } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Zhang Sanfeng' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 13/1 4944/100' } })
      .toBuffer();
    return Buffer.concat([made.subarray(0, 2), segment(0xfe, Buffer.from('拍摄者 张三丰 13800138000', 'utf8')), made.subarray(2)]);
  };
  const upload = (token: string, f: { name: string; type: string; bytes: Buffer } | null) => {
    const body = multipart({}, f);
    return app.http.inject({
      method: 'POST',
      url: `/api/v1/public/reports/${token}/photos`,
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('are stored and shown without their metadata, and listed on the tracking page', async () => {
    const { token } = (await file(fireExit({ location: near(60) }))).json();
    const original = await jpeg();
    expect(original.includes(Buffer.from('张三丰'))).toBe(true);
    expect(original.includes(Buffer.from('Zhang Sanfeng'))).toBe(true);
    const res = await upload(token, { name: 'IMG_0001.jpg', type: 'image/jpeg', bytes: original });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mediaType: 'image/jpeg' });
    expect(res.json().size).toBeLessThan(original.length);
    const shown = await app.http.inject({ url: res.json().url });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    const bytes = shown.rawPayload;
    for (const secret of ['张三丰', 'Zhang Sanfeng', '13800138000', 'Exif', 'GPS'])
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect((await track(token)).photos).toEqual([{ url: res.json().url, mediaType: 'image/jpeg' }]);
  });

  it('refuses other types, a missing file, an unknown report, and a sixth photo', async () => {
    const { token } = (await file(fireExit({ location: near(70) }))).json();
    const text = await upload(token, { name: 'a.jpg', type: 'image/jpeg', bytes: TEXT() });
    expect(text.statusCode).toBe(415);
    expect(text.json().errors[0].field).toBe('file');
    expect((await upload(token, null)).statusCode).toBe(400);
    expect((await upload('no-such-token-here', { name: 'a.png', type: 'image/png', bytes: PNG() })).statusCode).toBe(404);
    for (let i = 0; i < 5; i++)
      expect((await upload(token, { name: `${i}.jpg`, type: 'image/jpeg', bytes: await jpeg() })).statusCode).toBe(201);
    const sixth = await upload(token, { name: '5.jpg', type: 'image/jpeg', bytes: await jpeg() });
    expect(sixth.statusCode).toBe(422);
    expect((await track(token)).photos).toHaveLength(5);
  });
});

describe('rate limits', () => {
  it('refuses the sixth report from one device within the hour with 429 and Retry-After; another device goes on', async () => {
    clock.advance(2 * HOUR);
    const phone = device();
    for (let i = 0; i < 5; i++) expect((await file(fireExit({ location: near(500 + i) }), { 'x-device-id': phone })).statusCode).toBe(201);
    const sixth = await file(fireExit({ location: near(520) }), { 'x-device-id': phone });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['content-type']).toContain('application/problem+json');
    expect(Number(sixth.headers['retry-after'])).toBe(3600);
    expect(sixth.json()).toMatchObject({ code: 'reports.throttled', limitedBy: 'device', retryAfterSeconds: 3600 });
    expect((await file(fireExit({ location: near(521) }))).statusCode).toBe(201);
    clock.advance(HOUR + 1000);
    expect((await file(fireExit({ location: near(522) }), { 'x-device-id': phone })).statusCode).toBe(201);
  });

  it('gives a device without an id a cookie, and counts by it', async () => {
    clock.advance(2 * HOUR);
    const first = await file(fireExit({ location: near(600) }), {});
    expect(first.statusCode).toBe(201);
    const cookie = first.cookies.find((c) => c.name === 'gz_device');
    expect(cookie?.value).toBeTruthy();
    for (let i = 0; i < 4; i++)
      expect((await file(fireExit({ location: near(601 + i) }), { cookie: `gz_device=${cookie?.value}` })).statusCode).toBe(201);
    expect((await file(fireExit({ location: near(610) }), { cookie: `gz_device=${cookie?.value}` })).statusCode).toBe(429);
  });

  it('refuses the 21st report from one address within the hour, whatever the device', async () => {
    clock.advance(2 * HOUR);
    for (let i = 0; i < 20; i++) expect((await file(fireExit({ location: near(700 + i) }))).statusCode, `report ${i + 1}`).toBe(201);
    const over = await file(fireExit({ location: near(730) }));
    expect(over.statusCode).toBe(429);
    expect(over.json().limitedBy).toBe('address');
    clock.advance(2 * HOUR);
  });
});

describe('triage into the closed loop', () => {
  let token: string;
  let id: string;
  let originalCode: string;
  const closedCodes: string[] = [];

  it('lands in the office’s inbox with its deadline, and turns overdue when unanswered', async () => {
    await signInAll();
    const res = await file(fireExit({ description: '消防通道被三轮车占用', location: near(400) }));
    token = res.json().token;
    id = await idOf(res.json().code);
    const inbox = (await api.get(officer, '/api/v1/reports?status=submitted&limit=200')).json();
    const item = inbox.items.find((r: { id: string }) => r.id === id);
    expect(item).toMatchObject({
      status: 'submitted',
      state: 'received',
      overdue: false,
      named: false,
      responsible: { name: '安澜街道应急管理办公室' },
    });
    expect(new Date(item.dueAt).getTime() - clock.now().getTime()).toBe(24 * HOUR);
    clock.advance(25 * HOUR);
    await signInAll();
    const overdue = (await api.get(officer, '/api/v1/reports?overdue=true&limit=200')).json();
    expect(overdue.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await api.get(principal, '/api/v1/reports')).statusCode).toBe(403);
    expect((await api.get(officer, `/api/v1/reports/${id}`)).json().abilities).toEqual({
      verify: true,
      createHazard: false,
      close: true,
      moderate: true,
    });
    expect((await triage(gridworker, id, { action: 'verify' })).statusCode).toBe(403);
  });

  it('finds reports by code and by words of the description or address, each word anywhere, % taken literally', async () => {
    await signInAll();
    const filed = (await file(fireExit({ description: '仓库 侧门 上锁', address: '锦江路 88 号', location: near(410) }))).json();
    const search = async (q: string) =>
      ((await api.get(officer, `/api/v1/reports?limit=200&q=${encodeURIComponent(q)}`)).json().items as { code: string }[]).map(
        (r) => r.code,
      );
    expect(await search(filed.code)).toEqual([filed.code]);
    expect(await search('侧门 锦江路')).toContain(filed.code);
    expect(await search('侧门 不存在的词')).toEqual([]);
    expect(await search('%')).toEqual([]);
    const blank = await api.get(officer, '/api/v1/reports?q=%20');
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('q');
  });

  it('creates a hazard only after verification; the hazard carries the source public_report and the link', async () => {
    const early = await triage(officer, id, { action: 'create_hazard', enterpriseId: enterprise.id });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('reports.transition_not_allowed');
    const verified = await triage(officer, id, { action: 'verify', publicNote: '已电话核实' });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'verified', overdue: false });
    expect((await track(token)).state).toBe('verified');
    const notEnterprise = await triage(officer, id, { action: 'create_hazard', enterpriseId: (await myOrganisation(app, officer)).id });
    expect(notEnterprise.statusCode).toBe(422);
    expect(notEnterprise.json().errors[0].field).toBe('enterpriseId');
    const created = await triage(officer, id, { action: 'create_hazard', enterpriseId: enterprise.id, title: '消防通道占用' });
    expect(created.statusCode).toBe(200);
    const { hazardId } = created.json();
    expect(created.json()).toMatchObject({ status: 'hazard', state: 'in_progress', enterpriseId: enterprise.id });
    const hazard = (await api.get(officer, `/api/v1/hazards/${hazardId}`)).json();
    expect(hazard).toMatchObject({ source: 'public_report', status: 'registered', title: '消防通道占用' });
    const view = await track(token);
    expect(view).toMatchObject({ state: 'in_progress', hazardCode: hazard.code });
    expect(view.history.map((h: { state: string; note: string | null }) => [h.state, h.note])).toEqual([
      ['received', null],
      ['verified', '已电话核实'],
      ['in_progress', null],
    ]);
    expect((await triage(officer, id, { action: 'no_further_action' })).statusCode).toBe(409);
  });

  it('shows "fixed" only once the linked hazard is closed', async () => {
    const { hazardId } = (await api.get(officer, `/api/v1/reports/${id}`)).json();
    expect((await api.step(officer, hazardId, 'assess', { grade: 'general' })).json().status).toBe('assessed');
    expect((await track(token)).state).toBe('in_progress');
    const photo = (await api.upload(officer, hazardId, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    expect((await api.step(officer, hazardId, 'fix-on-spot', { note: '已清理通道', evidenceIds: [photo] })).json().status).toBe('closed');
    const view = await track(token);
    expect(view.state).toBe('fixed');
    expect(view.stateText.en).toContain('Fixed');
    expect(view.history.at(-1).state).toBe('fixed');
  });

  it('closes honestly: duplicate of another report, not ours naming whose, not a hazard, no further action', async () => {
    const original = await file(fireExit({ description: '原始举报', location: near(450) }));
    expect(original.statusCode).toBe(201);
    originalCode = original.json().code;
    const cases = [
      { body: { action: 'duplicate', duplicateOf: originalCode }, state: 'duplicate' },
      {
        body: { action: 'not_our_responsibility', referredTo: '区交通运输局', publicNote: '道路问题已转交' },
        state: 'not_our_responsibility',
      },
      { body: { action: 'not_a_hazard' }, state: 'not_a_hazard' },
      { body: { action: 'no_further_action' }, state: 'no_further_action' },
    ];
    for (const [i, c] of cases.entries()) {
      const res = await file(fireExit({ description: `第${i}个`, location: near(451 + i) }));
      closedCodes.push(res.json().code);
      const rid = await idOf(res.json().code);
      expect((await triage(officer, rid, c.body)).statusCode, c.state).toBe(200);
      const view = await track(res.json().token);
      expect(view.state).toBe(c.state);
      if (c.state === 'duplicate') expect(view.duplicateOf).toBe(originalCode);
      if (c.state === 'not_our_responsibility') expect(view).toMatchObject({ referredTo: '区交通运输局' });
    }
    const lone = await idOf((await file(fireExit({ location: near(460) }))).json().code);
    expect((await triage(officer, lone, { action: 'not_our_responsibility' })).statusCode).toBe(400);
    expect((await triage(officer, lone, { action: 'duplicate', duplicateOf: 'JB-1999-000000' })).statusCode).toBe(422);
    const actions = (
      (await api.get(officer, `/api/v1/audit/history?targetType=report&targetId=${id}`)).json().items as { action: string }[]
    ).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['reports.report.submit', 'reports.report.verify', 'reports.report.create_hazard']));
  });

  it('no longer offers closed or fixed reports as duplicates', async () => {
    const res = await app.http.inject({
      url: `/api/v1/public/reports/nearby?lng=${near(450).lng}&lat=${near(450).lat}&category=fire_exit`,
    });
    const codes = res.json().items.map((i: { code: string }) => i.code);
    expect(codes).toContain(originalCode);
    expect(closedCodes).toHaveLength(4);
    for (const c of closedCodes) expect(codes).not.toContain(c);
    // The report whose hazard was closed (400 m north) is fixed, so not offered either.
    expect(
      res.json().items.every((i: { state: string }) => i.state === 'received' || i.state === 'verified' || i.state === 'in_progress'),
    ).toBe(true);
  });
});
