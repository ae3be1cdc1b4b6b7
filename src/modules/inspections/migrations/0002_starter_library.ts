import type { Kysely } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';
import { syncLibrary } from '../checklists.repository.js';
import type { InspectionsTables } from '../inspections.tables.js';
import { STARTER_LIBRARY } from '../library/starter-library.js';

/** Loads the starter checklists; idempotent (the same content adds nothing, changed content adds a version). */
export const m0002: Migration = {
  id: '0002_starter_library',
  async up(db) {
    await syncLibrary(db as Kysely<InspectionsTables>, STARTER_LIBRARY, new Date());
  },
};
