import { z } from 'zod';
import {
  ACCIDENT_TYPE_CODES,
  FACTOR_CLASS_CODES,
  FREQUENCY_UNITS,
  MEASURE_TYPES,
  RISK_LEVELS,
  RISK_POINT_KINDS,
  TIER_DUTIES,
} from './risks.reference.js';

// ---- building blocks ------------------------------------------------------------------------------

export const level = z
  .enum(RISK_LEVELS)
  .describe('Risk level: major (red 重大), high (orange 较大), moderate (yellow 一般), low (blue 低).');
const named = z.object({ 'zh-CN': z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(300) });
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const location = z.strictObject({ lng, lat }).describe('A WGS-84 point.');

const closedRing = (ring: [number, number][]) => {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
};
export const outline = z
  .strictObject({
    type: z.literal('Polygon'),
    coordinates: z
      .array(
        z
          .array(z.tuple([lng, lat]))
          .min(4)
          .max(500)
          .refine(closedRing, 'a ring must end where it starts'),
      )
      .min(1)
      .max(5),
  })
  .describe('The risk point’s extent as a GeoJSON Polygon (RFC 7946), WGS-84.');

export const hazardSource = z.strictObject({
  accidentType: z.enum(ACCIDENT_TYPE_CODES).describe('The accident type it could lead to (GB 6441-86, 20 types).'),
  factor: z.enum(FACTOR_CLASS_CODES).nullable().default(null).describe('GB/T 13861 factor class, when known.'),
  description: z.string().trim().min(1).max(500).describe('What the hazard is, e.g. 叉车与行人混行.'),
});

const frequency = z
  .strictObject({ every: z.number().int().min(1).max(366), unit: z.enum(FREQUENCY_UNITS) })
  .describe('How often the measure is checked, e.g. every 1 week.');

const owner = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('person'), personId: z.uuid() }),
    z.strictObject({ kind: z.literal('post'), post: z.string().trim().min(1).max(100).describe('A post, e.g. 仓库班组长.') }),
  ])
  .describe('Who answers for the measure: a named person or a post.');

// ---- requests ---------------------------------------------------------------------------------------

export const idParams = z.strictObject({ id: z.uuid() });

export const createPointBody = z.strictObject({
  kind: z.enum(RISK_POINT_KINDS).describe('A place, installation or area (场所/设施/部位), or an activity (作业活动).'),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).default(''),
  location: location.nullable().default(null),
  outline: outline.nullable().default(null),
  hazardSources: z.array(hazardSource).max(30).default([]),
});

export const updatePointBody = z
  .strictObject({
    kind: z.enum(RISK_POINT_KINDS).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().max(2000).optional(),
    location: location.nullable().optional(),
    outline: outline.nullable().optional(),
    hazardSources: z.array(hazardSource).max(30).optional().describe('Replaces the whole list.'),
  })
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const methods = {
  lec: z
    .strictObject({ l: z.number().positive(), e: z.number().positive(), c: z.number().positive() })
    .optional()
    .describe('LEC: values from the scheme’s L, E and C tables; D = L × E × C.'),
  ls: z
    .strictObject({ l: z.number().int().min(1).max(5), s: z.number().int().min(1).max(5) })
    .optional()
    .describe('LS matrix: likelihood and severity 1–5; R = L × S.'),
  direct: z
    .strictObject({ level, basis: z.string().trim().min(1).max(500).describe('Why, e.g. 构成重大危险源.') })
    .optional()
    .describe('Direct determination (直接判定).'),
};

export const gradeBody = z.strictObject(methods);
export const assessBody = z.strictObject({ ...methods, note: z.string().trim().max(1000).optional() });

export const measureBody = z.strictObject({
  type: z.enum(MEASURE_TYPES),
  description: z.string().trim().min(1).max(500),
  owner,
  frequency,
});
export const updateMeasureBody = z
  .strictObject({
    type: z.enum(MEASURE_TYPES).optional(),
    description: z.string().trim().min(1).max(500).optional(),
    owner: owner.optional(),
    frequency: frequency.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'change at least one field');

export const checkBody = z.strictObject({
  result: z.enum(['passed', 'failed']),
  note: z.string().trim().max(1000).optional().describe('What was seen; required when the check failed.'),
  checkedAt: z.iso.datetime({ offset: true }).optional().describe('When the check was made; now when absent. Not in the future.'),
  major: z.boolean().default(false).describe('When failed: the finding is proposed as a major hazard.'),
});

/** The scheme's content: strict for requests (unknown keys refused), plain for responses. */
function schemeShape(strict: boolean) {
  const obj = strict ? z.strictObject : z.object;
  const interval = obj({
    lower: z.number().nullable().describe('null: unbounded below.'),
    lowerInclusive: z.boolean(),
    upper: z.number().nullable().describe('null: unbounded above.'),
    upperInclusive: z.boolean(),
  });
  const band = obj({ interval, level, grade: z.string().trim().min(1).max(10), meaning: named });
  const tableValue = obj({ value: z.number(), meaning: named });
  const tierRow = obj({
    company: z.enum(TIER_DUTIES),
    department: z.enum(TIER_DUTIES),
    team: z.enum(TIER_DUTIES),
    post: z.enum(TIER_DUTIES),
  });
  return {
    lec: obj({
      likelihood: z.array(tableValue).max(12),
      exposure: z.array(tableValue).max(12),
      consequence: z.array(tableValue).max(12),
      bands: z.array(band).max(10).describe('From the lowest D up; they must tile the number line.'),
    }),
    ls: obj({
      likelihood: z.array(tableValue).max(5),
      severity: z.array(tableValue).max(5),
      bands: z.array(band).max(10).describe('From the lowest R up; they must tile the number line.'),
      matrix: strict
        ? z.array(z.array(level).max(5)).max(5).optional().describe('matrix[L-1][S-1]; drawn from the bands when absent.')
        : z.array(z.array(level)).describe('matrix[L-1][S-1]: the level of each cell.'),
    }),
    tiers: obj({ major: tierRow, high: tierRow, moderate: tierRow, low: tierRow }).describe(
      'For each level, what each management tier does about its controls: owns, implements, supervises or none.',
    ),
  };
}

export const schemeContent = z.strictObject(schemeShape(true));

export const publishBody = schemeContent.extend({
  areaId: z.uuid().describe('The area the version is for: one the caller governs.'),
  note: z.string().trim().max(500).optional(),
});

export const schemeQuery = z.strictObject({
  areaId: z.uuid().optional().describe('The area whose versions to list; the caller’s own area when absent.'),
});

export const dueQuery = z.strictObject({
  enterpriseId: z.uuid().optional(),
  areaId: z.uuid().optional(),
  withinDays: z.coerce.number().int().min(0).max(366).default(7).describe('Include checks due within this many days (and all overdue).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const mapQuery = z.strictObject({
  areaId: z.uuid().optional().describe('Only enterprises in this area or below; all the caller may see when absent.'),
  levels: z
    .string()
    .regex(/^(major|high|moderate|low|none)(,(major|high|moderate|low|none))*$/)
    .optional()
    .describe('Comma-separated highest levels to include; `none` for enterprises not yet assessed. All when absent.'),
});

export const overviewQuery = z.strictObject({ areaId: z.uuid().optional() });

// ---- responses --------------------------------------------------------------------------------------

const ref = z.object({ id: z.uuid(), name: z.string() });
const counts = z
  .object({ major: z.number().int(), high: z.number().int(), moderate: z.number().int(), low: z.number().int() })
  .describe('How many, per level.');
const dueState = z.enum(['overdue', 'due', 'scheduled']);

export const assessmentView = z.object({
  id: z.uuid(),
  scheme: z.object({ id: z.uuid(), version: z.number().int(), areaId: z.uuid().nullable() }).describe('The scheme version used.'),
  lec: z.object({ l: z.number(), e: z.number(), c: z.number(), d: z.number(), level, grade: z.string() }).nullable(),
  ls: z.object({ l: z.number().int(), s: z.number().int(), r: z.number().int(), level, grade: z.string() }).nullable(),
  direct: z.object({ level, basis: z.string() }).nullable(),
  level,
  decidedBy: z.array(z.enum(['lec', 'ls', 'direct'])).describe('The methods that gave the level (the stricter wins).'),
  note: z.string().nullable(),
  assessedAt: z.iso.datetime(),
  assessedBy: ref.nullable(),
});

export const measureView = z.object({
  id: z.uuid(),
  riskPointId: z.uuid(),
  type: z.enum(MEASURE_TYPES),
  description: z.string(),
  owner: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('person'), personId: z.uuid(), name: z.string() }),
    z.object({ kind: z.literal('post'), post: z.string() }),
  ]),
  frequency,
  nextDueAt: z.iso.datetime(),
  due: dueState.describe('overdue, due within the next 7 days, or scheduled later.'),
  lastCheckedAt: z.iso.datetime().nullable(),
  lastResult: z.enum(['passed', 'failed']).nullable(),
});

const tierSet = z.object({
  owns: z.array(z.enum(['company', 'department', 'team', 'post'])),
  implements: z.array(z.enum(['company', 'department', 'team', 'post'])),
  supervises: z.array(z.enum(['company', 'department', 'team', 'post'])),
});

export const riskPointView = z.object({
  id: z.uuid(),
  enterpriseId: z.uuid(),
  kind: z.enum(RISK_POINT_KINDS),
  name: z.string(),
  description: z.string(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  outline: outline.nullable(),
  level: level.nullable().describe('Of the latest assessment; null until assessed.'),
  hazardSources: z.array(
    z.object({ accidentType: z.enum(ACCIDENT_TYPE_CODES), factor: z.enum(FACTOR_CLASS_CODES).nullable(), description: z.string() }),
  ),
  assessment: assessmentView.nullable().describe('The latest assessment.'),
  controlTiers: tierSet.nullable().describe('Who owns, implements and supervises the controls at this level, by the scheme in force.'),
  measures: z.array(measureView),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
});

const abilities = z
  .object({
    edit: z.boolean().describe('Add and change risk points, assessments and measures.'),
    recordCheck: z.boolean().describe('Record checks of control measures.'),
  })
  .describe('What the caller may do here; the web app shows actions from these only.');

const enterpriseRef = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  areaId: z.uuid().nullable(),
  areaName: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
});

const schemeRef = z.object({ id: z.uuid(), version: z.number().int(), areaId: z.uuid().nullable(), areaName: z.string().nullable() });

export const register = z.object({
  enterprise: enterpriseRef,
  level: level.nullable().describe('The highest current level of its risk points.'),
  counts: counts.extend({ unassessed: z.number().int() }).describe('Risk points in force, per level.'),
  scheme: schemeRef.describe('The scheme in force for the enterprise.'),
  riskPoints: z.array(riskPointView),
  abilities,
});

export const checkView = z.object({
  id: z.uuid(),
  measureId: z.uuid(),
  result: z.enum(['passed', 'failed']),
  note: z.string().nullable(),
  checkedAt: z.iso.datetime(),
  checkedBy: ref.nullable(),
  hazard: z.object({ id: z.uuid(), code: z.string() }).nullable().describe('The hazard a failed check was registered as.'),
});

export const pointDetail = riskPointView.extend({
  enterprise: enterpriseRef,
  scheme: schemeRef,
  assessments: z.array(assessmentView).describe('Newest first.'),
  checks: z.array(checkView).describe('The latest 50 checks of its measures, newest first.'),
  abilities,
});

export const checkResult = z.object({ check: checkView, measure: measureView });

export const duePage = z.object({
  items: z.array(
    z.object({
      measure: measureView,
      riskPoint: z.object({ id: z.uuid(), name: z.string(), level: level.nullable() }),
      enterprise: z.object({ id: z.uuid(), name: z.string() }),
    }),
  ),
  total: z.number().int(),
  overdue: z.number().int().describe('Of the total, how many are overdue.'),
});

export const schemeView = z.object({
  ...schemeShape(false),
  id: z.uuid(),
  areaId: z.uuid().nullable().describe('null: the national default.'),
  areaName: z.string().nullable(),
  version: z.number().int(),
  note: z.string().nullable(),
  publishedAt: z.iso.datetime(),
  publishedBy: ref.nullable(),
});

export const schemeList = z.object({
  area: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  effective: schemeView.describe('The version in force for the area (its own, an ancestor’s, or the national default).'),
  items: z.array(schemeView).describe('Versions published for this very area, newest first.'),
  abilities: z.object({ publish: z.boolean() }),
});

export const gradeResult = assessmentView.pick({ lec: true, ls: true, direct: true, level: true, decidedBy: true });

export const mapItems = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      lng: z.number(),
      lat: z.number(),
      level: level.nullable().describe('Highest current level; null when not yet assessed.'),
      counts: counts,
    }),
  ),
  total: z.number().int().describe('Enterprises listed.'),
  unlocated: z.number().int().describe('Enterprises matching the filter that have no location and so are not listed.'),
});

const areaCounts = z.object({
  enterprises: counts
    .extend({ none: z.number().int().describe('Not yet assessed.'), total: z.number().int() })
    .describe('Enterprises by their highest level.'),
  riskPoints: counts.extend({ unassessed: z.number().int(), total: z.number().int() }),
});

export const overview = areaCounts.extend({
  area: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  checks: z.object({ overdue: z.number().int(), dueWithin7Days: z.number().int() }).describe('Control checks of these enterprises.'),
  byArea: z
    .array(areaCounts.extend({ areaId: z.uuid(), name: z.string(), nameEn: z.string().nullable(), level: z.string() }))
    .describe('The same counts for each child area.'),
});

export const reference = z.object({
  accidentTypes: z.array(z.object({ code: z.enum(ACCIDENT_TYPE_CODES), number: z.number().int(), name: named })),
  factorClasses: z.array(z.object({ code: z.enum(FACTOR_CLASS_CODES), name: named })),
  levels: z.array(z.object({ code: level, colour: z.string(), hex: z.string(), name: named })),
  measureTypes: z.array(z.object({ code: z.enum(MEASURE_TYPES), name: named })),
  tiers: z.array(z.object({ code: z.enum(['company', 'department', 'team', 'post']), name: named })),
});
