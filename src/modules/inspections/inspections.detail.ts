import type { PersonActor } from '../access/index.js';
import { type AnswerValue, itemByKey, outcomeOf } from './checklists.rules.js';
import { inspectionsErrors } from './inspections.errors.js';
import { type Kernel, url } from './inspections.kernel.js';
import * as repo from './inspections.repository.js';

/** The whole inspection as the run screen needs it, in one answer. */
export function createDetailView(kernel: Kernel) {
  const { db, directory } = kernel.deps;

  return async function detail(actor: PersonActor, id: string) {
    const row = await repo.findInspection(db, id);
    if (!row) throw inspectionsErrors.notFound();
    const [summary] = await kernel.summaries(actor, [row]);
    if (!summary) throw inspectionsErrors.notFound();
    const [versions, answers, photos, signatures, findings] = await Promise.all([
      kernel.contentOf([row.checklist_version_id]),
      repo.answersOf(db, id),
      repo.photosOf(db, id),
      repo.signaturesOf(db, id),
      repo.findingsOf(db, id),
    ]);
    const version = versions.get(row.checklist_version_id);
    if (!version) throw inspectionsErrors.notFound();
    const byKey = itemByKey(version.content);
    const people = new Map(
      (
        await directory.personsByIds([
          ...new Set(answers.flatMap((a) => [a.answered_by, a.reviewed_by]).filter((x): x is string => x !== null)),
        ])
      ).map((p) => [p.id, p.name]),
    );
    const photoItems = new Set(photos.map((p) => p.item_key).filter((k): k is string => k !== null));
    const ref = (personId: string | null) => (personId ? { id: personId, name: people.get(personId) ?? '' } : null);
    return {
      ...summary,
      content: version.content,
      answers: answers.map((a) => {
        const item = byKey.get(a.item_key);
        const value: AnswerValue = kernel.answerValue(a);
        return {
          itemKey: a.item_key,
          verdict: a.verdict,
          number: a.number,
          choice: a.choice,
          text: a.text,
          note: a.note,
          fixedOnSpot: a.fixed_on_spot,
          outcome: item ? outcomeOf(item, value, photoItems.has(a.item_key)) : ('unanswered' as const),
          source: a.source,
          answeredAt: a.answered_at.toISOString(),
          answeredBy: ref(a.answered_by),
          review:
            a.review_decision && a.reviewed_by && a.reviewed_at
              ? {
                  decision: a.review_decision,
                  by: { id: a.reviewed_by, name: people.get(a.reviewed_by) ?? '' },
                  at: a.reviewed_at.toISOString(),
                  questionnaire: a.questionnaire ?? { verdict: null, number: null, choice: null, text: null, note: null },
                }
              : null,
        };
      }),
      photos: photos.map((p) => ({
        id: p.id,
        itemKey: p.item_key,
        mediaType: p.media_type,
        size: p.size,
        name: p.name,
        sha256: p.sha256,
        uploadedAt: p.uploaded_at.toISOString(),
        url: url.photo(id, p.id),
      })),
      signatures: signatures.map((s) => ({
        party: s.party,
        signerName: s.signer_name,
        signedAt: s.signed_at.toISOString(),
        sha256: s.sha256,
        url: url.signature(id, s.party),
      })),
      location:
        row.location_lng !== null && row.location_lat !== null && row.located_at
          ? {
              lng: row.location_lng,
              lat: row.location_lat,
              accuracy: row.location_accuracy,
              address: row.location_address,
              at: row.located_at.toISOString(),
            }
          : null,
      questionnaire:
        row.q_sent_at && row.q_expires_at
          ? {
              sentAt: row.q_sent_at.toISOString(),
              expiresAt: row.q_expires_at.toISOString(),
              submittedAt: row.q_submitted_at?.toISOString() ?? null,
              respondentName: row.q_respondent_name,
              respondentTitle: row.q_respondent_title,
            }
          : null,
      findings: findings.map((f) => ({ itemKey: f.item_key, hazardId: f.hazard_id, hazardCode: f.hazard_code, major: f.major })),
      report:
        row.report_sha256 && row.report_size !== null && row.report_generated_at
          ? { sha256: row.report_sha256, size: row.report_size, generatedAt: row.report_generated_at.toISOString(), url: url.report(id) }
          : null,
      cancelReason: row.cancel_reason,
      summary: row.summary,
    };
  };
}
