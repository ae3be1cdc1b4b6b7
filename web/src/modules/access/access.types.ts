/** What `GET /api/v1/session` answers for a signed-in browser. */

import { ROLE_ORGANISATION_KIND, ROLE_SCOPE, ROLES } from '../../../../src/modules/access/access.rules';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

/**
 * The roles, the kind of organisation each is held in, and what each governs come from the server's pure mandate
 * rules (`src/modules/access/access.rules.ts`, which imports nothing), so that they are written in one place only.
 */
export const roleNames = ROLES;
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
export const roleOrganisationKind: Record<RoleName, string> = ROLE_ORGANISATION_KIND;

/** Roles that govern an area, so that a grant of them names one. */
export const areaScopedRoles: readonly RoleName[] = ROLES.filter((role) => ROLE_SCOPE[role] === 'area');

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
