/**
 * The volunteer register: residents apply on a public form, the community or street office approves (registering the
 * person through the directory and granting the role through the access module) or declines with a reason, or
 * registers a volunteer or grid worker directly; the office suspends and records work and training hours.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditActorOf, type PersonActor, type RequestContext } from '../access/index.js';
import { maskPhone, normalisePhone, validatePhone } from '../directory/index.js';
import { createServiceUseCases } from './patrols.usecases.js';
import { areaOf, authorise, MANAGE, READ, reaches, type VolunteersDeps } from './volunteers.deps.js';
import { volunteersErrors } from './volunteers.errors.js';
import * as repo from './volunteers.repository.js';
import {
  type ActivityKind,
  type ApplicationStatus,
  cstDay,
  type FieldRole,
  normaliseSkills,
  SKILL_NAMES,
  SKILLS,
  type Skill,
  type VolunteerStatus,
} from './volunteers.rules.js';
import type { VolunteersTables } from './volunteers.tables.js';

const HOUR = 3_600_000;
/** Volunteers serve a community, grid workers a grid. */
const LEVEL_OF: Record<FieldRole, string> = { volunteer: 'community', grid_worker: 'grid' };

export function createVolunteersModule(deps: VolunteersDeps) {
  const { db, clock, registry, audit, access, directory, people, grants, cipher } = deps;
  const perHour = deps.applicationsPerHour ?? 5;
  const service = createServiceUseCases(deps);

  /** A place a role can serve: a community for volunteers, a grid for grid workers (a community also takes grid workers). */
  async function placeFor(role: FieldRole, areaId: string) {
    const area = await areaOf(directory, areaId);
    const fits = role === 'volunteer' ? area.level === 'community' : area.level === 'grid' || area.level === 'community';
    if (!fits) throw volunteersErrors.invalid([volunteersErrors.field('areaId', `a ${role.replace('_', ' ')} serves a ${LEVEL_OF[role]}`)]);
    return area;
  }

  /** The office the grant is held in: the actor's own regulator organisation whose area covers the place. */
  function officeFor(actor: PersonActor, areaPath: readonly string[]): string {
    const roles = registry.get(MANAGE)?.roles ?? [];
    const grant = actor.grants.find((g) => roles.includes(g.role) && g.areaId !== null && areaPath.includes(g.areaId));
    if (!grant) throw volunteersErrors.invalid([volunteersErrors.field('areaId', 'lies outside the area you govern')]);
    return grant.organisationId;
  }

  /** Grants the role (through the access module) and writes the profile; the caller has authorised the actor. */
  async function enrol(
    ctx: RequestContext & { actor: PersonActor },
    personId: string,
    place: { id: string; path: string[] },
    role: FieldRole,
    skills: Skill[],
    decide?: { applicationId: string },
  ) {
    if (await repo.findVolunteer(db, personId)) throw volunteersErrors.alreadyRegistered();
    const organisationId = officeFor(ctx.actor, place.path);
    const now = clock.now();
    // The grant, the profile and the decision stand or fall together.
    await db.transaction().execute(async (trx) => {
      if (await repo.findVolunteer(trx, personId, true)) throw volunteersErrors.alreadyRegistered();
      await grants.assign(ctx, personId, { role, organisationId, areaId: place.id }, MANAGE, trx);
      if (decide) {
        const application = await repo.findApplication(trx, decide.applicationId, true);
        if (application?.status !== 'pending') throw volunteersErrors.alreadyDecided(application?.status ?? 'declined');
        await repo.decideApplication(trx, decide.applicationId, {
          status: 'approved',
          at: now,
          by: ctx.actor.personId,
          reason: null,
          personId,
        });
      }
      await repo.insertVolunteer(trx, { personId, role, areaId: place.id, areaPath: place.path, skills, at: now });
      await audit.record(trx, {
        actor: auditActorOf(ctx.actor, MANAGE, registry),
        action: decide ? 'volunteers.application.approve' : 'volunteers.volunteer.register',
        target: { type: 'person', id: personId },
        after: { role, areaId: place.id, skills, organisationId, applicationId: decide?.applicationId ?? null },
        requestId: ctx.requestId,
        address: ctx.address,
      });
    });
    return service.profile(ctx.actor, personId);
  }

  /** The person to enrol: the one named, else one registered with the same name and phone, else a new entry. */
  async function personFor(
    ctx: RequestContext & { actor: PersonActor },
    given: { personId?: string | undefined; name: string; phone: string | null },
  ) {
    if (given.personId) {
      const [person] = await directory.personsByIds([given.personId]);
      if (!person) throw volunteersErrors.invalid([volunteersErrors.field('personId', 'no such person')]);
      return person.id;
    }
    if (given.phone) {
      const found = await people.list(ctx, { q: given.phone, limit: 20, offset: 0 });
      const same = found.items.find((p) => p.name === given.name.trim());
      if (same) return same.id;
    }
    return (await people.create(ctx, { name: given.name, phone: given.phone })).id;
  }

  const applicationView = (actor: PersonActor, r: repo.ApplicationRow) => ({
    id: r.id,
    name: r.name,
    phone: maskPhone(cipher.decrypt(r.phone_enc)),
    areaId: r.area_id,
    skills: r.skills,
    note: r.note,
    status: r.status,
    submittedAt: r.submitted_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    declineReason: r.decline_reason,
    personId: r.person_id,
    abilities: { decide: r.status === 'pending' && actor.permissions.has(MANAGE) && reaches(access, actor, MANAGE, r.area_path) },
  });

  return {
    ...service,

    /** Bulk writes for loading a jurisdiction (the demo); the caller owns the transaction and has checked the rows. */
    seed: {
      insertProfiles: (trx: Kysely<VolunteersTables>, rows: Parameters<typeof repo.insertProfiles>[1]) => repo.insertProfiles(trx, rows),
      insertPatrols: (trx: Kysely<VolunteersTables>, rows: Parameters<typeof repo.insertPatrols>[1]) => repo.insertPatrols(trx, rows),
    },

    /** What the public form offers: the skills and the communities and grids one may serve. */
    async catalogue() {
      const areas = await directory.areasGeoJson();
      const names = new Map(areas.features.map((f) => [f.id, f.properties.name]));
      return {
        skills: SKILLS.map((code) => ({ code, name: SKILL_NAMES[code] })),
        areas: areas.features
          .filter((f) => f.properties.level === 'community' || f.properties.level === 'grid')
          .map((f) => ({
            id: f.id,
            name: f.properties.name,
            nameEn: f.properties.nameEn ?? null,
            level: f.properties.level as 'community' | 'grid',
            parentName: f.properties.parentId ? (names.get(f.properties.parentId) ?? null) : null,
          })),
      };
    },

    /** A resident's application; the phone number is sealed at once, and one address may send only a few an hour. */
    async apply(
      ctx: RequestContext,
      input: { name: string; phone: string; areaId: string; skills: Skill[]; note?: string | null | undefined },
    ) {
      const name = input.name.trim();
      const phone = normalisePhone(input.phone);
      const problems = [];
      if (name.length === 0 || name.length > 100) problems.push(volunteersErrors.field('name', '1 to 100 characters'));
      if (!validatePhone(phone).ok) problems.push(volunteersErrors.field('phone', 'not a mobile or landline number'));
      const area = await directory.areaPath(input.areaId);
      if (area[0]?.level !== 'community' && area[0]?.level !== 'grid')
        problems.push(volunteersErrors.field('areaId', 'not a community or grid of this jurisdiction'));
      if (problems.length) throw volunteersErrors.invalid(problems);
      const now = clock.now();
      const addressHash = ctx.address ? createHash('sha256').update(`volunteers:${ctx.address}`).digest('hex') : null;
      return db.transaction().execute(async (trx) => {
        if (addressHash) {
          const recent = await repo.applicationTimesSince(trx, addressHash, new Date(now.getTime() - HOUR));
          const oldest = recent[0];
          if (recent.length >= perHour && oldest)
            throw volunteersErrors.throttled(Math.max(1, Math.ceil((oldest.getTime() + HOUR - now.getTime()) / 1000)));
        }
        const skills = normaliseSkills(input.skills);
        const id = await repo.insertApplication(trx, {
          name,
          phoneEnc: cipher.encrypt(phone),
          phoneIndex: cipher.blindIndex(phone),
          areaId: input.areaId,
          areaPath: area.map((a) => a.id),
          skills,
          note: input.note?.trim() || null,
          addressHash,
          submittedAt: now,
        });
        // The trail holds the masked phone only.
        await audit.record(trx, {
          actor: { kind: 'anonymous' },
          action: 'volunteers.application.submit',
          target: { type: 'volunteer_application', id },
          after: { name, phone: maskPhone(phone), areaId: input.areaId, skills },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return { id, status: 'pending' as const, submittedAt: now.toISOString() };
      });
    },

    /** Applications to the caller's area, newest first; phone numbers masked. */
    async applications(actor0: RequestContext['actor'], query: { status?: ApplicationStatus | undefined }) {
      const actor = authorise(actor0, READ);
      const roots = access.scope(actor, READ).areaIds;
      if (roots.length === 0) return { items: [] };
      const rows = await repo.listApplications(db, roots, query.status, 200);
      return { items: rows.map((r) => applicationView(actor, r)) };
    },

    /** Approves an application: the person (found or registered), the volunteer grant, the profile. */
    async approve(ctx: RequestContext, id: string, input: { personId?: string | undefined; skills?: Skill[] | undefined }) {
      const actor = authorise(ctx.actor, MANAGE);
      const pctx = { ...ctx, actor };
      const application = await repo.findApplication(db, id);
      if (!application || !reaches(access, actor, READ, application.area_path)) throw volunteersErrors.notFound('application');
      if (!reaches(access, actor, MANAGE, application.area_path)) throw volunteersErrors.forbidden(MANAGE);
      if (application.status !== 'pending') throw volunteersErrors.alreadyDecided(application.status);
      const place = await placeFor('volunteer', application.area_id);
      const personId = await personFor(pctx, {
        personId: input.personId,
        name: application.name,
        phone: cipher.decrypt(application.phone_enc),
      });
      return enrol(pctx, personId, place, 'volunteer', normaliseSkills(input.skills ?? application.skills), { applicationId: id });
    },

    /** Declines an application with a reason (kept with the application and in the trail). */
    async decline(ctx: RequestContext, id: string, reason: string) {
      const actor = authorise(ctx.actor, MANAGE);
      return db.transaction().execute(async (trx) => {
        const application = await repo.findApplication(trx, id, true);
        if (!application || !reaches(access, actor, READ, application.area_path)) throw volunteersErrors.notFound('application');
        if (!reaches(access, actor, MANAGE, application.area_path)) throw volunteersErrors.forbidden(MANAGE);
        if (application.status !== 'pending') throw volunteersErrors.alreadyDecided(application.status);
        const now = clock.now();
        await repo.decideApplication(trx, id, { status: 'declined', at: now, by: actor.personId, reason, personId: null });
        await audit.record(trx, {
          actor: auditActorOf(actor, MANAGE, registry),
          action: 'volunteers.application.decline',
          target: { type: 'volunteer_application', id },
          before: { status: 'pending' },
          after: { status: 'declined', reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        const row = await repo.findApplication(trx, id);
        return applicationView(actor, row as repo.ApplicationRow);
      });
    },

    /** The office registers a volunteer or grid worker directly: an existing person by id, or a new one by name and phone. */
    async register(
      ctx: RequestContext,
      input: {
        role: FieldRole;
        areaId: string;
        skills: Skill[];
        personId?: string | undefined;
        name?: string | undefined;
        phone?: string | null | undefined;
      },
    ) {
      const actor = authorise(ctx.actor, MANAGE);
      const pctx = { ...ctx, actor };
      const place = await placeFor(input.role, input.areaId);
      if (!reaches(access, actor, MANAGE, place.path))
        throw volunteersErrors.invalid([volunteersErrors.field('areaId', 'lies outside the area you govern')]);
      if (!input.personId && !input.name?.trim())
        throw volunteersErrors.invalid([volunteersErrors.field('name', 'give the person’s name, or personId for someone registered')]);
      const personId = await personFor(pctx, { personId: input.personId, name: input.name ?? '', phone: input.phone ?? null });
      return enrol(pctx, personId, place, input.role, normaliseSkills(input.skills));
    },

    /** Suspends or reinstates a volunteer (the grant stays; patrols and volunteer reports are refused while suspended). */
    async setStatus(ctx: RequestContext, personId: string, status: VolunteerStatus, reason: string) {
      const actor = authorise(ctx.actor, MANAGE);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findVolunteer(trx, personId, true);
        if (!row || !reaches(access, actor, MANAGE, row.area_path)) throw volunteersErrors.notFound('volunteer');
        if (row.status === status) return;
        await repo.updateVolunteer(trx, personId, { status, at: clock.now() });
        await audit.record(trx, {
          actor: auditActorOf(actor, MANAGE, registry),
          action: status === 'suspended' ? 'volunteers.volunteer.suspend' : 'volunteers.volunteer.reinstate',
          target: { type: 'person', id: personId },
          before: { status: row.status },
          after: { status, reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return service.profile(actor, personId);
    },

    /** Hours the office records for a volunteer outside patrols: work or training, on a CST day not in the future. */
    async recordHours(ctx: RequestContext, personId: string, input: { date: string; hours: number; activity: string; kind: ActivityKind }) {
      const actor = authorise(ctx.actor, MANAGE);
      const now = clock.now();
      if (input.date > cstDay(now)) throw volunteersErrors.invalid([volunteersErrors.field('date', 'lies in the future')]);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findVolunteer(trx, personId);
        if (!row || !reaches(access, actor, MANAGE, row.area_path)) throw volunteersErrors.notFound('volunteer');
        const id = await repo.insertActivity(trx, {
          personId,
          areaPath: row.area_path,
          date: input.date,
          hours: input.hours,
          activity: input.activity.trim(),
          kind: input.kind,
          by: actor.personId,
          at: now,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, MANAGE, registry),
          action: 'volunteers.hours.record',
          target: { type: 'person', id: personId },
          after: { activityId: id, date: input.date, hours: input.hours, activity: input.activity.trim(), kind: input.kind },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return {
          id,
          date: input.date,
          hours: input.hours,
          activity: input.activity.trim(),
          kind: input.kind,
          recordedAt: now.toISOString(),
        };
      });
    },
  };
}

export type VolunteersModule = ReturnType<typeof createVolunteersModule>;
