/**
 * Carrying out an inspection: answers item by item, photos, location,
 * signatures, and completion, which turns failed items into hazards and
 * produces the report.
 */
import type { InvalidField } from '../../platform/http/index.js';
import { type UploadPolicy, uploadProblem } from '../../platform/storage/index.js';
import type { Actor, RequestContext } from '../access/index.js';
import type { Finding } from '../hazards/index.js';
import { answerProblem, type ChecklistContent, isEmptyAnswer, itemByKey, outcomeOf, outcomes } from './checklists.rules.js';
import type { createDetailView } from './inspections.detail.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import { CONDUCT } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import { completionProblems, HAZARD_SOURCE, mayAnswer } from './inspections.rules.js';
import type { AnswerSnapshot } from './inspections.tables.js';
import { createReportProducer } from './report.usecases.js';

/** Photos of items: images only. */
export const PHOTO_POLICY: UploadPolicy = { types: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 20 * 1024 * 1024 };
/** Signatures drawn on a canvas: PNG only, small. */
export const SIGNATURE_POLICY: UploadPolicy = { types: ['image/png'], maxBytes: 512 * 1024 };

export interface AnswerInput {
  itemKey: string;
  verdict?: AnswerSnapshot['verdict'] | undefined;
  number?: number | null | undefined;
  choice?: string | null | undefined;
  text?: string | null | undefined;
  note?: string | null | undefined;
  fixedOnSpot?: boolean | undefined;
}

const snapshot = (a: AnswerInput): AnswerSnapshot => ({
  verdict: a.verdict ?? null,
  number: a.number ?? null,
  choice: a.choice ?? null,
  text: a.text ?? null,
  note: a.note ?? null,
});

/**
 * Checks answers against the checklist; returns the writes, the keys to clear
 * (an answer with nothing in it), and the problems by field.
 */
export function readAnswers(
  content: ChecklistContent,
  answers: readonly AnswerInput[],
  options: { field: string; allowPhotoItems: boolean; allowFixedOnSpot: boolean },
) {
  const byKey = itemByKey(content);
  const writes: repo.AnswerWrite[] = [];
  const clear: string[] = [];
  const problems: InvalidField[] = [];
  for (const [i, a] of answers.entries()) {
    const at = `${options.field}.${i}`;
    const item = byKey.get(a.itemKey);
    if (!item) {
      problems.push(bodyField(`${at}.itemKey`, 'no such item in this checklist'));
      continue;
    }
    if (item.type === 'photo' && !options.allowPhotoItems) {
      problems.push(bodyField(`${at}.itemKey`, 'photos are taken by the inspector'));
      continue;
    }
    const value = snapshot(a);
    const wrong = answerProblem(item, value);
    if (wrong) {
      problems.push(bodyField(`${at}.${wrong.part}`, wrong.detail));
      continue;
    }
    const fixedOnSpot = a.fixedOnSpot === true;
    if (fixedOnSpot) {
      const failed = outcomeOf(item, value) === 'fail';
      if (!options.allowFixedOnSpot) problems.push(bodyField(`${at}.fixedOnSpot`, 'only the inspector records a fix on the spot'));
      else if (item.major) problems.push(bodyField(`${at}.fixedOnSpot`, 'a major hazard is never closed on the spot'));
      else if (!failed) problems.push(bodyField(`${at}.fixedOnSpot`, 'only a failed item is fixed on the spot'));
    }
    if (isEmptyAnswer(value) && value.note === null) clear.push(item.key);
    else writes.push({ itemKey: item.key, ...value, fixedOnSpot });
  }
  return { writes, clear, problems };
}

function decodeDataUrl(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

export function createConductUseCases(kernel: Kernel, detail: ReturnType<typeof createDetailView>) {
  const { db, clock, audit, files, hazards, directory } = kernel.deps;
  const { person } = kernel;

  async function contentOfRow(row: repo.InspectionRow): Promise<{ content: ChecklistContent; version: number }> {
    const v = (await kernel.contentOf([row.checklist_version_id])).get(row.checklist_version_id);
    if (!v) throw inspectionsErrors.notFound();
    return { content: v.content, version: v.version };
  }

  /** Locks the row for the change. */
  async function lockForWork(trx: typeof db, id: string) {
    const row = await repo.findInspection(trx, id, true);
    if (!row) throw inspectionsErrors.notFound();
    return row;
  }

  const produceReport = createReportProducer(kernel);

  return {
    async saveAnswers(ctx: RequestContext, id: string, answers: AnswerInput[]) {
      const actor = person(ctx.actor);
      const { row: seen } = await kernel.conducting(actor, id);
      const { content } = await contentOfRow(seen);
      const { writes, clear, problems } = readAnswers(content, answers, {
        field: 'answers',
        allowPhotoItems: true,
        allowFixedOnSpot: true,
      });
      if (problems.length) throw inspectionsErrors.answerInvalid(problems);
      await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        if (!mayAnswer(row.status, row.mode)) throw inspectionsErrors.transitionNotAllowed('answer', row.status, row.mode);
        const now = clock.now();
        await repo.upsertAnswers(trx, id, writes, { source: 'inspector', by: actor.personId, at: now });
        await repo.deleteAnswers(trx, id, clear);
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.inspection.answer',
          target: { type: 'inspection', id },
          after: { answers: writes, cleared: clear },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    async setLocation(
      ctx: RequestContext,
      id: string,
      location: { lng: number; lat: number; accuracy?: number | null | undefined; address?: string | null | undefined },
    ) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        if (row.status !== 'in_progress') throw inspectionsErrors.transitionNotAllowed('locate', row.status, row.mode);
        await repo.update(trx, id, {
          location_lng: location.lng,
          location_lat: location.lat,
          location_accuracy: location.accuracy ?? null,
          location_address: location.address ?? null,
          located_at: clock.now(),
        });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.inspection.locate',
          target: { type: 'inspection', id },
          before: { lng: row.location_lng, lat: row.location_lat },
          after: location,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    async uploadPhoto(ctx: RequestContext, id: string, upload: { bytes: Buffer; name: string; itemKey: string | null }) {
      const actor = person(ctx.actor);
      const { row: seen } = await kernel.conducting(actor, id);
      const { content } = await contentOfRow(seen);
      if (upload.itemKey && !itemByKey(content).has(upload.itemKey))
        throw inspectionsErrors.invalid([
          { in: 'querystring', field: 'itemKey', pointer: '/itemKey', detail: 'no such item in this checklist' },
        ]);
      const { type, problem } = uploadProblem(upload.bytes, PHOTO_POLICY);
      if (problem || !type)
        throw inspectionsErrors.uploadRefused('file', problem ?? 'unknown type', problem?.includes('larger') ? 413 : 415);
      const stored = await files.put(upload.bytes);
      const photo = await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        if (!mayAnswer(row.status, row.mode)) throw inspectionsErrors.transitionNotAllowed('upload a photo', row.status, row.mode);
        const inserted = await repo.insertPhoto(trx, {
          inspectionId: id,
          itemKey: upload.itemKey,
          sha256: stored.sha256,
          mediaType: type,
          size: stored.size,
          name: upload.name.slice(0, 200) || 'photo',
          by: actor.personId,
          at: clock.now(),
        });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.photo.add',
          target: { type: 'inspection', id },
          after: { photoId: inserted.id, itemKey: upload.itemKey, sha256: stored.sha256, mediaType: type, size: stored.size },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return inserted;
      });
      return {
        id: photo.id,
        itemKey: photo.item_key,
        mediaType: photo.media_type,
        size: photo.size,
        name: photo.name,
        sha256: photo.sha256,
        uploadedAt: photo.uploaded_at.toISOString(),
        url: `/api/v1/inspections/${id}/photos/${photo.id}`,
      };
    },

    async readPhoto(actor: Actor, id: string, photoId: string) {
      const p = person(actor);
      await kernel.authorisedRow(p, id);
      const photo = (await repo.photosOf(db, id)).find((x) => x.id === photoId);
      if (!photo) throw inspectionsErrors.notFound('photo');
      return { mediaType: photo.media_type, stream: files.stream(photo.sha256), size: photo.size };
    },

    async deletePhoto(ctx: RequestContext, id: string, photoId: string) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        if (!mayAnswer(row.status, row.mode)) throw inspectionsErrors.transitionNotAllowed('remove a photo', row.status, row.mode);
        const removed = await repo.deletePhoto(trx, id, photoId);
        if (!removed) throw inspectionsErrors.notFound('photo');
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.photo.remove',
          target: { type: 'inspection', id },
          before: { photoId, itemKey: removed.item_key, sha256: removed.sha256 },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
    },

    async sign(
      ctx: RequestContext,
      id: string,
      party: 'inspector' | 'enterprise',
      input: { dataUrl: string; signerName?: string | undefined },
    ) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      const bytes = decodeDataUrl(input.dataUrl);
      const { problem } = uploadProblem(bytes, SIGNATURE_POLICY);
      if (problem) throw inspectionsErrors.uploadRefused('dataUrl', problem, problem.includes('larger') ? 413 : 415);
      let signerName = input.signerName;
      if (!signerName && party === 'enterprise')
        throw inspectionsErrors.invalid([bodyField('signerName', 'name the enterprise representative who signs')]);
      signerName ??= (await directory.personsByIds([actor.personId]))[0]?.name ?? actor.username;
      const stored = await files.put(bytes);
      await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        if (row.status !== 'in_progress' || row.mode !== 'on_site')
          throw inspectionsErrors.transitionNotAllowed('sign', row.status, row.mode);
        await repo.upsertSignature(trx, {
          inspectionId: id,
          party,
          sha256: stored.sha256,
          signerName: signerName as string,
          by: actor.personId,
          at: clock.now(),
        });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.inspection.sign',
          target: { type: 'inspection', id },
          after: { party, signerName, sha256: stored.sha256 },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    async readSignature(actor: Actor, id: string, party: 'inspector' | 'enterprise') {
      const p = person(actor);
      await kernel.authorisedRow(p, id);
      const s = (await repo.signaturesOf(db, id)).find((x) => x.party === party);
      if (!s) throw inspectionsErrors.notFound('signature');
      return files.read(s.sha256);
    },

    /**
     * Completes the inspection: every required item answered (and reviewed, for a
     * questionnaire), both signatures on site; each failed item becomes a hazard in
     * the same transaction. The report is produced right after.
     */
    async complete(ctx: RequestContext, id: string, summary: string | undefined) {
      const actor = person(ctx.actor);
      const { row: seen } = await kernel.conducting(actor, id);
      const { content } = await contentOfRow(seen);
      await db.transaction().execute(async (trx) => {
        const row = await lockForWork(trx, id);
        const to = kernel.assertEvent(row, 'complete');
        const [answers, photos, signatures] = await Promise.all([
          repo.answersOf(trx, id),
          repo.photosOf(trx, id),
          repo.signaturesOf(trx, id),
        ]);
        const photoItems = new Set(photos.map((p) => p.item_key).filter((k): k is string => k !== null));
        const all = outcomes(content, new Map(answers.map((a) => [a.item_key, kernel.answerValue(a)])), photoItems);
        const problems = completionProblems({
          mode: row.mode,
          requiredItemKeys: all.filter((o) => o.item.required).map((o) => o.item.key),
          answeredItemKeys: new Set(all.filter((o) => o.outcome !== 'unanswered').map((o) => o.item.key)),
          unreviewedItemKeys: answers.filter((a) => a.source === 'questionnaire' && a.review_decision === null).map((a) => a.item_key),
          signatures: new Set(signatures.map((s) => s.party)),
          fixedWithoutPhotoItemKeys: all
            .filter((o) => o.outcome === 'fail' && !o.item.major && answers.some((a) => a.item_key === o.item.key && a.fixed_on_spot))
            .filter((o) => !photoItems.has(o.item.key))
            .map((o) => o.item.key),
        });
        if (problems.length) throw inspectionsErrors.incomplete(problems.map((p) => bodyField(p.field, p.detail)));
        const answerOf = new Map(answers.map((a) => [a.item_key, a]));
        const failed = all.filter((o) => o.outcome === 'fail');
        const location = row.location_lng !== null && row.location_lat !== null ? { lng: row.location_lng, lat: row.location_lat } : null;
        const findings: Finding[] = failed.map(({ item }) => {
          const a = answerOf.get(item.key);
          const section = content.sections.find((s) => s.items.includes(item));
          const answer =
            item.type === 'number'
              ? `${a?.number}${item.unit ?? ''}`
              : item.type === 'choice'
                ? (item.choices.find((c) => c.value === a?.choice)?.label ?? '')
                : '不符合';
          return {
            enterpriseId: row.enterprise_id,
            source: HAZARD_SOURCE[row.kind],
            title: item.label.slice(0, 200),
            description: [`${row.code} ${section?.title ?? ''}：${item.label}`, `检查结果：${answer}`, a?.note ? `备注：${a.note}` : null]
              .filter(Boolean)
              .join('\n'),
            major: item.major,
            criterion:
              item.major && item.criterion && content.criteriaLibrary
                ? { library: content.criteriaLibrary.library, version: content.criteriaLibrary.version, clause: item.criterion }
                : null,
            legalBasis: item.legalBasis ? `${item.legalBasis.document}${item.legalBasis.clause ?? ''}` : null,
            inspectionId: id,
            checklistItemKey: item.key,
            location,
            photos: photos.filter((p) => p.item_key === item.key).map((p) => ({ sha256: p.sha256, mediaType: p.media_type, name: p.name })),
            fixedOnSpot: a?.fixed_on_spot === true && !item.major,
            entrustmentId: row.entrustment_id,
          };
        });
        const hazardsMade = findings.length ? await hazards.registerFindings(trx, ctx, findings) : [];
        await repo.insertFindings(
          trx,
          hazardsMade.map((h, i) => ({
            inspectionId: id,
            itemKey: failed[i]?.item.key as string,
            hazardId: h.id,
            hazardCode: h.code,
            major: failed[i]?.item.major === true,
          })),
        );
        const now = clock.now();
        await repo.update(trx, id, { status: to, completed_at: now, completed_by: actor.personId, summary: summary ?? null });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.inspection.complete',
          target: { type: 'inspection', id },
          before: { status: row.status },
          after: { status: to, summary: summary ?? null, hazards: hazardsMade.map((h, i) => ({ ...h, itemKey: failed[i]?.item.key })) },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      await produceReport(ctx, id);
      return detail(actor, id);
    },

    /** The report PDF; made now if it is missing (e.g. the process stopped right after completion). */
    async report(ctx: RequestContext, id: string) {
      const actor = person(ctx.actor);
      let { row } = await kernel.authorisedRow(actor, id);
      if (row.status !== 'completed') throw inspectionsErrors.notFound('report');
      if (!row.report_sha256) {
        await produceReport(ctx, id);
        row = (await repo.findInspection(db, id)) as repo.InspectionRow;
      }
      if (!row.report_sha256) throw inspectionsErrors.notFound('report');
      return { bytes: await files.read(row.report_sha256), fileName: `${row.code}.pdf` };
    },
  };
}
