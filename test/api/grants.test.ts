import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/modules/directory/credit-code.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let head: Record<string, string>;
let officer: Record<string, string>;
let personId: string;
let streetOffice: string;
let streetArea: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  head = await app.signIn('head');
  officer = await app.signIn('officer');
  const session = (await app.http.inject({ url: '/api/v1/session', headers: officer })).json();
  streetOffice = session.grants[0].organisation.id;
  streetArea = session.grants[0].areaId;
  const created = await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: officer, payload: { name: '王新来' } });
  expect(created.statusCode).toBe(201);
  personId = created.json().id;
});
afterAll(async () => app?.close());

describe('assigning roles', () => {
  it('the head makes a new person a volunteer of the street; the grant is listed, audited, and works at sign-in', async () => {
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/grants`,
      headers: head,
      payload: { role: 'volunteer', organisationId: streetOffice, areaId: streetArea },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ role: 'volunteer', active: true, abilities: { end: true } });
    const account = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/account`,
      headers: head,
      payload: { username: 'wangxl', password: 'a-long-password' },
    });
    expect(account.statusCode).toBe(201);
    const signedIn = await app.signIn('wangxl', 'a-long-password');
    const session = (await app.http.inject({ url: '/api/v1/session', headers: signedIn })).json();
    expect(session.grants.map((g: { role: string }) => g.role)).toEqual(['volunteer']);
    const history = (await app.http.inject({ url: `/api/v1/audit/history?targetType=person&targetId=${personId}`, headers: head })).json()
      .items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'access.account.create',
      'access.grant.create',
      'directory.person.create',
    ]);
  });

  it('refuses a role in the wrong kind of organisation, and an area role without an area, naming the fields', async () => {
    const enterprise = (
      await sql<{ id: string }>`select id from directory.organisation where kind = 'enterprise' limit 1`.execute(app.database.db)
    ).rows[0]?.id;
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/grants`,
      headers: head,
      payload: { role: 'grid_worker', organisationId: enterprise },
    });
    expect(res.statusCode).toBe(422);
    expect((res.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['areaId', 'organisationId']);
  });

  it('an officer may read roles but not assign them', async () => {
    expect((await app.http.inject({ url: `/api/v1/people/${personId}/grants`, headers: officer })).statusCode).toBe(200);
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/grants`,
      headers: officer,
      payload: { role: 'volunteer', organisationId: streetOffice, areaId: streetArea },
    });
    expect(res.statusCode).toBe(403);
  });

  it('ending a role takes it away at the person’s next request', async () => {
    const signedIn = await app.signIn('wangxl', 'a-long-password');
    const grant = (await app.http.inject({ url: `/api/v1/people/${personId}/grants`, headers: head })).json().items[0];
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/grants/${grant.id}/end`,
      headers: head,
      payload: { reason: '志愿服务期满' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await app.http.inject({ url: '/api/v1/session', headers: signedIn })).json().grants).toEqual([]);
    expect(
      (await app.http.inject({ method: 'POST', url: `/api/v1/grants/${grant.id}/end`, headers: head, payload: { reason: 'again' } }))
        .statusCode,
    ).toBe(409);
  });

  it('a taken username is refused naming the field', async () => {
    const other = (await app.http.inject({ method: 'POST', url: '/api/v1/people', headers: officer, payload: { name: '李同名' } })).json()
      .id;
    const res = await app.http.inject({
      method: 'POST',
      url: `/api/v1/people/${other}/account`,
      headers: head,
      payload: { username: 'officer', password: 'a-long-password' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe('username');
  });
});

describe('registering one enterprise', () => {
  const code = makeCreditCode({ department: '9', category: '1', division: '338802', body8: 'R0000001' });

  it('checks the credit code and says which check character it expects', async () => {
    const wrong = `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: officer,
      payload: { creditCode: wrong, name: '错码公司' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'creditCode', detail: `check character should be ${code[17]}` });
  });

  it('registers it in the grid that holds its location, with licences and supervision class, audited', async () => {
    const grid = (
      await sql<{
        lng: number;
        lat: number;
        area_id: string;
      }>`select lng, lat, area_id from directory.organisation where kind = 'enterprise' and lng is not null limit 1`.execute(
        app.database.db,
      )
    ).rows[0];
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: officer,
      payload: {
        creditCode: code.toLowerCase(),
        name: '临澜新登记化工有限公司',
        lng: grid?.lng,
        lat: grid?.lat,
        trade: 'hazardous_chemicals',
        usesHazardousChemicals: true,
        supervisionClass: 'B',
        licences: [{ kind: '危险化学品经营许可证', number: '浙杭安经字〔2026〕000123', validUntil: '2029-06-30' }],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      creditCode: code,
      areaId: grid?.area_id,
      supervisionClass: 'B',
      licences: [{ kind: '危险化学品经营许可证', validUntil: '2029-06-30' }],
    });
    const again = await app.http.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: officer,
      payload: { creditCode: code, name: '重复' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().existingId).toBe(res.json().id);
    const history = (
      await app.http.inject({ url: `/api/v1/audit/history?targetType=organisation&targetId=${res.json().id}`, headers: officer })
    ).json().items;
    expect(history[0].action).toBe('directory.enterprise.create');
  });
});

describe('reading histories is limited to what one may see', () => {
  it('an officer cannot read the history of an unknown or foreign object', async () => {
    expect(
      (
        await app.http.inject({
          url: '/api/v1/audit/history?targetType=organisation&targetId=00000000-0000-4000-8000-000000000000',
          headers: officer,
        })
      ).statusCode,
    ).toBe(404);
    expect((await app.http.inject({ url: '/api/v1/audit/history?targetType=secret_thing&targetId=x', headers: officer })).statusCode).toBe(
      404,
    );
  });
});
