/** Evidence: photos and documents attached to a hazard (then bound to a step), content-addressed in the FileStore. */
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/http/index.js';
import { EVIDENCE_POLICY, uploadProblem } from '../../platform/storage/index.js';
import type { Actor, RequestContext } from '../access/index.js';
import type { Core } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import * as repo from './hazards.repository.js';
import { isOpen } from './hazards.rules.js';
import type { EvidenceKind } from './hazards.tables.js';
import { detail } from './hazards.views.js';

export interface Upload {
  kind: EvidenceKind;
  note: string | null;
  name: string;
  bytes: Buffer;
}

const fileProblem = (status: number, code: string, detail: string) =>
  new AppError({
    code,
    status,
    title: { 'zh-CN': '文件不被接受', en: 'The file is not accepted' },
    detail: { 'zh-CN': `file：${detail}`, en: `file: ${detail}` },
    errors: [{ in: 'body', field: 'file', pointer: '/file', detail }],
  });

export function createEvidence(core: Core) {
  const { db, clock, files } = core.deps;
  return {
    async attach(ctx: RequestContext, id: string, upload: Upload) {
      const { actor } = ctx;
      const row = await core.visibleRow(actor, id);
      if (!isOpen(row.status)) throw hazardsErrors.closed();
      const { type, problem } = uploadProblem(upload.bytes, EVIDENCE_POLICY);
      if (problem || !type) {
        const tooLarge = upload.bytes.byteLength > EVIDENCE_POLICY.maxBytes;
        throw fileProblem(tooLarge ? 413 : 415, tooLarge ? 'request.too_large' : 'hazards.evidence_type', problem ?? 'unknown type');
      }
      const stored = await files.put(upload.bytes);
      const evidenceId = await db.transaction().execute(async (trx) => {
        const locked = await core.visibleRow(actor, id, trx, true);
        if (!isOpen(locked.status)) throw hazardsErrors.closed();
        const now = clock.now();
        const eid = await repo.insertEvidence(trx, {
          hazardId: id,
          eventId: null,
          kind: upload.kind,
          sha256: stored.sha256,
          mediaType: type,
          name: upload.name.slice(0, 200) || 'file',
          size: stored.size,
          note: upload.note,
          uploadedBy: actor.kind === 'person' ? actor.personId : null,
          at: now,
        });
        await repo.insertEvent(trx, {
          hazardId: id,
          kind: 'evidence',
          from: null,
          to: null,
          at: now,
          actor: core.eventActor(actor, 'hazards.evidence.attach'),
          note: upload.note,
          data: { evidenceId: eid, kind: upload.kind, sha256: stored.sha256 },
        });
        await core.recordAudit(trx, ctx, 'hazards.evidence.attach', locked, 'hazards.evidence.attach', null, {
          evidenceId: eid,
          kind: upload.kind,
          name: upload.name,
          mediaType: type,
          size: stored.size,
          sha256: stored.sha256,
        });
        return eid;
      });
      const view = (await detail(core, actor, await core.visibleRow(actor, id), clock.now())).evidence.find((e) => e.id === evidenceId);
      if (!view) throw hazardsErrors.evidenceNotFound();
      return view;
    },

    /** The file of one evidence item, for whoever may read the hazard. */
    async content(
      actor: Actor,
      id: string,
      evidenceId: string,
    ): Promise<{ stream: Readable; mediaType: string; name: string; size: number; sha256: string }> {
      await core.visibleRow(actor, id);
      const e = await repo.evidenceById(db, id, evidenceId);
      if (!e || !(await files.has(e.sha256))) throw hazardsErrors.evidenceNotFound();
      return { stream: files.stream(e.sha256), mediaType: e.media_type, name: e.name, size: e.size, sha256: e.sha256 };
    },
  };
}
