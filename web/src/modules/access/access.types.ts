/** What `GET /api/v1/session` answers for a signed-in browser. */

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

export const roleNames = [
  'regulator_officer',
  'regulator_head',
  'provider_inspector',
  'provider_manager',
  'enterprise_principal',
  'enterprise_safety_manager',
  'group_lead',
  'grid_worker',
  'volunteer',
] as const;
export type RoleName = (typeof roleNames)[number];

export interface GrantOrganisation {
  id: string;
  name: string;
  nameEn: string | null;
  kind: string;
}

export interface Grant {
  /** One of `roleNames`; an unknown role from a newer server is shown by its code. */
  role: string;
  organisation: GrantOrganisation;
  areaId: string | null;
  /** End of the grant (ISO 8601); null when open-ended. */
  validUntil?: string | null;
}

export interface Session {
  account: { id: string; username: string; locale: Locale };
  person: { id: string; name: string };
  grants: Grant[];
  /** The permission names of the caller's mandate; the navigation shows only what these allow. */
  permissions: string[];
  csrfToken: string;
}

export interface SignInRequest {
  username: string;
  password: string;
}

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/** The published mandate (权责清单): `GET /api/v1/mandate`, open to everyone. */
export interface PublishedMandate {
  roles: {
    role: string;
    /** What a grant of the role reaches: an area subtree, its own organisation, or its provider's entrustments. */
    scopeKind?: string;
    name: LocalisedText;
    scope: LocalisedText;
    authority: LocalisedText;
  }[];
  permissions: {
    name: string;
    module: string;
    description: LocalisedText;
    roles: string[];
    public: boolean;
    /** Provider roles hold it only over the targets of an entrustment in force. */
    viaEntrustment: boolean;
    /** Entrustment services that carry it; null or absent for any. */
    services?: string[] | null;
  }[];
}

/** The organisation kind each role is held in: the server refuses any other (422). */
export const roleOrganisationKind: Record<RoleName, string> = {
  regulator_officer: 'regulator',
  regulator_head: 'regulator',
  grid_worker: 'regulator',
  volunteer: 'regulator',
  provider_inspector: 'provider',
  provider_manager: 'provider',
  enterprise_principal: 'enterprise',
  enterprise_safety_manager: 'enterprise',
  group_lead: 'mutual_aid_group',
};

/** Roles that govern an area, so that a grant of them names one. */
export const areaScopedRoles: readonly RoleName[] = ['regulator_officer', 'regulator_head', 'grid_worker', 'volunteer'];

/** One role grant of a person, as `GET /api/v1/people/:id/grants` lists it. */
export interface PersonGrant {
  id: string;
  role: string;
  organisation: { id: string; name: string; kind: string };
  areaId: string | null;
  areaName: string | null;
  /** ISO 8601 instants; null for "from the start" and "open-ended". */
  validFrom: string | null;
  validUntil: string | null;
  /** In force now: begun, not expired, not ended. */
  active: boolean;
  abilities: { end: boolean };
}

export interface CreateGrantRequest {
  role: RoleName;
  organisationId: string;
  areaId?: string;
  validFrom?: string;
  validUntil?: string;
}

/** An organisation to choose in a form. */
export interface OrganisationChoice {
  id: string;
  name: string;
  kind: string;
}

/** A person's sign-in, without anything secret. */
export interface PersonAccount {
  id?: string;
  username: string;
}

export interface CreateAccountRequest {
  username: string;
  password: string;
}
