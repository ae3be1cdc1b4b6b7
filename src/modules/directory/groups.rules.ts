/**
 * The pure core of mutual-aid group membership: who may change a group, and which changes hold. No I/O here.
 */

/** Where a permission reaches: area roots (whole subtrees) and single organisations (as `access.scope` answers). */
export interface Reach {
  areaIds: readonly string[];
  organisationIds: readonly string[];
}

/** A group as these rules see it: its id and the path of its area, nearest first (empty when it has none). */
export interface GroupPlace {
  id: string;
  areaPath: readonly string[];
}

/** Whether a permission's reach covers the group: its own organisation (a group lead), or an area above it (a regulator). */
export const reaches = (reach: Reach, group: GroupPlace): boolean =>
  reach.organisationIds.includes(group.id) || group.areaPath.some((id) => reach.areaIds.includes(id));

export interface GroupAbilities {
  /** Add member enterprises and remove members other than the lead. */
  manageMembers: boolean;
  /** Make a member the lead enterprise. */
  setLead: boolean;
}

export function groupAbilities(group: GroupPlace, reach: { manageMembers: Reach; setLead: Reach }): GroupAbilities {
  return { manageMembers: reaches(reach.manageMembers, group), setLead: reaches(reach.setLead, group) };
}

export type MembershipChange =
  | { kind: 'add'; enterprise: { kind: string; areaPath: readonly string[] } | undefined; isMember: boolean }
  | { kind: 'remove'; isMember: boolean; isLead: boolean }
  | { kind: 'set_lead'; isMember: boolean; isLead: boolean };

export type MembershipVerdict =
  | { ok: true; noChange?: true }
  | { ok: false; problem: 'no_such_enterprise' | 'outside_group_area' | 'already_member' | 'not_member' | 'lead_stays' };

/**
 * Whether a change of membership holds for a group in the area `groupAreaId`: a member must be an enterprise in the
 * group's area (or below it); the lead cannot leave (another member is made lead first); making the lead the lead
 * again changes nothing.
 */
export function judgeMembershipChange(groupAreaId: string | null, change: MembershipChange): MembershipVerdict {
  switch (change.kind) {
    case 'add':
      if (change.enterprise?.kind !== 'enterprise') return { ok: false, problem: 'no_such_enterprise' };
      if (change.isMember) return { ok: false, problem: 'already_member' };
      if (groupAreaId === null || !change.enterprise.areaPath.includes(groupAreaId)) return { ok: false, problem: 'outside_group_area' };
      return { ok: true };
    case 'remove':
      if (!change.isMember) return { ok: false, problem: 'not_member' };
      if (change.isLead) return { ok: false, problem: 'lead_stays' };
      return { ok: true };
    case 'set_lead':
      if (!change.isMember) return { ok: false, problem: 'not_member' };
      return change.isLead ? { ok: true, noChange: true } : { ok: true };
  }
}
