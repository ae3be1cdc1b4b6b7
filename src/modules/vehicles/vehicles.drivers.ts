import type { Kysely } from 'kysely';
import type { InvalidField } from '../../platform/http/index.js';
import type { Actor, PersonActor, RequestContext } from '../access/index.js';
import type { AuditActor, AuditModule } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { vehiclesErrors } from './vehicles.errors.js';
import * as repo from './vehicles.repository.js';
import type { VehiclesTables } from './vehicles.tables.js';

export interface CreateDriver {
  enterpriseId: string;
  name: string;
  qualificationCode: string;
}

const MANAGE = 'vehicles.driver.manage';
const field = (name: string, detail: string): InvalidField => ({ in: 'body', field: name, pointer: `/${name}`, detail });
const uniqueViolation = (error: unknown, constraint: string) =>
  (error as { code?: string; constraint?: string }).code === '23505' && (error as { constraint?: string }).constraint === constraint;

/**
 * The drivers register: who may drive an enterprise's vehicles, by the
 * qualification certificate (从业资格证号) their IC card carries. Seen with the
 * same scope as the vehicles; written by those who may register vehicles.
 */
export function createDriversRegister(deps: {
  db: Kysely<VehiclesTables>;
  audit: Pick<AuditModule, 'record'>;
  directory: Pick<DirectoryModule, 'organisationsByIds'>;
  /** Of these enterprises, those over which the actor holds the permission. */
  governed: (actor: Actor, permission: string, enterpriseIds: readonly string[]) => Promise<Set<string>>;
  /** The audit trail's actor for a change made to this enterprise's register. */
  auditActorFor: (actor: PersonActor, permission: string, enterpriseId: string) => Promise<AuditActor>;
}) {
  const { db, audit, directory, governed, auditActorFor } = deps;

  async function views(actor: Actor, rows: repo.DriverRow[]) {
    const enterpriseIds = [...new Set(rows.map((r) => r.enterprise_id))];
    const [orgs, vehicles, mayManage] = await Promise.all([
      directory.organisationsByIds(enterpriseIds),
      repo.vehiclesOfDrivers(
        db,
        rows.map((r) => r.id),
      ),
      governed(actor, MANAGE, enterpriseIds),
    ]);
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    const vehiclesOf = new Map<string, { id: string; plateNumber: string }[]>();
    for (const v of vehicles)
      vehiclesOf.set(v.driver_id, [...(vehiclesOf.get(v.driver_id) ?? []), { id: v.id, plateNumber: v.plate_number }]);
    return rows.map((r) => ({
      id: r.id,
      enterprise: { id: r.enterprise_id, name: names.get(r.enterprise_id) ?? '' },
      name: r.name,
      qualificationCode: r.qualification_code,
      active: r.active,
      vehicles: vehiclesOf.get(r.id) ?? [],
      createdAt: r.created_at.toISOString(),
      abilities: { update: mayManage.has(r.enterprise_id) },
    }));
  }

  /** The driver, if the actor may manage the enterprise's register. */
  async function managed(actor: Actor, id: string): Promise<repo.DriverRow> {
    const row = await repo.findDriver(db, id);
    if (!row || !(await governed(actor, MANAGE, [row.enterprise_id])).has(row.enterprise_id)) throw vehiclesErrors.driverNotFound();
    return row;
  }

  async function view(actor: Actor, id: string) {
    const row = await repo.findDriver(db, id);
    const [out] = row ? await views(actor, [row]) : [];
    if (!out) throw vehiclesErrors.driverNotFound();
    return out;
  }

  return {
    /** Whether the actor may see this driver (the audit trail's target visibility). */
    async canReadById(actor: Actor, id: string): Promise<boolean> {
      const row = await repo.findDriver(db, id);
      return row !== undefined && (await governed(actor, 'vehicles.vehicle.list', [row.enterprise_id])).has(row.enterprise_id);
    },

    async list(
      actor: Actor,
      filters: { q?: string | undefined; enterpriseId?: string | undefined; active?: boolean | undefined; limit: number; offset: number },
    ) {
      const allowed = await governed(actor, 'vehicles.vehicle.list', await repo.driverEnterprises(db));
      const { rows, total } = await repo.listDrivers(db, [...allowed], filters);
      return { items: await views(actor, rows), total, abilities: { create: actor.permissions.has(MANAGE) } };
    },

    /** Registers a driver of an enterprise the caller governs, monitors under entrustment, or works for. */
    async create(ctx: RequestContext, input: CreateDriver) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw vehiclesErrors.driverNotFound();
      // Cards are read as written; letters in capitals, so one certificate cannot be registered twice by case.
      const code = input.qualificationCode.toUpperCase();
      const [enterprise] = await directory.organisationsByIds([input.enterpriseId]);
      if (enterprise?.kind !== 'enterprise' || !(await governed(actor, MANAGE, [enterprise.id])).has(enterprise.id)) {
        throw vehiclesErrors.invalidDriver([field('enterpriseId', 'is not an enterprise whose drivers you may register')]);
      }
      const auditActor = await auditActorFor(actor, MANAGE, enterprise.id);
      const id = await db
        .transaction()
        .execute(async (trx) => {
          if (await repo.findDriverByCode(trx, code)) throw vehiclesErrors.driverCodeTaken(code);
          const created = await repo.insertDriver(trx, {
            enterpriseId: enterprise.id,
            name: input.name,
            qualificationCode: code,
            createdBy: actor.personId,
          });
          await audit.record(trx, {
            actor: auditActor,
            action: 'vehicles.driver.create',
            target: { type: 'driver', id: created },
            after: { enterpriseId: enterprise.id, name: input.name, qualificationCode: code },
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return created;
        })
        .catch((error: unknown) => {
          // Two registrations racing past the check above meet the unique constraint.
          if (uniqueViolation(error, 'driver_qualification_code_key')) throw vehiclesErrors.driverCodeTaken(code);
          throw error;
        });
      return view(actor, id);
    },

    /** Renames a driver, or marks them as left (taken off every vehicle) or back. Only what differs is written. */
    async update(ctx: RequestContext, id: string, input: { name?: string | undefined; active?: boolean | undefined }) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw vehiclesErrors.driverNotFound();
      const row = await managed(actor, id);
      const auditActor = await auditActorFor(actor, MANAGE, row.enterprise_id);
      await db.transaction().execute(async (trx) => {
        const current = await repo.findDriver(trx, id);
        if (!current) throw vehiclesErrors.driverNotFound();
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        const patch: { name?: string; active?: boolean } = {};
        if (input.name !== undefined && input.name !== current.name) {
          before.name = current.name;
          after.name = patch.name = input.name;
        }
        if (input.active !== undefined && input.active !== current.active) {
          before.active = current.active;
          after.active = patch.active = input.active;
        }
        if (Object.keys(after).length === 0) return;
        await repo.updateDriver(trx, id, patch);
        // A driver who has left drives none of the enterprise's vehicles any more.
        const unassigned = patch.active === false ? await repo.unassignDriver(trx, id) : [];
        await audit.record(trx, {
          actor: auditActor,
          action: 'vehicles.driver.update',
          target: { type: 'driver', id },
          before,
          after: unassigned.length ? { ...after, unassignedFrom: unassigned } : after,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return view(actor, id);
    },
  };
}
