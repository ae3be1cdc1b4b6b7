/**
 * Demo vehicles: the six monitored classes, registered for the demo jurisdiction's enterprises in the
 * proportions of a whole city's fleet (issue 5: about 21,000 "two passengers and one danger" vehicles,
 * 6,300 earthwork trucks, 6,200 concrete mixers and 164,500 heavy freight trucks). Scale 100 is the
 * whole city (about 198,000 terminals); scale 1 is a hundredth of it. Pure generation, deterministic for a
 * seed; loaded in bulk, unaudited, as the rest of the demo.
 */
import type { Kysely } from 'kysely';
import { buildRoadNetwork, networkZones } from '../ingest/simulator/index.js';
import type { AlarmsTables } from '../modules/alarms/index.js';
import type { PlateColour, VehicleClass, VehiclesModule, VehiclesTables } from '../modules/vehicles/index.js';
import type { DemoJurisdiction, Trade } from './generate.js';
import { createRandom } from './random.js';

/**
 * A whole city's fleet by class. The split of the 21,000 two-passengers-one-danger vehicles into
 * long-distance coaches, tourist coaches and hazardous-goods trucks is our choice (the seed figures give
 * only their sum).
 */
export const CITY_FLEET: Record<VehicleClass, number> = {
  coach: 6_000,
  tourist_coach: 5_000,
  hazardous_goods: 10_000,
  earthwork: 6_300,
  concrete_mixer: 6_200,
  heavy_freight: 164_500,
};

/** Scale 100 = the whole city. */
const SCALE_OF_CITY = 100;

/** Which enterprises run which class: carriers, construction firms and hazardous-chemicals plants with fleets. */
const OPERATORS: Record<VehicleClass, readonly Trade[]> = {
  coach: ['transport'],
  tourist_coach: ['transport'],
  hazardous_goods: ['transport', 'hazardous_chemicals'],
  earthwork: ['construction'],
  concrete_mixer: ['construction'],
  heavy_freight: ['transport', 'warehouse'],
};

export interface DemoVehicle {
  enterpriseKey: string;
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  /** 11 digits, like the SIM's phone number terminals put in their headers; unique. */
  terminalNumber: string;
  /** ICCID of the terminal's SIM card (20 digits). */
  sim: string;
}

/** Vehicles per class at a scale: the city's fleet shrunk in proportion, at least one of each class. */
export function demoVehicleCounts(scale: number): Record<VehicleClass, number> {
  const out = {} as Record<VehicleClass, number>;
  for (const [cls, n] of Object.entries(CITY_FLEET) as [VehicleClass, number][]) {
    out[cls] = Math.max(1, Math.round((n * scale) / SCALE_OF_CITY));
  }
  return out;
}

/** Letters used on plates (no I or O, as on Chinese plates). */
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_SPACE = PLATE_LETTERS.length * 10_000;
const TERMINAL_SPACE = 10_000_000;

/**
 * The i-th vehicle's plate and terminal number: bijections of i (an odd multiplier coprime with the size of
 * each space, plus a seeded offset), so they look scattered and never repeat within 240,000 vehicles.
 */
function identity(i: number, plateOffset: number, terminalOffset: number): { plate: string; terminal: string; sim: string } {
  const k = (i * 7_919 + plateOffset) % PLATE_SPACE;
  const plate = `浙L${PLATE_LETTERS[Math.floor(k / 10_000)]}${String(k % 10_000).padStart(4, '0')}`;
  const t = (i * 104_729 + terminalOffset) % TERMINAL_SPACE;
  const terminal = `1440${String(t).padStart(7, '0')}`;
  return { plate, terminal, sim: `898604${String(t).padStart(14, '0')}` };
}

export function generateDemoVehicles(demo: DemoJurisdiction, options: { seed: number; scale: number }): DemoVehicle[] {
  const random = createRandom((options.seed ^ 0x5eed_0808) >>> 0);
  const counts = demoVehicleCounts(options.scale);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total > PLATE_SPACE) throw new RangeError(`at most ${PLATE_SPACE} demo vehicles; scale ${options.scale} asks for ${total}`);
  const enterprises = demo.organisations.filter((o) => o.kind === 'enterprise');
  // Transport carriers specialise: passengers, hazardous goods, or freight.
  const carrierKind = new Map<string, 'passenger' | 'hazardous' | 'freight'>();
  for (const e of enterprises) {
    if (e.trade === 'transport') carrierKind.set(e.key, random.weighted(['passenger', 'hazardous', 'freight'] as const, [2, 2, 6]));
  }
  const sizeWeight = { large: 12, medium: 5, small: 2, micro: 1 } as const;
  const plateOffset = random.int(0, PLATE_SPACE - 1);
  const terminalOffset = random.int(0, TERMINAL_SPACE - 1);
  const out: DemoVehicle[] = [];
  for (const cls of Object.keys(CITY_FLEET) as VehicleClass[]) {
    const operators = enterprises.filter((e) => {
      if (!e.trade || !OPERATORS[cls].includes(e.trade)) return false;
      if (e.trade !== 'transport') return true;
      const kind = carrierKind.get(e.key);
      return cls === 'coach' || cls === 'tourist_coach'
        ? kind === 'passenger'
        : cls === 'hazardous_goods'
          ? kind === 'hazardous'
          : kind === 'freight';
    });
    if (operators.length === 0) throw new Error(`the demo jurisdiction has no enterprise to operate ${cls} vehicles`);
    // Fleet sizes are skewed: large firms and a few random favourites run most vehicles.
    const weights = operators.map((e) => sizeWeight[e.size ?? 'micro'] * (0.2 + random.next() ** 3 * 4));
    for (let n = 0; n < counts[cls]; n++) {
      // The first hazardous-chemicals enterprise (the demo principal's) runs a small fleet of its own.
      const owner = cls === 'hazardous_goods' && n < 3 ? operators.find((e) => e.trade === 'hazardous_chemicals') : undefined;
      const e = owner ?? random.weighted(operators, weights);
      const id = identity(out.length, plateOffset, terminalOffset);
      out.push({
        enterpriseKey: e.key,
        plateNumber: id.plate,
        plateColour: 'yellow',
        class: cls,
        terminalNumber: id.terminal,
        sim: id.sim,
      });
    }
  }
  return out;
}

/** Registers the demo vehicles in bulk, in the caller's transaction. */
export async function loadVehicleDemo(
  tx: Kysely<VehiclesTables>,
  vehicles: Pick<VehiclesModule, 'seed'>,
  demo: DemoJurisdiction,
  organisation: (key: string) => string,
  options: { seed: number; scale: number },
): Promise<{ vehicles: number }> {
  const rows = generateDemoVehicles(demo, options);
  for (let i = 0; i < rows.length; i += 5_000) {
    await vehicles.seed.insertVehicles(
      rows.slice(i, i + 5_000).map((v) => ({
        plateNumber: v.plateNumber,
        plateColour: v.plateColour,
        class: v.class,
        enterpriseId: organisation(v.enterpriseKey),
        terminalNumber: v.terminalNumber,
        sim: v.sim,
        createdBy: null,
      })),
      tx,
    );
  }
  return { vehicles: rows.length };
}

/**
 * The roads `gongzhi simulate` drives on by default (seed 1) as zones for the rule engine: the ring as
 * an expressway (hazardous goods may do 80 km/h there, 60 elsewhere) and each arterial with its limit.
 */
export async function loadRoadZones(tx: Kysely<AlarmsTables>, areaId: string | null): Promise<{ zones: number }> {
  const zones = networkZones(buildRoadNetwork({ seed: 1 }));
  await tx
    .insertInto('alarms.zone')
    .values(
      zones.map((z) => ({
        kind: z.kind,
        name: z.name,
        polygon: null,
        line: JSON.stringify(z.line),
        half_width_m: z.halfWidthM,
        classes: null,
        window_from: null,
        window_to: null,
        speed_limit_kmh: z.speedLimitKmh ?? null,
        area_id: areaId,
        created_by: null,
      })),
    )
    .execute();
  return { zones: zones.length };
}
