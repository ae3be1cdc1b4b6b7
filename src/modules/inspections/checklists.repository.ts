import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalJson } from '../audit/index.js';
import type { ChecklistContent, ChecklistScope } from './checklists.rules.js';
import type { InspectionsTables } from './inspections.tables.js';

type Db = Kysely<InspectionsTables>;

export const contentHash = (content: ChecklistContent): string => createHash('sha256').update(canonicalJson(content)).digest('hex');

export interface ChecklistRow {
  id: string;
  key: string;
  scope: ChecklistScope;
  owner_organisation_id: string | null;
  area_id: string | null;
  current_version: number;
  archived_at: Date | null;
  created_at: Date;
}

export interface VersionRow {
  id: string;
  checklist_id: string;
  version: number;
  content: ChecklistContent;
  content_hash: string;
  published_by: string | null;
  published_at: Date;
}

const checklistColumns = [
  'id',
  'key',
  'scope',
  'owner_organisation_id',
  'area_id',
  'current_version',
  'archived_at',
  'created_at',
] as const;
const versionColumns = ['id', 'checklist_id', 'version', 'content', 'content_hash', 'published_by', 'published_at'] as const;

export function findChecklist(db: Db, id: string, forUpdate = false): Promise<ChecklistRow | undefined> {
  let q = db.selectFrom('inspections.checklist').select(checklistColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function findChecklistByKey(db: Db, key: string): Promise<ChecklistRow | undefined> {
  return db.selectFrom('inspections.checklist').select(checklistColumns).where('key', '=', key).executeTakeFirst();
}

export function findVersion(db: Db, checklistId: string, version: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('inspections.checklist_version')
    .select(versionColumns)
    .where('checklist_id', '=', checklistId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function findVersionById(db: Db, id: string): Promise<VersionRow | undefined> {
  return db.selectFrom('inspections.checklist_version').select(versionColumns).where('id', '=', id).executeTakeFirst();
}

export async function versionsByIds(db: Db, ids: readonly string[]): Promise<Map<string, VersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('inspections.checklist_version')
    .select(versionColumns)
    .where('id', 'in', ids as string[])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function versionList(db: Db, checklistId: string) {
  return db
    .selectFrom('inspections.checklist_version')
    .select(['version', 'published_at', 'published_by'])
    .where('checklist_id', '=', checklistId)
    .orderBy('version', 'desc')
    .execute();
}

/** Checklists readable by someone in these organisations: the library, regulators' and their own. */
export function listReadable(
  db: Db,
  organisationIds: readonly string[],
  filters: { scope?: ChecklistScope | undefined; includeArchived: boolean },
) {
  let q = db
    .selectFrom('inspections.checklist as c')
    .innerJoin('inspections.checklist_version as v', (j) =>
      j.onRef('v.checklist_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'),
    )
    .select([...checklistColumns.map((c) => `c.${c}` as const), 'v.content', 'v.published_at'])
    .where((eb) =>
      eb.or([
        eb('c.scope', 'in', ['library', 'regulator']),
        ...(organisationIds.length ? [eb('c.owner_organisation_id', 'in', organisationIds as string[])] : []),
      ]),
    );
  if (filters.scope) q = q.where('c.scope', '=', filters.scope);
  if (!filters.includeArchived) q = q.where('c.archived_at', 'is', null);
  return q.orderBy('c.scope').orderBy('c.created_at').execute();
}

export async function insertChecklist(
  db: Db,
  input: {
    key: string;
    scope: ChecklistScope;
    ownerOrganisationId: string | null;
    areaId: string | null;
    content: ChecklistContent;
    by: string | null;
    at: Date;
  },
): Promise<string> {
  const { id } = await db
    .insertInto('inspections.checklist')
    .values({
      key: input.key,
      scope: input.scope,
      owner_organisation_id: input.ownerOrganisationId,
      area_id: input.areaId,
      current_version: 1,
      archived_at: null,
      created_by: input.by,
      created_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertVersion(db, id, 1, input.content, input.by, input.at);
  return id;
}

export async function insertVersion(db: Db, checklistId: string, version: number, content: ChecklistContent, by: string | null, at: Date) {
  await db
    .insertInto('inspections.checklist_version')
    .values({
      checklist_id: checklistId,
      version,
      content: JSON.stringify(content),
      content_hash: contentHash(content),
      published_by: by,
      published_at: at,
    })
    .execute();
  await db.updateTable('inspections.checklist').set({ current_version: version }).where('id', '=', checklistId).execute();
}

export function setArchived(db: Db, id: string, at: Date | null) {
  return db.updateTable('inspections.checklist').set({ archived_at: at }).where('id', '=', id).execute();
}

/** Publishes the shipped library: new checklists are added, changed ones get a new version; the same content does nothing. */
export async function syncLibrary(db: Db, library: readonly { key: string; content: ChecklistContent }[], at: Date): Promise<void> {
  for (const { key, content } of library) {
    const existing = await findChecklistByKey(db, key);
    if (!existing) {
      await insertChecklist(db, { key, scope: 'library', ownerOrganisationId: null, areaId: null, content, by: null, at });
      continue;
    }
    const current = await findVersion(db, existing.id, existing.current_version);
    if (current?.content_hash !== contentHash(content))
      await insertVersion(db, existing.id, existing.current_version + 1, content, null, at);
  }
}
