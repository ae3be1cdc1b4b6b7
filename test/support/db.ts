import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function admin(text: string) {
  const client = new pg.Client({ connectionString: inject('pg').adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A database of its own for a test file: migrated, and with the demo jurisdiction when asked. */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const { adminUrl, template, demoTemplate } = inject('pg');
  const name = `gz_t_${randomBytes(5).toString('hex')}`;
  await admin(`create database ${name} template ${options.demo ? demoTemplate : template}`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}
