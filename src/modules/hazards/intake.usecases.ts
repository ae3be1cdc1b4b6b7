/**
 * How hazards come in: reported through the API by a person (discovered, and registered at once when the reporter
 * may register it), or handed over as findings by the inspections and risks modules inside their transaction.
 */
import type { Actor, RequestContext, Role } from '../access/index.js';
import type { InTransaction } from '../audit/index.js';
import type { Core, Db } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import type { HazardRow, NewHazard } from './hazards.repository.js';
import * as repo from './hazards.repository.js';
import type { HazardSource, Status } from './hazards.rules.js';
import type { EvidenceKind } from './hazards.tables.js';

/** A finding another module hands over (see /work/notes/hazards-contract.md). */
export interface Finding {
  enterpriseId: string;
  source: HazardSource;
  title: string;
  description: string;
  /** Proposed grade: true when the failed item/criterion defines a major hazard. */
  major: boolean;
  criterion?: { library: string; version: string; clause: string } | null;
  legalBasis?: string | null;
  inspectionId?: string | null;
  checklistItemKey?: string | null;
  riskPointId?: string | null;
  controlMeasureId?: string | null;
  location?: { lng: number; lat: number } | null;
  /** Files already put in the FileStore. */
  photos?: { sha256: string; mediaType: string; name: string }[];
  /** A general hazard fixed at once during the inspection, with the photos as evidence. */
  fixedOnSpot?: boolean;
  entrustmentId?: string | null;
}

/** The source a person's report carries by the role they report in. */
export const SOURCE_BY_ROLE: Record<Role, HazardSource> = {
  regulator_officer: 'enforcement',
  regulator_head: 'enforcement',
  provider_inspector: 'third_party',
  provider_manager: 'third_party',
  enterprise_principal: 'self_check',
  enterprise_safety_manager: 'self_check',
  group_lead: 'peer_check',
  grid_worker: 'patrol',
  volunteer: 'patrol',
};

export interface CreateHazard {
  enterpriseId: string;
  source?: HazardSource | undefined;
  title: string;
  description: string;
  legalBasis?: string | undefined;
  proposedGrade?: 'general' | 'major' | undefined;
  criterion?: { library: string; version: string; clause: string } | undefined;
  location?: { lng: number; lat: number } | undefined;
  riskPointId?: string | undefined;
  controlMeasureId?: string | undefined;
}

export function createIntake(core: Core) {
  const { db, clock, directory, notifications, files } = core.deps;

  async function placeOf(enterpriseId: string, field: string) {
    const [enterprise] = await directory.organisationsByIds([enterpriseId]);
    if (enterprise?.kind !== 'enterprise')
      throw hazardsErrors.invalid([hazardsErrors.field(field, 'is not an enterprise in the register')]);
    return { enterprise, areaPath: await core.areaPathOf(enterprise.area_id) };
  }

  async function insertOne(trx: Db, h: NewHazard, actor: Actor, permission: string | null, now: Date, extra: Partial<HazardRow> = {}) {
    const { id, code } = await repo.insert(trx, h);
    const discoverEvent = await repo.insertEvent(trx, {
      hazardId: id,
      kind: 'discover',
      from: null,
      to: 'discovered',
      at: now,
      actor: core.eventActor(actor, permission),
      note: null,
      data: { source: h.source },
    });
    return { id, code, discoverEvent, extra };
  }

  return {
    /** A person reports a hazard; registered at once when they may register it, else left discovered for those who may. */
    async create(ctx: RequestContext, input: CreateHazard) {
      const { actor } = ctx;
      if (actor.kind !== 'person') throw hazardsErrors.notFound();
      const now = clock.now();
      const { enterprise, areaPath } = await placeOf(input.enterpriseId, 'enterpriseId');
      const target = { enterprise_id: enterprise.id, area_path: areaPath };
      const roles = actor.grants.map((g) => g.role);
      const allowed = new Set(roles.map((r) => SOURCE_BY_ROLE[r]));
      const source = input.source ?? SOURCE_BY_ROLE[roles[0] as Role];
      if (!allowed.has(source)) throw hazardsErrors.invalid([hazardsErrors.field('source', `you report as ${[...allowed].join(' or ')}`)]);
      // Enterprises report their own hazards; entrusted providers only on the enterprises they are entrusted with.
      if (source === 'self_check' && !actor.grants.some((g) => g.organisationId === enterprise.id))
        throw hazardsErrors.forbidden('hazards.hazard.report');
      if (source === 'third_party' && !core.covers(actor, 'hazards.hazard.register', target))
        throw hazardsErrors.forbidden('hazards.hazard.register');
      const registers = core.covers(actor, 'hazards.hazard.register', target);
      const reporterOrg = core.auditActor(actor, 'hazards.hazard.report', target);
      const status: Status = registers ? 'registered' : 'discovered';
      const id = await db.transaction().execute(async (trx) => {
        const inserted = await insertOne(
          trx,
          {
            enterpriseId: enterprise.id,
            areaId: enterprise.area_id,
            areaPath,
            trade: enterprise.trade,
            industryCode: null,
            source,
            title: input.title,
            description: input.description,
            legalBasis: input.legalBasis ?? null,
            proposedGrade: input.proposedGrade ?? null,
            criterion: input.criterion ?? null,
            status,
            location: input.location ?? null,
            inspectionId: null,
            checklistItemKey: null,
            riskPointId: input.riskPointId ?? null,
            controlMeasureId: input.controlMeasureId ?? null,
            entrustmentId: reporterOrg.kind === 'person' ? reporterOrg.entrustmentId : null,
            reportedBy: actor.personId,
            reportedByOrganisation: reporterOrg.kind === 'person' ? reporterOrg.organisationId : null,
            discoveredAt: now,
          },
          actor,
          'hazards.hazard.report',
          now,
        );
        if (registers) {
          await repo.update(trx, inserted.id, { registered_at: now });
          await repo.insertEvent(trx, {
            hazardId: inserted.id,
            kind: 'register',
            from: 'discovered',
            to: 'registered',
            at: now,
            actor: core.eventActor(actor, 'hazards.hazard.register'),
            note: null,
          });
        }
        const row = (await repo.findById(trx, inserted.id)) as HazardRow;
        await core.reflect(trx, null, row);
        await core.recordAudit(
          trx,
          ctx,
          registers ? 'hazards.hazard.register' : 'hazards.hazard.report',
          row,
          'hazards.hazard.report',
          null,
          {
            ...input,
            source,
            status,
            code: row.code,
          },
        );
        if (!registers) {
          // A report waits for someone who may register it: the regulator governing the place.
          const { tier1 } = await core.tiers(areaPath);
          if (tier1)
            await core.notify(
              trx,
              [
                {
                  recipient: { kind: 'organisation', id: tier1 },
                  kind: 'hazard.reported',
                  title: { 'zh-CN': `新的隐患报告：${row.title}`, en: `New hazard report: ${row.title}` },
                  body: {
                    'zh-CN': `${enterprise.name}：${row.title}（${row.code}），待核实登记。`,
                    en: `${enterprise.name}: ${row.title} (${row.code}), to be checked and registered.`,
                  },
                  subject: { type: 'hazard', id: row.id, code: row.code },
                },
              ],
              now,
            );
        }
        return inserted.id;
      });
      notifications.dispatchSoon();
      return id;
    },

    /**
     * Records findings as hazards inside the caller's open transaction (the caller authorised the work that
     * produced them): registered, or closed at once when fixed on the spot and not major; with history, evidence,
     * read model and audit entries.
     */
    async registerFindings(tx: InTransaction, ctx: RequestContext, findings: readonly Finding[]): Promise<{ id: string; code: string }[]> {
      if (!tx.isTransaction) throw new Error('registerFindings must run inside the caller’s transaction');
      const trx = tx as unknown as Db;
      const now = clock.now();
      const problems = findings.flatMap((f, i) =>
        f.fixedOnSpot && !f.major && !(f.photos?.length ?? 0)
          ? [hazardsErrors.field(`findings.${i}.photos`, 'a hazard fixed on the spot needs at least one photo as evidence')]
          : [],
      );
      for (const [i, f] of findings.entries())
        for (const p of f.photos ?? [])
          if (!(await files.has(p.sha256))) problems.push(hazardsErrors.field(`findings.${i}.photos`, `no stored file ${p.sha256}`));
      if (problems.length) throw hazardsErrors.invalid(problems);
      const orgs = new Map((await directory.organisationsByIds([...new Set(findings.map((f) => f.enterpriseId))])).map((o) => [o.id, o]));
      const paths = new Map<string, string[]>();
      const out: { id: string; code: string }[] = [];
      const { actor } = ctx;
      for (const [i, f] of findings.entries()) {
        const enterprise = orgs.get(f.enterpriseId);
        if (enterprise?.kind !== 'enterprise')
          throw hazardsErrors.invalid([hazardsErrors.field(`findings.${i}.enterpriseId`, 'is not an enterprise')]);
        const areaKey = enterprise.area_id ?? '';
        if (!paths.has(areaKey)) paths.set(areaKey, await core.areaPathOf(enterprise.area_id));
        const areaPath = paths.get(areaKey) as string[];
        const target = { enterprise_id: enterprise.id, area_path: areaPath };
        const reporter = core.auditActor(actor, 'hazards.hazard.report', target);
        const closedOnSpot = f.fixedOnSpot === true && !f.major;
        const status: Status = closedOnSpot ? 'closed' : 'registered';
        const inserted = await insertOne(
          trx,
          {
            enterpriseId: enterprise.id,
            areaId: enterprise.area_id,
            areaPath,
            trade: enterprise.trade,
            industryCode: null,
            source: f.source,
            title: f.title.slice(0, 200),
            description: f.description,
            legalBasis: f.legalBasis ?? null,
            proposedGrade: f.major ? 'major' : 'general',
            criterion: f.criterion ?? null,
            status,
            location: f.location ?? null,
            inspectionId: f.inspectionId ?? null,
            checklistItemKey: f.checklistItemKey ?? null,
            riskPointId: f.riskPointId ?? null,
            controlMeasureId: f.controlMeasureId ?? null,
            entrustmentId: f.entrustmentId ?? (reporter.kind === 'person' ? reporter.entrustmentId : null),
            reportedBy: actor.kind === 'person' ? actor.personId : null,
            reportedByOrganisation: reporter.kind === 'person' ? reporter.organisationId : null,
            discoveredAt: now,
          },
          actor,
          'hazards.hazard.report',
          now,
        );
        const ev = (kind: string, from: Status, to: Status) =>
          repo.insertEvent(trx, {
            hazardId: inserted.id,
            kind,
            from,
            to,
            at: now,
            actor: core.eventActor(actor, 'hazards.hazard.report'),
            note: null,
          });
        await ev('register', 'discovered', 'registered');
        let photoEvent = inserted.discoverEvent;
        if (closedOnSpot) {
          await ev('assess', 'registered', 'assessed');
          photoEvent = await ev('fix_on_spot', 'assessed', 'closed');
          await repo.update(trx, inserted.id, { grade: 'general', fixed_on_spot: true, assessed_at: now, closed_at: now });
        }
        await repo.update(trx, inserted.id, { registered_at: now });
        for (const p of f.photos ?? []) {
          const kind: EvidenceKind = closedOnSpot ? 'after' : 'before';
          const size = (await files.read(p.sha256)).byteLength;
          await repo.insertEvidence(trx, {
            hazardId: inserted.id,
            eventId: photoEvent,
            kind,
            sha256: p.sha256,
            mediaType: p.mediaType,
            name: p.name,
            size,
            note: null,
            uploadedBy: actor.kind === 'person' ? actor.personId : null,
            at: now,
          });
        }
        const row = (await repo.findById(trx, inserted.id)) as HazardRow;
        await core.reflect(trx, null, row);
        await core.recordAudit(trx, ctx, 'hazards.hazard.report', row, 'hazards.hazard.register_finding', null, {
          code: row.code,
          status,
          source: f.source,
          title: row.title,
          proposedGrade: row.proposed_grade,
          criterion: f.criterion ?? null,
          inspectionId: f.inspectionId ?? null,
          checklistItemKey: f.checklistItemKey ?? null,
          riskPointId: f.riskPointId ?? null,
          controlMeasureId: f.controlMeasureId ?? null,
          fixedOnSpot: closedOnSpot,
          photos: (f.photos ?? []).map((p) => p.sha256),
        });
        if (f.major) {
          // A suspected major hazard is told to the governing regulator at once; the formal report follows its assessment.
          const { tier1 } = await core.tiers(areaPath);
          if (tier1)
            await core.notify(
              trx,
              [
                {
                  recipient: { kind: 'organisation', id: tier1 },
                  kind: 'hazard.major_found',
                  title: { 'zh-CN': `发现疑似重大事故隐患：${row.title}`, en: `Suspected major hazard found: ${row.title}` },
                  body: {
                    'zh-CN': `${enterprise.name}：${row.title}（${row.code}）${f.criterion ? `，依据 ${f.criterion.clause}` : ''}。`,
                    en: `${enterprise.name}: ${row.title} (${row.code})${f.criterion ? `, under ${f.criterion.clause}` : ''}.`,
                  },
                  subject: { type: 'hazard', id: row.id, code: row.code },
                  channels: ['sms'],
                },
              ],
              now,
            );
        }
        out.push({ id: inserted.id, code: inserted.code });
      }
      notifications.dispatchSoon();
      return out;
    },
  };
}
