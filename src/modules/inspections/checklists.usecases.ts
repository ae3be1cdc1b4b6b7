import { randomBytes } from 'node:crypto';
import type { Actor, PersonActor, RequestContext } from '../access/index.js';
import * as repo from './checklists.repository.js';
import { type ChecklistContent, type ChecklistScope, contentProblems, items } from './checklists.rules.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import { CHECKLIST_AUTHOR, CHECKLIST_READ } from './inspections.permissions.js';
import { fromXlsform, toXlsform } from './xlsform.js';

const ROLE_SCOPE: Record<string, Exclude<ChecklistScope, 'library'>> = {
  regulator_officer: 'regulator',
  regulator_head: 'regulator',
  provider_manager: 'provider',
  enterprise_principal: 'enterprise',
  enterprise_safety_manager: 'enterprise',
};

export function createChecklistsUseCases(kernel: Kernel) {
  const { db, clock, audit } = kernel.deps;
  const { person, auditActor } = kernel;

  /** Where the actor may author: one entry per organisation, with the scope its templates get. */
  function authorships(actor: PersonActor) {
    if (!actor.permissions.has(CHECKLIST_AUTHOR)) return [];
    const out = new Map<string, { organisationId: string; scope: Exclude<ChecklistScope, 'library'>; areaId: string | null }>();
    for (const g of actor.grants) {
      const scope = ROLE_SCOPE[g.role];
      if (scope && !out.has(g.organisationId)) out.set(g.organisationId, { organisationId: g.organisationId, scope, areaId: g.areaId });
    }
    return [...out.values()];
  }

  function authorship(actor: PersonActor, organisationId: string | undefined) {
    const all = authorships(actor);
    const chosen = organisationId ? all.find((a) => a.organisationId === organisationId) : all[0];
    if (!chosen)
      throw organisationId
        ? inspectionsErrors.invalid([bodyField('organisationId', 'you hold no role there that may author checklists')])
        : inspectionsErrors.forbidden('Your mandate does not include authoring checklists.');
    return chosen;
  }

  const readableBy = (actor: PersonActor, c: repo.ChecklistRow) =>
    actor.permissions.has(CHECKLIST_READ) &&
    (c.scope === 'library' || c.scope === 'regulator' || actor.grants.some((g) => g.organisationId === c.owner_organisation_id));

  const mayEdit = (actor: PersonActor, c: repo.ChecklistRow) =>
    c.owner_organisation_id !== null && authorships(actor).some((a) => a.organisationId === c.owner_organisation_id);

  async function readable(actor: PersonActor, id: string): Promise<repo.ChecklistRow> {
    const c = await repo.findChecklist(db, id);
    if (!c || !readableBy(actor, c)) throw inspectionsErrors.notFound('checklist');
    return c;
  }

  async function view(actor: PersonActor, c: repo.ChecklistRow, v: repo.VersionRow) {
    const [owner] = c.owner_organisation_id ? await kernel.deps.directory.organisationsByIds([c.owner_organisation_id]) : [];
    const all = items(v.content);
    const edit = mayEdit(actor, c);
    return {
      id: c.id,
      key: c.key,
      scope: c.scope,
      owner: owner ? { id: owner.id, name: owner.name } : null,
      title: v.content.title,
      version: v.version,
      itemCount: all.length,
      majorItemCount: all.filter((i) => i.major).length,
      publishedAt: v.published_at.toISOString(),
      archived: c.archived_at !== null,
      abilities: {
        edit: edit && c.archived_at === null,
        archive: edit && c.archived_at === null,
        copy: authorships(actor).length > 0,
        use: c.archived_at === null,
      },
    };
  }

  async function detail(actor: PersonActor, c: repo.ChecklistRow, version?: number) {
    const v = await repo.findVersion(db, c.id, version ?? c.current_version);
    if (!v) throw inspectionsErrors.notFound('checklist version');
    const [summary, versions] = await Promise.all([view(actor, c, v), repo.versionList(db, c.id)]);
    const publishers = new Map(
      (await kernel.deps.directory.personsByIds(versions.map((x) => x.published_by).filter((x): x is string => x !== null))).map((p) => [
        p.id,
        p.name,
      ]),
    );
    return {
      ...summary,
      content: v.content,
      versions: versions.map((x) => ({
        version: x.version,
        publishedAt: x.published_at.toISOString(),
        publishedBy: x.published_by ? (publishers.get(x.published_by) ?? null) : null,
      })),
    };
  }

  function assertContent(content: ChecklistContent) {
    const problems = contentProblems(content);
    if (problems.length) throw inspectionsErrors.checklistInvalid(problems.map((p) => bodyField(p.field, p.detail)));
  }

  async function createFrom(ctx: RequestContext, content: ChecklistContent, organisationId: string | undefined, action: string) {
    const actor = person(ctx.actor);
    const who = authorship(actor, organisationId);
    assertContent(content);
    const now = clock.now();
    const id = await db.transaction().execute(async (trx) => {
      const created = await repo.insertChecklist(trx, {
        key: `cl-${randomBytes(5).toString('hex')}`,
        scope: who.scope,
        ownerOrganisationId: who.organisationId,
        areaId: who.scope === 'regulator' ? who.areaId : null,
        content,
        by: actor.personId,
        at: now,
      });
      await audit.record(trx, {
        actor: auditActor(actor, CHECKLIST_AUTHOR),
        action,
        target: { type: 'checklist', id: created },
        after: { version: 1, scope: who.scope, ownerOrganisationId: who.organisationId, content },
        requestId: ctx.requestId,
        address: ctx.address,
      });
      return created;
    });
    return detail(actor, (await repo.findChecklist(db, id)) as repo.ChecklistRow);
  }

  async function publishVersion(ctx: RequestContext, id: string, content: ChecklistContent, action: string) {
    const actor = person(ctx.actor);
    await readable(actor, id);
    assertContent(content);
    await db.transaction().execute(async (trx) => {
      const c = await repo.findChecklist(trx, id, true);
      if (!c) throw inspectionsErrors.notFound('checklist');
      if (!mayEdit(actor, c))
        throw inspectionsErrors.forbidden('Only the organisation that owns a checklist may publish a new version of it.');
      if (c.archived_at) throw inspectionsErrors.checklistArchived();
      const current = await repo.findVersion(trx, id, c.current_version);
      if (current?.content_hash === repo.contentHash(content)) return;
      await repo.insertVersion(trx, id, c.current_version + 1, content, actor.personId, clock.now());
      await audit.record(trx, {
        actor: auditActor(actor, CHECKLIST_AUTHOR),
        action,
        target: { type: 'checklist', id },
        before: { version: c.current_version },
        after: { version: c.current_version + 1, content },
        requestId: ctx.requestId,
        address: ctx.address,
      });
    });
    return detail(actor, (await repo.findChecklist(db, id)) as repo.ChecklistRow);
  }

  async function readXlsform(bytes: Uint8Array): Promise<ChecklistContent> {
    const result = await fromXlsform(bytes);
    if (!result) throw inspectionsErrors.xlsformFormat();
    if (!result.ok) throw inspectionsErrors.xlsformInvalid(result.problems);
    return result.content;
  }

  return {
    authorScopes: (actor: PersonActor) => [...new Set(authorships(actor).map((a) => a.scope))],

    async list(actor: Actor, filters: { scope?: ChecklistScope | undefined; q?: string | undefined; includeArchived: boolean }) {
      const p = person(actor);
      const rows = await repo.listReadable(db, [...new Set(p.grants.map((g) => g.organisationId))], filters);
      const q = filters.q?.toLowerCase();
      const out = [];
      for (const r of rows) {
        if (q && !r.content.title.toLowerCase().includes(q)) continue;
        out.push(
          await view(p, r, {
            id: '',
            checklist_id: r.id,
            version: r.current_version,
            content: r.content,
            content_hash: '',
            published_by: null,
            published_at: r.published_at,
          }),
        );
      }
      return { items: out };
    },

    get: async (actor: Actor, id: string, version?: number) => detail(person(actor), await readable(person(actor), id), version),

    create: (ctx: RequestContext, input: ChecklistContent & { organisationId?: string | undefined }) => {
      const { organisationId, ...content } = input;
      return createFrom(ctx, content, organisationId, 'inspections.checklist.create');
    },

    publish: (ctx: RequestContext, id: string, content: ChecklistContent) =>
      publishVersion(ctx, id, content, 'inspections.checklist.publish'),

    async copy(ctx: RequestContext, id: string, input: { title?: string | undefined; organisationId?: string | undefined }) {
      const actor = person(ctx.actor);
      const c = await readable(actor, id);
      const v = await repo.findVersion(db, id, c.current_version);
      if (!v) throw inspectionsErrors.notFound('checklist');
      return createFrom(ctx, { ...v.content, title: input.title ?? v.content.title }, input.organisationId, 'inspections.checklist.copy');
    },

    async archive(ctx: RequestContext, id: string) {
      const actor = person(ctx.actor);
      await readable(actor, id);
      await db.transaction().execute(async (trx) => {
        const c = await repo.findChecklist(trx, id, true);
        if (!c || !mayEdit(actor, c)) throw inspectionsErrors.forbidden('Only the organisation that owns a checklist may archive it.');
        if (c.archived_at) return;
        await repo.setArchived(trx, id, clock.now());
        await audit.record(trx, {
          actor: auditActor(actor, CHECKLIST_AUTHOR),
          action: 'inspections.checklist.archive',
          target: { type: 'checklist', id },
          before: { archived: false },
          after: { archived: true },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, (await repo.findChecklist(db, id)) as repo.ChecklistRow);
    },

    async exportXlsform(actor: Actor, id: string, version?: number) {
      const p = person(actor);
      const c = await readable(p, id);
      const v = await repo.findVersion(db, id, version ?? c.current_version);
      if (!v) throw inspectionsErrors.notFound('checklist version');
      return { bytes: await toXlsform(v.content, { formId: c.key, version: v.version }), fileName: `${c.key}-v${v.version}.xlsx` };
    },

    importNew: async (ctx: RequestContext, bytes: Uint8Array, organisationId: string | undefined) =>
      createFrom(ctx, await readXlsform(bytes), organisationId, 'inspections.checklist.import'),

    importVersion: async (ctx: RequestContext, id: string, bytes: Uint8Array) => {
      await readable(person(ctx.actor), id);
      return publishVersion(ctx, id, await readXlsform(bytes), 'inspections.checklist.import');
    },

    /** The current version of a checklist the actor may use for a new inspection. */
    async usableVersion(actor: PersonActor, checklistId: string, field = 'checklistId') {
      const c = await repo.findChecklist(db, checklistId);
      if (!c || !readableBy(actor, c)) throw inspectionsErrors.invalid([bodyField(field, 'no such checklist that you may use')]);
      if (c.archived_at) throw inspectionsErrors.checklistArchived();
      const v = await repo.findVersion(db, c.id, c.current_version);
      if (!v) throw inspectionsErrors.invalid([bodyField(field, 'the checklist has no version')]);
      return v;
    },
  };
}

export type ChecklistsUseCases = ReturnType<typeof createChecklistsUseCases>;
