/**
 * Makes the inspection report PDF of a completed inspection, stores it in the
 * file store by its hash and records it on the inspection.
 */
import type { RequestContext } from '../access/index.js';
import { type ChecklistContent, items, outcomes } from './checklists.rules.js';
import { inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import * as repo from './inspections.repository.js';
import { renderReport } from './report.pdf.js';

export function createReportProducer(kernel: Kernel) {
  const { db, clock, audit, files, directory } = kernel.deps;

  async function contentOfRow(row: repo.InspectionRow): Promise<{ content: ChecklistContent; version: number }> {
    const v = (await kernel.contentOf([row.checklist_version_id])).get(row.checklist_version_id);
    if (!v) throw inspectionsErrors.notFound();
    return { content: v.content, version: v.version };
  }

  return async function produceReport(ctx: RequestContext, id: string): Promise<void> {
    const row = await repo.findInspection(db, id);
    if (row?.status !== 'completed' || !row.completed_at) return;
    const { content, version } = await contentOfRow(row);
    const [answers, photos, signatures, findings, inspectors] = await Promise.all([
      repo.answersOf(db, id),
      repo.photosOf(db, id),
      repo.signaturesOf(db, id),
      repo.findingsOf(db, id),
      repo.inspectorsOf(db, [id]),
    ]);
    const [orgs, people] = await Promise.all([
      directory.organisationsByIds([...new Set([row.enterprise_id, row.organisation_id, ...inspectors.map((i) => i.organisation_id)])]),
      directory.personsByIds(inspectors.map((i) => i.person_id)),
    ]);
    const org = (oid: string) => orgs.find((o) => o.id === oid);
    const answerOf = new Map(answers.map((a) => [a.item_key, a]));
    const photoItems = new Set(photos.map((p) => p.item_key).filter((k): k is string => k !== null));
    const out = outcomes(content, new Map(answers.map((a) => [a.item_key, kernel.answerValue(a)])), photoItems);
    const outcomeOf = new Map(out.map((o) => [o.item.key, o.outcome]));
    const enterprise = org(row.enterprise_id);
    const bytes = await renderReport({
      code: row.code,
      title: row.title,
      kind: row.kind,
      mode: row.mode,
      manner: row.manner,
      enterprise: { name: enterprise?.name ?? '', creditCode: enterprise?.credit_code ?? null, address: enterprise?.address ?? null },
      organisation: org(row.organisation_id)?.name ?? '',
      checklist: {
        title: content.title,
        version,
        criteria: content.criteriaLibrary ? `${content.criteriaLibrary.library}（${content.criteriaLibrary.version}）` : null,
      },
      inspectors: inspectors.map((i) => ({
        name: people.find((p) => p.id === i.person_id)?.name ?? '',
        organisation: org(i.organisation_id)?.name ?? '',
        lead: i.lead,
      })),
      dueAt: row.due_at,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      location:
        row.location_lng !== null && row.location_lat !== null
          ? { lng: row.location_lng, lat: row.location_lat, address: row.location_address }
          : null,
      entrustmentId: row.entrustment_id,
      summary: row.summary,
      score: kernel.scoreOf(content, answers, photoItems),
      sections: content.sections.map((s) => ({
        title: s.title,
        items: s.items.map((item) => {
          const a = answerOf.get(item.key);
          const answer =
            item.type === 'number' && a?.number !== null && a?.number !== undefined
              ? `${a.number}${item.unit ?? ''}`
              : item.type === 'choice'
                ? (item.choices.find((c) => c.value === a?.choice)?.label ?? '')
                : item.type === 'text'
                  ? (a?.text ?? '')
                  : '';
          return {
            label: item.label,
            answer,
            outcome: outcomeOf.get(item.key) ?? 'unanswered',
            note: a?.note ?? null,
            basis: item.legalBasis ? `${item.legalBasis.document}${item.legalBasis.clause ?? ''}` : null,
            major: item.major,
            photos: photos.filter((p) => p.item_key === item.key).length,
          };
        }),
      })),
      findings: findings.map((f) => {
        const item = items(content).find((i) => i.key === f.item_key);
        return {
          code: f.hazard_code,
          title: item?.label ?? f.item_key,
          major: f.major,
          criterion: f.major && item?.criterion ? `${content.criteriaLibrary?.library ?? ''} ${item.criterion}`.trim() : null,
          fixedOnSpot: answerOf.get(f.item_key)?.fixed_on_spot === true && !f.major,
        };
      }),
      signatures: await Promise.all(
        signatures.map(async (s) => ({
          party: s.party,
          signerName: s.signer_name,
          signedAt: s.signed_at,
          png: await files.read(s.sha256),
        })),
      ),
      questionnaire: row.mode === 'questionnaire' ? { respondentName: row.q_respondent_name, submittedAt: row.q_submitted_at } : null,
    });
    const stored = await files.put(bytes);
    await db.transaction().execute(async (trx) => {
      await repo.update(trx, id, { report_sha256: stored.sha256, report_size: stored.size, report_generated_at: clock.now() });
      await audit.record(trx, {
        actor: kernel.auditActor(ctx.actor, null, row),
        action: 'inspections.report.generate',
        target: { type: 'inspection', id },
        after: { sha256: stored.sha256, size: stored.size },
        requestId: ctx.requestId,
        address: ctx.address,
      });
    });
  };
}
