/**
 * What every hazards use case shares: its dependencies, who reaches which hazard under which permission, the
 * facts the pure rules judge, and the write helpers (history event, read model, audit) that each change runs in
 * its transaction.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { FileStore } from '../../platform/storage/index.js';
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
import type { Visibility } from './board.repository.js';
import { hazardsErrors } from './hazards.errors.js';
import type { HazardRow } from './hazards.repository.js';
import * as repo from './hazards.repository.js';
import { type ActorFacts, type DeadlinePolicy, type HazardFacts, isOpen, type Status, supervisingTiers } from './hazards.rules.js';
import type { EventActor, HazardsTables } from './hazards.tables.js';
import * as tally from './tally.repository.js';

export interface HazardsDeps {
  db: Kysely<HazardsTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'organisationsByIds' | 'areaPath' | 'personsByIds' | 'regulators' | 'areaTree'>;
  notifications: Pick<NotificationsModule, 'notify' | 'dispatchSoon'>;
  files: FileStore;
  policy?: DeadlinePolicy;
}

export type Db = Kysely<HazardsTables>;

export function createCore(deps: HazardsDeps) {
  const { db, registry, audit, access, directory, notifications } = deps;

  /** Whether the actor holds the permission over this hazard's enterprise (mandate and scope, live). */
  const covers = (actor: Actor, permission: string, row: Pick<HazardRow, 'enterprise_id' | 'area_path'>): boolean => {
    if (actor.kind !== 'person' || !actor.permissions.has(permission)) return false;
    const scope = access.scope(actor, permission);
    return scope.organisationIds.includes(row.enterprise_id) || scope.areaIds.some((a) => row.area_path.includes(a));
  };

  /** The organisations in which the actor holds a grant carrying the permission. */
  const ownOrganisations = (actor: Actor, permission: string): string[] => {
    if (actor.kind !== 'person') return [];
    const definition = registry.get(permission);
    return [...new Set(actor.grants.filter((g) => definition?.roles.includes(g.role)).map((g) => g.organisationId))];
  };

  /** Where the board looks for the actor: the read scope, or their own reports when they have none. */
  const visibility = (actor: Actor): Visibility => {
    if (actor.kind !== 'person') return { areaIds: [], enterpriseIds: [], reportedBy: null };
    const scope = access.scope(actor, 'hazards.hazard.read');
    if (scope.areaIds.length || scope.organisationIds.length)
      return { areaIds: scope.areaIds, enterpriseIds: scope.organisationIds, reportedBy: null };
    return { areaIds: [], enterpriseIds: [], reportedBy: actor.permissions.has('hazards.hazard.report') ? actor.personId : null };
  };

  /** Read: in the read scope, reported by the actor, or referred to the actor's department. */
  const canRead = async (actor: Actor, row: HazardRow): Promise<boolean> => {
    if (actor.kind !== 'person') return false;
    if (covers(actor, 'hazards.hazard.read', row)) return true;
    if (row.reported_by === actor.personId && actor.permissions.has('hazards.hazard.report')) return true;
    return repo.referredTo(db, row.id, ownOrganisations(actor, 'hazards.referral.handle'));
  };

  const visibleRow = async (actor: Actor, id: string, trx: Db = db, forUpdate = false): Promise<HazardRow> => {
    const row = await repo.findById(trx, id, forUpdate);
    if (!row || !(await canRead(actor, row))) throw hazardsErrors.notFound();
    return row;
  };

  const actorFacts = (actor: Actor, row: HazardRow): ActorFacts => ({
    personId: actor.kind === 'person' ? actor.personId : '',
    may: (permission) => covers(actor, permission, row),
  });

  /** The hazard as the rules see it. */
  const facts = (row: HazardRow): HazardFacts => ({
    status: row.status,
    grade: row.grade,
    proposedGrade: row.proposed_grade,
    criterion: row.criterion,
    order:
      row.grade === 'major'
        ? null
        : { measures: row.order_measures, responsibleName: row.order_responsible_name, deadline: row.order_measures ? row.deadline : null },
    five: row.five_implementations,
    plan: row.treatment_plan,
    supervisionListed: row.supervised_at !== null,
    deadline: row.deadline,
    submittedBy: row.submitted_by,
    // The plan's evidence is checked when the five implementations are saved.
    contingencyPlanOnFile: Boolean(row.five_implementations.contingencyPlan),
  });

  /** The audit trail's actor, naming the entrustment under which a provider acted. */
  const auditActor = (actor: Actor, permission: string, row: Pick<HazardRow, 'enterprise_id' | 'area_path'>): AuditActor => {
    const base = auditActorOf(actor, permission, registry);
    const definition = registry.get(permission);
    if (base.kind !== 'person' || actor.kind !== 'person' || !definition || actor.entrusted.length === 0) return base;
    return {
      ...base,
      entrustmentId: entrustmentFor(actor.entrusted, definition, { enterpriseId: row.enterprise_id, areaPath: row.area_path }),
    };
  };

  const eventActor = (actor: Actor, permission: string | null): EventActor => {
    if (actor.kind !== 'person') return { kind: 'system', name: 'anonymous' };
    const a = auditActorOf(actor, permission, registry);
    return a.kind === 'person'
      ? { kind: 'person', personId: actor.personId, organisationId: a.organisationId, role: a.role }
      : { kind: 'system', name: 'unknown' };
  };

  const tallyKey = (row: Pick<HazardRow, 'area_path' | 'status' | 'grade' | 'source' | 'trade'>): tally.TallyKey => ({
    areaPath: row.area_path,
    status: row.status,
    grade: row.grade,
    source: row.source,
    trade: row.trade,
  });

  const closureFact = (row: HazardRow): tally.ClosureFact | null =>
    row.closed_at
      ? {
          areaPath: row.area_path,
          closedAt: row.closed_at,
          grade: row.grade,
          source: row.source,
          hadDeadline: row.deadline !== null,
          onTime: row.on_time === true,
          seconds: (row.closed_at.getTime() - row.discovered_at.getTime()) / 1000,
        }
      : null;

  /** Keeps both read models in step with a change of one hazard, inside the change's transaction. */
  const reflect = async (trx: Db, before: HazardRow | null, after: HazardRow): Promise<void> => {
    await tally.move(trx, before ? tallyKey(before) : null, tallyKey(after));
    const wasClosed = before?.status === 'closed';
    const isClosed = after.status === 'closed';
    if (wasClosed && !isClosed && before) {
      const f = closureFact(before);
      if (f) await tally.closure(trx, f, -1);
    }
    if (isClosed && !wasClosed) {
      const f = closureFact(after);
      if (f) await tally.closure(trx, f, 1);
    }
  };

  /** The emergency-management regulator governing the enterprise's area (tier 1) and the one above (tier 2). */
  const tiers = async (areaPath: readonly string[]) => {
    const regulators = await directory.regulators();
    return supervisingTiers(
      areaPath,
      regulators.map((r) => ({ id: r.id, areaId: r.area_id, department: r.department })),
    );
  };

  /** An area's path root first, from the directory (nearest first there). */
  const areaPathOf = async (areaId: string | null): Promise<string[]> =>
    areaId ? (await directory.areaPath(areaId)).map((a) => a.id).reverse() : [];

  const notify = (trx: Db, notices: Notice[], at: Date) => (notices.length ? notifications.notify(trx, notices, at) : Promise.resolve([]));

  const recordAudit = (trx: Db, ctx: RequestContext, permission: string, row: HazardRow, action: string, before: unknown, after: unknown) =>
    audit.record(trx, {
      actor: auditActor(ctx.actor, permission, row),
      action,
      target: { type: 'hazard', id: row.id },
      before,
      after,
      requestId: ctx.requestId,
      address: ctx.address,
    });

  return {
    deps,
    covers,
    ownOrganisations,
    visibility,
    canRead,
    visibleRow,
    actorFacts,
    facts,
    auditActor,
    eventActor,
    tallyKey,
    reflect,
    tiers,
    areaPathOf,
    notify,
    recordAudit,
    isOpen: (s: Status) => isOpen(s),
  };
}

export type Core = ReturnType<typeof createCore>;
