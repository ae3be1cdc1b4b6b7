import { z } from 'zod';
import { grade, source, status } from './hazards.schemas.js';

export const statisticsQuery = z.strictObject({
  areaId: z.uuid().optional().describe('An area in your scope; defaults to the area you govern.'),
  closedFrom: z.iso.date().optional().describe('First day (CST) of the closure period; default 12 months ago.'),
  closedTo: z.iso.date().optional().describe('Last day (CST) of the closure period; default today.'),
});

const counted = { count: z.number().int(), open: z.number().int() };

export const statisticsView = z
  .object({
    area: z.object({ id: z.uuid(), name: z.string() }),
    generatedAt: z.iso.datetime(),
    totals: z.object({
      all: z.number().int(),
      open: z.number().int(),
      closed: z.number().int(),
      dismissed: z.number().int(),
      major: z.number().int(),
      majorOpen: z.number().int(),
      overdue: z.number().int(),
      supervised: z.number().int(),
      productionStopped: z.number().int(),
    }),
    byStatus: z.array(z.object({ status, count: z.number().int() })),
    byGrade: z.array(z.object({ grade: z.union([grade, z.literal('unassessed')]), ...counted })),
    bySource: z.array(z.object({ source, ...counted })),
    byIndustry: z.array(z.object({ trade: z.string().describe('The enterprise’s trade, or other.'), ...counted })),
    byArea: z.array(
      z.object({
        area: z.object({ id: z.uuid(), name: z.string() }),
        count: z.number().int(),
        open: z.number().int(),
        major: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
    closure: z.object({
      from: z.iso.date(),
      to: z.iso.date(),
      closed: z.number().int(),
      withDeadline: z.number().int(),
      onTime: z.number().int(),
      onTimeRate: z.number().nullable().describe('Rectified by the deadline / closed with a deadline.'),
      meanDaysToClose: z.number().nullable(),
    }),
  })
  .describe('The street dashboard: current counts from the read model, overdue now, closures in a period.');

export const quarterlyQuery = z.strictObject({
  enterpriseId: z.uuid(),
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4),
});

const byGrade = z.object({ general: z.number().int(), major: z.number().int(), total: z.number().int() });

export const quarterlyView = z
  .object({
    enterprise: z.object({ id: z.uuid(), name: z.string(), creditCode: z.string().nullable() }),
    year: z.number().int(),
    quarter: z.number().int(),
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    dueBy: z.iso.date().describe('Due by the 15th of the month after the quarter (16号令 Art. 14).'),
    found: byGrade,
    bySource: z.array(z.object({ source, count: z.number().int() })),
    rectified: byGrade.describe('Of those found in the quarter, closed by its end.'),
    rate: z.number().nullable(),
    carriedOver: z.object({ fromBefore: z.number().int(), openAtEnd: z.number().int() }),
    major: z.object({ listedForSupervision: z.number().int(), underTreatment: z.number().int(), funding: z.string() }),
    overdueAtEnd: z.number().int(),
    rows: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        grade: grade.nullable(),
        source,
        status,
        discoveredAt: z.iso.datetime(),
        deadline: z.iso.datetime().nullable(),
        closedAt: z.iso.datetime().nullable(),
      }),
    ),
  })
  .describe('The enterprise’s quarterly hazard investigation and treatment statistics table (隐患排查治理情况统计表).');
