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

/** At most this many drivers per vehicle (two shifts of relay drivers, with room to spare). */
export const MAX_DRIVERS_PER_VEHICLE = 10;

export const updateBody = z.strictObject({
  relayExempt: z
    .boolean()
    .optional()
    .describe('接驳运输: a long-distance coach run in relays, exempt from the 02:00–05:00 stop. Only for class coach.'),
  routeZoneId: z.uuid().nullable().optional().describe('The approved route: a geofence of kind corridor; null for none.'),
  driverIds: z
    .array(z.uuid())
    .max(MAX_DRIVERS_PER_VEHICLE)
    .optional()
    .describe('The drivers of the vehicle, replacing those before: active drivers of the same operating enterprise.'),
  sim: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{1,20}$/, 'the SIM card number (ICCID or MSISDN), up to 20 digits')
    .nullable()
    .optional()
    .describe('The SIM card number; null to clear it.'),
});

const qualificationCode = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{1,20}$/, '1 to 20 letters and digits')
  .describe('从业资格证号, as the terminal reads it from the driver’s IC card (0x0702); letters are kept in capitals.');

export const createDriverBody = z.strictObject({
  enterpriseId: z.uuid().describe('The operating enterprise the driver works for.'),
  name: z.string().trim().min(1).max(50).describe('The driver’s name.'),
  qualificationCode,
});

export const updateDriverBody = z.strictObject({
  name: z.string().trim().min(1).max(50).optional(),
  active: z.boolean().optional().describe('false when the driver has left: they are taken off every vehicle.'),
});

export const driverView = z.object({
  id: z.uuid(),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  name: z.string(),
  qualificationCode: z.string(),
  active: z.boolean(),
  vehicles: z.array(z.object({ id: z.uuid(), plateNumber: z.string() })).describe('The vehicles the driver is assigned to.'),
  createdAt: z.iso.datetime(),
  abilities: z.object({ update: z.boolean() }),
});

export const driverPage = z.object({
  items: z.array(driverView),
  total: z.number().int(),
  abilities: z.object({ create: z.boolean() }),
});

export const driverListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional().describe('Part of a name or a qualification certificate number.'),
  enterpriseId: z.uuid().optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const routeList = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string() })).describe('Approved routes (geofences of kind corridor).'),
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
  relayExempt: z.boolean().describe('接驳运输: exempt from the 02:00–05:00 stop.'),
  route: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('The approved route (a corridor geofence).'),
  drivers: z.array(z.object({ id: z.uuid(), name: z.string(), qualificationCode: z.string() })).describe('The assigned drivers.'),
  currentDriver: z
    .object({ name: z.string().nullable(), qualificationCode: z.string().nullable(), since: z.iso.datetime() })
    .nullable()
    .describe('Whose IC card is in the terminal (0x0702), if any: the newest card inserted and not removed since.'),
  updatedAt: z.iso.datetime(),
  abilities: z.object({ readTrack: z.boolean(), update: z.boolean() }).describe('What the caller may do with it.'),
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
