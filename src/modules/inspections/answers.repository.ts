import type { Kysely } from 'kysely';
import type { AnswerSnapshot, InspectionsTables } from './inspections.tables.js';

type Db = Kysely<InspectionsTables>;

export function answersOf(db: Db, inspectionId: string) {
  return db.selectFrom('inspections.answer').selectAll().where('inspection_id', '=', inspectionId).execute();
}

export async function answersOfMany(db: Db, inspectionIds: readonly string[]) {
  if (inspectionIds.length === 0) return [];
  return db
    .selectFrom('inspections.answer')
    .select(['inspection_id', 'item_key', 'verdict', 'number', 'choice', 'text'])
    .where('inspection_id', 'in', inspectionIds as string[])
    .execute();
}

export interface AnswerWrite extends AnswerSnapshot {
  itemKey: string;
  fixedOnSpot: boolean;
}

export async function upsertAnswers(
  db: Db,
  inspectionId: string,
  answers: readonly AnswerWrite[],
  meta: { source: 'inspector' | 'questionnaire'; by: string | null; at: Date },
) {
  if (answers.length === 0) return;
  await db
    .insertInto('inspections.answer')
    .values(
      answers.map((a) => ({
        inspection_id: inspectionId,
        item_key: a.itemKey,
        verdict: a.verdict,
        number: a.number,
        choice: a.choice,
        text: a.text,
        note: a.note,
        fixed_on_spot: a.fixedOnSpot,
        source: meta.source,
        answered_by: meta.by,
        answered_at: meta.at,
        review_decision: null,
        reviewed_by: null,
        reviewed_at: null,
        questionnaire: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['inspection_id', 'item_key']).doUpdateSet((eb) => ({
        verdict: eb.ref('excluded.verdict'),
        number: eb.ref('excluded.number'),
        choice: eb.ref('excluded.choice'),
        text: eb.ref('excluded.text'),
        note: eb.ref('excluded.note'),
        fixed_on_spot: eb.ref('excluded.fixed_on_spot'),
        source: eb.ref('excluded.source'),
        answered_by: eb.ref('excluded.answered_by'),
        answered_at: eb.ref('excluded.answered_at'),
        review_decision: null,
        reviewed_by: null,
        reviewed_at: null,
        questionnaire: null,
      })),
    )
    .execute();
}

export function deleteAnswers(db: Db, inspectionId: string, keys: readonly string[]) {
  if (keys.length === 0) return Promise.resolve();
  return db
    .deleteFrom('inspections.answer')
    .where('inspection_id', '=', inspectionId)
    .where('item_key', 'in', keys as string[])
    .execute();
}

export function setReview(
  db: Db,
  inspectionId: string,
  itemKey: string,
  review: { decision: 'accepted' | 'overridden'; by: string; at: Date; questionnaire: AnswerSnapshot | null; override?: AnswerSnapshot },
) {
  return db
    .updateTable('inspections.answer')
    .set({
      review_decision: review.decision,
      reviewed_by: review.by,
      reviewed_at: review.at,
      questionnaire: review.questionnaire ? JSON.stringify(review.questionnaire) : null,
      ...(review.override ? { ...review.override, answered_by: review.by, answered_at: review.at } : {}),
    })
    .where('inspection_id', '=', inspectionId)
    .where('item_key', '=', itemKey)
    .execute();
}

export function photosOf(db: Db, inspectionId: string) {
  return db.selectFrom('inspections.photo').selectAll().where('inspection_id', '=', inspectionId).orderBy('uploaded_at').execute();
}

export function photoItemsOfMany(db: Db, inspectionIds: readonly string[]) {
  if (inspectionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('inspections.photo')
    .select(['inspection_id', 'item_key'])
    .where('inspection_id', 'in', inspectionIds as string[])
    .execute();
}

export async function insertPhoto(
  db: Db,
  p: {
    inspectionId: string;
    itemKey: string | null;
    sha256: string;
    mediaType: string;
    size: number;
    name: string;
    by: string | null;
    at: Date;
  },
) {
  return db
    .insertInto('inspections.photo')
    .values({
      inspection_id: p.inspectionId,
      item_key: p.itemKey,
      sha256: p.sha256,
      media_type: p.mediaType,
      size: p.size,
      name: p.name,
      uploaded_by: p.by,
      uploaded_at: p.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deletePhoto(db: Db, inspectionId: string, photoId: string) {
  return db
    .deleteFrom('inspections.photo')
    .where('inspection_id', '=', inspectionId)
    .where('id', '=', photoId)
    .returningAll()
    .executeTakeFirst();
}

export function signaturesOf(db: Db, inspectionId: string) {
  return db.selectFrom('inspections.signature').selectAll().where('inspection_id', '=', inspectionId).execute();
}

export function upsertSignature(
  db: Db,
  s: { inspectionId: string; party: 'inspector' | 'enterprise'; sha256: string; signerName: string; by: string; at: Date },
) {
  return db
    .insertInto('inspections.signature')
    .values({
      inspection_id: s.inspectionId,
      party: s.party,
      sha256: s.sha256,
      signer_name: s.signerName,
      recorded_by: s.by,
      signed_at: s.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['inspection_id', 'party'])
        .doUpdateSet({ sha256: s.sha256, signer_name: s.signerName, recorded_by: s.by, signed_at: s.at }),
    )
    .execute();
}

export function findingsOf(db: Db, inspectionId: string) {
  return db.selectFrom('inspections.finding').selectAll().where('inspection_id', '=', inspectionId).execute();
}

export async function insertFindings(
  db: Db,
  rows: { inspectionId: string; itemKey: string; hazardId: string; hazardCode: string; major: boolean }[],
) {
  if (rows.length === 0) return;
  await db
    .insertInto('inspections.finding')
    .values(
      rows.map((r) => ({
        inspection_id: r.inspectionId,
        item_key: r.itemKey,
        hazard_id: r.hazardId,
        hazard_code: r.hazardCode,
        major: r.major,
      })),
    )
    .execute();
}
