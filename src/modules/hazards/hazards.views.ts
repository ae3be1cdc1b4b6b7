/** Hazards as the API shows them: names looked up in batches, abilities and blockers from the pure rules. */
import type { Actor } from '../access/index.js';
import type { Core } from './hazards.core.js';
import type { HazardRow, ReferralRow } from './hazards.repository.js';
import * as repo from './hazards.repository.js';
import {
  DEFAULT_DEADLINE_POLICY,
  daysOverdue,
  isOpen,
  isOverdue,
  mayAttempt,
  productionTarget,
  storedBlockers,
  TRANSITION_NAMES,
  type TransitionName,
} from './hazards.rules.js';
import type { AbilityKey } from './hazards.schemas.js';
import type { EventActor } from './hazards.tables.js';

export interface Names {
  orgs: Map<string, { name: string; areaId: string | null; areaName: string | null; department?: string | null }>;
  people: Map<string, string>;
}

export async function lookupNames(
  core: Core,
  orgIds: Iterable<string | null>,
  personIds: Iterable<string | null>,
  withDepartments = true,
): Promise<Names> {
  const { directory } = core.deps;
  const o = [...new Set([...orgIds].filter((x): x is string => !!x))];
  const p = [...new Set([...personIds].filter((x): x is string => !!x))];
  const [orgs, people, regulators] = await Promise.all([
    directory.organisationsByIds(o),
    directory.personsByIds(p),
    o.length && withDepartments ? directory.regulators() : Promise.resolve([]),
  ]);
  const department = new Map(regulators.map((r) => [r.id, r.department]));
  return {
    orgs: new Map(
      orgs.map((x) => [x.id, { name: x.name, areaId: x.area_id, areaName: x.area_name, department: department.get(x.id) ?? null }]),
    ),
    people: new Map(people.map((x) => [x.id, x.name])),
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const person = (names: Names, id: string | null) => (id ? { id, name: names.people.get(id) ?? '' } : null);
const org = (names: Names, id: string | null) => (id ? { id, name: names.orgs.get(id)?.name ?? '' } : null);

export function abilities(core: Core, actor: Actor, row: HazardRow): Record<AbilityKey, boolean> {
  const f = core.facts(row);
  const a = core.actorFacts(actor, row);
  const may = (name: TransitionName) => mayAttempt(name, f, a);
  const covers = (permission: string) => core.covers(actor, permission, row);
  const open = isOpen(row.status);
  return {
    register: may('register'),
    assess: may('assess'),
    fixOnSpot: may('fix_on_spot'),
    orderRectification: row.grade === 'general' && may('start_treatment'),
    startTreatment: row.grade === 'major' && may('start_treatment'),
    editMajorPlan: row.grade === 'major' && (row.status === 'assessed' || row.status === 'treating') && covers('hazards.major.plan'),
    submit: may('submit'),
    accept: may('accept'),
    reject: may('reject'),
    close: may('close'),
    reopen: may('reopen'),
    dismiss: may('dismiss'),
    attachEvidence: open && actor.permissions.has('hazards.evidence.attach'),
    stopProduction: productionTarget('stop', row.production_status, row.status) !== null && covers('hazards.production.stop'),
    applyResumption: productionTarget('apply', row.production_status, row.status) !== null && covers('hazards.production.apply_resumption'),
    reviewResumption:
      productionTarget('approve', row.production_status, row.status) !== null && covers('hazards.production.review_resumption'),
    refer: open && covers('hazards.referral.create'),
  };
}

export function summary(core: Core, actor: Actor, row: HazardRow, names: Names, now: Date) {
  const enterprise = names.orgs.get(row.enterprise_id);
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    status: row.status,
    grade: row.grade,
    proposedGrade: row.proposed_grade,
    source: row.source,
    fixedOnSpot: row.fixed_on_spot,
    enterprise: { id: row.enterprise_id, name: enterprise?.name ?? '' },
    trade: row.trade,
    area: row.area_id ? { id: row.area_id, name: enterprise?.areaId === row.area_id ? (enterprise.areaName ?? '') : '' } : null,
    discoveredAt: row.discovered_at.toISOString(),
    deadline: iso(row.deadline),
    overdue: isOverdue(row.status, row.deadline, now),
    daysOverdue: daysOverdue(row.status, row.deadline, now),
    supervised: row.grade === 'major' && isOpen(row.status),
    productionStatus: row.production_status,
    updatedAt: row.updated_at.toISOString(),
    abilities: abilities(core, actor, row),
  };
}

export async function summaries(core: Core, actor: Actor, rows: HazardRow[], now: Date) {
  const names = await lookupNames(
    core,
    rows.map((r) => r.enterprise_id),
    [],
    false,
  );
  return rows.map((r) => summary(core, actor, r, names, now));
}

export function referralView(core: Core, actor: Actor, r: ReferralRow, names: Names) {
  const handles = core.ownOrganisations(actor, 'hazards.referral.handle').includes(r.to_organisation_id);
  const to = names.orgs.get(r.to_organisation_id);
  return {
    id: r.id,
    hazard: { id: r.hazard_id, code: r.code, title: r.title, enterpriseName: names.orgs.get(r.enterprise_id)?.name ?? '' },
    from: { id: r.from_organisation_id, name: names.orgs.get(r.from_organisation_id)?.name ?? '' },
    to: { id: r.to_organisation_id, name: to?.name ?? '', department: to?.department ?? null },
    reason: r.reason,
    referredAt: r.referred_at.toISOString(),
    referredBy: { id: r.referred_by, name: names.people.get(r.referred_by) ?? '' },
    status: r.status,
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: person(names, r.acknowledged_by),
    result: r.result as never,
    outcomeNote: r.outcome_note,
    outcomeAt: iso(r.outcome_at),
    outcomeBy: person(names, r.outcome_by),
    abilities: { acknowledge: handles && r.status === 'pending', recordOutcome: handles && r.status !== 'completed' },
  };
}

export const referralNames = (rows: ReferralRow[]) => ({
  orgs: rows.flatMap((r) => [r.from_organisation_id, r.to_organisation_id, r.enterprise_id]),
  people: rows.flatMap((r) => [r.referred_by, r.acknowledged_by, r.outcome_by]),
});

const TRANSITION_ABILITY: Record<TransitionName, AbilityKey[]> = {
  register: ['register'],
  assess: ['assess'],
  fix_on_spot: ['fixOnSpot'],
  start_treatment: ['orderRectification', 'startTreatment'],
  submit: ['submit'],
  accept: ['accept'],
  reject: ['reject'],
  close: ['close'],
  reopen: ['reopen'],
  dismiss: ['dismiss'],
};

export async function detail(core: Core, actor: Actor, row: HazardRow, now: Date) {
  const { db } = core.deps;
  const policy = core.deps.policy ?? DEFAULT_DEADLINE_POLICY;
  const [events, evidence, referrals] = await Promise.all([
    repo.eventsOf(db, row.id),
    repo.evidenceOf(db, row.id),
    repo.referralsOf(db, row.id),
  ]);
  const prod = row.production;
  const eventActors = events.map((e) => (e.actor.kind === 'person' ? e.actor.personId : null));
  const noticeOrgs = events.map((e) => (typeof e.data?.to === 'string' ? e.data.to : null));
  const rn = referralNames(referrals);
  const names = await lookupNames(
    core,
    [row.enterprise_id, row.reported_by_organisation, row.reported_to, row.supervised_by, ...noticeOrgs, ...rn.orgs],
    [
      row.reported_by,
      row.submitted_by,
      row.accepted_by,
      ...eventActors,
      ...evidence.map((e) => e.uploaded_by),
      ...rn.people,
      prod?.stoppedBy ?? null,
      prod?.decidedBy ?? null,
    ],
  );
  const base = summary(core, actor, row, names, now);
  const f = core.facts(row);
  const blockers: Record<string, string[]> = {};
  for (const t of TRANSITION_NAMES) {
    const missing = storedBlockers(t, f, now);
    if (missing.length === 0) continue;
    for (const key of TRANSITION_ABILITY[t]) if (base.abilities[key]) blockers[key] = missing;
  }
  const five = row.five_implementations;
  const plan = row.treatment_plan;
  const evidenceByEvent = new Map<string, string[]>();
  for (const e of evidence) if (e.event_id) evidenceByEvent.set(e.event_id, [...(evidenceByEvent.get(e.event_id) ?? []), e.id]);
  const actorView = (a: EventActor) =>
    a.kind === 'person'
      ? { personId: a.personId, name: names.people.get(a.personId) ?? '', organisationId: a.organisationId, role: a.role }
      : { system: a.name };
  return {
    ...base,
    description: row.description,
    legalBasis: row.legal_basis,
    criterion: row.criterion,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
    links: {
      inspectionId: row.inspection_id,
      checklistItemKey: row.checklist_item_key,
      riskPointId: row.risk_point_id,
      controlMeasureId: row.control_measure_id,
      entrustmentId: row.entrustment_id,
    },
    reportedBy: row.reported_by
      ? {
          personId: row.reported_by,
          name: names.people.get(row.reported_by) ?? '',
          organisationId: row.reported_by_organisation,
          organisationName: row.reported_by_organisation ? (names.orgs.get(row.reported_by_organisation)?.name ?? null) : null,
        }
      : null,
    rectification: {
      order:
        row.order_measures && row.deadline
          ? {
              measures: row.order_measures,
              responsiblePerson: { name: row.order_responsible_name ?? '', personId: row.order_responsible_person_id },
              deadline: row.deadline.toISOString(),
              funding: row.order_funding,
            }
          : null,
      submittedAt: iso(row.submitted_at),
      submittedBy: person(names, row.submitted_by),
      acceptedAt: iso(row.accepted_at),
      acceptedBy: person(names, row.accepted_by),
      acceptanceBasis: row.acceptance_basis,
      onTime: row.on_time,
    },
    major:
      row.grade === 'major' || row.proposed_grade === 'major'
        ? {
            fiveImplementations: {
              measures: five.measures ?? null,
              responsibility: five.responsibility
                ? {
                    organisation: five.responsibility.organisation ?? null,
                    personName: five.responsibility.personName,
                    personId: five.responsibility.personId ?? null,
                  }
                : null,
              funding: five.funding ?? null,
              deadline: five.deadline ?? null,
              contingencyPlan: five.contingencyPlan ?? null,
            },
            treatmentPlan: {
              goalsAndTasks: plan.goalsAndTasks ?? null,
              methodsAndMeasures: plan.methodsAndMeasures ?? null,
              fundsAndMaterials: plan.fundsAndMaterials ?? null,
              organisationAndPeople: plan.organisationAndPeople ?? null,
              timeLimitAndRequirements: plan.timeLimitAndRequirements ?? null,
              safetyMeasuresAndContingency: plan.safetyMeasuresAndContingency ?? null,
              interimMeasures: plan.interimMeasures ?? null,
            },
            report: row.reported_at
              ? {
                  reportedAt: row.reported_at.toISOString(),
                  reportedTo: org(names, row.reported_to),
                  content: row.major_report
                    ? {
                        currentState: row.major_report.currentState ?? null,
                        cause: row.major_report.cause ?? null,
                        harmAnalysis: row.major_report.harmAnalysis ?? null,
                        treatmentApproach: row.major_report.treatmentApproach ?? null,
                      }
                    : null,
                }
              : null,
            supervision:
              row.supervised_by && row.supervised_at
                ? { regulator: org(names, row.supervised_by) as { id: string; name: string }, listedAt: row.supervised_at.toISOString() }
                : null,
          }
        : null,
    production: prod
      ? {
          status: row.production_status,
          kind: prod.kind,
          reason: prod.reason,
          documentNumber: prod.documentNumber,
          stoppedAt: prod.stoppedAt,
          stoppedBy: person(names, prod.stoppedBy),
          appliedAt: prod.appliedAt,
          applicationNote: prod.applicationNote,
          reviewDueAt: prod.appliedAt
            ? new Date(Date.parse(prod.appliedAt) + policy.resumptionReviewDays * 86_400_000).toISOString()
            : null,
          decidedAt: prod.decidedAt,
          decidedBy: person(names, prod.decidedBy),
          decision: prod.decision,
          decisionNote: prod.decisionNote,
        }
      : null,
    notices: events
      .filter((e) => ['reminder', 'overdue', 'escalation', 'report_major'].includes(e.kind))
      .map((e) => ({
        kind: (e.kind === 'report_major' ? 'major_report' : e.kind) as 'reminder' | 'overdue' | 'escalation' | 'major_report',
        tier: typeof e.data?.tier === 'number' ? e.data.tier : 0,
        at: e.at.toISOString(),
        to: typeof e.data?.to === 'string' ? org(names, e.data.to) : null,
      })),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      from: e.from_status,
      to: e.to_status,
      at: e.at.toISOString(),
      actor: actorView(e.actor),
      note: e.note,
      data: e.data,
      evidenceIds: evidenceByEvent.get(e.id) ?? [],
    })),
    evidence: evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      name: e.name,
      mediaType: e.media_type,
      size: e.size,
      sha256: e.sha256,
      note: e.note,
      eventId: e.event_id,
      uploadedAt: e.uploaded_at.toISOString(),
      uploadedBy: person(names, e.uploaded_by),
      url: `/api/v1/hazards/${row.id}/evidence/${e.id}/content`,
    })),
    referrals: referrals.map((r) => referralView(core, actor, r, names)),
    blockers,
  };
}
