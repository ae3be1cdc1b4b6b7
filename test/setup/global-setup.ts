import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createModules, type Database, moduleMigrations } from '../../src/app.js';
import { loadDemo } from '../../src/demo/load.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { type EmbeddedPostgres, migrate, openDatabase, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { buildWebIfStale } from './web-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { adminUrl: string; template: string; demoTemplate: string; kind: 'embedded' | 'server' };
    webBuilt: boolean;
  }
}

export const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function adminQuery(adminUrl: string, text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * One PostgreSQL for the whole run: the embedded server in a temporary folder,
 * or the server of DATABASE_URL. Migrations are applied once into a template
 * database (and once more with the demo jurisdiction loaded); each test file
 * clones its own database from a template.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger('warn');
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let adminUrl: string;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    adminUrl = serverUrl;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-test-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
    adminUrl = embedded.adminUrl;
  }
  const run = randomBytes(4).toString('hex');
  const template = `gz_tpl_${run}`;
  const demoTemplate = `gz_tpl_demo_${run}`;
  const config = loadConfig({ DATABASE_URL: withDatabase(adminUrl, template), LOG_LEVEL: 'warn' }, process.cwd());

  for (const name of [template, demoTemplate]) {
    await adminQuery(adminUrl, `create database ${name}`);
    const database = openDatabase<Database>(withDatabase(adminUrl, name), { poolSize: 2, logger });
    try {
      await migrate(database.db as Kysely<unknown>, moduleMigrations);
      if (name === demoTemplate) await loadDemo(database.db, createModules({ db: database.db, clock: systemClock, config }));
    } finally {
      await database.close();
    }
  }
  project.provide('pg', { adminUrl, template, demoTemplate, kind: serverUrl ? 'server' : 'embedded' });
  project.provide('webBuilt', await buildWebIfStale());

  return async () => {
    for (const name of [template, demoTemplate]) await adminQuery(adminUrl, `drop database if exists ${name} with (force)`).catch(() => {});
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
