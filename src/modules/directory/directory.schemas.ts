import { z } from 'zod';

export const areaLevel = z.enum(['city', 'district', 'street', 'community', 'grid']).describe('Level in the jurisdiction tree.');
export const trade = z
  .enum(['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport'])
  .describe('Trade, as grouped for supervision.');
export const organisationKind = z.enum(['regulator', 'enterprise', 'provider', 'mutual_aid_group', 'rescue_team']);
export const enterpriseSize = z.enum(['large', 'medium', 'small', 'micro']);

const position = z.tuple([z.number(), z.number()]);
export const geometry = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
  ])
  .describe('GeoJSON geometry, WGS-84 longitude/latitude.');

export const areaFeatureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.uuid(),
        geometry: geometry.nullable(),
        properties: z.object({
          id: z.uuid(),
          parentId: z.uuid().nullable(),
          level: areaLevel,
          code: z.string().describe('Administrative code: GB/T 2260 (6 digits) for district and above, 9 for streets, 12 for communities.'),
          name: z.string(),
          nameEn: z.string().nullable(),
        }),
      }),
    ),
  })
  .describe('Every area of the jurisdiction as GeoJSON (RFC 7946).');

export const directorySummary = z.object({
  areas: z.record(z.string(), z.number().int()).describe('Number of areas at each level.'),
  enterprises: z.object({ total: z.number().int(), byTrade: z.record(z.string(), z.number().int()) }),
  organisations: z.record(z.string(), z.number().int()).describe('Number of organisations of each kind other than enterprises.'),
});

export const enterpriseQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Part of the name or of the unified social credit code.'),
  trade: trade.optional(),
  areaId: z.uuid().optional().describe('Only enterprises in this area or below it.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** An enterprise as lists show it, without what the caller may do with it. */
const enterpriseBase = z.object({
  id: z.uuid(),
  name: z.string(),
  nameEn: z.string().nullable(),
  creditCode: z.string().nullable().describe('Unified social credit code (GB 32100).'),
  trade: trade.nullable(),
  size: enterpriseSize.nullable(),
  areaId: z.uuid().nullable().describe('The grid the enterprise is in.'),
  areaName: z.string().nullable(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  usesHazardousChemicals: z.boolean(),
});

export const enterpriseAbilities = z
  .object({ edit: z.boolean().describe('The caller may change the register record (PATCH /api/v1/enterprises/{id}).') })
  .describe('What the caller may do with this enterprise; the web app shows actions from these only.');

export const enterpriseListItem = enterpriseBase.extend({ abilities: enterpriseAbilities });

export const enterprisePage = z.object({ items: z.array(enterpriseListItem), total: z.number().int() });

export const organisationDetail = enterpriseBase.omit({ trade: true }).extend({ kind: organisationKind, trade: trade.nullable() });
export const organisationList = z.object({ items: z.array(organisationDetail) });

export const exportQuery = enterpriseQuery.omit({ limit: true, offset: true });

export const boundaryBody = z.strictObject({ boundary: geometry });
export const boundaryResult = z.object({
  areaId: z.uuid(),
  enterprisesMoved: z.number().int().describe('Enterprises re-placed in another area by the new boundary.'),
});
export const areaParams = z.strictObject({ id: z.uuid() });

export const createEnterpriseBody = z.strictObject({
  creditCode: z.string().trim().min(1).max(30).describe('Unified social credit code (GB 32100); its check character is verified.'),
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(300).optional(),
  address: z.string().trim().max(300).optional(),
  lng: z.number().min(73).max(136).optional().describe('WGS-84 longitude; with lat, places the enterprise in its grid.'),
  lat: z.number().min(3).max(54).optional(),
  areaId: z.uuid().optional().describe('The area, when there is no location.'),
  industryCode: z
    .string()
    .regex(/^[A-T]?\d{4}$/, 'a GB/T 4754 class code, e.g. 2614 or C2614')
    .optional(),
  trade: trade.optional(),
  size: enterpriseSize.optional(),
  usesHazardousChemicals: z.boolean().default(false),
  supervisionClass: z.enum(['A', 'B', 'C', 'D']).optional(),
  licences: z
    .array(
      z.strictObject({
        kind: z.string().trim().min(1).max(100),
        number: z.string().trim().min(1).max(100),
        validUntil: z.iso.date().optional(),
      }),
    )
    .max(20)
    .default([]),
  principalName: z.string().trim().min(1).max(100).optional(),
  safetyManagerName: z.string().trim().min(1).max(100).optional(),
});

const licence = z.strictObject({
  kind: z.string().trim().min(1).max(100).describe('What the licence is, e.g. 危险化学品经营许可证.'),
  number: z.string().trim().min(1).max(100),
  validUntil: z.iso.date().nullable().optional().describe('Last day of validity (YYYY-MM-DD).'),
});
const clearable = (schema: z.ZodString) => schema.nullable().optional().describe('null clears it.');

export const editEnterpriseBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    nameEn: clearable(z.string().trim().min(1).max(300)),
    address: clearable(z.string().trim().min(1).max(300)),
    lng: z
      .number()
      .min(73)
      .max(136)
      .nullable()
      .optional()
      .describe('WGS-84 longitude; with lat (both or neither; null clears both). A new location re-places the enterprise in its grid.'),
    lat: z.number().min(3).max(54).nullable().optional(),
    areaId: z.uuid().optional().describe('The area by hand: only for an enterprise without a location.'),
    industryCode: clearable(z.string().regex(/^[A-T]?\d{4}$/, 'a GB/T 4754 class code, e.g. 2614 or C2614')),
    trade: trade.nullable().optional(),
    size: enterpriseSize.nullable().optional(),
    usesHazardousChemicals: z.boolean().optional(),
    supervisionClass: z.enum(['A', 'B', 'C', 'D']).nullable().optional(),
    licences: z.array(licence).max(20).optional().describe('Replaces the whole list.'),
    principalName: clearable(z.string().trim().min(1).max(100)),
    safetyManagerName: clearable(z.string().trim().min(1).max(100)),
  })
  .describe('The register fields to change; a field left out stays as it is. The credit code cannot be changed.');

export const enterpriseParams = z.strictObject({ id: z.uuid() });

export const areaTree = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      parentId: z.uuid().nullable(),
      level: areaLevel,
      code: z.string().describe('Administrative code: GB/T 2260 (6 digits) for district and above, 9 for streets, 12 for communities.'),
      name: z.string(),
      nameEn: z.string().nullable(),
      enterprises: z.number().int().describe('Enterprises registered in this area and every area below it.'),
      hasBoundary: z.boolean(),
    }),
  ),
});

export const enterpriseDetail = enterpriseListItem.extend({
  industryCode: z.string().nullable(),
  supervisionClass: z.enum(['A', 'B', 'C', 'D']).nullable(),
  licences: z.array(z.object({ kind: z.string(), number: z.string(), validUntil: z.string().nullable() })),
  principalName: z.string().nullable(),
  safetyManagerName: z.string().nullable(),
});

export const organisationQuery = z.strictObject({
  kind: organisationKind.optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const organisationChoices = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable(), kind: organisationKind })),
});

export const organisationRecord = organisationDetail.extend({
  industryCode: z.string().nullable(),
  supervisionClass: z.enum(['A', 'B', 'C', 'D']).nullable(),
  licences: z.array(z.object({ kind: z.string(), number: z.string(), validUntil: z.string().nullable() })),
  principalName: z.string().nullable(),
  safetyManagerName: z.string().nullable(),
  abilities: z.object({
    readHistory: z.boolean().describe('The caller may read the change history (audit trail) of this organisation.'),
    edit: z.boolean().describe('The caller may change the register record (PATCH /api/v1/enterprises/{id}).'),
  }),
});
