import { z } from 'zod';
import { PLATE_COLOURS, VEHICLE_CLASSES } from './vehicles.rules.js';

export const vehicleClass = z
  .enum(VEHICLE_CLASSES)
  .describe('coach (long-distance), tourist_coach, hazardous_goods, earthwork (muck truck), concrete_mixer, heavy_freight.');
export const plateColour = z
  .enum(Object.keys(PLATE_COLOURS) as [keyof typeof PLATE_COLOURS, ...(keyof typeof PLATE_COLOURS)[]])
  .describe('Plate colour (JT/T 697.7): yellow for most commercial vehicles, blue, black, white, green (new energy), other.');

export const createBody = z.strictObject({
  plateNumber: z.string().trim().min(2).max(20).describe('Number plate, e.g. 沪A12345.'),
  plateColour,
  class: vehicleClass,
  enterpriseId: z.uuid().describe('The operating enterprise, from the directory.'),
  terminalNumber: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, '1 to 20 digits')
    .refine((v) => /[1-9]/.test(v), 'must not be all zeros')
    .describe('The terminal number (终端手机号) the terminal sends in every JT/T 808 header; leading zeros are ignored.'),
  sim: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{1,20}$/, 'the SIM card number (ICCID or MSISDN), up to 20 digits')
    .optional(),
});

const positionView = z.object({
  time: z.iso.datetime().describe('The terminal’s GNSS time.'),
  receivedAt: z.iso.datetime(),
  lat: z.number().describe('WGS-84 degrees, as the terminal reports.'),
  lng: z.number(),
  altitudeM: z.number().int(),
  speedKmh: z.number(),
  direction: z.number().int().describe('0–359, north = 0, clockwise.'),
  alarm: z.number().int().describe('The JT/T 808 alarm-flag DWORD (unsigned).'),
  status: z.number().int().describe('The JT/T 808 status DWORD (unsigned).'),
  mileageKm: z.number().nullable().describe('Odometer (additional item 0x01).'),
});

export const vehicleView = z.object({
  id: z.uuid(),
  plateNumber: z.string(),
  plateColour,
  class: vehicleClass,
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  terminalNumber: z.string(),
  sim: z.string().nullable(),
  createdAt: z.iso.datetime(),
  terminal: z
    .object({
      edition: z.enum(['2013', '2019']).describe('JT/T 808 edition of the terminal’s headers.'),
      registeredAt: z.iso.datetime(),
      authenticatedAt: z.iso.datetime().nullable(),
    })
    .nullable()
    .describe('How the terminal last registered; null before it ever has.'),
  latest: positionView.nullable().describe('The newest stored position.'),
  abilities: z.object({ readTrack: z.boolean() }).describe('What the caller may do with it.'),
});

export const vehiclePage = z.object({
  items: z.array(vehicleView),
  total: z.number().int(),
  abilities: z.object({ create: z.boolean() }),
});

export const listQuery = z.strictObject({
  q: z.string().trim().min(1).max(20).optional().describe('Part of a plate number or terminal number.'),
  class: vehicleClass.optional(),
  enterpriseId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const idParams = z.strictObject({ id: z.uuid() });

export const trackQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).describe('Start of the range (terminal time), inclusive.'),
  to: z.iso.datetime({ offset: true }).describe('End of the range, exclusive; at most 31 days after from.'),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});

export const trackView = z.object({
  vehicleId: z.uuid(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  positions: z.array(
    positionView.extend({
      backfill: z.boolean().describe('Sent as a blind-area back-fill.'),
      items: z.string().nullable().describe('JT/T 808 additional items as sent, hex.'),
    }),
  ),
  truncated: z.boolean().describe('More positions lie in the range than the limit returned.'),
});
