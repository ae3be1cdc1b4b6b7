import type { Kysely, Updateable } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import {
  type AccessModule,
  type Actor,
  auditActorOf,
  entrustmentFor,
  type PermissionRegistry,
  type RequestContext,
} from '../access/index.js';
import type { AuditActor, AuditModule } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import type { Notice, NotificationsModule } from '../notifications/index.js';
import type { VehicleFacts, VehicleLookup } from '../vehicles/index.js';
import { alarmsErrors } from './alarms.errors.js';
import * as repo from './alarms.repository.js';
import {
  type AlarmStatus,
  checkStep,
  type HandlingAction,
  isOverdue,
  mayAttempt,
  rate,
  regulatorFor,
  STEPS,
  type StepActor,
  type StepName,
  type StepRequest,
  type Verdict,
} from './alarms.rules.js';
import { type AlarmSinkOptions, startAlarmSink } from './alarms.sink.js';
import type { AlarmsTables, AlarmTable, StepActor as HistoryActor } from './alarms.tables.js';
import type { Zone } from './engine/index.js';

export interface AlarmsDeps {
  db: Kysely<AlarmsTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'organisationsByIds' | 'areaPath' | 'enterprisesWithin' | 'regulators'>;
  notifications: Pick<NotificationsModule, 'notify' | 'dispatchSoon'>;
  vehicles: VehicleLookup;
}

/** The reporting interval track completeness is measured against: JT/T 808's default while driving (parameter 0x0029). */
export const RANKING_INTERVAL_SECONDS = 30;
const MAX_RANKING_DAYS = 31;
const ESCALATION_BATCH = 200;

type Row = repo.AlarmRow;

/** A change to a zone: absent fields stay; null clears (the window, the classes, the limit, the half width). */
export interface ZonePatch {
  name?: string | undefined;
  polygon?: [number, number][] | undefined;
  line?: [number, number][] | undefined;
  halfWidthM?: number | null | undefined;
  classes?: NonNullable<Zone['classes']> | null | undefined;
  window?: { from: string; to: string } | null | undefined;
  speedLimitKmh?: number | null | undefined;
}

export interface StepInput {
  verdict?: Verdict;
  deadline?: string;
  action?: HandlingAction;
  note?: string;
  result?: string;
  /** Handle with message_driver: the text sent to the vehicle's terminal. */
  driverMessage?: string | undefined;
}

/** What became of a text message to a vehicle's terminal (JT/T 808 0x8300), by the terminal's general response (0x0001). */
export const DRIVER_MESSAGE_DELIVERIES = ['delivered', 'refused', 'unsupported', 'offline', 'no_answer'] as const;
export type DriverMessageDelivery = (typeof DRIVER_MESSAGE_DELIVERIES)[number];
/** Sends a text to the terminal of a vehicle (shown and read aloud); the gateway provides it. */
export type DriverMessenger = (vehicleId: string, text: string, opts: { urgent: boolean }) => Promise<DriverMessageDelivery>;

const encodeCursor = (row: Pick<Row, 'started_at' | 'id'>) =>
  Buffer.from(JSON.stringify([row.started_at.toISOString(), row.id])).toString('base64url');

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const startedAt = new Date(String(at));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(startedAt.getTime())) throw new Error('bad');
    return { startedAt, id };
  } catch {
    throw alarmsErrors.badCursor();
  }
}

export function createAlarmsModule(deps: AlarmsDeps) {
  const { db, clock, registry, audit, access, directory, notifications, vehicles } = deps;

  /** Whether the actor holds the permission over this alarm's enterprise (mandate and scope, live). */
  const covers = (actor: Actor, permission: string, row: Pick<Row, 'enterprise_id' | 'area_path'>): boolean => {
    if (actor.kind !== 'person' || !actor.permissions.has(permission)) return false;
    const scope = access.scope(actor, permission);
    return scope.organisationIds.includes(row.enterprise_id) || scope.areaIds.some((a) => row.area_path.includes(a));
  };

  const stepActor = (actor: Actor, row: Row): StepActor => ({
    may: (permission) => covers(actor, permission, row),
    organisationIds: actor.kind === 'person' ? actor.grants.map((g) => g.organisationId) : [],
  });

  const abilities = (actor: Actor, row: Row) => {
    const facts = { status: row.status, enterpriseId: row.enterprise_id };
    const a = stepActor(actor, row);
    return {
      verify: mayAttempt('verify', facts, a),
      notify: mayAttempt('notify', facts, a),
      handle: mayAttempt('handle', facts, a),
      close: mayAttempt('close', facts, a),
    };
  };

  /** The audit trail's actor, naming the entrustment under which a provider acted. */
  const auditActor = (actor: Actor, permission: string, row: Row): AuditActor => {
    const base = auditActorOf(actor, permission, registry);
    const definition = registry.get(permission);
    if (base.kind !== 'person' || actor.kind !== 'person' || !definition || actor.entrusted.length === 0) return base;
    return {
      ...base,
      entrustmentId: entrustmentFor(actor.entrusted, definition, { enterpriseId: row.enterprise_id, areaPath: row.area_path }),
    };
  };

  const historyActor = (actor: Actor, permission: string): HistoryActor => {
    const a = auditActorOf(actor, permission, registry);
    return a.kind === 'person' && actor.kind === 'person'
      ? { kind: 'person', personId: actor.personId, organisationId: a.organisationId, role: a.role }
      : { kind: 'system', name: 'unknown' };
  };

  async function views(actor: Actor, rows: Row[]) {
    const now = clock.now();
    const [facts, orgs] = await Promise.all([
      vehicles.facts([...new Set(rows.map((r) => r.vehicle_id))]),
      directory.organisationsByIds([...new Set(rows.map((r) => r.enterprise_id))]),
    ]);
    const vehicleOf = new Map<string, VehicleFacts>(facts.map((f) => [f.vehicleId, f]));
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    return rows.map((r) => {
      const v = vehicleOf.get(r.vehicle_id);
      return {
        id: r.id,
        vehicleId: r.vehicle_id,
        plateNumber: v?.plateNumber ?? '',
        plateColour: v?.plateColour ?? 'other',
        vehicleClass: v?.class ?? null,
        enterpriseId: r.enterprise_id,
        enterpriseName: names.get(r.enterprise_id) ?? '',
        rule: r.rule,
        severity: r.severity,
        status: r.status,
        startedAt: r.started_at.toISOString(),
        endedAt: r.ended_at?.toISOString() ?? null,
        peak: Math.round(r.peak * 10) / 10,
        unit: r.unit,
        limit: r.limit_value,
        zoneId: r.zone_id,
        deadline: r.deadline?.toISOString() ?? null,
        overdue: isOverdue(r.status, r.deadline, now),
        escalatedAt: r.escalated_at?.toISOString() ?? null,
        abilities: abilities(actor, r),
      };
    });
  }

  /** The alarm if the actor may see it. */
  /** Set once the vehicle gateway runs (`setDriverMessenger`); without it a message to a driver is 'offline'. */
  let messenger: DriverMessenger | null = null;

  async function visible(actor: Actor, id: string, trx: repo.Db = db, forUpdate = false): Promise<Row> {
    const row = await repo.findById(trx, id, forUpdate);
    if (!row || !covers(actor, 'alarms.alarm.list', row)) throw alarmsErrors.notFound();
    return row;
  }

  async function detail(actor: Actor, row: Row) {
    const [view] = await views(actor, [row]);
    if (!view) throw alarmsErrors.notFound();
    const history = await repo.steps(db, row.id);
    return {
      ...view,
      detail: row.detail,
      evidence: row.evidence,
      verifiedAt: row.verified_at?.toISOString() ?? null,
      notifiedAt: row.notified_at?.toISOString() ?? null,
      handledAt: row.handled_at?.toISOString() ?? null,
      handlingAction: row.handling_action,
      closedAt: row.closed_at?.toISOString() ?? null,
      result: row.result,
      steps: history.map((s) => ({ step: s.step, actor: s.actor, note: s.note, data: s.data, at: s.at.toISOString() })),
    };
  }

  /** Validates, takes the step under a row lock, records history and audit (and notifies) in one transaction. */
  async function step(ctx: RequestContext, id: string, name: StepName, input: StepInput) {
    const { actor } = ctx;
    const now = clock.now();
    const deadline = input.deadline === undefined ? undefined : new Date(input.deadline);
    const request: StepRequest = { verdict: input.verdict, deadline, action: input.action, note: input.note, result: input.result };
    const rule = STEPS[name];
    const checked = (row: Row) => {
      const check = checkStep(name, { status: row.status, enterpriseId: row.enterprise_id }, request, stepActor(actor, row), now);
      if (!check.ok) {
        switch (check.reason) {
          case 'state':
            throw alarmsErrors.notAllowed(name, check.status);
          case 'forbidden':
            throw alarmsErrors.forbidden(check.permission);
          case 'separation':
            throw alarmsErrors.separationOfDuties();
          case 'unmet':
            throw alarmsErrors.invalid(
              check.missing.map((m) =>
                m === 'future_deadline'
                  ? alarmsErrors.field('deadline', 'must be after now and at most 7 days ahead')
                  : alarmsErrors.field(m, 'required for this step'),
              ),
            );
        }
      }
      return check.to;
    };
    // A message to the driver goes out before the step is taken, and never inside its transaction: the terminal
    // may take seconds to answer. The step then records what became of it.
    let delivery: DriverMessageDelivery | undefined;
    if (input.driverMessage !== undefined) {
      if (name !== 'handle' || input.action !== 'message_driver')
        throw alarmsErrors.invalid([alarmsErrors.field('driverMessage', 'only with the action message_driver')]);
      const row = await visible(actor, id);
      checked(row);
      delivery = messenger ? await messenger(row.vehicle_id, input.driverMessage, { urgent: row.severity === 'high' }) : 'offline';
    }
    const saved = await db.transaction().execute(async (trx) => {
      const row = await visible(actor, id, trx, true);
      const to: AlarmStatus = checked(row);
      const set: Updateable<AlarmTable> = { status: to, updated_at: now };
      switch (name) {
        case 'verify':
          Object.assign(set, { verified_at: now, verified_by: actor.kind === 'person' ? actor.personId : null });
          break;
        case 'notify':
          Object.assign(set, { notified_at: now, deadline: deadline ?? null });
          break;
        case 'handle':
          Object.assign(set, { handled_at: now, handling_action: input.action ?? null });
          break;
        case 'close':
          Object.assign(set, { closed_at: now, result: input.result ?? null });
          break;
      }
      const after = await trx.updateTable('alarms.alarm').set(set).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      const data: Record<string, unknown> = { from: row.status, to };
      if (input.verdict) data.verdict = input.verdict;
      if (deadline) data.deadline = deadline.toISOString();
      if (input.action) data.action = input.action;
      if (input.result) data.result = input.result;
      if (input.driverMessage !== undefined) Object.assign(data, { driverMessage: input.driverMessage, delivery });
      await repo.insertSteps(trx, [
        { alarmId: row.id, step: name, actor: historyActor(actor, rule.permission), note: input.note ?? null, data, at: now },
      ]);
      if (name === 'notify' && deadline) {
        const [facts] = await vehicles.facts([row.vehicle_id]);
        const plate = facts?.plateNumber ?? '';
        const day = new Date(deadline.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
        const notice: Notice = {
          recipient: { kind: 'organisation', id: row.enterprise_id },
          kind: 'alarm.notified',
          title: { 'zh-CN': `车辆报警待处置：${plate}`, en: `Vehicle alarm to handle: ${plate}` },
          body: {
            'zh-CN': `车辆 ${plate} 的报警（${row.rule}）已核实，请于 ${day}（北京时间）前处置并办结。${input.note ?? ''}`,
            en: `The alarm (${row.rule}) of vehicle ${plate} is confirmed; handle and close it by ${day} CST. ${input.note ?? ''}`.trim(),
          },
          subject: { type: 'alarm', id: row.id },
          channels: ['sms'],
        };
        await notifications.notify(trx, [notice], now);
      }
      await audit.record(trx, {
        actor: auditActor(actor, rule.permission, row),
        action: rule.permission,
        target: { type: 'alarm', id: row.id },
        before: { status: row.status },
        after: { status: to, ...data, ...(input.note ? { note: input.note } : {}) },
        requestId: ctx.requestId,
        address: ctx.address,
      });
      return after;
    });
    if (name === 'notify') notifications.dispatchSoon();
    return detail(actor, saved);
  }

  /** Enterprises operating vehicles that the actor holds the permission over, optionally below one area. */
  async function governedEnterprises(actor: Actor, permission: string, enterpriseIds: readonly string[], belowAreaId?: string) {
    const scope = access.scope(actor, permission);
    const out = new Set(enterpriseIds.filter((id) => scope.organisationIds.includes(id)));
    const rest = enterpriseIds.filter((id) => !out.has(id));
    if (rest.length && scope.areaIds.length) for (const id of await directory.enterprisesWithin(rest, scope.areaIds)) out.add(id);
    if (!belowAreaId) return [...out];
    return directory.enterprisesWithin([...out], [belowAreaId]);
  }

  /**
   * A zone the actor may change, locked for the change: drawn within their area (or their area's
   * parent's), and not retired.
   */
  async function managedZone(actor: Actor, id: string, trx: repo.Db): Promise<repo.ZoneRow> {
    const permission = 'alarms.zone.manage';
    const zone = await repo.findZone(trx, id, true);
    if (!zone) throw alarmsErrors.zoneNotFound();
    if (zone.area_id) {
      const scope = access.scope(actor, permission);
      const path = await directory.areaPath(zone.area_id);
      if (!path.some((a) => scope.areaIds.includes(a.id))) throw alarmsErrors.zoneForbidden(permission);
    }
    if (zone.retired_at) throw alarmsErrors.zoneRetired();
    return zone;
  }

  const zoneView = (z: repo.ZoneRow) => ({
    id: z.id,
    kind: z.kind,
    name: z.name,
    polygon: z.polygon,
    line: z.line,
    halfWidthM: z.half_width_m,
    classes: z.classes,
    window: z.window_from && z.window_to ? { from: z.window_from, to: z.window_to } : null,
    speedLimitKmh: z.speed_limit_kmh,
    areaId: z.area_id,
    createdAt: z.created_at.toISOString(),
    updatedAt: z.updated_at.toISOString(),
    retiredAt: z.retired_at?.toISOString() ?? null,
    retiredReason: z.retired_reason,
  });

  /** Geofences as the rule engine takes them: retired ones are not applied. */
  async function engineZones(): Promise<Zone[]> {
    return (await repo.zones(db, { applied: true })).map((z) => ({
      id: z.id,
      kind: z.kind,
      name: z.name,
      ...(z.polygon ? { polygon: z.polygon } : {}),
      ...(z.line ? { line: z.line } : {}),
      ...(z.half_width_m !== null ? { halfWidthM: z.half_width_m } : {}),
      ...(z.classes ? { classes: z.classes } : {}),
      ...(z.window_from && z.window_to ? { window: { from: z.window_from, to: z.window_to } } : {}),
      ...(z.speed_limit_kmh !== null ? { speedLimitKmh: z.speed_limit_kmh } : {}),
    }));
  }

  return {
    async list(
      actor: Actor,
      q: repo.ListFilter & { cursor?: string | undefined; limit: number },
    ): Promise<{ items: Awaited<ReturnType<typeof views>>; total: number; nextCursor: string | null }> {
      if (actor.kind !== 'person') return { items: [], total: 0, nextCursor: null };
      if (q.from && q.to && q.to <= q.from) throw alarmsErrors.badRange('to must be after from');
      const scope = access.scope(actor, 'alarms.alarm.list');
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      const { rows, total } = await repo.list(db, { areaIds: scope.areaIds, enterpriseIds: scope.organisationIds }, q, {
        limit: q.limit + 1,
        after,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: await views(actor, page), total, nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
    },

    async get(actor: Actor, id: string) {
      return detail(actor, await visible(actor, id));
    },

    /** One alarm as this actor sees it, or null outside their scope (the live feed). */
    async view(actor: Actor, id: string) {
      const row = await repo.findById(db, id);
      if (!row || !covers(actor, 'alarms.alarm.list', row)) return null;
      const [v] = await views(actor, [row]);
      return v ?? null;
    },

    verify: (ctx: RequestContext, id: string, input: { verdict: Verdict; note?: string | undefined }) =>
      step(ctx, id, 'verify', { verdict: input.verdict, ...(input.note ? { note: input.note } : {}) }),
    notify: (ctx: RequestContext, id: string, input: { deadline: string; note?: string | undefined }) =>
      step(ctx, id, 'notify', { deadline: input.deadline, ...(input.note ? { note: input.note } : {}) }),
    handle: (ctx: RequestContext, id: string, input: { action: HandlingAction; note: string; driverMessage?: string | undefined }) =>
      step(ctx, id, 'handle', input),

    /** The gateway's way to a vehicle's terminal, for messages to the driver (handled alarms). */
    setDriverMessenger(m: DriverMessenger | null): void {
      messenger = m;
    },
    close: (ctx: RequestContext, id: string, input: { result: string }) => step(ctx, id, 'close', input),

    /**
     * Marks every alarm past its deadline while notified or handling as escalated, once, and tells the
     * regulator of the enterprise's area (and the enterprise). Idempotent: only the update that sets
     * escalated_at sends anything.
     */
    async runEscalations(now: Date): Promise<{ escalated: number }> {
      let escalated = 0;
      const regulators = (await directory.regulators()).map((r) => ({ id: r.id, areaId: r.area_id, department: r.department }));
      for (;;) {
        const batch = await repo.overdue(db, now, ESCALATION_BATCH);
        if (batch.length === 0) break;
        const plates = new Map(
          (await vehicles.facts([...new Set(batch.map((r) => r.vehicle_id))])).map((f) => [f.vehicleId, f.plateNumber]),
        );
        await db.transaction().execute(async (trx) => {
          const records = [];
          for (const row of batch) {
            const marked = await trx
              .updateTable('alarms.alarm')
              .set({ escalated_at: now, updated_at: now })
              .where('id', '=', row.id)
              .where('escalated_at', 'is', null)
              .where('status', 'in', ['notified', 'handling'])
              .where('deadline', '<', now)
              .returning('id')
              .executeTakeFirst();
            if (!marked) continue;
            const to = regulatorFor(row.area_path, regulators);
            const plate = plates.get(row.vehicle_id) ?? '';
            const title = { 'zh-CN': `车辆报警逾期未处置：${plate}`, en: `Vehicle alarm overdue: ${plate}` };
            const body = {
              'zh-CN': `车辆 ${plate} 的报警（${row.rule}）已过处置期限仍未办结，升级督办。`,
              en: `The alarm (${row.rule}) of vehicle ${plate} is past its handling deadline and not closed; escalated.`,
            };
            const subject = { type: 'alarm', id: row.id };
            const list: Notice[] = [
              { recipient: { kind: 'organisation', id: row.enterprise_id }, kind: 'alarm.escalated', title, body, subject },
            ];
            if (to)
              list.push({ recipient: { kind: 'organisation', id: to }, kind: 'alarm.escalated', title, body, subject, channels: ['sms'] });
            await notifications.notify(trx, list, now);
            const data = { to, deadline: row.deadline?.toISOString() ?? null, status: row.status };
            await repo.insertSteps(trx, [
              { alarmId: row.id, step: 'escalated', actor: { kind: 'system', name: 'alarms.escalation' }, note: null, data, at: now },
            ]);
            records.push({
              actor: { kind: 'system' as const, name: 'alarms.escalation' },
              action: 'alarms.alarm.escalate',
              target: { type: 'alarm', id: row.id },
              after: data,
            });
            escalated++;
          }
          await audit.record(trx, ...records);
        });
        if (batch.length < ESCALATION_BATCH) break;
      }
      if (escalated > 0) notifications.dispatchSoon();
      return { escalated };
    },

    /** The figures the regulator ranks enterprises by, over [from, to). */
    async ranking(actor: Actor, q: { from: string; to: string; areaId?: string | undefined }) {
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (to <= from) throw alarmsErrors.badRange('to must be after from');
      if (to.getTime() - from.getTime() > MAX_RANKING_DAYS * 86_400_000) throw alarmsErrors.badRange(`at most ${MAX_RANKING_DAYS} days`);
      if (actor.kind !== 'person') return { from: from.toISOString(), to: to.toISOString(), items: [] };
      const enterpriseIds = await governedEnterprises(actor, 'alarms.ranking.read', await vehicles.operatingEnterprises(), q.areaId);
      const [quality, alarms, orgs] = await Promise.all([
        vehicles.quality(enterpriseIds, from, to, RANKING_INTERVAL_SECONDS),
        repo.alarmFigures(db, enterpriseIds, from, to, clock.now()),
        directory.organisationsByIds(enterpriseIds),
      ]);
      const alarmsOf = new Map(alarms.map((a) => [a.enterpriseId, a]));
      const names = new Map(orgs.map((o) => [o.id, o.name]));
      const items = quality.map((qf) => {
        const a = alarmsOf.get(qf.enterpriseId);
        const per = (n: number) => (qf.vehicles > 0 ? Math.round((n / qf.vehicles) * 100) / 100 : 0);
        return {
          enterpriseId: qf.enterpriseId,
          enterpriseName: names.get(qf.enterpriseId) ?? '',
          vehicles: qf.vehicles,
          onlineRate: rate(qf.online, qf.vehicles),
          trackCompleteness: rate(qf.received, qf.expected),
          dataValidity: rate(qf.valid, qf.positions),
          driftRate: rate(qf.drift, qf.positions),
          alarmsPer100: per((a?.alarms ?? 0) * 100),
          handlingRate: rate(a?.handled ?? 0, a?.confirmed ?? 0),
          timelyRate: rate(a?.closedInTime ?? 0, a?.closed ?? 0),
          overspeedPerVehicle: per(a?.overspeed ?? 0),
          fatigueMinutesPerVehicle: per(a?.fatigueMinutes ?? 0),
          nightBanViolations: a?.nightBan ?? 0,
        };
      });
      items.sort((x, y) => (y.onlineRate ?? -1) - (x.onlineRate ?? -1) || x.enterpriseName.localeCompare(y.enterpriseName, 'zh-CN'));
      return { from: from.toISOString(), to: to.toISOString(), items };
    },

    zones: {
      async list(actor: Actor) {
        if (actor.kind !== 'person') return { items: [] };
        return { items: (await repo.zones(db)).map(zoneView) };
      },

      async create(
        ctx: RequestContext,
        input: {
          kind: Zone['kind'];
          name: string;
          polygon?: [number, number][] | undefined;
          line?: [number, number][] | undefined;
          halfWidthM?: number | undefined;
          classes?: NonNullable<Zone['classes']> | undefined;
          window?: { from: string; to: string } | undefined;
          speedLimitKmh?: number | undefined;
        },
      ) {
        const { actor } = ctx;
        if (actor.kind !== 'person') throw alarmsErrors.forbidden('alarms.zone.manage');
        const permission = 'alarms.zone.manage';
        const problems = [];
        if (!input.polygon && !input.line) problems.push(alarmsErrors.field('polygon', 'a polygon or a line is required'));
        if (input.line && input.halfWidthM === undefined && input.kind === 'corridor')
          problems.push(alarmsErrors.field('halfWidthM', 'required for a corridor drawn as a line'));
        if (input.kind === 'speed_limit' && input.speedLimitKmh === undefined)
          problems.push(alarmsErrors.field('speedLimitKmh', 'required for a speed-limited segment'));
        if (problems.length) throw alarmsErrors.invalid(problems);
        const grant = actor.grants.find((g) => registry.get(permission)?.roles.includes(g.role));
        const row = await db.transaction().execute(async (trx) => {
          const created = await trx
            .insertInto('alarms.zone')
            .values({
              kind: input.kind,
              name: input.name,
              polygon: input.polygon ? JSON.stringify(input.polygon) : null,
              line: input.line ? JSON.stringify(input.line) : null,
              half_width_m: input.halfWidthM ?? null,
              classes: input.classes ?? null,
              window_from: input.window?.from ?? null,
              window_to: input.window?.to ?? null,
              speed_limit_kmh: input.speedLimitKmh ?? null,
              area_id: grant?.areaId ?? null,
              created_by: actor.personId,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, {
            actor: auditActorOf(actor, permission, registry),
            action: permission,
            target: { type: 'zone', id: created.id },
            after: input,
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return created;
        });
        return zoneView(row);
      },

      /** Changes a zone's name, window, classes, limit or geometry; the running engine applies it at its next reload. */
      async update(ctx: RequestContext, id: string, input: ZonePatch) {
        const { actor } = ctx;
        const permission = 'alarms.zone.manage';
        if (actor.kind !== 'person') throw alarmsErrors.forbidden(permission);
        const fields = Object.keys(input).filter((k) => input[k as keyof ZonePatch] !== undefined);
        if (fields.length === 0) throw alarmsErrors.invalid([alarmsErrors.field('name', 'give at least one field to change')]);
        const row = await db.transaction().execute(async (trx) => {
          const zone = await managedZone(actor, id, trx);
          const geometry = input.polygon !== undefined || input.line !== undefined;
          const next = {
            name: input.name ?? zone.name,
            polygon: geometry ? (input.polygon ?? null) : zone.polygon,
            line: geometry ? (input.line ?? null) : zone.line,
            half_width_m: input.halfWidthM === undefined ? zone.half_width_m : input.halfWidthM,
            classes: input.classes === undefined ? zone.classes : input.classes,
            window_from: input.window === undefined ? zone.window_from : (input.window?.from ?? null),
            window_to: input.window === undefined ? zone.window_to : (input.window?.to ?? null),
            speed_limit_kmh: input.speedLimitKmh === undefined ? zone.speed_limit_kmh : input.speedLimitKmh,
          };
          const problems = [];
          if (next.line && !next.polygon && next.half_width_m === null && zone.kind === 'corridor')
            problems.push(alarmsErrors.field('halfWidthM', 'required for a corridor drawn as a line'));
          if (zone.kind === 'speed_limit' && next.speed_limit_kmh === null)
            problems.push(alarmsErrors.field('speedLimitKmh', 'required for a speed-limited segment'));
          if (problems.length) throw alarmsErrors.invalid(problems);
          const now = clock.now();
          const updated = await trx
            .updateTable('alarms.zone')
            .set({
              ...next,
              polygon: next.polygon ? JSON.stringify(next.polygon) : null,
              line: next.line ? JSON.stringify(next.line) : null,
              updated_at: now,
              updated_by: actor.personId,
            })
            .where('id', '=', zone.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          const before: Record<string, unknown> = {};
          const view = zoneView(zone);
          for (const f of fields) before[f] = view[f as keyof typeof view] ?? null;
          await audit.record(trx, {
            actor: auditActorOf(actor, permission, registry),
            action: 'alarms.zone.update',
            target: { type: 'zone', id: zone.id },
            before,
            after: input,
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return updated;
        });
        return zoneView(row);
      },

      /** Stops applying a zone; it stays listed, flagged, for the alarms that name it. */
      async retire(ctx: RequestContext, id: string, input: { reason: string }) {
        const { actor } = ctx;
        const permission = 'alarms.zone.manage';
        if (actor.kind !== 'person') throw alarmsErrors.forbidden(permission);
        const row = await db.transaction().execute(async (trx) => {
          const zone = await managedZone(actor, id, trx);
          const now = clock.now();
          const retired = await trx
            .updateTable('alarms.zone')
            .set({ retired_at: now, retired_by: actor.personId, retired_reason: input.reason, updated_at: now, updated_by: actor.personId })
            .where('id', '=', zone.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.record(trx, {
            actor: auditActorOf(actor, permission, registry),
            action: 'alarms.zone.retire',
            target: { type: 'zone', id: zone.id },
            before: { retiredAt: null },
            after: { retiredAt: now.toISOString(), reason: input.reason },
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return retired;
        });
        return zoneView(row);
      },
    },

    engineZones,

    /** Changes whenever a zone is drawn, changed or retired (the alarm sink polls it). */
    zonesVersion: () => repo.zonesVersion(db),

    /**
     * The rule engine fed by the position store: default thresholds, the zones stored now (reloaded
     * when they change), profiles reloaded when the register changes, state rebuilt from the current
     * drivers and the latest positions. Hand its `accept` to the store and its `driver` to the
     * gateway's card reports; close it on shutdown.
     */
    startSink: (d: { logger: Logger; options?: Partial<AlarmSinkOptions> }) =>
      startAlarmSink({
        db,
        vehicles,
        directory,
        zones: { load: engineZones, version: () => repo.zonesVersion(db) },
        logger: d.logger,
        clock,
        ...(d.options ? { options: d.options } : {}),
      }),

    /** Whether the actor may read the history of this alarm (the audit trail's target visibility). */
    async canReadById(actor: Actor, id: string): Promise<boolean> {
      const row = await repo.findById(db, id);
      return row !== undefined && covers(actor, 'alarms.alarm.list', row);
    },
  };
}

export type AlarmsModule = ReturnType<typeof createAlarmsModule>;
