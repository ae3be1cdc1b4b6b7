import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0002: Migration = {
  id: '0002_photos',
  async up(db) {
    await sql
      .raw(`
      create table reports.report_photo (
        id uuid primary key default gen_random_uuid(),
        report_id uuid not null references reports.report (id),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        media_type text not null check (media_type in ('image/jpeg', 'image/png', 'image/webp')),
        size integer not null check (size > 0),
        orientation smallint check (orientation between 1 and 8),
        at timestamptz not null,
        hidden_at timestamptz,
        unique (report_id, sha256)
      );
      create index report_photo_sha on reports.report_photo (sha256);
    `)
      .execute(db);
  },
};
