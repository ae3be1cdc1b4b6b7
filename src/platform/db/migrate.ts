import { type Kysely, sql } from 'kysely';
import type { Logger } from '../logging/index.js';

/** One step of a module's schema. Migrations are forward-only and never edited once released. */
export interface Migration {
  /** Sortable and unique within the module, e.g. `0001_areas`. */
  id: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** What a module hands to the migrator: its name and its migrations in order. */
export interface ModuleMigrations {
  module: string;
  migrations: readonly Migration[];
}

const LOCK_KEY = 0x67_6f_6e_67; // "gong": one migrator at a time across processes

async function ensureLedger(db: Kysely<unknown>): Promise<void> {
  await sql`create table if not exists public.gongzhi_migration (
    module text not null,
    id text not null,
    applied_at timestamptz not null default now(),
    primary key (module, id)
  )`.execute(db);
}

/**
 * Applies every migration not yet recorded, modules in the order given (their
 * dependency order), all in one transaction under an advisory lock, so that two
 * processes starting together apply each step once and a failure leaves nothing
 * half-done. Returns the steps it applied.
 */
export async function migrate(db: Kysely<unknown>, modules: readonly ModuleMigrations[], logger?: Logger): Promise<string[]> {
  const applied: string[] = [];
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    await ensureLedger(trx);
    const done = await recorded(trx);
    for (const { module, migrations } of modules) {
      for (const migration of migrations) {
        const key = `${module}/${migration.id}`;
        if (done.has(key)) continue;
        logger?.info({ migration: key }, 'applying migration');
        await migration.up(trx);
        await sql`insert into public.gongzhi_migration (module, id) values (${module}, ${migration.id})`.execute(trx);
        applied.push(key);
      }
    }
  });
  return applied;
}

async function recorded(db: Kysely<unknown>): Promise<Set<string>> {
  const rows = await sql<{ module: string; id: string }>`select module, id from public.gongzhi_migration`.execute(db);
  return new Set(rows.rows.map((r) => `${r.module}/${r.id}`));
}

/** The migrations known to the code that the database has not applied. */
export async function pendingMigrations(db: Kysely<unknown>, modules: readonly ModuleMigrations[]): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`select to_regclass('public.gongzhi_migration')::text as t`.execute(db);
  const done = exists.rows[0]?.t ? await recorded(db) : new Set<string>();
  return modules.flatMap(({ module, migrations }) => migrations.map((m) => `${module}/${m.id}`).filter((k) => !done.has(k)));
}
