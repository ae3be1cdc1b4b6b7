import type { Kysely } from 'kysely';
import { httpErrors } from '../../platform/http/index.js';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { directoryErrors } from './directory.errors.js';
import * as repo from './directory.repository.js';
import type { DirectoryTables } from './directory.tables.js';
import * as groupsRepo from './groups.repository.js';
import { type GroupPlace, groupAbilities, judgeMembershipChange, type MembershipVerdict, reaches } from './groups.rules.js';

type Access = Pick<AccessModule, 'scope'>;

const MANAGE = 'directory.group.manage_members';
const SET_LEAD = 'directory.group.set_lead';

const enterpriseField = (detail: string) => [{ in: 'body', field: 'enterpriseId', pointer: '/enterpriseId', detail }];

/** The problem for a refused change, naming the field where there is one. */
function refusal(verdict: Extract<MembershipVerdict, { ok: false }>) {
  switch (verdict.problem) {
    case 'no_such_enterprise':
      return directoryErrors.groupMemberInvalid(enterpriseField('no such enterprise'));
    case 'outside_group_area':
      return directoryErrors.groupMemberInvalid(enterpriseField('lies outside the group’s area'));
    case 'already_member':
      return directoryErrors.alreadyMember();
    case 'not_member':
      return directoryErrors.notMember();
    case 'lead_stays':
      return directoryErrors.leadStays();
  }
}

/**
 * Mutual-aid groups (安全生产互助组): who sees them, and changes of their members and lead enterprise. Regulators
 * reach the groups of their area; a group lead reaches their own group (see `directory.permissions.ts`).
 */
export function createGroupUseCases(deps: {
  db: Kysely<DirectoryTables>;
  audit: Pick<AuditModule, 'record'>;
  registry: PermissionRegistry;
}) {
  const { db, audit, registry } = deps;

  const placeOf = async (group: { id: string; area_id: string | null }): Promise<GroupPlace> => ({
    id: group.id,
    areaPath: group.area_id ? (await repo.areaPath(db, group.area_id)).map((a) => a.id) : [],
  });

  const abilitiesOf = (access: Access, actor: Actor, place: GroupPlace) =>
    groupAbilities(place, {
      manageMembers: actor.permissions.has(MANAGE) ? access.scope(actor, MANAGE) : { areaIds: [], organisationIds: [] },
      setLead: actor.permissions.has(SET_LEAD) ? access.scope(actor, SET_LEAD) : { areaIds: [], organisationIds: [] },
    });

  /** The group, when the permission reaches it for this actor; a 404 otherwise (so that existence does not leak). */
  async function reachable(access: Access, actor: Actor, groupId: string, permission: string) {
    const group = await groupsRepo.group(db, groupId);
    if (!group) throw directoryErrors.notVisible('group');
    const place = await placeOf(group);
    if (!reaches(access.scope(actor, 'directory.group.read'), place)) throw directoryErrors.notVisible('group');
    if (!reaches(access.scope(actor, permission), place)) throw httpErrors.forbidden(permission);
    return { group, place };
  }

  async function members(groupId: string) {
    const rows = await groupsRepo.groupMembers(db, groupId);
    return rows.map((m) => ({ id: m.id, name: m.name, creditCode: m.credit_code, trade: m.trade, isLead: m.is_lead }));
  }

  async function change(ctx: RequestContext, access: Access, groupId: string, enterpriseId: string, kind: 'add' | 'remove' | 'set_lead') {
    const permission = kind === 'set_lead' ? SET_LEAD : MANAGE;
    const { group } = await reachable(access, ctx.actor, groupId, permission);
    const [enterprise] = await repo.organisationsByIds(db, [enterpriseId]);
    await db.transaction().execute(async (trx) => {
      await groupsRepo.lockGroup(trx, groupId);
      const member = await groupsRepo.membership(trx, groupId, enterpriseId);
      const isMember = member !== undefined;
      const isLead = member?.is_lead === true;
      const verdict = judgeMembershipChange(
        group.area_id,
        kind === 'add'
          ? {
              kind,
              isMember,
              enterprise: enterprise && {
                kind: enterprise.kind,
                areaPath: enterprise.area_id ? (await repo.areaPath(trx, enterprise.area_id)).map((a) => a.id) : [],
              },
            }
          : { kind, isMember, isLead },
      );
      if (!verdict.ok) throw refusal(verdict);
      if (verdict.noChange) return;
      const who = { enterpriseId, enterpriseName: enterprise?.name ?? null };
      const record = { actor: auditActorOf(ctx.actor, permission, registry), target: { type: 'organisation', id: groupId } };
      switch (kind) {
        case 'add':
          await groupsRepo.addMember(trx, groupId, enterpriseId);
          await audit.record(trx, {
            ...record,
            action: 'directory.group.add_member',
            after: who,
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return;
        case 'remove':
          await groupsRepo.removeMember(trx, groupId, enterpriseId);
          await audit.record(trx, {
            ...record,
            action: 'directory.group.remove_member',
            before: who,
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return;
        case 'set_lead': {
          const previous = await groupsRepo.currentLead(trx, groupId);
          const [old] = previous ? await repo.organisationsByIds(trx, [previous.enterprise_id]) : [];
          await groupsRepo.setLead(trx, groupId, enterpriseId);
          await audit.record(trx, {
            ...record,
            action: 'directory.group.set_lead',
            before: { leadId: previous?.enterprise_id ?? null, leadName: old?.name ?? null },
            after: { leadId: enterpriseId, leadName: enterprise?.name ?? null },
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return;
        }
      }
    });
    return { items: await members(groupId) };
  }

  return {
    /** Mutual-aid groups: regulators see those of their area, a group lead their own group; each with what the caller may do. */
    async groups(access: Access, actor: Actor) {
      const scope = access.scope(actor, 'directory.group.read');
      const inArea = scope.areaIds.length ? (await repo.areaSubtree(db, scope.areaIds).execute()).map((r) => r.id) : [];
      const all = await groupsRepo.groups(db, 'all');
      const visible = all.filter((g) => scope.organisationIds.includes(g.id) || (g.area_id !== null && inArea.includes(g.area_id)));
      return Promise.all(
        visible.map(async (g) => ({
          id: g.id,
          name: g.name,
          nameEn: g.name_en,
          areaId: g.area_id,
          members: Number(g.members),
          leadName: g.lead_name ?? null,
          abilities: abilitiesOf(access, actor, await placeOf(g)),
        })),
      );
    },

    async groupMembers(access: Access, actor: Actor, groupId: string) {
      await reachable(access, actor, groupId, 'directory.group.read');
      return members(groupId);
    },

    /** Enterprises of the group's area that are not members yet, to add one. */
    async memberCandidates(access: Access, actor: Actor, groupId: string, q: string | undefined, limit: number) {
      const { group } = await reachable(access, actor, groupId, MANAGE);
      const rows = await groupsRepo.candidates(db, groupId, group.area_id ? [group.area_id] : [], q, limit);
      return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, creditCode: r.credit_code, trade: r.trade }));
    },

    addMember: (ctx: RequestContext, access: Access, groupId: string, enterpriseId: string) =>
      change(ctx, access, groupId, enterpriseId, 'add'),
    removeMember: (ctx: RequestContext, access: Access, groupId: string, enterpriseId: string) =>
      change(ctx, access, groupId, enterpriseId, 'remove'),
    setLead: (ctx: RequestContext, access: Access, groupId: string, enterpriseId: string) =>
      change(ctx, access, groupId, enterpriseId, 'set_lead'),
  };
}
