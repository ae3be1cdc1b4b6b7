/**
 * How one simulated vehicle moves and misbehaves: it drives along the road network at speeds fit for its
 * class and road, rests between trips, and breaks rules at configured rates (overspeed episodes, long
 * parking with the engine running, the emergency button, coaches driving through the 02:00–05:00 stop,
 * going offline). Pure and deterministic: the same seed and the same step times give the same reports.
 */
import { mulberry32 } from '../../demo/random.js';
import type { VehicleClass } from '../../modules/vehicles/index.js';
import { pointOnRoad, type Road, type RoadKind, type RoadNetwork } from './roads.js';

export const VIOLATION_KINDS = ['overspeed', 'long_parking', 'emergency', 'night_driving', 'offline'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/**
 * Episodes per hour of simulated time (one starts in a step of Δt with probability 1 - e^(-rate·Δt)):
 * `emergency` and `offline` per vehicle-hour; `long_parking` per hour of driving; `overspeed` per hour of
 * driving on roads where the class's own top limit applies (see `onFastestRoad`). `night_driving` is a
 * probability per long-distance coach and night: that it drives through the 02:00–05:00 CST stop.
 */
export type ViolationRates = Record<ViolationKind, number>;

export const DEFAULT_VIOLATION_RATES: ViolationRates = {
  overspeed: 0.1,
  long_parking: 0.02,
  emergency: 0.02,
  night_driving: 0.1,
  offline: 0.02,
};

/**
 * Limits as the rule engine's defaults have them (src/modules/alarms/engine/thresholds.ts): 100 km/h for
 * coaches and heavy freight, 80/60 for hazardous goods, 60 for earthwork trucks and mixers; rests shorter
 * than its long-parking thresholds (120 min, 30 for hazardous goods) and at least its 20-minute rest;
 * trips shorter than its 4 h continuous-driving limit.
 */
export interface ClassProfile {
  /** The class's own cap on each kind of road (km/h): hazardous goods 80 on expressways and 60 elsewhere. */
  limitKmh: Record<RoadKind, number>;
  /** Usual cruising speed as a share of the applicable limit. */
  cruiseShare: [number, number];
  /** Weight of turning onto the expressway at a junction (arterials weigh 1). */
  expresswayWeight: number;
  /** Driving between rests, and resting, in minutes (simulated time). */
  tripMinutes: [number, number];
  restMinutes: [number, number];
  /** When a vehicle's daily duty starts, hour of day CST (earthwork trucks work at night). */
  dutyStartHours: [number, number];
  passenger: boolean;
}

/** Driving time per daily duty: under the rule engine’s 8 h in any 24 h, with room for days that differ. */
export const DUTY_DRIVING_HOURS = 7;
/** Share of an on-duty period spent driving (the rest is rests between trips). */
const DRIVING_SHARE = 0.75;

export const CLASS_PROFILES: Record<VehicleClass, ClassProfile> = {
  coach: {
    limitKmh: { expressway: 100, arterial: 60 },
    cruiseShare: [0.8, 0.95],
    expresswayWeight: 3,
    tripMinutes: [90, 200],
    restMinutes: [20, 40],
    dutyStartHours: [5.5, 8],
    passenger: true,
  },
  tourist_coach: {
    limitKmh: { expressway: 100, arterial: 60 },
    cruiseShare: [0.75, 0.92],
    expresswayWeight: 2,
    tripMinutes: [60, 180],
    restMinutes: [20, 60],
    dutyStartHours: [7, 9.5],
    passenger: true,
  },
  hazardous_goods: {
    limitKmh: { expressway: 80, arterial: 60 },
    cruiseShare: [0.75, 0.9],
    expresswayWeight: 2,
    tripMinutes: [60, 180],
    restMinutes: [20, 28],
    dutyStartHours: [6, 9],
    passenger: false,
  },
  earthwork: {
    limitKmh: { expressway: 60, arterial: 60 },
    cruiseShare: [0.65, 0.85],
    expresswayWeight: 0.5,
    tripMinutes: [20, 60],
    restMinutes: [10, 30],
    dutyStartHours: [19.5, 21.5],
    passenger: false,
  },
  concrete_mixer: {
    limitKmh: { expressway: 60, arterial: 60 },
    cruiseShare: [0.6, 0.8],
    expresswayWeight: 0.5,
    tripMinutes: [20, 50],
    restMinutes: [15, 40],
    dutyStartHours: [5, 8],
    passenger: false,
  },
  heavy_freight: {
    limitKmh: { expressway: 100, arterial: 60 },
    cruiseShare: [0.75, 0.92],
    expresswayWeight: 2,
    tripMinutes: [90, 220],
    restMinutes: [20, 45],
    dutyStartHours: [0, 24],
    passenger: false,
  },
};

export interface MotionOptions {
  violations: ViolationRates;
  /** Length of an overspeed episode, minutes of simulated time (well above any minimum duration). */
  overspeedMinutes: [number, number];
  /** Speed during an overspeed episode, as a multiple of the applicable limit. */
  overspeedFactor: [number, number];
  /** A long stop with the engine running. */
  longParkingMinutes: [number, number];
  /** Reports carrying the emergency bit, one episode. */
  emergencyReports: [number, number];
  offlineMinutes: [number, number];
}

export const DEFAULT_MOTION_OPTIONS: MotionOptions = {
  violations: DEFAULT_VIOLATION_RATES,
  overspeedMinutes: [2, 5],
  overspeedFactor: [1.2, 1.4],
  longParkingMinutes: [150, 240],
  emergencyReports: [3, 6],
  offlineMinutes: [15, 40],
};

/** JT/T 808 alarm bits the simulator sets (same in 2013 and 2019). */
export const ALARM_BIT = { emergency: 1 << 0, overspeed: 1 << 1, overtimeParking: 1 << 19 } as const;
/** Status bits: ACC on, positioned, GPS and BeiDou used in the fix. */
export const STATUS_BIT = { acc: 1 << 0, positioned: 1 << 1, gps: 1 << 18, beidou: 1 << 19 } as const;

/** One location report, in the units of 0x0200. Reused between steps: copy what you keep. */
export interface Report {
  time: number;
  latE6: number;
  lngE6: number;
  altitude: number;
  /** 1/10 km/h. */
  speed: number;
  direction: number;
  alarm: number;
  status: number;
  /** Odometer, 1/10 km. */
  mileage: number;
}

const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;
const CST_MS = 8 * HOUR_MS;
/** Hour of day in China Standard Time, fractional. */
export const cstHour = (ms: number) => ((((ms + CST_MS) % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS;
/** CST day number (for "once per night" decisions). */
const cstDayOf = (ms: number) => Math.floor((ms + CST_MS) / 86_400_000);
const isNight = (ms: number) => {
  const h = cstHour(ms);
  return h >= 22 || h < 6;
};

/** Off duty: parked with the engine off until the next day's duty. */
type Mode = 'driving' | 'resting' | 'long_parking' | 'off_duty';
const DAY_MS = 86_400_000;

/** FNV-1a of a string: a per-vehicle seed from the terminal number. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class VehicleMotion {
  readonly report: Report = { time: 0, latE6: 0, lngE6: 0, altitude: 0, speed: 0, direction: 0, alarm: 0, status: 0, mileage: 0 };
  /** False while the terminal is switched off or out of coverage (an `offline` episode). */
  online = true;
  private readonly rnd: () => number;
  private readonly profile: ClassProfile;
  private readonly point = new Float64Array(3);
  private road: Road;
  private forward: boolean;
  private offsetM: number;
  private speedKmh = 0;
  private mileageM: number;
  private mode: Mode = 'driving';
  /** End of the current trip, rest or long parking (simulated ms). */
  private modeUntil: number;
  private modeSince: number;
  private overspeedUntil = 0;
  private overspeedFactor = 1;
  private emergencyLeft = 0;
  private offlineUntil = 0;
  private nightDecided = -1;
  private nightDriving = false;
  private readonly personality: number;
  private readonly dutyHour: number;
  /** Driving time in the current duty. */
  private drivenMs = 0;
  private readonly altitude: number;
  private last: number;

  constructor(
    private readonly network: RoadNetwork,
    readonly vehicleClass: VehicleClass,
    seed: number,
    startMs: number,
    private readonly options: MotionOptions,
    /** Violations injected, by kind (shared by all vehicles of a simulation). */
    private readonly injected: Record<ViolationKind, number>,
  ) {
    this.rnd = mulberry32(seed);
    this.profile = CLASS_PROFILES[vehicleClass];
    this.road = network.roads[Math.floor(this.rnd() * network.roads.length)] as Road;
    this.forward = this.rnd() < 0.5;
    this.offsetM = this.rnd() * this.road.lengthM;
    this.mileageM = Math.floor(20_000_000 + this.rnd() * 400_000_000);
    this.personality = this.between(this.profile.cruiseShare);
    this.altitude = Math.round(5 + this.rnd() * 20);
    this.last = startMs;
    this.modeSince = startMs;
    this.dutyHour = this.between(this.profile.dutyStartHours);
    const dutyStart = this.dutyStartAt(startMs);
    const onDutyMs = startMs - dutyStart;
    // Staggered: some start mid-trip, some resting, those whose duty is over parked until tomorrow's.
    if (onDutyMs * DRIVING_SHARE >= DUTY_DRIVING_HOURS * HOUR_MS) {
      this.mode = 'off_duty';
      this.modeUntil = dutyStart + DAY_MS;
    } else if (this.rnd() < 0.15) {
      this.mode = 'resting';
      this.modeUntil = startMs + this.between(this.profile.restMinutes) * MIN_MS * this.rnd();
    } else {
      this.modeUntil = startMs + this.tripMs(startMs) * this.rnd();
    }
    // Counted as if it had driven all of its duty so far: a day that starts in the middle of a duty never drives more than one.
    if (this.mode !== 'off_duty') {
      this.drivenMs = Math.min(onDutyMs, DUTY_DRIVING_HOURS * HOUR_MS);
      if (this.mode === 'driving') this.modeUntil = Math.min(this.modeUntil, startMs + DUTY_DRIVING_HOURS * HOUR_MS - this.drivenMs);
    }
  }

  /** The latest start of this vehicle's daily duty at or before `ms`. */
  private dutyStartAt(ms: number): number {
    const dayStart = Math.floor((ms + CST_MS) / DAY_MS) * DAY_MS - CST_MS;
    const start = dayStart + this.dutyHour * HOUR_MS;
    return start > ms ? start - DAY_MS : start;
  }

  private between([lo, hi]: [number, number]): number {
    return lo + this.rnd() * (hi - lo);
  }

  private roll(kind: ViolationKind, dtMs: number): boolean {
    const rate = this.options.violations[kind];
    if (rate <= 0) return false;
    return this.rnd() < 1 - Math.exp(-rate * (dtMs / HOUR_MS));
  }

  private count(kind: ViolationKind): void {
    this.injected[kind]++;
  }

  /** The limit that applies here and now: the road's, the class's, and 80 % at night for passenger vehicles. */
  limitKmh(nowMs: number): number {
    const base = Math.min(this.road.limitKmh, this.profile.limitKmh[this.road.kind]);
    return this.profile.passenger && isNight(nowMs) ? base * 0.8 : base;
  }

  /** The road kind the vehicle is on. */
  get roadKind(): RoadKind {
    return this.road.kind;
  }

  get state(): Mode {
    return this.mode;
  }

  /** Advances to `nowMs` (simulated) and fills `report`. */
  step(nowMs: number): Report {
    const dtMs = Math.max(0, Math.min(HOUR_MS, nowMs - this.last));
    this.last = nowMs;
    this.updateMode(nowMs, dtMs);
    this.move(nowMs, dtMs);
    this.fill(nowMs);
    return this.report;
  }

  private updateMode(now: number, dtMs: number): void {
    if (!this.online && now >= this.offlineUntil) this.online = true;
    else if (this.online && this.roll('offline', dtMs)) {
      this.online = false;
      this.offlineUntil = now + this.between(this.options.offlineMinutes) * MIN_MS;
      this.count('offline');
    }
    if (this.emergencyLeft === 0 && this.online && this.roll('emergency', dtMs)) {
      this.emergencyLeft = Math.round(this.between(this.options.emergencyReports));
      this.count('emergency');
    }
    // Long-distance coaches stop from 02:00 to 05:00 CST, unless this one breaks the rule tonight.
    const hour = cstHour(now);
    const inBan = this.vehicleClass === 'coach' && hour >= 2 && hour < 5;
    if (inBan && this.nightDecided !== cstDayOf(now)) {
      this.nightDecided = cstDayOf(now);
      this.nightDriving = false;
      if (this.rnd() < this.options.violations.night_driving) {
        // A night run through the ban, from wherever the coach was (parked at the depot, most likely).
        this.nightDriving = true;
        this.count('night_driving');
        if (this.mode !== 'driving') {
          this.mode = 'driving';
          this.modeSince = now;
          this.modeUntil = now + (5 - hour) * HOUR_MS + this.rnd() * 60 * MIN_MS;
        }
      }
    }
    const banRestUntil = now + (5 - hour) * HOUR_MS + this.rnd() * 20 * MIN_MS;
    switch (this.mode) {
      case 'driving':
        if (inBan && !this.nightDriving) {
          this.startRest(now, banRestUntil);
        } else if (now >= this.overspeedUntil && this.roll('long_parking', dtMs)) {
          this.mode = 'long_parking';
          this.modeSince = now;
          this.modeUntil = now + this.between(this.options.longParkingMinutes) * MIN_MS;
          this.count('long_parking');
        } else if (now >= this.modeUntil && now >= this.overspeedUntil) {
          if (this.drivenMs >= DUTY_DRIVING_HOURS * HOUR_MS || this.nightDriving) this.offDuty(now);
          else this.startRest(now, now + this.between(this.profile.restMinutes) * MIN_MS);
        } else if (now >= this.overspeedUntil && this.onFastestRoad() && this.roll('overspeed', dtMs)) {
          this.overspeedUntil = now + this.between(this.options.overspeedMinutes) * MIN_MS;
          this.overspeedFactor = this.between(this.options.overspeedFactor);
          this.count('overspeed');
        }
        break;
      case 'resting':
      case 'long_parking':
        if (inBan && !this.nightDriving && this.mode === 'resting' && this.modeUntil < banRestUntil - 20 * MIN_MS) {
          this.modeUntil = banRestUntil;
        }
        if (now >= this.modeUntil) {
          this.mode = 'driving';
          this.modeSince = now;
          // The last trip of the duty ends when its driving time is used up.
          this.modeUntil = now + Math.min(this.tripMs(now), Math.max(0, DUTY_DRIVING_HOURS * HOUR_MS - this.drivenMs));
        }
        break;
      case 'off_duty':
        if (now >= this.modeUntil) {
          this.drivenMs = 0;
          this.mode = 'driving';
          this.modeSince = now;
          this.modeUntil = now + this.tripMs(now);
        }
        break;
    }
  }

  /** Parked with the engine off until the next duty starts. */
  private offDuty(now: number): void {
    this.startRest(now, 0);
    this.mode = 'off_duty';
    this.nightDriving = false;
    this.modeUntil = this.dutyStartAt(now) + DAY_MS;
  }

  /** A trip's length; passenger drivers keep under the 2-hour night limit. */
  private tripMs(now: number): number {
    const minutes = this.between(this.profile.tripMinutes);
    return (this.profile.passenger && isNight(now) ? Math.min(minutes, 110) : minutes) * MIN_MS;
  }

  private startRest(now: number, until: number): void {
    this.mode = 'resting';
    this.modeSince = now;
    this.modeUntil = until;
    this.overspeedUntil = 0;
  }

  private move(now: number, dtMs: number): void {
    if (this.mode !== 'driving') {
      this.speedKmh = 0;
      return;
    }
    this.drivenMs += dtMs;
    const limit = this.limitKmh(now);
    const target =
      now < this.overspeedUntil ? limit * this.overspeedFactor : Math.min(limit * 0.97, limit * this.personality + (this.rnd() - 0.5) * 6);
    // About 1 m/s² either way: a report or two to reach cruising speed.
    const maxChange = 3.6 * (dtMs / 1000);
    const before = this.speedKmh;
    this.speedKmh = before + Math.max(-maxChange, Math.min(maxChange, target - before));
    // Braking for a lower limit (a junction onto an arterial, night falling) happens before the sign, not after it.
    if (now >= this.overspeedUntil) this.speedKmh = Math.min(this.speedKmh, limit * 0.97);
    let remaining = (((before + this.speedKmh) / 2) * dtMs) / 3600;
    this.mileageM += remaining;
    while (remaining > 0) {
      const left = this.forward ? this.road.lengthM - this.offsetM : this.offsetM;
      if (remaining < left) {
        this.offsetM += this.forward ? remaining : -remaining;
        break;
      }
      remaining -= left;
      this.turn();
    }
    if (now >= this.overspeedUntil) this.speedKmh = Math.min(this.speedKmh, this.limitKmh(now) * 0.97);
  }

  /** At the end of the road: on to another road at that junction, weighted by the class's taste for expressways. */
  private turn(): void {
    const node = this.forward ? this.road.to : this.road.from;
    const choices = this.network.at[node] ?? [];
    let total = 0;
    for (const id of choices) if (id !== this.road.id) total += this.weight(id);
    let next = this.road;
    if (total > 0) {
      let r = this.rnd() * total;
      for (const id of choices) {
        if (id === this.road.id) continue;
        r -= this.weight(id);
        next = this.network.roads[id] as Road;
        if (r < 0) break;
      }
    }
    this.road = next;
    this.forward = next.from === node;
    this.offsetM = this.forward ? 0 : next.lengthM;
  }

  private weight(id: number): number {
    const kind = (this.network.roads[id] as Road).kind;
    // Speeding drivers stay on the fast road while the episode lasts.
    if (this.last < this.overspeedUntil) return this.profile.limitKmh[kind] >= this.topLimit ? 100 : 1;
    return kind === 'expressway' ? this.profile.expresswayWeight : 1;
  }

  /**
   * Overspeed episodes start where the class's own top limit applies (the expressway for coaches, heavy
   * freight and hazardous goods; any road for earthwork trucks and mixers): there the rule engine's class
   * limit is broken even without per-road speed-limit zones, so every injected episode is one it can see.
   */
  private onFastestRoad(): boolean {
    return this.profile.limitKmh[this.road.kind] >= this.topLimit;
  }

  private get topLimit(): number {
    return Math.max(this.profile.limitKmh.expressway, this.profile.limitKmh.arterial);
  }

  private fill(now: number): void {
    pointOnRoad(this.road, this.offsetM, this.forward, this.point);
    const r = this.report;
    // Terminals report whole seconds (BCD time); one vehicle's reports never share a second.
    r.time = Math.max(Math.floor(now / 1000) * 1000, r.time + 1000);
    r.lngE6 = Math.round((this.point[0] as number) * 1e6);
    r.latE6 = Math.round((this.point[1] as number) * 1e6);
    r.altitude = this.altitude;
    r.speed = Math.round(this.speedKmh * 10);
    // A parked vehicle keeps the heading it stopped with.
    if (this.speedKmh > 0) r.direction = Math.round(this.point[2] as number) % 360;
    r.mileage = Math.floor(this.mileageM / 100);
    let status = STATUS_BIT.positioned | STATUS_BIT.gps | STATUS_BIT.beidou;
    if (this.mode === 'driving' || this.mode === 'long_parking') status |= STATUS_BIT.acc;
    r.status = status;
    let alarm = 0;
    if (this.speedKmh > this.limitKmh(now)) alarm |= ALARM_BIT.overspeed;
    if (this.mode === 'long_parking' && now - this.modeSince >= HOUR_MS) alarm |= ALARM_BIT.overtimeParking;
    if (this.emergencyLeft > 0 && this.online) {
      alarm |= ALARM_BIT.emergency;
      this.emergencyLeft--;
    }
    r.alarm = alarm;
  }
}
