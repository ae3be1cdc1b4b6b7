/**
 * Report rewards (举报奖励): the penalty decision on a reported hazard, the reward the published rule gives the
 * first valid reporter, its approval (not by the proposer) and the record of payment (not by the approver), the
 * reporter's view by tracking token, and the yearly disclosure figures.
 * `createRewardsModule({ db, clock, registry, audit, access, directory, reports })`.
 */
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { DirectoryModule } from '../directory/index.js';
import type { ReportsRewardsPort } from '../reports/index.js';
import { rewardsErrors } from './rewards.errors.js';
import * as repo from './rewards.repository.js';
import {
  CASE_ACTION_RULES,
  type CaseAction,
  type CaseStatus,
  dutyConflict,
  firstValidReport,
  formatFen,
  HOW_TO_CLAIM,
  type NewRuleInput,
  nextCaseStatus,
  type PaymentMethod,
  PUBLIC_REWARD_TEXT,
  type PublicRewardState,
  rewardFor,
  ruleInForce,
  rulePublishProblems,
} from './rewards.rules.js';
import type { RewardsTables } from './rewards.tables.js';

export interface RewardsDeps {
  db: Kysely<RewardsTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<DirectoryModule, 'areasGeoJson' | 'personsByIds'>;
  reports: ReportsRewardsPort;
}

export interface ProposeInput {
  reportId: string;
  decisionNumber: string;
  decidedAt: string;
  fineFen: number;
  majorHazard: boolean;
  note?: string | undefined;
}

export type ActInput =
  | { action: 'approve'; note?: string | undefined }
  | { action: 'reject'; note: string }
  | { action: 'pay'; paidAt: string; method: PaymentMethod; reference?: string | undefined; amountFen: number };

const UUID = /^[0-9a-f-]{36}$/i;
const money = (fen: number | string) => ({ fen: Number(fen), text: formatFen(Number(fen)) });
const maybeMoney = (fen: number | string | null) => (fen === null ? null : money(fen));

export function createRewardsModule(deps: RewardsDeps) {
  const { db, clock, registry, audit, access, directory, reports } = deps;

  const covers = (actor: Actor, permission: string, areaPath: readonly string[]) =>
    actor.kind === 'person' &&
    actor.permissions.has(permission) &&
    access.scope(actor, permission).areaIds.some((a) => areaPath.includes(a));

  const visibleCase = async (actor: Actor, id: string, trx: repo.Db = db, forUpdate = false) => {
    if (!UUID.test(id)) throw rewardsErrors.notFound();
    const row = await repo.findCase(trx, id, forUpdate);
    if (!row || !covers(actor, 'rewards.case.read', row.area_path)) throw rewardsErrors.notFound();
    return row;
  };

  /** Whether the actor may take the step now: permission over the area, the table, and separation of duties. */
  const may = (actor: Actor, row: repo.CaseRow, action: CaseAction) =>
    actor.kind === 'person' &&
    covers(actor, CASE_ACTION_RULES[action].permission, row.area_path) &&
    nextCaseStatus(row.status, action) !== null &&
    dutyConflict(action, { proposedBy: row.proposed_by, reviewedBy: row.reviewed_by }, actor.personId) === null;

  async function areaNames() {
    const areas = await directory.areasGeoJson();
    return new Map(areas.features.map((f) => [f.id, { 'zh-CN': f.properties.name, en: f.properties.nameEn ?? f.properties.name }]));
  }

  async function rulesByVersion() {
    return new Map((await repo.listRules(db)).map((r) => [r.version, r]));
  }

  function summaryItem(row: repo.CaseRow, names: Map<string, { 'zh-CN': string; en: string }>) {
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      areaId: row.area_id,
      areaName: names.get(row.area_id) ?? null,
      decisionNumber: row.decision_number,
      decidedAt: row.decided_at.toISOString(),
      fine: money(row.fine_fen),
      majorHazard: row.major_hazard,
      reward: money(row.approved_fen ?? row.computed_fen),
      proposedAt: row.proposed_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async function detail(actor: Actor, row: repo.CaseRow) {
    const [names, rules, report, people] = await Promise.all([
      areaNames(),
      rulesByVersion(),
      reports.byId(row.report_id),
      directory.personsByIds([row.proposed_by, row.reviewed_by, row.paid_by].filter((p): p is string => p !== null)),
    ]);
    const rule = rules.get(row.rule_version);
    const who = (id: string | null) => (id ? { id, name: people.find((p) => p.id === id)?.name ?? '' } : null);
    return {
      ...summaryItem(row, names),
      hazardId: row.hazard_id,
      filedReportId: row.filed_report_id,
      /** The rewarded report: the first valid report of the hazard (its code, never the reporter). */
      report: { id: row.report_id, code: report?.code ?? '', named: report?.named ?? false },
      note: row.note,
      rule: rule
        ? {
            version: rule.version,
            effectiveFrom: rule.effectiveFrom,
            rateBasisPoints: rule.rateBasisPoints,
            min: money(rule.minFen),
            max: money(rule.maxFen),
            citation: rule.citation,
          }
        : null,
      computed: money(row.computed_fen),
      basis: row.basis,
      approved: maybeMoney(row.approved_fen),
      proposedBy: who(row.proposed_by),
      reviewedBy: who(row.reviewed_by),
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
      reviewNote: row.review_note,
      payment:
        row.status === 'paid' && row.paid_at && row.pay_method
          ? {
              paidAt: row.paid_at.toISOString(),
              method: row.pay_method,
              reference: row.pay_reference,
              amount: maybeMoney(row.paid_fen),
              recordedBy: who(row.paid_by),
              recordedAt: row.paid_recorded_at?.toISOString() ?? null,
            }
          : null,
      abilities: { approve: may(actor, row, 'approve'), reject: may(actor, row, 'reject'), pay: may(actor, row, 'pay') },
    };
  }

  /** The published rule versions, newest first, with the one in force today. */
  async function rules(actor: Actor) {
    const all = await repo.listRules(db);
    const inForce = ruleInForce(all, clock.now());
    return {
      items: all.map((r) => ({
        version: r.version,
        effectiveFrom: r.effectiveFrom,
        rateBasisPoints: r.rateBasisPoints,
        min: money(r.minFen),
        max: money(r.maxFen),
        majorOnly: r.majorOnly,
        citation: r.citation,
        publishedAt: r.publishedAt.toISOString(),
        inForce: r.version === inForce?.version,
      })),
      abilities: { publish: actor.kind === 'person' && actor.permissions.has('rewards.rule.publish') },
    };
  }

  return {
    /**
     * Records the penalty decision on a report turned into a hazard and proposes the reward the rule in force on
     * the decision date gives. The reward goes to the first valid report of the hazard, whichever report it is filed on.
     */
    async propose(ctx: RequestContext, input: ProposeInput) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw rewardsErrors.forbidden('rewards.case.propose');
      const now = clock.now();
      const report = await reports.byId(input.reportId);
      if (!report || !covers(actor, 'rewards.case.propose', report.areaPath)) throw rewardsErrors.notFound();
      if (report.status !== 'hazard' || !report.hazardId) throw rewardsErrors.notEligible(report.status);
      const hazardId = report.hazardId;
      const decidedAt = new Date(input.decidedAt);
      const problems = [];
      if (decidedAt.getTime() > now.getTime()) problems.push(rewardsErrors.field('decidedAt', 'must not be in the future'));
      if (input.fineFen === 0)
        problems.push(rewardsErrors.field('fineFen', 'a reward is a share of the fine: record a decision that imposes a fine'));
      if (problems.length) throw rewardsErrors.invalid(problems);
      const rule = ruleInForce(await repo.listRules(db), decidedAt);
      if (!rule) throw rewardsErrors.noRule();
      if (rule.majorOnly && !input.majorHazard)
        throw rewardsErrors.invalid([
          rewardsErrors.field(
            'majorHazard',
            `the rule in force (version ${rule.version}) rewards only major hazards and illegal production`,
          ),
        ]);
      const first = firstValidReport(await reports.ofHazard(hazardId)) ?? report;
      const amount = rewardFor(input.fineFen, rule);
      const created = await db.transaction().execute(async (trx) => {
        // One live case per hazard: filings for the same hazard take turns (the unique index is the last word).
        await sql`select pg_advisory_xact_lock(hashtext(${`rewards:hazard:${hazardId}`}))`.execute(trx);
        const existing = await repo.liveCaseOfHazard(trx, hazardId);
        if (existing) throw rewardsErrors.caseExists(existing.id);
        const row = await repo.insertCase(trx, {
          hazardId,
          filedReportId: report.id,
          reportId: first.id,
          areaId: report.areaId,
          areaPath: report.areaPath,
          decisionNumber: input.decisionNumber.trim(),
          decidedAt,
          fineFen: input.fineFen,
          majorHazard: input.majorHazard,
          note: input.note?.trim() || null,
          ruleVersion: rule.version,
          computedFen: amount.amountFen,
          basis: amount.basis,
          proposedBy: actor.personId,
          proposedAt: now,
        });
        // The trail names the reports by id, never the reporter.
        await audit.record(trx, {
          actor: auditActorOf(actor, 'rewards.case.propose', registry),
          action: 'rewards.case.propose',
          target: { type: 'reward_case', id: row.id },
          after: {
            code: row.code,
            hazardId,
            reportId: first.id,
            filedReportId: report.id,
            decisionNumber: input.decisionNumber.trim(),
            decidedAt: decidedAt.toISOString(),
            fineFen: input.fineFen,
            majorHazard: input.majorHazard,
            ruleVersion: rule.version,
            computedFen: amount.amountFen,
            basis: amount.basis,
            status: 'proposed',
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return row;
      });
      return detail(actor, await visibleCase(actor, created.id));
    },

    /** Approve or reject (a head, not the proposer), or record the payment (not the approver). */
    async act(ctx: RequestContext, id: string, input: ActInput) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw rewardsErrors.forbidden(CASE_ACTION_RULES[input.action].permission);
      const now = clock.now();
      const permission = CASE_ACTION_RULES[input.action].permission;
      await db.transaction().execute(async (trx) => {
        const row = await visibleCase(actor, id, trx, true);
        if (!covers(actor, permission, row.area_path)) throw rewardsErrors.forbidden(permission);
        const to = nextCaseStatus(row.status, input.action);
        if (!to) throw rewardsErrors.notAllowed(input.action, row.status);
        const conflict = dutyConflict(input.action, { proposedBy: row.proposed_by, reviewedBy: row.reviewed_by }, actor.personId);
        if (conflict) throw rewardsErrors.dutyConflict(conflict, permission);
        const patch: Parameters<typeof repo.updateCase>[2] = { status: to, updated_at: now };
        const after: Record<string, unknown> = { status: to };
        switch (input.action) {
          case 'approve':
          case 'reject':
            patch.reviewed_by = actor.personId;
            patch.reviewed_at = now;
            patch.review_note = input.note?.trim() || null;
            if (input.action === 'approve') {
              patch.approved_fen = Number(row.computed_fen);
              after.approvedFen = Number(row.computed_fen);
            }
            if (patch.review_note) after.note = patch.review_note;
            break;
          case 'pay': {
            const paidAt = new Date(input.paidAt);
            const approved = Number(row.approved_fen);
            const problems = [];
            if (paidAt.getTime() > now.getTime()) problems.push(rewardsErrors.field('paidAt', 'must not be in the future'));
            else if (row.reviewed_at && paidAt.getTime() < row.reviewed_at.getTime())
              problems.push(rewardsErrors.field('paidAt', 'must not be before the approval'));
            if (input.amountFen !== approved)
              problems.push(rewardsErrors.field('amountFen', `must equal the approved amount, ${approved} fen (${formatFen(approved)})`));
            if (problems.length) throw rewardsErrors.invalid(problems);
            patch.paid_by = actor.personId;
            patch.paid_at = paidAt;
            patch.paid_recorded_at = now;
            patch.pay_method = input.method;
            patch.pay_reference = input.reference?.trim() || null;
            patch.paid_fen = input.amountFen;
            Object.assign(after, {
              paidAt: paidAt.toISOString(),
              method: input.method,
              reference: patch.pay_reference,
              paidFen: input.amountFen,
            });
            break;
          }
        }
        await repo.updateCase(trx, row.id, patch);
        await audit.record(trx, {
          actor: auditActorOf(actor, permission, registry),
          action: `rewards.case.${input.action}`,
          target: { type: 'reward_case', id: row.id },
          before: { status: row.status },
          after,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, await visibleCase(actor, id));
    },

    async list(actor: Actor, f: repo.CaseFilters) {
      const areaIds = access.scope(actor, 'rewards.case.read').areaIds;
      if (areaIds.length === 0) return { items: [], total: 0 };
      const [{ rows, total }, names] = await Promise.all([repo.listCases(db, areaIds, f), areaNames()]);
      return { items: rows.map((r) => summaryItem(r, names)), total };
    },

    async get(actor: Actor, id: string) {
      return detail(actor, await visibleCase(actor, id));
    },

    /** Whether the actor may read the case's history (the audit trail uses the same rule). */
    async canReadById(actor: Actor, id: string): Promise<boolean> {
      return visibleCase(actor, id).then(
        () => true,
        () => false,
      );
    },

    rules,

    /** Publishes a new version; earlier versions stay as they were, and cases keep the version they were computed by. */
    async publishRule(ctx: RequestContext, input: NewRuleInput) {
      const { actor } = ctx;
      if (actor.kind !== 'person' || !actor.permissions.has('rewards.rule.publish')) throw rewardsErrors.forbidden('rewards.rule.publish');
      await db.transaction().execute(async (trx) => {
        const [latest] = await repo.listRules(trx);
        const problems = rulePublishProblems(input, latest ?? null);
        if (problems.length) throw rewardsErrors.invalid(problems.map((p) => rewardsErrors.field(p.field, p.problem)));
        const rule = await repo.insertRule(trx, {
          ...input,
          citation: { 'zh-CN': input.citation['zh-CN'].trim(), en: input.citation.en.trim() },
          publishedAt: clock.now(),
          publishedBy: actor.personId,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, 'rewards.rule.publish', registry),
          action: 'rewards.rule.publish',
          target: { type: 'reward_rule', id: String(rule.version) },
          after: {
            version: rule.version,
            effectiveFrom: rule.effectiveFrom,
            rateBasisPoints: rule.rateBasisPoints,
            minFen: rule.minFen,
            maxFen: rule.maxFen,
            majorOnly: rule.majorOnly,
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return rules(actor);
    },

    /** What a reporter sees with their tracking token: whether there is a reward, how much once approved, how to claim. */
    async publicByToken(token: string) {
      const report = await reports.byToken(token);
      if (!report) throw rewardsErrors.notFound();
      const cases = report.hazardId ? await repo.casesOfHazard(db, report.hazardId) : [];
      const live = cases.find((c) => c.status !== 'rejected');
      let state: PublicRewardState = 'none';
      let amountFen: number | null = null;
      if (live && live.report_id !== report.id) state = 'earlier_report';
      else if (live) {
        const byStatus: Record<Exclude<CaseStatus, 'rejected'>, PublicRewardState> = {
          proposed: 'under_review',
          approved: 'approved',
          paid: 'paid',
        };
        state = byStatus[live.status as Exclude<CaseStatus, 'rejected'>];
        if (live.status !== 'proposed') amountFen = Number(live.paid_fen ?? live.approved_fen);
      } else if (cases.some((c) => c.report_id === report.id)) state = 'not_granted';
      return {
        state,
        text: PUBLIC_REWARD_TEXT[state],
        amount: maybeMoney(amountFen),
        howToClaim: state === 'approved' ? HOW_TO_CLAIM : null,
      };
    },

    /**
     * The disclosure figures: per CST year of the penalty decision and per area, the cases (not rejected), the
     * amount approved and the amount paid. Aggregates only: no reporter, no report and no case is named.
     */
    async summary(year: number | undefined) {
      const [rows, names, rules] = await Promise.all([repo.summary(db, year), areaNames(), repo.listRules(db)]);
      const rule = ruleInForce(rules, clock.now());
      const years = new Map<number, typeof rows>();
      for (const r of rows) years.set(r.year, [...(years.get(r.year) ?? []), r]);
      const sum = (xs: typeof rows, k: 'cases' | 'approvedFen' | 'paidFen') => xs.reduce((s, x) => s + x[k], 0);
      return {
        rule: rule
          ? {
              version: rule.version,
              effectiveFrom: rule.effectiveFrom,
              rateBasisPoints: rule.rateBasisPoints,
              min: money(rule.minFen),
              max: money(rule.maxFen),
              citation: rule.citation,
            }
          : null,
        years: [...years.entries()].map(([y, xs]) => ({
          year: y,
          cases: sum(xs, 'cases'),
          approved: money(sum(xs, 'approvedFen')),
          paid: money(sum(xs, 'paidFen')),
          areas: xs.map((x) => ({
            areaId: x.areaId,
            areaName: names.get(x.areaId) ?? null,
            cases: x.cases,
            approved: money(x.approvedFen),
            paid: money(x.paidFen),
          })),
        })),
      };
    },
  };
}

export type RewardsModule = ReturnType<typeof createRewardsModule>;
