import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation } from './hazards.support.js';

const HOUR = 3_600_000;
// The next noon in Beijing (never before the demo's grants began), so that the morning's patrols fall on one CST day.
const noon = new Date(`${new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10)}T04:00:00Z`);
const clock = fixedClock(noon.getTime() < Date.now() ? new Date(noon.getTime() + 24 * HOUR) : noon);
const cstDayOf = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const at = (hoursAgo: number) => new Date(clock.now().getTime() - hoursAgo * HOUR).toISOString();

let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let head: Auth;
let principal: Auth;
let demoVolunteer: Auth;
let community: string;
let place: { lng: number; lat: number };

const apply = (body: Record<string, unknown>, address = '10.1.1.1') =>
  app.http.inject({ method: 'POST', url: '/api/v1/public/volunteer-applications', payload: body, remoteAddress: address });
const fields = (res: { json(): { errors?: { field: string }[] } }) => (res.json().errors ?? []).map((e) => e.field);
const history = async (personId: string) =>
  ((await api.get(head, `/api/v1/audit/history?targetType=person&targetId=${personId}`)).json().items as { action: string }[]).map(
    (h) => h.action,
  );

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  head = await app.signIn('head');
  principal = await app.signIn('principal');
  demoVolunteer = await app.signIn('volunteer');
  const session = (await api.get(demoVolunteer, '/api/v1/session')).json();
  community = session.grants[0].areaId;
  const enterprise = (await myOrganisation(app, principal)) as unknown as { lng: number; lat: number };
  place = { lng: enterprise.lng, lat: enterprise.lat };
});
afterAll(async () => app?.close());

describe('applying and approval', () => {
  let applicationId: string;
  let personId: string;
  let newVolunteer: Auth;

  it('offers the skills and the communities on a public catalogue', async () => {
    const res = await app.http.inject({ url: '/api/v1/public/volunteers/catalogue' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.skills.map((s: { code: string }) => s.code)).toContain('first_aid');
    expect(body.areas.some((a: { id: string; level: string }) => a.id === community && a.level === 'community')).toBe(true);
  });

  it('takes a public application with the phone sealed, and refuses bad fields by name', async () => {
    const bad = await apply({ name: '李志愿', phone: '12345', areaId: community, skills: ['first_aid'] });
    expect(bad.statusCode).toBe(422);
    expect(fields(bad)).toEqual(['phone']);
    const unknownSkill = await apply({ name: '李志愿', phone: '13900139000', areaId: community, skills: ['juggling'] });
    expect(unknownSkill.statusCode).toBe(400);
    const res = await apply({
      name: '李志愿',
      phone: '13900139000',
      areaId: community,
      skills: ['fire_safety', 'first_aid'],
      note: '周末有空',
    });
    expect(res.statusCode).toBe(201);
    applicationId = res.json().id;
    const row = (
      await sql<{ p: string }>`select phone_enc as p from volunteers.application where id = ${applicationId}`.execute(app.database.db)
    ).rows[0];
    expect(row?.p).toMatch(/^v1\./);
    expect(row?.p).not.toContain('13900139000');
  });

  it('throttles one address after five applications an hour', async () => {
    for (let i = 0; i < 5; i++)
      expect((await apply({ name: `申请人${i}`, phone: '13700137000', areaId: community }, '10.9.9.9')).statusCode).toBe(201);
    const sixth = await apply({ name: '申请人6', phone: '13700137000', areaId: community }, '10.9.9.9');
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await apply({ name: '别处', phone: '13700137000', areaId: community }, '10.9.9.10')).statusCode).toBe(201);
  });

  it('shows the office its applications with phones masked; others may not see them', async () => {
    const res = await api.get(officer, '/api/v1/volunteers/applications?status=pending');
    expect(res.statusCode).toBe(200);
    const mine = res.json().items.find((a: { id: string }) => a.id === applicationId);
    expect(mine).toMatchObject({ name: '李志愿', phone: '139****9000', skills: ['first_aid', 'fire_safety'], abilities: { decide: true } });
    expect((await api.get(principal, '/api/v1/volunteers/applications')).statusCode).toBe(403);
    expect((await api.post(principal, `/api/v1/volunteers/applications/${applicationId}/approve`, {})).statusCode).toBe(403);
  });

  it('approves: registers the person, grants the volunteer role, writes the profile, all in the trail', async () => {
    const res = await api.post(officer, `/api/v1/volunteers/applications/${applicationId}/approve`, {});
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      name: '李志愿',
      role: 'volunteer',
      areaId: community,
      status: 'active',
      skills: ['first_aid', 'fire_safety'],
    });
    personId = body.personId;
    const grants = (await api.get(head, `/api/v1/people/${personId}/grants`)).json().items;
    expect(grants.map((g: { role: string; areaId: string }) => [g.role, g.areaId])).toEqual([['volunteer', community]]);
    expect(await history(personId)).toEqual(
      expect.arrayContaining(['directory.person.create', 'access.grant.create', 'volunteers.application.approve']),
    );
    const again = await api.post(officer, `/api/v1/volunteers/applications/${applicationId}/approve`, {});
    expect(again.statusCode).toBe(409);
    const weekAgo = cstDayOf(new Date(clock.now().getTime() - 7 * 24 * HOUR));
    const listed = (await api.get(officer, `/api/v1/volunteers?from=${weekAgo}`)).json().items;
    expect(listed.map((v: { personId: string }) => v.personId)).toContain(personId);
    // The demo's volunteers and grid workers are on the register too, some with patrols of the last days.
    expect(listed.length).toBeGreaterThan(90);
    expect(listed.some((v: { figures: { patrols: number } }) => v.figures.patrols >= 3)).toBe(true);
  });

  it('declines another application with a reason', async () => {
    const other = (await apply({ name: '赵不来', phone: '13600136000', areaId: community }, '10.2.2.2')).json().id;
    const missing = await api.post(officer, `/api/v1/volunteers/applications/${other}/decline`, {});
    expect(missing.statusCode).toBe(400);
    const res = await api.post(officer, `/api/v1/volunteers/applications/${other}/decline`, { reason: '年龄不符合要求' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'declined', declineReason: '年龄不符合要求', abilities: { decide: false } });
    const trail = (await api.get(head, `/api/v1/audit/history?targetType=volunteer_application&targetId=${other}`)).json().items;
    expect(trail.map((h: { action: string }) => h.action)).toEqual(['volunteers.application.decline', 'volunteers.application.submit']);
    expect(JSON.stringify(trail)).not.toContain('13600136000');
  });

  describe('the approved volunteer at work', () => {
    beforeAll(async () => {
      const account = await api.post(head, `/api/v1/people/${personId}/account`, { username: 'lizhiyuan', password: 'a-long-password' });
      expect(account.statusCode).toBe(201);
      newVolunteer = await app.signIn('lizhiyuan', 'a-long-password');
    });

    const patrol = (auth: Auth, body: Record<string, unknown>) => api.post(auth, '/api/v1/volunteers/me/patrols', body);

    it('refuses bad patrols naming the field', async () => {
      const backwards = await patrol(newVolunteer, { startedAt: at(2), endedAt: at(3) });
      expect(backwards.statusCode).toBe(422);
      expect(fields(backwards)).toEqual(['endedAt']);
      const long = await patrol(newVolunteer, { startedAt: at(13), endedAt: at(0.5) });
      expect(long.statusCode).toBe(422);
      expect(long.json().errors[0].detail).toContain('12 hours');
      const future = await patrol(newVolunteer, { startedAt: at(1), endedAt: at(-1) });
      expect(future.statusCode).toBe(422);
      expect(fields(future)).toEqual(['endedAt']);
      const garbage = await patrol(newVolunteer, { startedAt: 'yesterday', endedAt: at(1) });
      expect(garbage.statusCode).toBe(400);
      expect(fields(garbage)).toContain('startedAt');
      expect((await patrol(principal, { startedAt: at(3), endedAt: at(2) })).statusCode).toBe(403);
    });

    it('logs a patrol with its route and findings, and refuses one that overlaps it', async () => {
      const ok = await patrol(newVolunteer, {
        startedAt: at(5),
        endedAt: at(3.5),
        route: {
          type: 'LineString',
          coordinates: [
            [place.lng, place.lat],
            [place.lng + 0.001, place.lat],
          ],
        },
        note: '沿街巡查',
        findings: [{ text: '三号楼消防通道堆放杂物' }],
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ minutes: 90, note: '沿街巡查', findings: [{ text: '三号楼消防通道堆放杂物' }] });
      const overlap = await patrol(newVolunteer, { startedAt: at(4), endedAt: at(2) });
      expect(overlap.statusCode).toBe(422);
      expect(fields(overlap)).toEqual(['startedAt']);
      expect((await patrol(newVolunteer, { startedAt: at(3.5), endedAt: at(3) })).statusCode).toBe(201);
      expect(await history(personId)).toContain('volunteers.patrol.log');
      const areaPatrols = (await api.get(officer, '/api/v1/volunteers/patrols')).json().items;
      expect(areaPatrols.filter((p: { personId: string }) => p.personId === personId)).toHaveLength(2);
    });

    it('earns points for a report only once the office verifies it', async () => {
      const filed = await api.post(newVolunteer, '/api/v1/volunteers/me/reports', {
        serviceCode: 'fire_exit',
        description: '巡查发现安全出口被锁',
        location: place,
      });
      expect(filed.statusCode).toBe(201);
      const code = filed.json().code as string;
      const before = (await api.get(newVolunteer, '/api/v1/volunteers/me')).json();
      // 90 + 30 minutes of patrol on one day: two full hours, two points.
      expect(before.figures.points).toEqual({ reports: 0, patrols: 2, training: 0, total: 2 });
      expect(before.figures.hours.patrolMinutes).toBe(120);
      expect((await api.get(newVolunteer, '/api/v1/volunteers/me/reports')).json().items).toEqual([
        expect.objectContaining({ code, status: 'submitted', points: 0 }),
      ]);

      const inbox = (await api.get(officer, '/api/v1/reports?limit=200')).json().items as { id: string; code: string }[];
      const id = inbox.find((r) => r.code === code)?.id as string;
      const verified = await api.post(officer, `/api/v1/reports/${id}/triage`, { action: 'verify', publicNote: '已核实' });
      expect(verified.statusCode).toBe(200);
      const after = (await api.get(newVolunteer, '/api/v1/volunteers/me')).json();
      expect(after.figures.points).toEqual({ reports: 10, patrols: 2, training: 0, total: 12 });
      expect(after.figures.verifiedReports).toBe(1);
      expect(await history(personId)).toContain('volunteers.report.file');
    });

    it('adds training hours the office records, refusing a future day', async () => {
      const future = await api.post(officer, `/api/v1/volunteers/${personId}/hours`, {
        date: cstDayOf(new Date(clock.now().getTime() + 24 * HOUR)),
        hours: 2,
        activity: '消防培训',
        kind: 'training',
      });
      expect(future.statusCode).toBe(422);
      expect(fields(future)).toEqual(['date']);
      const res = await api.post(officer, `/api/v1/volunteers/${personId}/hours`, {
        date: cstDayOf(new Date(clock.now().getTime() - 24 * HOUR)),
        hours: 2,
        activity: '消防培训',
        kind: 'training',
      });
      expect(res.statusCode).toBe(201);
      const me = (await api.get(newVolunteer, '/api/v1/volunteers/me')).json();
      expect(me.figures.points.training).toBe(2);
      expect(me.figures.hours.totalHours).toBe(4);
      expect(await history(personId)).toContain('volunteers.hours.record');
    });

    it('ranks the community by points, masking names for volunteers but not for the office', async () => {
      // The demo volunteer of the same community patrols three hours: 3 points, below the new volunteer's 14.
      expect((await patrol(demoVolunteer, { startedAt: at(8), endedAt: at(5) })).statusCode).toBe(201);
      const demoId = (await api.get(demoVolunteer, '/api/v1/session')).json().person.id as string;
      const asOffice = (await api.get(officer, `/api/v1/volunteers/ranking?areaId=${community}`)).json();
      type Row = { personId: string; name: string; points: number; hours: number; rank: number; me: boolean };
      const rows = asOffice.items as Row[];
      expect(rows[0]).toMatchObject({ personId, name: '李志愿', points: 14, rank: 1 });
      expect(rows.find((r) => r.personId === demoId)).toMatchObject({ points: 3, hours: 3 });
      // Most points first; equal figures share a rank, otherwise the rank is the position.
      rows.forEach((r, i) => {
        const before = rows[i - 1];
        if (!before) return;
        expect(before.points).toBeGreaterThanOrEqual(r.points);
        expect(r.rank).toBe(before.points === r.points && before.hours === r.hours ? before.rank : i + 1);
      });
      const asVolunteer = await api.get(demoVolunteer, `/api/v1/volunteers/ranking?areaId=${community}`);
      expect(asVolunteer.statusCode).toBe(200);
      const items = asVolunteer.json().items as Row[];
      expect(items[0]?.name).toBe('李**');
      expect(items.find((r) => r.me)?.name).toBe(rows.find((r) => r.personId === demoId)?.name);
      expect(items.filter((r) => !r.me).every((r) => /^.\*+$/.test(r.name))).toBe(true);
      expect((await api.get(principal, `/api/v1/volunteers/ranking?areaId=${community}`)).statusCode).toBe(403);
    });

    it('a suspended volunteer cannot log patrols', async () => {
      const res = await api.post(officer, `/api/v1/volunteers/${personId}/status`, { status: 'suspended', reason: '长期未参加活动' });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('suspended');
      expect((await patrol(newVolunteer, { startedAt: at(2), endedAt: at(1) })).statusCode).toBe(409);
      expect(await history(personId)).toContain('volunteers.volunteer.suspend');
    });
  });
});

describe('direct registration by the office', () => {
  it('registers a grid worker in a grid and refuses a volunteer outside a community', async () => {
    const areas = (await app.http.inject({ url: '/api/v1/public/volunteers/catalogue' })).json().areas as { id: string; level: string }[];
    const grid = areas.find((a) => a.level === 'grid')?.id as string;
    const wrong = await api.post(officer, '/api/v1/volunteers', { role: 'volunteer', areaId: grid, name: '钱网格', phone: '13500135000' });
    expect(wrong.statusCode).toBe(422);
    expect(fields(wrong)).toEqual(['areaId']);
    const res = await api.post(officer, '/api/v1/volunteers', {
      role: 'grid_worker',
      areaId: grid,
      name: '钱网格',
      phone: '13500135000',
      skills: ['traffic'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'grid_worker', areaId: grid, skills: ['traffic'] });
    const twice = await api.post(officer, '/api/v1/volunteers', { role: 'grid_worker', areaId: grid, personId: res.json().personId });
    expect(twice.statusCode).toBe(409);
  });
});
