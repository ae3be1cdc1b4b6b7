import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;
let principal: Record<string, string>;
let inspector: Record<string, string>;
let ownEnterprise: string;
let otherEnterprises: string[];
let providerId: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  inspector = await app.signIn('inspector');
  ownEnterprise = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id;
  providerId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: inspector })).json().items[0].id;
  const page = (await app.http.inject({ url: '/api/v1/enterprises?trade=transport&limit=5', headers: officer })).json();
  otherEnterprises = page.items.map((i: { id: string }) => i.id).filter((id: string) => id !== ownEnterprise);
});
afterAll(async () => app?.close());

const create = (body: Record<string, unknown>, auth = officer) =>
  app.http.inject({ method: 'POST', url: '/api/v1/vehicles', headers: auth, payload: body });
const list = async (auth: Record<string, string>, query = '') =>
  (await app.http.inject({ url: `/api/v1/vehicles${query}`, headers: auth })).json() as {
    items: { id: string; plateNumber: string; enterprise: { id: string } }[];
    total: number;
    abilities: { create: boolean };
  };
const vehicle = (over: Record<string, unknown> = {}) => ({
  plateNumber: '沪D10001',
  plateColour: 'yellow',
  class: 'hazardous_goods',
  enterpriseId: otherEnterprises[0],
  terminalNumber: '013800000001',
  sim: '89860012345678901234',
  ...over,
});

describe('the vehicle register', () => {
  let id: string;

  it('an officer registers a vehicle of an enterprise in the area, with its terminal number stored without padding', async () => {
    const res = await create(vehicle());
    expect(res.statusCode).toBe(201);
    const v = res.json();
    id = v.id;
    expect(v).toMatchObject({
      plateNumber: '沪D10001',
      plateColour: 'yellow',
      class: 'hazardous_goods',
      enterprise: { id: otherEnterprises[0], name: expect.any(String) },
      terminalNumber: '13800000001',
      terminal: null,
      latest: null,
      abilities: { readTrack: true },
    });
  });

  it('records the registration in the audit trail', async () => {
    const rows = await sql<{ action: string; actor: { role: string } }>`
      select action, actor from audit.entry where target_type = 'vehicle' and target_id = ${id}`.execute(app.database.db);
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ action: 'vehicles.vehicle.create', actor: { role: 'regulator_officer' } });
  });

  it('refuses a terminal number or a plate already registered', async () => {
    const sameTerminal = await create(vehicle({ plateNumber: '沪D10002', terminalNumber: '13800000001' }));
    expect(sameTerminal.statusCode).toBe(409);
    expect(sameTerminal.json().code).toBe('vehicles.terminal_taken');
    const samePlate = await create(vehicle({ terminalNumber: '13800000002' }));
    expect(samePlate.statusCode).toBe(409);
    expect(samePlate.json().code).toBe('vehicles.plate_taken');
    expect((await create(vehicle({ terminalNumber: '13800000002', plateColour: 'blue' }))).statusCode).toBe(201);
  });

  it('refuses malformed input with 400 naming the fields, and changes nothing', async () => {
    const before = (await list(officer)).total;
    const res = await create(vehicle({ plateNumber: '沪D10009', terminalNumber: '1380000000x', class: 'tractor', plateColour: 'red' }));
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['class', 'plateColour', 'terminalNumber']);
    expect((await create(vehicle({ plateNumber: '沪D10009', terminalNumber: '0000' }))).statusCode).toBe(400);
    expect((await list(officer)).total).toBe(before);
  });

  it('lists and finds vehicles by part of the plate', async () => {
    const all = await list(officer);
    expect(all.total).toBe(2);
    expect(all.abilities).toEqual({ create: true });
    expect((await list(officer, '?q=d10001')).total).toBe(2);
    expect((await list(officer, '?q=3800000001')).items.map((v) => v.id)).toEqual([id]);
    expect((await list(officer, '?class=coach')).total).toBe(0);
  });
});

describe('who sees which vehicles', () => {
  it('an enterprise’s principal registers and sees only the enterprise’s own vehicles', async () => {
    expect((await list(principal)).total).toBe(0);
    const own = await create(vehicle({ plateNumber: '沪D20001', terminalNumber: '13800000021', enterpriseId: ownEnterprise }), principal);
    expect(own.statusCode).toBe(201);
    const theirs = await create(vehicle({ plateNumber: '沪D20002', terminalNumber: '13800000022' }), principal);
    expect(theirs.statusCode).toBe(422);
    expect(theirs.json().errors.map((e: { field: string }) => e.field)).toEqual(['enterpriseId']);
    const seen = await list(principal);
    expect(seen.items.map((v) => v.enterprise.id)).toEqual([ownEnterprise]);
    const other = (await list(officer)).items.find((v) => v.enterprise.id !== ownEnterprise);
    expect((await app.http.inject({ url: `/api/v1/vehicles/${other?.id}`, headers: principal })).statusCode).toBe(404);
  });

  it('a provider sees vehicles only when entrusted with vehicle monitoring over their enterprise', async () => {
    expect((await list(inspector)).total).toBe(0);
    const entrust = (services: string[]) =>
      app.http.inject({
        method: 'POST',
        url: '/api/v1/entrustments',
        headers: officer,
        payload: {
          title: '两客一危车辆24小时动态监控服务',
          providerId,
          services,
          target: { kind: 'enterprises', enterpriseIds: [otherEnterprises[0]] },
          validFrom: new Date(Date.now() - 1000).toISOString(),
          validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          contractValue: '360000.00',
          deliverables: [],
        },
      });
    expect((await entrust(['risk_examination'])).statusCode).toBe(201);
    inspector = await app.signIn('inspector');
    expect((await list(inspector)).total).toBe(0);
    expect((await entrust(['vehicle_monitoring'])).statusCode).toBe(201);
    inspector = await app.signIn('inspector');
    const seen = await list(inspector);
    expect(seen.total).toBe(2);
    expect(seen.abilities.create).toBe(false);
  });

  it('grid workers and volunteers may not list vehicles', async () => {
    for (const username of ['gridworker', 'volunteer']) {
      const res = await app.http.inject({ url: '/api/v1/vehicles', headers: await app.signIn(username) });
      expect(res.statusCode, username).toBe(403);
    }
  });
});

describe('the track of a vehicle', () => {
  it('answers an empty track for a vehicle that has not reported', async () => {
    const [v] = (await list(officer)).items;
    const res = await app.http.inject({
      url: `/api/v1/vehicles/${v?.id}/track?from=2026-05-01T00:00:00%2B08:00&to=2026-05-02T00:00:00%2B08:00`,
      headers: officer,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ positions: [], truncated: false });
  });

  it('refuses a range that ends before it starts or spans more than 31 days', async () => {
    const [v] = (await list(officer)).items;
    const backwards = await app.http.inject({
      url: `/api/v1/vehicles/${v?.id}/track?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z`,
      headers: officer,
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().code).toBe('vehicles.invalid_range');
    const long = await app.http.inject({
      url: `/api/v1/vehicles/${v?.id}/track?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`,
      headers: officer,
    });
    expect(long.statusCode).toBe(422);
  });
});
