import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVehicleLookup, type VehiclesTables } from '../../src/modules/vehicles/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

type Headers = Record<string, string>;

let app: TestApp;
let officer: Headers;
let safety: Headers;
let inspector: Headers;
let ownEnterprise: string;
let otherEnterprise: string;
let providerId: string;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  safety = await app.signIn('safety');
  inspector = await app.signIn('inspector');
  ownEnterprise = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: safety })).json().items[0].id;
  providerId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: inspector })).json().items[0].id;
  const page = (await app.http.inject({ url: '/api/v1/enterprises?trade=transport&limit=5', headers: officer })).json();
  otherEnterprise = page.items.map((i: { id: string }) => i.id).find((id: string) => id !== ownEnterprise);
});
afterAll(async () => app?.close());

const post = (url: string, auth: Headers, payload: Record<string, unknown>) =>
  app.http.inject({ method: 'POST', url, headers: auth, payload });
const patch = (url: string, auth: Headers, payload: Record<string, unknown>) =>
  app.http.inject({ method: 'PATCH', url, headers: auth, payload });
const get = (url: string, auth: Headers) => app.http.inject({ url, headers: auth });

interface DriverView {
  id: string;
  name: string;
  qualificationCode: string;
  active: boolean;
  enterprise: { id: string };
  vehicles: { id: string; plateNumber: string }[];
  abilities: { update: boolean };
}
const drivers = async (auth: Headers, query = '') =>
  (await get(`/api/v1/vehicles/drivers${query}`, auth)).json() as { items: DriverView[]; total: number; abilities: { create: boolean } };

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

async function registerVehicle(auth: Headers, over: Record<string, unknown>) {
  const res = await post('/api/v1/vehicles', auth, { plateColour: 'yellow', ...over });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; updatedAt: string };
}

const vehicleRow = async (id: string) =>
  (
    await sql<{ relay_exempt: boolean; route_zone_id: string | null; updated_at: Date; sim: string | null }>`
      select relay_exempt, route_zone_id, updated_at, sim from vehicles.vehicle where id = ${id}`.execute(app.database.db)
  ).rows[0];
const assigned = async (vehicleId: string) =>
  (
    await sql<{
      driver_id: string;
    }>`select driver_id from vehicles.vehicle_driver where vehicle_id = ${vehicleId} order by driver_id`.execute(app.database.db)
  ).rows.map((r) => r.driver_id);
const auditOf = async (type: string, id: string) =>
  (
    await sql<{ action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; actor: { role: string } }>`
      select action, before, after, actor from audit.entry where target_type = ${type} and target_id = ${id} order by seq`.execute(
      app.database.db,
    )
  ).rows;

describe('the drivers register', () => {
  let ownDriver: string;

  it('an enterprise’s safety manager registers a driver of the enterprise, audited, the code kept in capitals', async () => {
    const res = await post('/api/v1/vehicles/drivers', safety, {
      enterpriseId: ownEnterprise,
      name: '王师傅',
      qualificationCode: '33010219800101123x',
    });
    expect(res.statusCode).toBe(201);
    const d = res.json() as DriverView;
    ownDriver = d.id;
    expect(d).toMatchObject({
      name: '王师傅',
      qualificationCode: '33010219800101123X',
      active: true,
      enterprise: { id: ownEnterprise },
      vehicles: [],
      abilities: { update: true },
    });
    const trail = await auditOf('driver', d.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: 'vehicles.driver.create',
      actor: { role: 'enterprise_safety_manager' },
      after: { name: '王师傅', qualificationCode: '33010219800101123X' },
    });
  });

  it('refuses a qualification code already registered (in any case) with 409 naming the field, and adds nothing', async () => {
    const before = (await drivers(officer)).total;
    const res = await post('/api/v1/vehicles/drivers', officer, {
      enterpriseId: otherEnterprise,
      name: '李四',
      qualificationCode: '33010219800101123X',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('vehicles.driver_code_taken');
    expect(fieldsOf(res.json())).toEqual(['qualificationCode']);
    const lower = await post('/api/v1/vehicles/drivers', officer, {
      enterpriseId: otherEnterprise,
      name: '李四',
      qualificationCode: '33010219800101123x',
    });
    expect(lower.statusCode).toBe(409);
    expect((await drivers(officer)).total).toBe(before);
  });

  it('refuses a malformed code with 400, and an enterprise not one’s own with 422 naming enterpriseId', async () => {
    const bad = await post('/api/v1/vehicles/drivers', safety, {
      enterpriseId: ownEnterprise,
      name: '张三',
      qualificationCode: '3301-0219',
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())).toEqual(['qualificationCode']);
    const long = await post('/api/v1/vehicles/drivers', safety, {
      enterpriseId: ownEnterprise,
      name: '张三',
      qualificationCode: 'A'.repeat(21),
    });
    expect(long.statusCode).toBe(400);
    const theirs = await post('/api/v1/vehicles/drivers', safety, {
      enterpriseId: otherEnterprise,
      name: '张三',
      qualificationCode: 'Q000001',
    });
    expect(theirs.statusCode).toBe(422);
    expect(fieldsOf(theirs.json())).toEqual(['enterpriseId']);
  });

  it('each sees the drivers in their scope: the regulator all in the area, the enterprise its own, the provider only under entrustment', async () => {
    const other = await post('/api/v1/vehicles/drivers', officer, {
      enterpriseId: otherEnterprise,
      name: '李四',
      qualificationCode: 'Q000002',
    });
    expect(other.statusCode).toBe(201);
    const all = await drivers(officer);
    expect(all.total).toBe(2);
    expect(all.abilities).toEqual({ create: true });
    const own = await drivers(safety);
    expect(own.items.map((d) => d.id)).toEqual([ownDriver]);
    expect((await drivers(officer, '?q=q0000')).items.map((d) => d.name)).toEqual(['李四']);
    expect((await drivers(officer, '?q=王')).items.map((d) => d.id)).toEqual([ownDriver]);
    expect((await drivers(officer, `?enterpriseId=${otherEnterprise}`)).total).toBe(1);

    expect((await drivers(inspector)).total).toBe(0);
    const entrusted = await post('/api/v1/entrustments', officer, {
      title: '两客一危车辆24小时动态监控服务',
      providerId,
      services: ['vehicle_monitoring'],
      target: { kind: 'enterprises', enterpriseIds: [otherEnterprise] },
      validFrom: new Date(Date.now() - 1000).toISOString(),
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      contractValue: '360000.00',
      deliverables: [],
    });
    expect(entrusted.statusCode).toBe(201);
    inspector = await app.signIn('inspector');
    const seen = await drivers(inspector);
    expect(seen.items.map((d) => d.name)).toEqual(['李四']);
    // The inspector watches, but may not manage the register.
    expect(seen.abilities.create).toBe(false);
    expect(seen.items[0]?.abilities.update).toBe(false);
    expect(
      (await post('/api/v1/vehicles/drivers', inspector, { enterpriseId: otherEnterprise, name: 'x', qualificationCode: 'Q9' })).statusCode,
    ).toBe(403);
  });

  it('grid workers may not list drivers', async () => {
    expect((await get('/api/v1/vehicles/drivers', await app.signIn('gridworker'))).statusCode).toBe(403);
  });

  it('another enterprise’s driver cannot be changed (404)', async () => {
    const theirs = (await drivers(officer, `?enterpriseId=${otherEnterprise}`)).items[0];
    expect((await patch(`/api/v1/vehicles/drivers/${theirs?.id}`, safety, { name: '改名' })).statusCode).toBe(404);
  });
});

describe('a vehicle’s drivers, route and relay exemption', () => {
  let coach: { id: string; updatedAt: string };
  let truck: { id: string; updatedAt: string };
  let own: DriverView[];
  let theirs: DriverView;
  let corridor: string;
  let forbidden: string;

  beforeAll(async () => {
    coach = await registerVehicle(safety, {
      plateNumber: '沪K10001',
      class: 'coach',
      enterpriseId: ownEnterprise,
      terminalNumber: '13900000001',
    });
    truck = await registerVehicle(safety, {
      plateNumber: '沪K10002',
      class: 'hazardous_goods',
      enterpriseId: ownEnterprise,
      terminalNumber: '13900000002',
    });
    const second = await post('/api/v1/vehicles/drivers', safety, {
      enterpriseId: ownEnterprise,
      name: '赵师傅',
      qualificationCode: 'Q000003',
    });
    expect(second.statusCode).toBe(201);
    own = (await drivers(safety)).items;
    const found = (await drivers(officer, `?enterpriseId=${otherEnterprise}`)).items[0];
    if (!found) throw new Error('no driver of the other enterprise');
    theirs = found;
    const zone = (kind: string, name: string) =>
      post('/api/v1/zones', officer, {
        kind,
        name,
        line: [
          [120.1, 30.2],
          [120.3, 30.25],
        ],
        halfWidthM: 500,
        ...(kind === 'forbidden' ? { classes: ['earthwork'] } : {}),
      });
    corridor = (await zone('corridor', '危化品核定线路一号')).json().id;
    forbidden = (await zone('forbidden', '白天禁行区')).json().id;
    expect(corridor).toBeTypeOf('string');
    expect(forbidden).toBeTypeOf('string');
  });

  it('a new vehicle has no drivers, no route, no exemption, and the enterprise may edit it', async () => {
    const v = (await get(`/api/v1/vehicles/${coach.id}`, safety)).json();
    expect(v).toMatchObject({ relayExempt: false, route: null, drivers: [], currentDriver: null, abilities: { update: true } });
    const watcher = (await get(`/api/v1/vehicles/${coach.id}`, officer)).json();
    expect(watcher.abilities.update).toBe(true);
  });

  it('refuses drivers of another enterprise with 422 naming driverIds, and changes nothing', async () => {
    const before = await vehicleRow(coach.id);
    const res = await patch(`/api/v1/vehicles/${coach.id}`, safety, {
      relayExempt: true,
      driverIds: [own[0]?.id, theirs.id],
    });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res.json())).toEqual(['driverIds']);
    expect(await vehicleRow(coach.id)).toEqual(before);
    expect(await assigned(coach.id)).toEqual([]);
    expect(await auditOf('vehicle', coach.id)).toHaveLength(1);
  });

  it('refuses an unknown driver id and more than ten drivers', async () => {
    const unknown = await patch(`/api/v1/vehicles/${coach.id}`, safety, { driverIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.statusCode).toBe(422);
    expect(fieldsOf(unknown.json())).toEqual(['driverIds']);
    const many = await patch(`/api/v1/vehicles/${coach.id}`, safety, {
      driverIds: Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`),
    });
    expect(many.statusCode).toBe(400);
    expect(fieldsOf(many.json())).toEqual(['driverIds']);
  });

  it('refuses the relay exemption for a vehicle that is not a long-distance coach', async () => {
    const before = await vehicleRow(truck.id);
    const res = await patch(`/api/v1/vehicles/${truck.id}`, safety, { relayExempt: true, sim: '8986001' });
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res.json())).toEqual(['relayExempt']);
    expect(await vehicleRow(truck.id)).toEqual(before);
  });

  it('takes only a corridor geofence as the approved route', async () => {
    const before = await vehicleRow(truck.id);
    for (const routeZoneId of [forbidden, '00000000-0000-4000-8000-000000000000']) {
      const res = await patch(`/api/v1/vehicles/${truck.id}`, safety, { routeZoneId });
      expect(res.statusCode).toBe(422);
      expect(fieldsOf(res.json())).toEqual(['routeZoneId']);
    }
    expect(await vehicleRow(truck.id)).toEqual(before);
    const routes = (await get('/api/v1/vehicles/routes', safety)).json();
    expect(routes.items).toEqual([{ id: corridor, name: '危化品核定线路一号' }]);
    const res = await patch(`/api/v1/vehicles/${truck.id}`, safety, { routeZoneId: corridor });
    expect(res.statusCode).toBe(200);
    expect(res.json().route).toEqual({ id: corridor, name: '危化品核定线路一号' });
    expect((await vehicleRow(truck.id))?.route_zone_id).toBe(corridor);
    const cleared = await patch(`/api/v1/vehicles/${truck.id}`, safety, { routeZoneId: null });
    expect(cleared.json().route).toBeNull();
  });

  it('assigns drivers and the exemption, moving the change stamp and recording only what changed', async () => {
    const before = await vehicleRow(coach.id);
    const ids = own.map((d) => d.id);
    const res = await patch(`/api/v1/vehicles/${coach.id}`, safety, { relayExempt: true, driverIds: ids, routeZoneId: null });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.relayExempt).toBe(true);
    expect(v.drivers.map((d: { name: string }) => d.name).sort()).toEqual(['王师傅', '赵师傅'].sort());
    const after = await vehicleRow(coach.id);
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Number.POSITIVE_INFINITY);
    expect(await assigned(coach.id)).toEqual([...ids].sort());
    const trail = await auditOf('vehicle', coach.id);
    expect(trail.at(-1)).toEqual({
      action: 'vehicles.vehicle.update',
      actor: expect.objectContaining({ role: 'enterprise_safety_manager' }),
      before: { relayExempt: false, driverIds: [] },
      after: { relayExempt: true, driverIds: [...ids].sort() },
    });
    // The driver list shows where each drives.
    const listed = (await drivers(safety)).items.find((d) => d.id === ids[0]);
    expect(listed?.vehicles.map((x) => x.plateNumber)).toEqual(['沪K10001']);
    // The rule engine's reload sees the change.
    const lookup = createVehicleLookup(app.database.db as unknown as Kysely<VehiclesTables>);
    const changed = await lookup.factsChangedSince(before?.updated_at ?? new Date(0));
    expect(changed.find((f) => f.vehicleId === coach.id)).toMatchObject({ relayExempt: true, routeZoneId: null });
  });

  it('the same values again change nothing: no audit entry, the stamp stays', async () => {
    const before = await vehicleRow(coach.id);
    const entries = (await auditOf('vehicle', coach.id)).length;
    const res = await patch(`/api/v1/vehicles/${coach.id}`, safety, { relayExempt: true, driverIds: [...own.map((d) => d.id)].reverse() });
    expect(res.statusCode).toBe(200);
    expect(await vehicleRow(coach.id)).toEqual(before);
    expect(await auditOf('vehicle', coach.id)).toHaveLength(entries);
  });

  it('an inactive driver cannot be assigned; marking a driver as left takes them off the vehicle and moves its stamp', async () => {
    const leaving = own[0];
    if (!leaving) throw new Error('no driver');
    const before = await vehicleRow(coach.id);
    const res = await patch(`/api/v1/vehicles/drivers/${leaving.id}`, safety, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, vehicles: [] });
    expect(await assigned(coach.id)).not.toContain(leaving.id);
    expect((await vehicleRow(coach.id))?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Number.POSITIVE_INFINITY);
    expect((await auditOf('driver', leaving.id)).at(-1)).toMatchObject({
      action: 'vehicles.driver.update',
      before: { active: true },
      after: { active: false, unassignedFrom: [coach.id] },
    });
    const again = await patch(`/api/v1/vehicles/${truck.id}`, safety, { driverIds: [leaving.id] });
    expect(again.statusCode).toBe(422);
    expect(fieldsOf(again.json())).toEqual(['driverIds']);
  });

  it('shows whose IC card is in the terminal: the newest insertion not followed by a removal', async () => {
    const at = (s: number) => Date.UTC(2026, 4, 1, 0, 0, s);
    const card = (event: 'card_inserted' | 'card_removed', time: number, driverName: string | null, qualificationCode: string | null) =>
      app.modules.vehicles.terminals.driverIdentity(coach.id, {
        event,
        time,
        readResult: event === 'card_inserted' ? 0 : null,
        driverName,
        qualificationCode,
        issuingAuthority: null,
        validUntil: null,
      });
    await card('card_inserted', at(0), '王师傅', '33010219800101123X');
    const seen = async () => (await get(`/api/v1/vehicles/${coach.id}`, safety)).json().currentDriver;
    expect(await seen()).toEqual({ name: '王师傅', qualificationCode: '33010219800101123X', since: new Date(at(0)).toISOString() });
    await card('card_removed', at(10), null, null);
    expect(await seen()).toBeNull();
    // A card that gives no name is named from the register.
    await card('card_inserted', at(20), null, 'Q000003');
    expect(await seen()).toEqual({ name: '赵师傅', qualificationCode: 'Q000003', since: new Date(at(20)).toISOString() });
  });

  it('a provider without the update permission, and another enterprise, may not change the vehicle', async () => {
    expect((await patch(`/api/v1/vehicles/${coach.id}`, inspector, { relayExempt: false })).statusCode).toBe(403);
    const principalOfOther = await registerVehicle(officer, {
      plateNumber: '沪K20001',
      class: 'coach',
      enterpriseId: otherEnterprise,
      terminalNumber: '13900000021',
    });
    expect((await patch(`/api/v1/vehicles/${principalOfOther.id}`, safety, { relayExempt: true })).statusCode).toBe(404);
  });

  it('a monitoring provider’s manager edits a vehicle under entrustment, and the trail names the entrustment', async () => {
    const provider = await app.signIn('provider');
    const theirs = await registerVehicle(officer, {
      plateNumber: '沪K20002',
      class: 'coach',
      enterpriseId: otherEnterprise,
      terminalNumber: '13900000022',
    });
    const res = await patch(`/api/v1/vehicles/${theirs.id}`, provider, { sim: '89860000000000000001' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sim: '89860000000000000001', abilities: { update: true } });
    const entry = (await auditOf('vehicle', theirs.id)).at(-1);
    expect(entry).toMatchObject({ action: 'vehicles.vehicle.update', before: { sim: null }, after: { sim: '89860000000000000001' } });
    expect(entry?.actor).toMatchObject({ role: 'provider_manager', entrustmentId: expect.any(String) });
  });
});
