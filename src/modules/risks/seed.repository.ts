/**
 * Bulk loading of risk registers (the demo at --scale 20 has some 75,000 risk
 * points): one `insert … select from unnest(…)` per table and batch, each column
 * sent as one array parameter. No per-row audit: the loader records one entry.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import * as readModel from './readmodel.repository.js';
import type { AccidentType, FactorClass, FrequencyUnit, MeasureType, RiskLevel, RiskPointKind } from './risks.reference.js';
import type { Graded } from './risks.rules.js';
import type { RisksTables } from './risks.tables.js';

type Db = Kysely<RisksTables>;

export interface SeedPoint {
  id: string;
  enterpriseId: string;
  kind: RiskPointKind;
  name: string;
  description: string;
  lng: number | null;
  lat: number | null;
  level: RiskLevel | null;
  assessmentId: string | null;
  at: Date;
}

export interface SeedSource {
  riskPointId: string;
  position: number;
  accidentType: AccidentType;
  factor: FactorClass | null;
  description: string;
}

export interface SeedAssessment {
  id: string;
  riskPointId: string;
  enterpriseId: string;
  schemeId: string;
  graded: Graded;
  note: string | null;
  at: Date;
}

export interface SeedMeasure {
  id: string;
  riskPointId: string;
  enterpriseId: string;
  type: MeasureType;
  description: string;
  ownerPost: string;
  every: number;
  unit: FrequencyUnit;
  nextDueAt: Date;
  lastCheckedAt: Date | null;
  lastResult: 'passed' | 'failed' | null;
  at: Date;
}

const BATCH = 10_000;

async function inBatches<T>(rows: readonly T[], insert: (batch: readonly T[]) => RawBuilder<unknown>, db: Db) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH)).execute(db);
}

const col = <T, V>(rows: readonly T[], pick: (row: T) => V) => sql.val(rows.map(pick));
const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

export function createRiskSeeding() {
  return {
    /** The national default scheme's id, which demo assessments name. */
    async defaultSchemeId(db: Db): Promise<string> {
      const row = await db
        .selectFrom('risks.scheme')
        .select('id')
        .where('area_id', 'is', null)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async insert(
      db: Db,
      data: {
        points: readonly SeedPoint[];
        sources: readonly SeedSource[];
        assessments: readonly SeedAssessment[];
        measures: readonly SeedMeasure[];
      },
    ) {
      await inBatches(
        data.points,
        (b) => sql`
          insert into risks.risk_point (id, enterprise_id, kind, name, description, lng, lat, level, assessment_id, created_at, updated_at)
          select id, enterprise_id, kind, name, description, lng, lat, level, assessment_id, at, at
          from unnest(${col(b, (p) => p.id)}::uuid[], ${col(b, (p) => p.enterpriseId)}::uuid[], ${col(b, (p) => p.kind)}::text[],
            ${col(b, (p) => p.name)}::text[], ${col(b, (p) => p.description)}::text[], ${col(b, (p) => p.lng)}::float8[],
            ${col(b, (p) => p.lat)}::float8[], ${col(b, (p) => p.level)}::text[], ${col(b, (p) => p.assessmentId)}::uuid[],
            ${col(b, (p) => p.at)}::timestamptz[])
            as t(id, enterprise_id, kind, name, description, lng, lat, level, assessment_id, at)`,
        db,
      );
      await inBatches(
        data.sources,
        (b) => sql`
          insert into risks.hazard_source (risk_point_id, position, accident_type, factor, description)
          select * from unnest(${col(b, (s) => s.riskPointId)}::uuid[], ${col(b, (s) => s.position)}::int[],
            ${col(b, (s) => s.accidentType)}::text[], ${col(b, (s) => s.factor)}::text[], ${col(b, (s) => s.description)}::text[])`,
        db,
      );
      await inBatches(
        data.assessments,
        (b) => sql`
          insert into risks.assessment (id, risk_point_id, enterprise_id, scheme_id, lec, ls, direct, level, note, assessed_at)
          select id, risk_point_id, enterprise_id, scheme_id, lec::jsonb, ls::jsonb, direct::jsonb, level, note, at
          from unnest(${col(b, (a) => a.id)}::uuid[], ${col(b, (a) => a.riskPointId)}::uuid[], ${col(b, (a) => a.enterpriseId)}::uuid[],
            ${col(b, (a) => a.schemeId)}::uuid[], ${col(b, (a) => json(a.graded.lec))}::text[], ${col(b, (a) => json(a.graded.ls))}::text[],
            ${col(b, (a) => json(a.graded.direct))}::text[], ${col(b, (a) => a.graded.level)}::text[], ${col(b, (a) => a.note)}::text[],
            ${col(b, (a) => a.at)}::timestamptz[])
            as t(id, risk_point_id, enterprise_id, scheme_id, lec, ls, direct, level, note, at)`,
        db,
      );
      await inBatches(
        data.measures,
        (b) => sql`
          insert into risks.control_measure (id, risk_point_id, enterprise_id, type, description, owner_post, every, unit,
            next_due_at, last_checked_at, last_result, created_at, updated_at)
          select id, risk_point_id, enterprise_id, type, description, owner_post, every, unit, next_due_at, last_checked_at, last_result, at, at
          from unnest(${col(b, (m) => m.id)}::uuid[], ${col(b, (m) => m.riskPointId)}::uuid[], ${col(b, (m) => m.enterpriseId)}::uuid[],
            ${col(b, (m) => m.type)}::text[], ${col(b, (m) => m.description)}::text[], ${col(b, (m) => m.ownerPost)}::text[],
            ${col(b, (m) => m.every)}::int[], ${col(b, (m) => m.unit)}::text[], ${col(b, (m) => m.nextDueAt)}::timestamptz[],
            ${col(b, (m) => m.lastCheckedAt)}::timestamptz[], ${col(b, (m) => m.lastResult)}::text[], ${col(b, (m) => m.at)}::timestamptz[])
            as t(id, risk_point_id, enterprise_id, type, description, owner_post, every, unit, next_due_at, last_checked_at, last_result, at)`,
        db,
      );
    },

    /** Builds the read model rows of these enterprises from their risk points. */
    refresh: (db: Db, enterpriseIds: readonly string[], at: Date) => readModel.refreshEnterprises(db, enterpriseIds, at),
  };
}
