import { z } from 'zod';
import { SERVICES } from './entrustment.rules.js';

export const service = z.enum(SERVICES).describe('Entrusted service.');
export const effectiveStatus = z
  .enum(['upcoming', 'in_force', 'suspended', 'ended', 'expired'])
  .describe('State at this instant: the regulator’s decision read against the validity period.');
const money = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, 'a decimal amount of yuan with at most two decimals, e.g. 128000.00')
  .describe('Contract value in yuan (CNY), as a decimal string.');

export const createBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  providerId: z.uuid().describe('The service provider entrusted.'),
  services: z.array(service).min(1).max(SERVICES.length),
  target: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('enterprises'), enterpriseIds: z.array(z.uuid()).min(1).max(5000) }),
    z.strictObject({ kind: z.literal('area'), areaId: z.uuid() }),
  ]),
  validFrom: z.iso.datetime({ offset: true }),
  validUntil: z.iso.datetime({ offset: true }),
  contractValue: money,
  deliverables: z.array(z.string().trim().min(1).max(300)).max(50).default([]),
});

export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const optionalReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

export const entrustmentView = z.object({
  id: z.uuid(),
  code: z.string().describe('Verification code; anyone can check the entrustment at /verify/<code>.'),
  title: z.string(),
  regulator: z.object({ id: z.uuid(), name: z.string() }),
  provider: z.object({ id: z.uuid(), name: z.string() }),
  services: z.array(service),
  target: z.union([
    z.object({ kind: z.literal('enterprises'), enterpriseCount: z.number().int() }),
    z.object({ kind: z.literal('area'), areaId: z.uuid(), areaName: z.string(), enterpriseCount: z.number().int() }),
  ]),
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  contractValue: money,
  deliverables: z.array(z.string()),
  status: effectiveStatus,
  statusReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  abilities: z.object({ suspend: z.boolean(), resume: z.boolean(), end: z.boolean() }).describe('What the caller may do with it now.'),
});

export const entrustmentDetail = entrustmentView.extend({
  enterprises: z.array(z.object({ id: z.uuid(), name: z.string(), creditCode: z.string().nullable(), areaName: z.string().nullable() })),
});

export const listQuery = z.strictObject({
  status: effectiveStatus.optional(),
  providerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const entrustmentPage = z.object({ items: z.array(entrustmentView), total: z.number().int() });
export const entrustmentList = z.object({ items: z.array(entrustmentView) });
export const idParams = z.strictObject({ id: z.uuid() });
export const codeParams = z.strictObject({ code: z.string().min(8).max(16) });
export const verifyQuery = z.strictObject({ creditCode: z.string().trim().length(18).optional() });

export const verification = z
  .object({
    code: z.string(),
    title: z.string(),
    regulator: z.object({ name: z.string() }),
    provider: z.object({ name: z.string() }),
    services: z.array(service),
    validFrom: z.iso.datetime(),
    validUntil: z.iso.datetime(),
    status: effectiveStatus,
    enterpriseCount: z.number().int(),
    contractValue: money,
    covers: z.boolean().optional().describe('Whether the enterprise with the given credit code is covered.'),
  })
  .describe('What anyone may check about an entrustment by its code.');

export const providerList = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable() })) });
