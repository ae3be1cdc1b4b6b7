import { describe, expect, it } from 'vitest';
import { groupAbilities, judgeMembershipChange, reaches } from './groups.rules.js';

const group = { id: 'group-1', areaPath: ['street', 'district', 'city'] };
const none = { areaIds: [], organisationIds: [] };

describe('who may change a mutual-aid group', () => {
  it('a regulator over the group’s area, or an area above it, reaches the group', () => {
    expect(reaches({ areaIds: ['street'], organisationIds: [] }, group)).toBe(true);
    expect(reaches({ areaIds: ['district'], organisationIds: [] }, group)).toBe(true);
  });
  it('a regulator over another area, or over a community below the group’s street, does not', () => {
    expect(reaches({ areaIds: ['other-street'], organisationIds: [] }, group)).toBe(false);
    expect(reaches({ areaIds: ['community-below'], organisationIds: [] }, group)).toBe(false);
  });
  it('the group’s own lead reaches their group only', () => {
    expect(reaches({ areaIds: [], organisationIds: ['group-1'] }, group)).toBe(true);
    expect(reaches({ areaIds: [], organisationIds: ['group-2'] }, group)).toBe(false);
  });
  it('a group without an area is reached by its own people only', () => {
    expect(reaches({ areaIds: ['city'], organisationIds: [] }, { id: 'g', areaPath: [] })).toBe(false);
  });
  it('abilities follow each permission’s reach', () => {
    const lead = { areaIds: [], organisationIds: ['group-1'] };
    const officer = { areaIds: ['street'], organisationIds: [] };
    expect(groupAbilities(group, { manageMembers: lead, setLead: none })).toEqual({ manageMembers: true, setLead: false });
    expect(groupAbilities(group, { manageMembers: officer, setLead: officer })).toEqual({ manageMembers: true, setLead: true });
    expect(groupAbilities(group, { manageMembers: none, setLead: none })).toEqual({ manageMembers: false, setLead: false });
  });
});

describe('which membership changes hold', () => {
  const inArea = { kind: 'enterprise', areaPath: ['grid', 'community', 'street', 'district', 'city'] };
  it.each([
    ['an enterprise of the group’s area joins', { kind: 'add', enterprise: inArea, isMember: false }, { ok: true }],
    ['an unknown enterprise', { kind: 'add', enterprise: undefined, isMember: false }, { ok: false, problem: 'no_such_enterprise' }],
    [
      'an organisation that is not an enterprise',
      { kind: 'add', enterprise: { ...inArea, kind: 'provider' }, isMember: false },
      { ok: false, problem: 'no_such_enterprise' },
    ],
    ['a member again', { kind: 'add', enterprise: inArea, isMember: true }, { ok: false, problem: 'already_member' }],
    [
      'an enterprise of another street',
      { kind: 'add', enterprise: { kind: 'enterprise', areaPath: ['other-grid', 'other-street', 'district', 'city'] }, isMember: false },
      { ok: false, problem: 'outside_group_area' },
    ],
    ['a member leaves', { kind: 'remove', isMember: true, isLead: false }, { ok: true }],
    ['a non-member leaves', { kind: 'remove', isMember: false, isLead: false }, { ok: false, problem: 'not_member' }],
    ['the lead leaves', { kind: 'remove', isMember: true, isLead: true }, { ok: false, problem: 'lead_stays' }],
    ['a member becomes the lead', { kind: 'set_lead', isMember: true, isLead: false }, { ok: true }],
    ['the lead becomes the lead again', { kind: 'set_lead', isMember: true, isLead: true }, { ok: true, noChange: true }],
    ['a non-member becomes the lead', { kind: 'set_lead', isMember: false, isLead: false }, { ok: false, problem: 'not_member' }],
  ] as const)('%s', (_, change, verdict) => {
    expect(judgeMembershipChange('street', change)).toEqual(verdict);
  });
  it('a group without an area takes no new members', () => {
    expect(judgeMembershipChange(null, { kind: 'add', enterprise: { kind: 'enterprise', areaPath: ['street'] }, isMember: false })).toEqual(
      {
        ok: false,
        problem: 'outside_group_area',
      },
    );
  });
});
