/**
 * What the inspections use cases share: their dependencies, who may see and
 * do what with an inspection (read against the mandate on every request),
 * and the views the API returns.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { httpErrors, type InvalidField } from '../../platform/http/index.js';
import type { FileStore } from '../../platform/storage/index.js';
import { type Actor, auditActorOf, type Mandate, type PermissionRegistry, type PersonActor } from '../access/index.js';
import type { AuditActor, AuditModule } from '../audit/index.js';
import type { HazardsModule } from '../hazards/index.js';
import * as checklists from './checklists.repository.js';
import { type AnswerValue, type ChecklistContent, outcomes, score } from './checklists.rules.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import {
  type Coverage,
  createMandateChecks,
  type Enterprise,
  type InspectionsAccess,
  type InspectionsDirectory,
  mandateOfActor,
} from './inspections.mandate.js';
import { ASSIGN, CONDUCT, PLAN, READ } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import { isOverdue, type Kind, type Manner, mayAnswer, next, type Status } from './inspections.rules.js';
import type { InspectionsTables } from './inspections.tables.js';

export interface InspectionsDeps {
  db: Kysely<InspectionsTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: InspectionsAccess;
  directory: InspectionsDirectory;
  files: FileStore;
  hazards: Pick<HazardsModule, 'registerFindings'>;
}

type Row = repo.InspectionRow;
const REGULATOR_ROLES = new Set(['regulator_officer', 'regulator_head']);
const ORGANISATION_ROLES = new Set(['regulator_officer', 'regulator_head', 'provider_inspector', 'provider_manager', 'group_lead']);
const ENTERPRISE_ROLES = new Set(['enterprise_principal', 'enterprise_safety_manager']);

export const url = {
  photo: (id: string, photoId: string) => `/api/v1/inspections/${id}/photos/${photoId}`,
  signature: (id: string, party: string) => `/api/v1/inspections/${id}/signatures/${party}`,
  report: (id: string) => `/api/v1/inspections/${id}/report`,
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function createKernel(deps: InspectionsDeps) {
  const { db, clock, registry, access, directory } = deps;
  const checks = createMandateChecks({ registry, directory });

  function person(actor: Actor): PersonActor {
    if (actor.kind !== 'person') throw httpErrors.unauthenticated();
    return actor;
  }

  const mandate = (actor: PersonActor): Mandate => mandateOfActor(access, actor);

  const auditActor = (actor: Actor, permission: string | null, row?: { kind: Kind; entrustment_id: string | null }): AuditActor => {
    const a = auditActorOf(actor, permission, registry);
    return a.kind === 'person' && row?.kind === 'third_party' ? { ...a, entrustmentId: row.entrustment_id } : a;
  };

  /** Organisations whose grants carry a permission for the actor. */
  const organisationsWith = (actor: PersonActor, permission: string) => checks.organisationsFor(mandate(actor), permission);

  /** What the actor may see in lists (SQL filter). Regulators see their areas; others their own organisations' work. */
  async function visibility(actor: PersonActor): Promise<repo.Visibility> {
    if (!actor.permissions.has(READ)) return { personId: actor.personId, organisationIds: [], enterpriseIds: [], areaIds: [] };
    const regulatorRoots = actor.grants.filter((g) => REGULATOR_ROLES.has(g.role) && g.areaId).map((g) => g.areaId as string);
    return {
      personId: actor.personId,
      organisationIds: [...new Set(actor.grants.filter((g) => ORGANISATION_ROLES.has(g.role)).map((g) => g.organisationId))],
      enterpriseIds: [...new Set(actor.grants.filter((g) => ENTERPRISE_ROLES.has(g.role)).map((g) => g.organisationId))],
      areaIds: regulatorRoots.length ? await areaSubtree(regulatorRoots) : [],
    };
  }

  let subtreeCache: { at: number; children: Map<string, string[]> } | undefined;
  async function areaSubtree(roots: readonly string[]): Promise<string[]> {
    if (!subtreeCache || Date.now() - subtreeCache.at > 60_000) {
      const children = new Map<string, string[]>();
      for (const f of (await directory.areasGeoJson()).features) {
        const parent = f.properties.parentId;
        if (parent) children.set(parent, [...(children.get(parent) ?? []), f.properties.id]);
      }
      subtreeCache = { at: Date.now(), children };
    }
    const out = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop() as string;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(subtreeCache.children.get(id) ?? []));
    }
    return [...out];
  }

  async function canSee(actor: PersonActor, row: Row, inspectorIds: readonly string[]): Promise<boolean> {
    if (!actor.permissions.has(READ)) return false;
    if (inspectorIds.includes(actor.personId) || row.created_by === actor.personId) return true;
    const grants = actor.grants;
    if (grants.some((g) => ORGANISATION_ROLES.has(g.role) && g.organisationId === row.organisation_id)) return true;
    if (grants.some((g) => ENTERPRISE_ROLES.has(g.role) && g.organisationId === row.enterprise_id))
      return !(row.manner === 'unannounced' && row.status === 'planned');
    const roots = grants.filter((g) => REGULATOR_ROLES.has(g.role) && g.areaId).map((g) => g.areaId as string);
    if (roots.length === 0) return false;
    return (await checks.areaPath(row.area_id)).some((a) => roots.includes(a));
  }

  /** The actor may carry out the inspection: assigned (or the enterprise itself for a self-check) and within the mandate now. */
  async function mayConduct(actor: PersonActor, row: Row, inspectorIds: readonly string[], target?: Enterprise): Promise<boolean> {
    if (row.status === 'completed' || row.status === 'cancelled') return false;
    if (!actor.permissions.has(CONDUCT[row.kind])) return false;
    const assigned = inspectorIds.includes(actor.personId);
    if (!assigned && row.kind !== 'self_check') return false;
    const enterprise = target ?? (await checks.enterprise(row.enterprise_id));
    if (!enterprise) return false;
    if (await checks.coverage(mandate(actor), row.kind, enterprise, { groupId: row.group_id })) return true;
    return row.manner === 'cross_area' && row.kind === 'enforcement' && assigned;
  }

  /** The actor manages the inspecting organisation's work (assign, cancel). */
  const mayManage = (actor: PersonActor, row: Row) =>
    [ASSIGN, PLAN].some((p) => actor.permissions.has(p) && organisationsWith(actor, p).includes(row.organisation_id));

  async function authorisedRow(actor: PersonActor, id: string): Promise<{ row: Row; inspectorIds: string[] }> {
    const row = await repo.findInspection(db, id);
    if (!row) throw inspectionsErrors.notFound();
    const inspectorIds = (await repo.inspectorsOf(db, [id])).map((i) => i.person_id);
    if (!(await canSee(actor, row, inspectorIds))) throw inspectionsErrors.notFound();
    return { row, inspectorIds };
  }

  /** Refuses unless the actor may carry out the inspection. */
  async function conducting(actor: PersonActor, id: string) {
    const found = await authorisedRow(actor, id);
    if (!(await mayConduct(actor, found.row, found.inspectorIds)))
      throw inspectionsErrors.forbidden('Only an inspector assigned to it, within their mandate, may carry out this inspection.');
    return found;
  }

  /** Refuses with 409 unless the event is allowed now. */
  function assertEvent(row: Row, event: Parameters<typeof next>[2]): Status {
    const to = next(row.status, row.mode, event);
    if (!to) throw inspectionsErrors.transitionNotAllowed(event, row.status, row.mode);
    return to;
  }

  /**
   * Checks that each person may be assigned an inspection of this kind of these
   * enterprises: their own mandate must cover every one (cross-area enforcement:
   * they hold the permission somewhere). Answers their organisations, or the problems.
   */
  async function checkAssignees(
    kind: Kind,
    manner: Manner,
    targets: readonly Enterprise[],
    personIds: readonly string[],
    field = 'inspectorIds',
  ): Promise<{ people: { personId: string; organisationId: string }[]; problems: InvalidField[] }> {
    const people: { personId: string; organisationId: string }[] = [];
    const problems: InvalidField[] = [];
    const unique = [...new Set(personIds)];
    for (const [i, personId] of unique.entries()) {
      const m = await deps.access.mandateOf(personId);
      let coverage: Coverage | null = null;
      let refused: string | null = null;
      for (const t of targets) {
        const c = await checks.coverage(m, kind, t);
        const crossArea = manner === 'cross_area' && kind === 'enforcement' && m.permissions.has(CONDUCT.enforcement);
        if (!c && !crossArea) {
          refused = `${t.name} is outside this person’s mandate for a ${kind.replaceAll('_', ' ')} inspection`;
          break;
        }
        coverage ??= c;
      }
      if (refused) problems.push(bodyField(`${field}.${i}`, refused));
      else {
        const organisationId = coverage?.organisationId ?? checks.organisationFor(m, CONDUCT[kind]);
        if (organisationId) people.push({ personId, organisationId });
        else problems.push(bodyField(`${field}.${i}`, 'holds no role that carries out this kind of inspection'));
      }
    }
    return { people, problems };
  }

  async function contentOf(versionIds: readonly string[]) {
    return checklists.versionsByIds(db, versionIds);
  }

  const answerValue = (a: {
    verdict: AnswerValue['verdict'];
    number: number | null;
    choice: string | null;
    text: string | null;
  }): AnswerValue => ({
    verdict: a.verdict,
    number: a.number,
    choice: a.choice,
    text: a.text,
  });

  function scoreOf(content: ChecklistContent, answers: readonly (AnswerValue & { item_key: string })[], photoItems: ReadonlySet<string>) {
    const s = score(outcomes(content, new Map(answers.map((a) => [a.item_key, answerValue(a)])), photoItems));
    return { value: s.value, passed: s.passed, failed: s.failed, na: s.na, unanswered: s.unanswered, majorFailed: s.majorFailed };
  }

  /** List views, with abilities. */
  async function summaries(actor: PersonActor, rows: readonly Row[]) {
    const now = clock.now();
    const ids = rows.map((r) => r.id);
    const [inspectors, versions, answers, orgs, photos] = await Promise.all([
      repo.inspectorsOf(db, ids),
      contentOf([...new Set(rows.map((r) => r.checklist_version_id))]),
      repo.answersOfMany(db, ids),
      directory.organisationsByIds([...new Set(rows.map((r) => r.enterprise_id))]),
      repo.photoItemsOfMany(db, ids),
    ]);
    const people = new Map((await directory.personsByIds([...new Set(inspectors.map((i) => i.person_id))])).map((p) => [p.id, p.name]));
    const inspectorOrgs = new Map(
      (await directory.organisationsByIds([...new Set(inspectors.map((i) => i.organisation_id))])).map((o) => [o.id, o.name]),
    );
    const enterprises = new Map(orgs.map((o) => [o.id, o]));
    const out = [];
    for (const row of rows) {
      const version = versions.get(row.checklist_version_id);
      const mine = inspectors.filter((i) => i.inspection_id === row.id);
      const inspectorIds = mine.map((i) => i.person_id);
      const o = enterprises.get(row.enterprise_id);
      const target: Enterprise | undefined = o && { id: o.id, name: o.name, creditCode: o.credit_code, areaId: o.area_id, kind: o.kind };
      const conduct = await mayConduct(actor, row, inspectorIds, target);
      const manage = mayManage(actor, row);
      const allowed = (e: Parameters<typeof next>[2]) => next(row.status, row.mode, e) !== null;
      const photoItems = new Set(photos.filter((p) => p.inspection_id === row.id && p.item_key).map((p) => p.item_key as string));
      out.push({
        id: row.id,
        code: row.code,
        title: row.title,
        kind: row.kind,
        mode: row.mode,
        manner: row.manner,
        status: row.status,
        overdue: isOverdue(row.status, row.due_at, now),
        enterprise: { id: row.enterprise_id, name: o?.name ?? '', creditCode: o?.credit_code ?? null },
        checklist: {
          id: version?.checklist_id ?? row.checklist_version_id,
          version: version?.version ?? 0,
          title: version?.content.title ?? '',
        },
        dueAt: iso(row.due_at),
        startedAt: iso(row.started_at),
        completedAt: iso(row.completed_at),
        inspectors: mine.map((i) => ({
          id: i.person_id,
          name: people.get(i.person_id) ?? '',
          organisation: { id: i.organisation_id, name: inspectorOrgs.get(i.organisation_id) ?? '' },
          lead: i.lead,
        })),
        planId: row.plan_id,
        packageId: row.package_id,
        packageStep: row.package_step,
        entrustmentId: row.entrustment_id,
        groupId: row.group_id,
        score: version
          ? scoreOf(
              version.content,
              answers.filter((a) => a.inspection_id === row.id),
              photoItems,
            )
          : { value: null, passed: 0, failed: 0, na: 0, unanswered: 0, majorFailed: 0 },
        abilities: {
          start: conduct && allowed('start'),
          answer: conduct && mayAnswer(row.status, row.mode),
          uploadPhoto: conduct && mayAnswer(row.status, row.mode),
          locate: conduct && row.status === 'in_progress',
          sign: conduct && row.status === 'in_progress' && row.mode === 'on_site',
          complete: conduct && allowed('complete'),
          cancel: (conduct || manage) && allowed('cancel'),
          assign: manage && (row.status === 'planned' || row.status === 'in_progress'),
          sendQuestionnaire: conduct && allowed('send_questionnaire') && row.status !== 'awaiting_review',
          review: conduct && row.mode === 'questionnaire' && row.status === 'awaiting_review',
          returnQuestionnaire: conduct && allowed('return_questionnaire'),
          downloadReport: row.status === 'completed',
        },
      });
    }
    return out;
  }

  return {
    deps,
    checks,
    person,
    mandate,
    auditActor,
    organisationsWith,
    visibility,
    canSee,
    mayConduct,
    mayManage,
    authorisedRow,
    conducting,
    assertEvent,
    checkAssignees,
    contentOf,
    answerValue,
    scoreOf,
    summaries,
  };
}

export type Kernel = ReturnType<typeof createKernel>;
