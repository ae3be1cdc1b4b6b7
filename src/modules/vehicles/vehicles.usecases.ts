import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { InvalidField } from '../../platform/http/index.js';
import {
  type AccessModule,
  type Actor,
  auditActorOf,
  entrustmentFor,
  type PermissionRegistry,
  type PersonActor,
  type RequestContext,
} from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import type { LatestPositions, LatestState } from './positions.latest.js';
import { createDriversRegister } from './vehicles.drivers.js';
import { vehiclesErrors } from './vehicles.errors.js';
import * as repo from './vehicles.repository.js';
import {
  normaliseTerminalNumber,
  type PlateColour,
  type RegistrationOutcome,
  registrationOutcome,
  type VehicleClass,
} from './vehicles.rules.js';
import type { VehiclesTables } from './vehicles.tables.js';

export interface CreateVehicle {
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  enterpriseId: string;
  terminalNumber: string;
  sim?: string | undefined;
}

/** A change of a vehicle's rule profile: only the fields given change. */
export interface UpdateVehicle {
  relayExempt?: boolean | undefined;
  routeZoneId?: string | null | undefined;
  driverIds?: string[] | undefined;
  sim?: string | null | undefined;
}

/** Approved routes (geofences of kind corridor) with these ids, or all of them when no ids are given. */
export type RouteZones = (ids?: readonly string[]) => Promise<{ id: string; name: string }[]>;

/** What a terminal reported when it registered (0x0100). */
export interface TerminalRegistration {
  /** The header's terminal number as sent (BCD digits). */
  terminal: string;
  edition: '2013' | '2019';
  province: number;
  city: number;
  makerId: string;
  model: string;
  terminalId: string;
  plateColour: number;
  plate: string;
}

const MAX_TRACK_DAYS = 31;
const field = (name: string, detail: string): InvalidField => ({ in: 'body', field: name, pointer: `/${name}`, detail });
const hashCode = (code: string) => createHash('sha256').update(code).digest();
const uniqueViolation = (error: unknown, constraint: string) =>
  (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;

export function createVehiclesModule(deps: {
  db: Kysely<VehiclesTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'organisationsByIds' | 'enterprisesWithin' | 'areaPath'>;
  latest: LatestPositions;
  /** From the alarms module, which owns the geofences (and is built after this one). Without it no route can be set. */
  routeZones?: RouteZones;
}) {
  const { db, clock, registry, audit, access, directory, latest } = deps;
  const routeZones: RouteZones = deps.routeZones ?? (async () => []);

  /** Of these enterprises, those over which the actor holds the permission. */
  async function governed(actor: Actor, permission: string, enterpriseIds: readonly string[]): Promise<Set<string>> {
    const scope = access.scope(actor, permission);
    const out = new Set(enterpriseIds.filter((id) => scope.organisationIds.includes(id)));
    const rest = enterpriseIds.filter((id) => !out.has(id));
    if (rest.length && scope.areaIds.length) for (const id of await directory.enterprisesWithin(rest, scope.areaIds)) out.add(id);
    return out;
  }

  async function visible(actor: Actor, id: string, permission = 'vehicles.vehicle.list'): Promise<repo.VehicleRow> {
    const row = await repo.findById(db, id);
    if (!row || !(await governed(actor, permission, [row.enterprise_id])).has(row.enterprise_id)) throw vehiclesErrors.notFound();
    return row;
  }

  /** The audit trail's actor, naming the entrustment under which a provider acted for this enterprise. */
  async function auditActorFor(actor: PersonActor, permission: string, enterpriseId: string) {
    const auditActor = auditActorOf(actor, permission, registry);
    const definition = registry.get(permission);
    const [enterprise] = await directory.organisationsByIds([enterpriseId]);
    const entrustmentId =
      definition && enterprise?.area_id
        ? entrustmentFor(actor.entrusted, definition, {
            enterpriseId,
            areaPath: (await directory.areaPath(enterprise.area_id)).map((a) => a.id),
          })
        : null;
    return auditActor.kind === 'person' ? { ...auditActor, entrustmentId } : auditActor;
  }

  const positionView = (p: LatestState | Omit<LatestState, 'vehicle_id'>) => ({
    time: p.time.toISOString(),
    receivedAt: p.received_at.toISOString(),
    lat: p.lat,
    lng: p.lng,
    altitudeM: p.altitude,
    speedKmh: Math.round(p.speed_kmh * 10) / 10,
    direction: p.direction,
    alarm: p.alarm >>> 0,
    status: p.status >>> 0,
    mileageKm: p.mileage_km,
  });

  async function views(actor: Actor, rows: repo.VehicleRow[]) {
    const ids = rows.map((r) => r.id);
    const enterpriseIds = [...new Set(rows.map((r) => r.enterprise_id))];
    const routeIds = [...new Set(rows.flatMap((r) => (r.route_zone_id ? [r.route_zone_id] : [])))];
    const [orgs, terminals, stored, drivers, cards, routes, mayTrack, mayUpdate] = await Promise.all([
      directory.organisationsByIds(enterpriseIds),
      repo.terminals(db, ids),
      repo.latest(
        db,
        ids.filter((id) => !latest.get(id)),
      ),
      repo.driversOfVehicles(db, ids),
      repo.lastCardEvents(db, ids),
      routeIds.length ? routeZones(routeIds) : Promise.resolve([]),
      governed(actor, 'vehicles.track.read', enterpriseIds),
      governed(actor, 'vehicles.vehicle.update', enterpriseIds),
    ]);
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const terminalOf = new Map(terminals.map((t) => [t.vehicle_id, t]));
    const storedOf = new Map(stored.map((s) => [s.vehicle_id, s]));
    const routeNames = new Map(routes.map((z) => [z.id, z.name]));
    const driversOf = new Map<string, typeof drivers>();
    for (const d of drivers) driversOf.set(d.vehicle_id, [...(driversOf.get(d.vehicle_id) ?? []), d]);
    // A card in the terminal: the newest event is an insertion. Its holder is named from the card, else from the register.
    const inserted = cards.filter((c) => c.event === 'card_inserted');
    const unnamed = inserted.flatMap((c) => (!c.driver_name && c.qualification_code ? [c.qualification_code] : []));
    const registered = new Map((await repo.driversByCodes(db, unnamed)).map((d) => [d.qualification_code, d.name]));
    const cardOf = new Map(inserted.map((c) => [c.vehicle_id, c]));
    return rows.map((r) => {
      const t = terminalOf.get(r.id);
      const last = latest.get(r.id) ?? storedOf.get(r.id);
      const card = cardOf.get(r.id);
      return {
        id: r.id,
        plateNumber: r.plate_number,
        plateColour: r.plate_colour,
        class: r.class,
        enterprise: { id: r.enterprise_id, name: names.get(r.enterprise_id) ?? '' },
        terminalNumber: r.terminal_number,
        sim: r.sim,
        createdAt: r.created_at.toISOString(),
        terminal: t
          ? { edition: t.edition, registeredAt: t.registered_at.toISOString(), authenticatedAt: t.authenticated_at?.toISOString() ?? null }
          : null,
        latest: last ? positionView(last) : null,
        relayExempt: r.relay_exempt,
        route: r.route_zone_id ? { id: r.route_zone_id, name: routeNames.get(r.route_zone_id) ?? '' } : null,
        drivers: (driversOf.get(r.id) ?? []).map((d) => ({ id: d.id, name: d.name, qualificationCode: d.qualification_code })),
        currentDriver: card
          ? {
              name: card.driver_name ?? (card.qualification_code ? (registered.get(card.qualification_code) ?? null) : null),
              qualificationCode: card.qualification_code,
              since: card.time.toISOString(),
            }
          : null,
        updatedAt: r.updated_at.toISOString(),
        abilities: { readTrack: mayTrack.has(r.enterprise_id), update: mayUpdate.has(r.enterprise_id) },
      };
    });
  }

  return {
    /** Registers a vehicle for an enterprise the caller governs, monitors under entrustment, or works for. */
    async create(ctx: RequestContext, input: CreateVehicle) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw vehiclesErrors.notFound();
      const permission = 'vehicles.vehicle.create';
      const terminalNumber = normaliseTerminalNumber(input.terminalNumber);
      const problems: InvalidField[] = [];
      if (!terminalNumber) problems.push(field('terminalNumber', 'must be 1 to 20 digits, not all zeros'));
      const [enterprise] = await directory.organisationsByIds([input.enterpriseId]);
      if (enterprise?.kind !== 'enterprise' || !(await governed(actor, permission, [enterprise.id])).has(enterprise.id)) {
        problems.push(field('enterpriseId', 'is not an enterprise you may register vehicles for'));
      }
      if (problems.length || !terminalNumber || !enterprise) throw vehiclesErrors.invalid(problems);
      const auditActor = await auditActorFor(actor, permission, enterprise.id);
      const id = await db
        .transaction()
        .execute(async (trx) => {
          if (await repo.findByTerminalNumber(trx, terminalNumber)) throw vehiclesErrors.terminalTaken(terminalNumber);
          if (await repo.findByPlate(trx, input.plateNumber, input.plateColour)) throw vehiclesErrors.plateTaken(input.plateNumber);
          const [created] = await repo.insertVehicles(trx, [
            {
              plateNumber: input.plateNumber,
              plateColour: input.plateColour,
              class: input.class,
              enterpriseId: enterprise.id,
              terminalNumber,
              sim: input.sim ?? null,
              createdBy: actor.personId,
            },
          ]);
          if (!created) throw new Error('vehicle not inserted');
          await audit.record(trx, {
            actor: auditActor,
            action: permission,
            target: { type: 'vehicle', id: created },
            after: { ...input, terminalNumber, sim: input.sim ?? null },
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return created;
        })
        .catch((error: unknown) => {
          // Two registrations racing past the checks above meet the unique constraints.
          if (uniqueViolation(error, 'vehicle_terminal_number_key')) throw vehiclesErrors.terminalTaken(terminalNumber);
          if (uniqueViolation(error, 'vehicle_plate_number_plate_colour_key')) throw vehiclesErrors.plateTaken(input.plateNumber);
          throw error;
        });
      return this.get(actor, id);
    },

    async list(
      actor: Actor,
      filters: {
        q?: string | undefined;
        class?: VehicleClass | undefined;
        enterpriseId?: string | undefined;
        limit: number;
        offset: number;
      },
    ) {
      const allowed = await governed(actor, 'vehicles.vehicle.list', await repo.operatingEnterprises(db));
      const { rows, total } = await repo.list(db, [...allowed], filters);
      return {
        items: await views(actor, rows),
        total,
        abilities: { create: actor.permissions.has('vehicles.vehicle.create') },
      };
    },

    async get(actor: Actor, id: string) {
      const [view] = await views(actor, [await visible(actor, id)]);
      if (!view) throw vehiclesErrors.notFound();
      return view;
    },

    /**
     * Changes a vehicle's rule profile (drivers, approved route, relay exemption) or its SIM.
     * Only what differs is written and audited; any change moves the stamp the rule engine polls.
     */
    async update(ctx: RequestContext, id: string, input: UpdateVehicle) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw vehiclesErrors.notFound();
      const permission = 'vehicles.vehicle.update';
      const row = await visible(actor, id, permission);
      // Geofences belong to the alarms module: asked before the transaction, they are not locked by it.
      const route = input.routeZoneId ? (await routeZones([input.routeZoneId]))[0] : undefined;
      const auditActor = await auditActorFor(actor, permission, row.enterprise_id);
      await db.transaction().execute(async (trx) => {
        const current = await repo.lockById(trx, id);
        if (!current) throw vehiclesErrors.notFound();
        const problems: InvalidField[] = [];
        if (input.relayExempt === true && current.class !== 'coach') {
          problems.push(field('relayExempt', 'only a long-distance coach (class coach) runs in relays'));
        }
        if (input.routeZoneId && !route) problems.push(field('routeZoneId', 'is not an approved route (a corridor geofence)'));
        const driverIds = input.driverIds ? [...new Set(input.driverIds)].sort() : undefined;
        if (driverIds) {
          const found = await repo.driversByIds(trx, driverIds);
          if (found.length !== driverIds.length || found.some((d) => d.enterprise_id !== current.enterprise_id || !d.active)) {
            problems.push(field('driverIds', 'must be active drivers of the vehicle’s operating enterprise'));
          }
        }
        if (problems.length) throw vehiclesErrors.invalidChange(problems);

        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        const patch: Parameters<typeof repo.updateVehicle>[2] = {};
        if (input.relayExempt !== undefined && input.relayExempt !== current.relay_exempt) {
          before.relayExempt = current.relay_exempt;
          after.relayExempt = patch.relay_exempt = input.relayExempt;
        }
        if (input.routeZoneId !== undefined && input.routeZoneId !== current.route_zone_id) {
          before.routeZoneId = current.route_zone_id;
          after.routeZoneId = patch.route_zone_id = input.routeZoneId;
        }
        if (input.sim !== undefined && input.sim !== current.sim) {
          before.sim = current.sim;
          after.sim = patch.sim = input.sim;
        }
        if (driverIds) {
          const assigned = (await repo.driversOfVehicles(trx, [id])).map((d) => d.id).sort();
          if (assigned.join() !== driverIds.join()) {
            before.driverIds = assigned;
            after.driverIds = driverIds;
            await repo.setVehicleDrivers(trx, id, driverIds);
          }
        }
        if (Object.keys(after).length === 0) return;
        await repo.updateVehicle(trx, id, patch);
        await audit.record(trx, {
          actor: auditActor,
          action: permission,
          target: { type: 'vehicle', id },
          before,
          after,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return this.get(actor, id);
    },

    /** Whether the actor may see this vehicle (the audit trail's target visibility). */
    canReadById: (actor: Actor, id: string): Promise<boolean> =>
      visible(actor, id).then(
        () => true,
        () => false,
      ),

    /** The approved routes a vehicle may be given (corridor geofences), for the edit form. */
    async routes(actor: Actor) {
      if (actor.kind !== 'person') return { items: [] };
      return { items: await routeZones() };
    },

    /** The drivers on the register, by operating enterprise. */
    drivers: createDriversRegister({ db, audit, directory, governed, auditActorFor }),

    /** Positions of one vehicle in a range of terminal time, oldest first. */
    async track(actor: Actor, id: string, range: { from: string; to: string; limit: number }) {
      await visible(actor, id, 'vehicles.track.read');
      const from = new Date(range.from);
      const to = new Date(range.to);
      if (to <= from) throw vehiclesErrors.badRange('to must be after from');
      if (to.getTime() - from.getTime() > MAX_TRACK_DAYS * 86_400_000) {
        throw vehiclesErrors.badRange(`at most ${MAX_TRACK_DAYS} days at a time`);
      }
      const { rows, truncated } = await repo.track(db, id, from, to, range.limit);
      return {
        vehicleId: id,
        from: from.toISOString(),
        to: to.toISOString(),
        positions: rows.map((p) => ({ ...positionView(p), backfill: p.backfill, items: p.items ? p.items.toString('hex') : null })),
        truncated,
      };
    },

    /** What the JT/T 808 gateway asks when terminals register, authenticate, log out and report drivers. */
    terminals: {
      /**
       * 0x0100: a terminal whose number is in the register gets a fresh
       * authentication code (only its hash is kept); otherwise the 0x8100 result says why not.
       */
      async register(r: TerminalRegistration): Promise<{ result: RegistrationOutcome; authCode?: string; vehicleId?: string }> {
        const terminalNumber = normaliseTerminalNumber(r.terminal);
        const vehicle = terminalNumber ? await repo.findByTerminalNumber(db, terminalNumber) : undefined;
        const result = registrationOutcome(vehicle, r);
        if (result !== 0 || !vehicle) return { result };
        const authCode = randomBytes(12).toString('base64url');
        const { terminal: _t, edition, ...reported } = r;
        await repo.upsertTerminal(db, {
          vehicleId: vehicle.id,
          authCodeHash: hashCode(authCode).toString('hex'),
          edition,
          registration: reported,
          at: clock.now(),
        });
        return { result, authCode, vehicleId: vehicle.id };
      },

      /** 0x0102: the vehicle whose terminal holds this code, or null. */
      async authenticate(a: { terminal: string; code: string; imei: string | null; softwareVersion: string | null }) {
        const terminalNumber = normaliseTerminalNumber(a.terminal);
        const vehicle = terminalNumber ? await repo.findByTerminalNumber(db, terminalNumber) : undefined;
        if (!vehicle) return null;
        const [t] = await repo.terminals(db, [vehicle.id]);
        if (!t?.auth_code_hash) return null;
        const expected = Buffer.from(t.auth_code_hash, 'hex');
        const given = hashCode(a.code);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
        await repo.setAuthenticated(db, vehicle.id, clock.now(), a.imei || null, a.softwareVersion || null);
        return { vehicleId: vehicle.id, plateNumber: vehicle.plate_number };
      },

      /** 0x0003: the terminal deregisters; its code no longer authenticates. */
      logout: (vehicleId: string) => repo.clearAuthCode(db, vehicleId),

      /** 0x0702: a driver's qualification card inserted or removed. The 2019 ID number is not kept. */
      async driverIdentity(
        vehicleId: string,
        d: {
          event: 'card_inserted' | 'card_removed';
          time: number;
          readResult: number | null;
          driverName: string | null;
          qualificationCode: string | null;
          issuingAuthority: string | null;
          validUntil: string | null;
        },
      ) {
        await repo.insertDriverEvent(db, {
          vehicle_id: vehicleId,
          event: d.event,
          time: new Date(d.time),
          received_at: clock.now(),
          read_result: d.readResult,
          driver_name: d.driverName,
          qualification_code: d.qualificationCode,
          issuing_authority: d.issuingAuthority,
          valid_until: d.validUntil,
        });
      },
    },

    /** The vehicles whose positions the actor may follow (vehicles.track.read), for the live map. */
    async trackable(actor: Actor) {
      const allowed = await governed(actor, 'vehicles.track.read', await repo.operatingEnterprises(db));
      return repo.roster(db, [...allowed]);
    },

    /** The newest position of every vehicle that has reported, kept in memory by the position store. */
    latest,

    /** Bulk registration for demo data and benchmarks (not audited), in the caller's transaction when given. */
    seed: {
      insertVehicles: (rows: readonly repo.NewVehicle[], tx: Kysely<VehiclesTables> = db) => repo.insertVehicles(tx, rows),
    },
  };
}

export type VehiclesModule = ReturnType<typeof createVehiclesModule>;
