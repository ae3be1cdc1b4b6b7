import { z } from 'zod';
import { VEHICLE_CLASSES } from '../vehicles/index.js';
import { ALARM_STATUSES, HANDLING_ACTIONS, VERDICTS } from './alarms.rules.js';
import { ALARM_RULES } from './engine/index.js';

const status = z
  .enum(ALARM_STATUSES)
  .describe('open (to verify), confirmed, false_positive, notified (the enterprise has a deadline), handling, closed.');
const rule = z.enum(ALARM_RULES).describe('The rule broken: overspeed, fatigue_continuous, night_ban, forbidden_zone, …');

export const alarmView = z.object({
  id: z.uuid(),
  vehicleId: z.uuid(),
  plateNumber: z.string(),
  plateColour: z.string(),
  vehicleClass: z.enum(VEHICLE_CLASSES).nullable(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  rule: z.string().describe('One of the rule engine’s rules.'),
  severity: z.enum(['high', 'medium', 'low']),
  status,
  startedAt: z.iso.datetime().describe('When the episode began (terminal GNSS time).'),
  endedAt: z.iso.datetime().nullable().describe('When the condition ended; null while it lasts.'),
  peak: z.number().describe('The worst value in the episode: highest speed, minutes driven, metres off route…'),
  unit: z.string().describe('km/h, min, m or count.'),
  limit: z.number().nullable().describe('The threshold broken.'),
  zoneId: z.string().nullable(),
  deadline: z.iso.datetime().nullable().describe('By when the enterprise must handle and close it.'),
  overdue: z.boolean().describe('Notified or being handled, and past its deadline.'),
  escalatedAt: z.iso.datetime().nullable().describe('When the overdue alarm was escalated to the regulator.'),
  abilities: z
    .object({ verify: z.boolean(), notify: z.boolean(), handle: z.boolean(), close: z.boolean() })
    .describe('The steps the caller may take now.'),
});

const evidencePoint = z.object({ time: z.number().describe('Epoch ms.'), lat: z.number(), lng: z.number(), speedKmh: z.number() });

export const alarmDetail = alarmView.extend({
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  evidence: z.array(evidencePoint).describe('Positions around the episode, oldest first (at most 20).'),
  verifiedAt: z.iso.datetime().nullable(),
  notifiedAt: z.iso.datetime().nullable(),
  handledAt: z.iso.datetime().nullable(),
  handlingAction: z.enum(HANDLING_ACTIONS).nullable(),
  closedAt: z.iso.datetime().nullable(),
  result: z.string().nullable(),
  steps: z
    .array(
      z.object({
        step: z.string().describe('raised, ended, verify, notify, handle, close, escalated.'),
        actor: z.record(z.string(), z.unknown()),
        note: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
        at: z.iso.datetime(),
      }),
    )
    .describe('The alarm’s history, oldest first.'),
});

export const alarmPage = z.object({
  items: z.array(alarmView),
  total: z.number().int(),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.'),
});

export const listQuery = z.strictObject({
  status: status.optional(),
  rule: rule.optional(),
  enterpriseId: z.uuid().optional(),
  vehicleId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Alarms that started at or after this instant.'),
  to: z.iso.datetime({ offset: true }).optional().describe('Alarms that started before this instant.'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const idParams = z.strictObject({ id: z.uuid() });

const note = z.string().trim().min(1).max(2000);

export const verifyBody = z.strictObject({
  verdict: z.enum(VERDICTS).describe('confirmed, or false_positive (final).'),
  note: note.optional(),
});
export const notifyBody = z.strictObject({
  deadline: z.iso.datetime({ offset: true }).describe('By when the enterprise must handle and close it: after now, at most 7 days ahead.'),
  note: note.optional(),
});
export const handleBody = z.strictObject({
  action: z.enum(HANDLING_ACTIONS).describe('message_driver (TTS/SMS to the terminal), call_driver, stop_vehicle, other.'),
  note: note.describe('What was done and said.'),
  driverMessage: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe(
      'With message_driver: sent to the vehicle’s terminal as a JT/T 808 text message (0x8300), shown and read aloud (emergency for high-severity alarms); the step records what became of it (delivered, refused, unsupported, offline, no_answer).',
    ),
});
export const closeBody = z.strictObject({ result: note.describe('The outcome, e.g. the driver slowed down.') });

export const rankingQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).describe('Start of the range (terminal time), inclusive.'),
  to: z.iso.datetime({ offset: true }).describe('End of the range, exclusive; at most 31 days after from.'),
  areaId: z.uuid().optional().describe('Only enterprises below this area.'),
});

const share = z.number().min(0).max(1).nullable();
export const rankingView = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  items: z.array(
    z.object({
      enterpriseId: z.uuid(),
      enterpriseName: z.string(),
      vehicles: z.number().int(),
      onlineRate: share.describe('Vehicles with a position in the range / vehicles.'),
      trackCompleteness: share.describe(
        'Approximate: positions received / expected at a 30 s reporting interval over each reporting vehicle’s first-to-last span (capped per vehicle); parked vehicles reporting less often lower it.',
      ),
      dataValidity: share.describe(
        'Positions with a GNSS fix, coordinates in range and not (0,0), speed ≤ 220 km/h, time ≤ 10 min ahead of arrival / all.',
      ),
      driftRate: share.describe('Positions implying more than 250 km/h from the vehicle’s previous position / all.'),
      alarmsPer100: z.number().describe('Alarms started in the range (false positives excluded) per 100 vehicles.'),
      handlingRate: share.describe('Alarms being handled or closed / alarms confirmed.'),
      timelyRate: share.describe('Alarms closed by their deadline / alarms closed.'),
      overspeedPerVehicle: z.number(),
      fatigueMinutesPerVehicle: z.number().describe('Minutes of fatigue episodes (continuous and daily) per vehicle.'),
      nightBanViolations: z.number().int().describe('Episodes of driving in the 02:00–05:00 ban.'),
    }),
  ),
});

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const zoneBody = z.strictObject({
  kind: z.enum(['forbidden', 'speed_limit', 'corridor', 'expressway']),
  name: z.string().trim().min(1).max(100),
  polygon: z.array(lngLat).min(3).max(5000).optional().describe('[lng, lat] WGS-84 ring.'),
  line: z.array(lngLat).min(2).max(5000).optional().describe('[lng, lat] WGS-84 polyline; the zone is the band of halfWidthM either side.'),
  halfWidthM: z.number().positive().max(10_000).optional(),
  classes: z.array(z.enum(VEHICLE_CLASSES)).min(1).optional().describe('Applies to these classes; all when absent.'),
  window: z
    .strictObject({ from: hhmm, to: hhmm })
    .optional()
    .describe('Active in this CST window (may wrap midnight); always when absent.'),
  speedLimitKmh: z.number().positive().max(200).optional(),
});

export const zonePatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  polygon: z
    .array(lngLat)
    .min(3)
    .max(5000)
    .optional()
    .describe('[lng, lat] WGS-84 ring; replaces the geometry (a line given with it is kept, else cleared).'),
  line: z
    .array(lngLat)
    .min(2)
    .max(5000)
    .optional()
    .describe('[lng, lat] WGS-84 polyline; replaces the geometry (a polygon given with it is kept, else cleared).'),
  halfWidthM: z.number().positive().max(10_000).nullable().optional().describe('Metres either side of a line; null for the default.'),
  classes: z.array(z.enum(VEHICLE_CLASSES)).min(1).nullable().optional().describe('Applies to these classes; null for all.'),
  window: z
    .strictObject({ from: hhmm, to: hhmm })
    .nullable()
    .optional()
    .describe('Active in this CST window (may wrap midnight); null for always.'),
  speedLimitKmh: z.number().positive().max(200).nullable().optional().describe('Posted limit; required by a speed-limited segment.'),
});

export const retireBody = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('Why the zone no longer applies (road reopened, order lifted…).'),
});

export const zoneView = z.object({
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  polygon: z.array(z.tuple([z.number(), z.number()])).nullable(),
  line: z.array(z.tuple([z.number(), z.number()])).nullable(),
  halfWidthM: z.number().nullable(),
  classes: z.array(z.string()).nullable(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  speedLimitKmh: z.number().nullable(),
  areaId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable().describe('When it stopped being applied; null while it applies.'),
  retiredReason: z.string().nullable(),
});
export const zoneList = z.object({ items: z.array(zoneView) });
