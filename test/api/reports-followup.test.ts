import { randomBytes, randomUUID } from 'node:crypto';
import exifr from 'exifr';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN_TEXT } from '../../src/modules/reports/index.js';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, multipart, myOrganisation, PNG } from './hazards.support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clock = fixedClock(new Date());
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let gridworker: Auth;
let principal: Auth;
let enterprise: { id: string; name: string; lng: number; lat: number };

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
const publicPost = (url: string, payload: unknown) => app.http.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
const triage = (auth: Auth, id: string, body: Record<string, unknown>) => api.post(auth, `/api/v1/reports/${id}/triage`, body);
const moderate = (auth: Auth, id: string, body: Record<string, unknown>) => api.post(auth, `/api/v1/reports/${id}/moderation`, body);
const idOf = async (code: string) =>
  (await sql<{ id: string }>`select id from reports.report where code = ${code}`.execute(app.database.db)).rows[0]?.id as string;
const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field);
const auditOf = async (id: string) =>
  (await api.get(officer, `/api/v1/audit/history?targetType=report&targetId=${id}&limit=100`)).json().items as {
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];
const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(app.database.db)).rows[0]?.n);

/** A new report, filed and returned with its id. */
async function newReport(over: Record<string, unknown> = {}) {
  const res = await file(fireExit(over));
  expect(res.statusCode).toBe(201);
  const { token, code } = res.json();
  return { token: token as string, code: code as string, id: await idOf(code) };
}

/** A report taken through verify → hazard → the hazard closed: the report shows fixed. */
async function fixedReport(north: number) {
  const r = await newReport({ description: '消防通道被三轮车占用', location: near(north) });
  expect((await triage(officer, r.id, { action: 'verify' })).statusCode).toBe(200);
  const created = await triage(officer, r.id, { action: 'create_hazard', enterpriseId: enterprise.id, title: '消防通道占用' });
  expect(created.statusCode).toBe(200);
  const { hazardId } = created.json();
  expect((await api.step(officer, hazardId, 'assess', { grade: 'general' })).statusCode).toBe(200);
  const photo = (await api.upload(officer, hazardId, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
  expect((await api.step(officer, hazardId, 'fix-on-spot', { note: '已清理通道', evidenceIds: [photo] })).json().status).toBe('closed');
  expect((await track(r.token)).state).toBe('fixed');
  return { ...r, hazardId: hazardId as string };
}

const upload = (token: string, f: { name: string; type: string; bytes: Buffer } | null) => {
  const body = multipart({}, f);
  return app.http.inject({
    method: 'POST',
    url: `/api/v1/public/reports/${token}/photos`,
    headers: { 'content-type': body.contentType },
    payload: body.payload,
  });
};

/** A 60 × 30 JPEG turned by EXIF orientation 6 (shown 30 × 60), with a camera owner and the GPS position given. */
async function phonePhoto(gps: { lng: number; lat: number } | null) {
  const dms = (v: number) => {
    const a = Math.abs(v);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 10_000);
    return `${d}/1 ${m}/1 ${s}/10000`;
  };
  const [r, g, b] = [...randomBytes(3)];
  return sharp({ create: { width: 60, height: 30, channels: 3, background: { r: r ?? 0, g: g ?? 0, b: b ?? 0 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SecretPhone', Artist: 'Zhang Sanfeng' },
      ...(gps
        ? {
            IFD3: {
              GPSLatitudeRef: gps.lat >= 0 ? 'N' : 'S',
              GPSLatitude: dms(gps.lat),
              GPSLongitudeRef: gps.lng >= 0 ? 'E' : 'W',
              GPSLongitude: dms(gps.lng),
            },
          }
        : {}),
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

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
});
afterAll(async () => app?.close());

describe('photos through sharp', () => {
  it('stores a phone photo upright with no metadata, and offers the GPS position it carried without storing it', async () => {
    const r = await newReport({ location: near(20) });
    const spot = near(35, 10);
    const original = await phonePhoto(spot);
    expect((await sharp(original).metadata()).orientation).toBe(6);
    expect(await exifr.gps(original)).toBeTruthy();
    const res = await upload(r.token, { name: 'IMG_0001.jpg', type: 'image/jpeg', bytes: original });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ mediaType: 'image/jpeg', width: 30, height: 60 });
    expect(body.exifLocation.lng).toBeCloseTo(spot.lng, 5);
    expect(body.exifLocation.lat).toBeCloseTo(spot.lat, 5);

    const shown = await app.http.inject({ url: body.url });
    expect(shown.statusCode).toBe(200);
    const stored = shown.rawPayload;
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual(['jpeg', 30, 60, undefined]);
    expect(meta.exif).toBeUndefined();
    expect(await exifr.parse(stored)).toBeUndefined();
    expect(await exifr.gps(stored)).toBeUndefined();
    for (const secret of ['SecretPhone', 'Zhang Sanfeng']) expect(stored.includes(Buffer.from(secret)), secret).toBe(false);

    // The position is only offered: the report keeps the reporter's own point, and nothing else holds it.
    const view = await track(r.token);
    expect(view.location).toEqual({ lng: Math.round(near(20).lng * 1e4) / 1e4, lat: Math.round(near(20).lat * 1e4) / 1e4 });
    const row = (await sql<{ lng: number; lat: number }>`select lng, lat from reports.report where id = ${r.id}`.execute(app.database.db))
      .rows[0];
    expect(row?.lat).toBeCloseTo(near(20).lat, 9);
    const trail = JSON.stringify(await auditOf(r.id));
    expect(trail).not.toContain(String(body.exifLocation.lat).slice(0, 8));
  });

  it('answers exifLocation null for a photo without GPS, keeps PNG as PNG, and refuses a file that does not decode', async () => {
    const r = await newReport({ location: near(25) });
    const plain = await upload(r.token, { name: 'a.jpg', type: 'image/jpeg', bytes: await phonePhoto(null) });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().exifLocation).toBeNull();
    const png = await sharp({ create: { width: 7, height: 5, channels: 4, background: '#00ff0080' } })
      .png()
      .toBuffer();
    const pngRes = await upload(r.token, { name: 'b.png', type: 'image/png', bytes: png });
    expect(pngRes.statusCode).toBe(201);
    expect(pngRes.json()).toMatchObject({ mediaType: 'image/png', width: 7, height: 5, exifLocation: null });
    const broken = await upload(r.token, { name: 'c.png', type: 'image/png', bytes: PNG() });
    expect(broken.statusCode).toBe(422);
    expect(fields(broken)).toEqual(['file']);
    expect((await track(r.token)).photos).toHaveLength(2);
  });
});

describe('the anti-spam check at intake', () => {
  it('refuses a filled honeypot or a description of only links, naming the field and storing nothing', async () => {
    const before = await count('reports.report');
    const honey = await file(fireExit({ website: 'http://buy.example' }));
    expect(honey.statusCode).toBe(422);
    expect(honey.headers['content-type']).toContain('application/problem+json');
    expect(fields(honey)).toEqual(['website']);
    const links = await file(fireExit({ description: 'http://casino.example/win https://casino.example/now' }));
    expect(links.statusCode).toBe(422);
    expect(fields(links)).toEqual(['description']);
    const repeated = await file(fireExit({ description: '啊啊啊啊啊啊啊啊' }));
    expect(fields(repeated)).toEqual(['description']);
    expect(await count('reports.report')).toBe(before);
    // An empty honeypot is what a person's browser sends.
    expect((await file(fireExit({ website: '', location: near(30) }))).statusCode).toBe(201);
  });
});

describe('the reporter adds information', () => {
  it('adds a public history entry with the text, audited', async () => {
    const r = await newReport({ location: near(40) });
    const res = await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: '  门口还堆了纸箱，晚上更严重  ' });
    expect(res.statusCode).toBe(201);
    expect(res.json().history.at(-1)).toMatchObject({ kind: 'information', state: 'received', note: '门口还堆了纸箱，晚上更严重' });
    expect(res.json().canAddInformation).toBe(true);
    expect((await track(r.token)).history.map((h: { kind: string }) => h.kind)).toEqual(['submit', 'information']);
    const entry = (await auditOf(r.id)).find((e) => e.action === 'reports.report.inform');
    expect(entry?.after).toMatchObject({ text: '门口还堆了纸箱，晚上更严重' });
    // The office sees it among the events.
    const detail = (await api.get(officer, `/api/v1/reports/${r.id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ kind: 'information', from: 'submitted', to: 'submitted' });
  });

  it('refuses bad input naming the field and changes nothing', async () => {
    const r = await newReport({ location: near(45) });
    const events = async () => (await track(r.token)).history.length;
    const n = await events();
    for (const payload of [{}, { text: '' }, { text: 'x'.repeat(2001) }, { text: 'ok', extra: 1 }]) {
      const res = await publicPost(`/api/v1/public/reports/${r.token}/information`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(fields(await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: '' }))).toContain('text');
    const spam = await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: 'https://spam.example/x' });
    expect(spam.statusCode).toBe(422);
    expect(fields(spam)).toEqual(['text']);
    expect((await publicPost('/api/v1/public/reports/no-such-token-here/information', { text: '补充' })).statusCode).toBe(404);
    expect(await events()).toBe(n);
  });

  it('takes at most 20 additions per report', async () => {
    const r = await newReport({ location: near(47) });
    for (let i = 0; i < 20; i++)
      expect((await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: `第${i + 1}次补充说明` })).statusCode).toBe(201);
    const over = await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: '第21次补充说明' });
    expect(over.statusCode).toBe(422);
    expect(fields(over)).toEqual(['text']);
    expect((await track(r.token)).history).toHaveLength(21);
  });
});

describe('moderation', () => {
  let r: { token: string; code: string; id: string };
  let photoUrl: string;
  let photoId: string;
  const SECRET = '隔壁王五家的仓库住了人 电话 13900000000';

  it('is refused without the permission, and for bad input naming the field, changing nothing', async () => {
    r = await newReport({ description: SECRET, location: near(1200) });
    const up = await upload(r.token, { name: 'p.jpg', type: 'image/jpeg', bytes: await phonePhoto(null) });
    expect(up.statusCode).toBe(201);
    photoUrl = up.json().url;
    const detail = (await api.get(officer, `/api/v1/reports/${r.id}`)).json();
    expect(detail.abilities.moderate).toBe(true);
    expect(detail.photos).toHaveLength(1);
    photoId = detail.photos[0].id;
    expect(detail.photos[0]).toMatchObject({ hidden: false, publicUrl: photoUrl });

    expect((await moderate(gridworker, r.id, { hideDescription: true, reason: '含个人信息' })).statusCode).toBe(403);
    expect((await moderate(principal, r.id, { hideDescription: true, reason: '含个人信息' })).statusCode).toBe(403);
    const noReason = await moderate(officer, r.id, { hideDescription: true });
    expect(noReason.statusCode).toBe(400);
    expect(fields(noReason)).toContain('reason');
    const nothing = await moderate(officer, r.id, { reason: '含个人信息' });
    expect(nothing.statusCode).toBe(422);
    expect(fields(nothing)).toEqual(['hideDescription']);
    const stranger = await moderate(officer, r.id, { hideDescription: true, hidePhotoIds: [randomUUID()], reason: '含个人信息' });
    expect(stranger.statusCode).toBe(422);
    expect(fields(stranger)).toEqual(['hidePhotoIds']);
    const notUuid = await moderate(officer, r.id, { hidePhotoIds: ['x'], reason: '含个人信息' });
    expect(notUuid.statusCode).toBe(400);
    expect((await moderate(officer, randomUUID(), { hideDescription: true, reason: 'x' })).statusCode).toBe(404);

    const view = await track(r.token);
    expect(view).toMatchObject({ description: SECRET, descriptionHidden: false });
    expect(view.photos).toHaveLength(1);
    expect((await auditOf(r.id)).some((e) => e.action === 'reports.report.moderate')).toBe(false);
  });

  it('hides text and photos publicly, keeps the original for the office and in the audit trail', async () => {
    const res = await moderate(officer, r.id, { hideDescription: true, hidePhotoIds: [photoId], reason: '含他人姓名和电话' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ description: SECRET, descriptionHidden: true });
    expect(res.json().photos[0]).toMatchObject({ id: photoId, hidden: true, publicUrl: null });
    expect(res.json().events.at(-1)).toMatchObject({
      kind: 'moderate',
      detail: { reason: '含他人姓名和电话', descriptionHidden: true, hiddenPhotoIds: [photoId] },
    });

    const view = await track(r.token);
    expect(view).toMatchObject({ description: HIDDEN_TEXT, descriptionHidden: true, photos: [] });
    expect(JSON.stringify(view)).not.toContain('王五');
    expect(view.history.map((h: { kind: string }) => h.kind)).not.toContain('moderate');
    expect((await app.http.inject({ url: photoUrl })).statusCode).toBe(404);
    const office = await api.get(officer, res.json().photos[0].url);
    expect(office.statusCode).toBe(200);
    expect(office.headers['content-type']).toBe('image/jpeg');

    const nearby = (
      await app.http.inject({ url: `/api/v1/public/reports/nearby?lng=${near(1200).lng}&lat=${near(1200).lat}&category=fire_exit` })
    ).json();
    const item = nearby.items.find((i: { code: string }) => i.code === r.code);
    expect(item.description).toBe(HIDDEN_TEXT.slice(0, 140));
    const [o311] = (await app.http.inject({ url: `/open311/v2/requests/${r.code}.json` })).json();
    expect(o311.description).toBe(HIDDEN_TEXT);
    expect(o311.media_url ?? null).toBeNull();

    const entry = (await auditOf(r.id)).find((e) => e.action === 'reports.report.moderate');
    expect(entry?.before).toMatchObject({ description: SECRET, descriptionHidden: false, hiddenPhotoIds: [] });
    expect(entry?.after).toMatchObject({
      description: SECRET,
      descriptionHidden: true,
      hiddenPhotoIds: [photoId],
      reason: '含他人姓名和电话',
    });
    const stored = (await sql<{ description: string }>`select description from reports.report where id = ${r.id}`.execute(app.database.db))
      .rows[0];
    expect(stored?.description).toBe(SECRET);
  });

  it('hides a note the reporter added, but not the office’s own history entries', async () => {
    const added = await publicPost(`/api/v1/public/reports/${r.token}/information`, { text: '住在里面的是王五，手机 13900000001' });
    expect(added.statusCode).toBe(201);
    const detail = (await api.get(officer, `/api/v1/reports/${r.id}`)).json();
    const note = detail.events.find((e: { kind: string }) => e.kind === 'information');
    const submit = detail.events.find((e: { kind: string }) => e.kind === 'submit');
    const wrong = await moderate(officer, r.id, { hideNoteIds: [submit.id], reason: '含个人信息' });
    expect(wrong.statusCode).toBe(422);
    expect(fields(wrong)).toEqual(['hideNoteIds']);
    expect((await track(r.token)).history.find((h: { kind: string }) => h.kind === 'information').note).toContain('王五');

    const res = await moderate(officer, r.id, { hideNoteIds: [note.id], reason: '含他人电话' });
    expect(res.statusCode).toBe(200);
    expect(res.json().events.find((e: { id: string }) => e.id === note.id)).toMatchObject({
      noteHidden: true,
      publicNote: '住在里面的是王五，手机 13900000001',
    });
    const view = await track(r.token);
    expect(view.history.find((h: { kind: string }) => h.kind === 'information').note).toBe(HIDDEN_TEXT);
    expect(JSON.stringify(view)).not.toContain('13900000001');
    const entry = (await auditOf(r.id)).find((e) => e.action === 'reports.report.moderate' && e.after?.reason === '含他人电话');
    expect(entry?.after).toMatchObject({
      hiddenNoteIds: [note.id],
      hiddenNotes: [{ id: note.id, text: '住在里面的是王五，手机 13900000001' }],
    });
  });

  it('shows the text again when asked, the photo staying hidden', async () => {
    const res = await moderate(officer, r.id, { hideDescription: false, reason: '已核实可公开' });
    expect(res.statusCode).toBe(200);
    const view = await track(r.token);
    expect(view).toMatchObject({ description: SECRET, descriptionHidden: false, photos: [] });
  });
});

describe('response figures', () => {
  it('counts the period’s reports per organisation and service: in time, late, unanswered and overdue', async () => {
    clock.advance(10 * DAY);
    await signInAll();
    const from = clock.now();
    const quick = await newReport({ location: near(1500) });
    const slow = await newReport({ location: near(1510) });
    const silent = await newReport({ location: near(1520) });
    clock.advance(2 * HOUR);
    await signInAll();
    expect((await triage(officer, quick.id, { action: 'verify' })).statusCode).toBe(200);
    clock.advance(23 * HOUR);
    await signInAll();
    expect((await triage(officer, slow.id, { action: 'no_further_action' })).statusCode).toBe(200);
    const to = new Date(clock.now().getTime() + 1).toISOString();

    const inbox = (await api.get(officer, '/api/v1/reports?overdue=true&limit=200')).json();
    expect(inbox.items.find((i: { id: string }) => i.id === silent.id)).toMatchObject({ overdue: true });
    expect(inbox.items.some((i: { id: string }) => i.id === quick.id || i.id === slow.id)).toBe(false);

    const res = await api.get(officer, `/api/v1/reports/figures?from=${from.toISOString()}&to=${to}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toEqual({
      received: 3,
      verified: 1,
      handled: 2,
      closed: { fixed: 0, duplicate: 0, not_a_hazard: 0, not_our_responsibility: 0, no_further_action: 1 },
      respondedInTime: 1,
      inTimeRate: 0.333,
      medianHoursToFirstResponse: 13.5,
      open: 2,
      overdue: 1,
    });
    expect(body.byOrganisation).toHaveLength(1);
    expect(body.byOrganisation[0]).toMatchObject({ name: '安澜街道应急管理办公室', received: 3 });
    expect(body.byService).toEqual([expect.objectContaining({ serviceCode: 'fire_exit', received: 3, name: expect.any(Object) })]);

    const street = (await myOrganisation(app, officer)) as { id: string; areaId?: string };
    expect(street.id).toBeTruthy();
  });

  it('is refused without the permission, and for a bad period or area, naming the field', async () => {
    expect((await api.get(principal, '/api/v1/reports/figures')).statusCode).toBe(403);
    expect((await api.get(gridworker, '/api/v1/reports/figures')).statusCode).toBe(200);
    const bad = await api.get(officer, '/api/v1/reports/figures?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toContain('from');
    const backwards = await api.get(officer, '/api/v1/reports/figures?from=2026-02-01&to=2026-01-01');
    expect(backwards.statusCode).toBe(422);
    expect(fields(backwards)).toEqual(['from']);
    const long = await api.get(officer, '/api/v1/reports/figures?from=2024-01-01&to=2026-01-01');
    expect(fields(long)).toEqual(['to']);
    const nowhere = await api.get(officer, `/api/v1/reports/figures?areaId=${randomUUID()}`);
    expect(nowhere.statusCode).toBe(422);
    expect(fields(nowhere)).toEqual(['areaId']);
  });
});

describe('re-opening a fixed report', () => {
  let fixed: Awaited<ReturnType<typeof fixedReport>>;

  it('is refused for a report that is not fixed, and for bad input, changing nothing', async () => {
    await signInAll();
    const open = await newReport({ location: near(2000) });
    const res = await publicPost(`/api/v1/public/reports/${open.token}/reopen`, { reason: '还没修好' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'reports.reopen_not_allowed', reason: 'not_fixed' });
    fixed = await fixedReport(2100);
    const before = await track(fixed.token);
    expect(before.canReopen).toBe(true);
    const empty = await publicPost(`/api/v1/public/reports/${fixed.token}/reopen`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(fields(empty)).toContain('reason');
    expect((await publicPost(`/api/v1/public/reports/${fixed.token}/reopen`, {})).statusCode).toBe(400);
    expect((await publicPost('/api/v1/public/reports/no-such-token-here/reopen', { reason: '还没修好' })).statusCode).toBe(404);
    expect(await track(fixed.token)).toEqual(before);
  });

  it('goes back to the inbox as re-opened with a new deadline; the old hazard stays in the history', async () => {
    clock.advance(3 * DAY);
    await signInAll();
    const res = await publicPost(`/api/v1/public/reports/${fixed.token}/reopen`, { reason: '通道又被堵上了' });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    const hazard = (await api.get(officer, `/api/v1/hazards/${fixed.hazardId}`)).json();
    expect(view).toMatchObject({ state: 'reopened', hazardCode: hazard.code, canReopen: false, canAddInformation: true, closedAt: null });
    expect(view.stateText.en).toMatch(/Re-opened/);
    expect(new Date(view.dueAt).getTime() - clock.now().getTime()).toBe(24 * HOUR);
    expect(
      view.history.map((h: { kind: string; state: string }) => [h.kind, h.state]),
      JSON.stringify(view.history),
    ).toEqual([
      ['submit', 'received'],
      ['verify', 'verified'],
      ['create_hazard', 'in_progress'],
      ['hazard_closed', 'fixed'],
      ['reopen', 'reopened'],
    ]);
    expect(view.history.at(-1).note).toBe('通道又被堵上了');

    const item = (await api.get(officer, '/api/v1/reports?status=reopened&limit=200'))
      .json()
      .items.find((i: { id: string }) => i.id === fixed.id);
    expect(item).toMatchObject({ status: 'reopened', state: 'reopened', overdue: false, hazardId: fixed.hazardId });
    const detail = (await api.get(officer, `/api/v1/reports/${fixed.id}`)).json();
    expect(detail.abilities).toMatchObject({ verify: true, createHazard: false, close: true });
    expect(detail.events.at(-1)).toMatchObject({ kind: 'reopen', from: 'hazard', to: 'reopened', detail: { hazardId: fixed.hazardId } });
    const [o311] = (await app.http.inject({ url: `/open311/v2/requests/${fixed.code}.json` })).json();
    expect(o311.status).toBe('open');
    // The FixMyStreet updates feed keeps the fix and adds the re-opening, without the reporter's words.
    const w3c = (d: Date) => encodeURIComponent(d.toISOString());
    const feed = (
      await app.http.inject({
        url: `/open311/v2/servicerequestupdates.json?start_date=${w3c(new Date(clock.now().getTime() - 5 * DAY))}&end_date=${w3c(clock.now())}`,
      })
    ).json() as { service_request_id: string; status: string; external_status_code: string; description: string }[];
    const mine = feed.filter((u) => u.service_request_id === fixed.code);
    expect(mine.map((u) => [u.status, u.external_status_code])).toEqual([
      ['OPEN', 'received'],
      ['INVESTIGATING', 'verified'],
      ['IN_PROGRESS', 'in_progress'],
      ['FIXED', 'fixed'],
      ['OPEN', 'reopened'],
    ]);
    expect(JSON.stringify(mine)).not.toContain('通道又被堵上了');
    const entry = (await auditOf(fixed.id)).find((e) => e.action === 'reports.report.reopen');
    expect(entry?.before).toMatchObject({ status: 'hazard', hazardId: fixed.hazardId, hazardCode: hazard.code });
    expect(entry?.after).toMatchObject({ status: 'reopened', reason: '通道又被堵上了' });

    // Unanswered past the new deadline, it is overdue again; the office verifies it anew.
    clock.advance(25 * HOUR);
    await signInAll();
    const overdue = (await api.get(officer, '/api/v1/reports?overdue=true&limit=200')).json();
    expect(overdue.items.find((i: { id: string }) => i.id === fixed.id)).toMatchObject({ overdue: true });
    expect((await triage(officer, fixed.id, { action: 'verify', publicNote: '已再次现场核实' })).json().status).toBe('verified');
    expect((await track(fixed.token)).state).toBe('verified');
    expect((await publicPost(`/api/v1/public/reports/${fixed.token}/reopen`, { reason: '再次' })).statusCode).toBe(409);
  });

  it('is refused more than 30 days after the fix; adding information and photos stop then too', async () => {
    const late = await fixedReport(2300);
    const closed = await newReport({ location: near(2400) });
    expect((await triage(officer, closed.id, { action: 'not_a_hazard' })).statusCode).toBe(200);
    // Within 30 days a closed report still takes information and photos.
    expect((await publicPost(`/api/v1/public/reports/${closed.token}/information`, { text: '其实是消防栓被挡住' })).statusCode).toBe(201);
    expect((await upload(closed.token, { name: 'a.jpg', type: 'image/jpeg', bytes: await phonePhoto(null) })).statusCode).toBe(201);

    clock.advance(30 * DAY + 1000);
    const tooLate = await publicPost(`/api/v1/public/reports/${late.token}/reopen`, { reason: '又坏了' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json()).toMatchObject({ code: 'reports.reopen_not_allowed', reason: 'closed_too_long_ago' });
    expect((await track(late.token)).state).toBe('fixed');
    const info = await publicPost(`/api/v1/public/reports/${closed.token}/information`, { text: '还有补充' });
    expect(info.statusCode).toBe(409);
    expect(info.json().code).toBe('reports.follow_up_closed');
    expect((await upload(closed.token, { name: 'b.jpg', type: 'image/jpeg', bytes: await phonePhoto(null) })).statusCode).toBe(409);
    expect((await track(closed.token)).canAddInformation).toBe(false);
  });
});

describe('intake limits from configuration', () => {
  it('applies REPORT_RATE_LIMITS, the policy left out keeping its default', async () => {
    const other = await startTestApp({ demo: true, env: { REPORT_RATE_LIMITS: 'device=2/600' } });
    try {
      const send = (headers: Record<string, string>, north: number) =>
        other.http.inject({ method: 'POST', url: '/api/v1/public/reports', headers, payload: fireExit({ location: near(north) }) });
      const phone = { 'x-device-id': device() };
      expect((await send(phone, 3000)).statusCode).toBe(201);
      expect((await send(phone, 3001)).statusCode).toBe(201);
      const third = await send(phone, 3002);
      expect(third.statusCode).toBe(429);
      expect(third.json()).toMatchObject({ limitedBy: 'device', retryAfterSeconds: 600 });
      expect((await send({ 'x-device-id': device() }, 3003)).statusCode).toBe(201);
    } finally {
      await other.close();
    }
  });
});
