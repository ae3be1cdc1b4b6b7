/** Rows as the API shows them. Pure: names and "now" come in as arguments. */
import type { CheckRow, MeasureRow } from './controls.repository.js';
import type { Enterprise, Scheme } from './risks.guard.js';
import type { AccidentType, FactorClass, RiskLevel } from './risks.reference.js';
import type { AssessmentRow, PointRow } from './risks.repository.js';
import { controlTiers, dueState, type Graded } from './risks.rules.js';

/** Checks due within this many days count as "due" (else "scheduled"). */
export const DUE_HORIZON_DAYS = 7;
const HORIZON_MS = DUE_HORIZON_DAYS * 86_400_000;

type Names = ReadonlyMap<string, string>;
const person = (id: string | null, names: Names) => (id ? { id, name: names.get(id) ?? '' } : null);

/** The methods whose level equals the assessment's (the stricter wins). */
export function decidedBy(a: Pick<Graded, 'lec' | 'ls' | 'direct' | 'level'>): ('lec' | 'ls' | 'direct')[] {
  return (['lec', 'ls', 'direct'] as const).filter((m) => a[m]?.level === a.level);
}

export function assessmentView(a: AssessmentRow, names: Names) {
  return {
    id: a.id,
    scheme: { id: a.scheme_id, version: a.scheme_version, areaId: a.scheme_area_id },
    lec: a.lec,
    ls: a.ls,
    direct: a.direct,
    level: a.level,
    decidedBy: decidedBy(a),
    note: a.note,
    assessedAt: a.assessed_at.toISOString(),
    assessedBy: person(a.assessed_by, names),
  };
}

export function measureView(m: Omit<MeasureRow, 'retired_at' | 'enterprise_id'>, names: Names, now: Date) {
  return {
    id: m.id,
    riskPointId: m.risk_point_id,
    type: m.type,
    description: m.description,
    owner: m.owner_person_id
      ? { kind: 'person' as const, personId: m.owner_person_id, name: names.get(m.owner_person_id) ?? '' }
      : { kind: 'post' as const, post: m.owner_post ?? '' },
    frequency: { every: m.every, unit: m.unit },
    nextDueAt: m.next_due_at.toISOString(),
    due: dueState(m.next_due_at, now, HORIZON_MS),
    lastCheckedAt: m.last_checked_at?.toISOString() ?? null,
    lastResult: m.last_result,
  };
}

export function checkView(c: CheckRow, names: Names) {
  return {
    id: c.id,
    measureId: c.measure_id,
    result: c.result,
    note: c.note,
    checkedAt: c.checked_at.toISOString(),
    checkedBy: person(c.checked_by, names),
    hazard: c.hazard_id ? { id: c.hazard_id, code: c.hazard_code ?? '' } : null,
  };
}

export function pointView(
  p: PointRow,
  parts: {
    sources: { accidentType: AccidentType; factor: FactorClass | null; description: string }[];
    assessment: ReturnType<typeof assessmentView> | null;
    measures: ReturnType<typeof measureView>[];
    scheme: Scheme;
  },
) {
  return {
    id: p.id,
    enterpriseId: p.enterprise_id,
    kind: p.kind,
    name: p.name,
    description: p.description,
    location: p.lng !== null && p.lat !== null ? { lng: p.lng, lat: p.lat } : null,
    outline: p.outline,
    level: p.level,
    hazardSources: parts.sources,
    assessment: parts.assessment,
    controlTiers: p.level ? controlTiers(parts.scheme.tiers, p.level) : null,
    measures: parts.measures,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    retiredAt: p.retired_at?.toISOString() ?? null,
  };
}

export const enterpriseView = (e: Enterprise) => ({
  id: e.id,
  name: e.name,
  nameEn: e.nameEn,
  areaId: e.areaId,
  areaName: e.areaName,
  address: e.address,
  lng: e.lng,
  lat: e.lat,
});

export function schemeView(s: Scheme, areaName: string | null, names: Names) {
  return {
    id: s.id,
    areaId: s.areaId,
    areaName,
    version: s.version,
    note: s.note,
    publishedAt: s.publishedAt.toISOString(),
    publishedBy: person(s.publishedBy, names),
    lec: s.lec,
    ls: s.ls,
    tiers: s.tiers,
  };
}

export const emptyCounts = (): Record<RiskLevel, number> => ({ major: 0, high: 0, moderate: 0, low: 0 });
