import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { httpErrors } from '../../platform/http/index.js';
import type { AccessModule, Actor, GrantsModule, PermissionRegistry, PersonActor } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { DirectoryModule, PeopleModule, PersonalDataCipher } from '../directory/index.js';
import type { ReportsModule } from '../reports/index.js';
import { volunteersErrors } from './volunteers.errors.js';
import type { VolunteersTables } from './volunteers.tables.js';

/** What the volunteer register needs from the rest of the platform, each module through its public face. */
export interface VolunteersDeps {
  db: Kysely<VolunteersTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'areaPath' | 'personsByIds' | 'areasGeoJson'>;
  /** People are registered through the directory's own use case (sealed phone, audited). */
  people: Pick<PeopleModule, 'create' | 'list'>;
  /** The role is granted through the access module's use case (audited there). */
  grants: Pick<GrantsModule, 'assign'>;
  cipher: Pick<PersonalDataCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  /** Volunteers' reports are filed through the reports module's intake, and scored by its statuses. */
  reports: Pick<ReportsModule, 'submit' | 'statusesOf'>;
  /** Applications one network address may send per hour (a simple brake on spam). */
  applicationsPerHour?: number;
}

export const READ = 'volunteers.volunteer.read';
export const MANAGE = 'volunteers.volunteer.manage';
export const LOG = 'volunteers.patrol.log';
export const RANKING = 'volunteers.ranking.read';

/** The use case checks the permission itself: the route does too, but a use case never trusts its caller to have. */
export function authorise(actor: Actor, permission: string): PersonActor {
  if (actor.kind !== 'person') throw httpErrors.unauthenticated();
  if (!actor.permissions.has(permission)) throw httpErrors.forbidden(permission);
  return actor;
}

/** Whether an area path (the area and its ancestors) lies within the permission's reach for the actor. */
export function reaches(access: VolunteersDeps['access'], actor: PersonActor, permission: string, areaPath: readonly string[]): boolean {
  return access.scope(actor, permission).areaIds.some((a) => areaPath.includes(a));
}

/** The area's path (it and its ancestors) and level; refuses an unknown area naming the field. */
export async function areaOf(directory: VolunteersDeps['directory'], areaId: string, field = 'areaId') {
  const path = await directory.areaPath(areaId);
  const own = path[0];
  if (!own) throw volunteersErrors.invalid([volunteersErrors.field(field, 'no such area')]);
  return { id: own.id, name: own.name, level: own.level, path: path.map((a) => a.id) };
}
