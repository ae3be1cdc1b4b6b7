/**
 * Simulated JT/T 808 terminals over real TCP: each registers (0x0100 → 0x8100 with an authentication
 * code), authenticates (0x0102), then sends a location report (0x0200) every interval, as a vehicle
 * moving along the road network. One report in flight per terminal: the next is sent only once the
 * previous is acknowledged (0x8001 result 0, which the gateway sends after storing it); an unanswered
 * report is sent again after a timeout, as terminals do. All terminals share one timer and one event
 * loop; a terminal holds a few numbers, a socket and the frame awaiting its acknowledgement.
 */
import net from 'node:net';
import type { PlateColour, VehicleClass } from '../../modules/vehicles/index.js';
import { encodeFrame } from '../jt808/frame.js';
import { authenticationBody, decodeRegisterResponse, MSG, RESULT, registrationBody } from '../jt808/messages.js';
import { FrameSplitter } from '../jt808/splitter.js';
import {
  DEFAULT_MOTION_OPTIONS,
  DEFAULT_VIOLATION_RATES,
  hashString,
  type MotionOptions,
  type Report,
  VehicleMotion,
  VIOLATION_KINDS,
  type ViolationKind,
  type ViolationRates,
} from './motion.js';
import { buildRoadNetwork, type RoadNetwork } from './roads.js';
import { locationFrame, terminalBcd } from './wire.js';

/** Mixes the simulation seed into each vehicle's own seed (an odd constant). */
const SEED_SALT = 0x9e3779b1;
const PLATE_CODES: Record<PlateColour, number> = { blue: 1, yellow: 2, black: 3, white: 4, green: 5, other: 9 };

export interface SimulatedVehicle {
  /** The terminal number (终端手机号) registered for the vehicle. */
  terminal: string;
  plate: string;
  plateColour?: PlateColour;
  class: VehicleClass;
}

export interface SimulationOptions {
  host?: string;
  port: number;
  vehicles: readonly SimulatedVehicle[];
  /** Real milliseconds between two reports of one terminal. */
  intervalMs: number;
  seed?: number;
  /** Rates per vehicle-hour of simulated time (night_driving: probability per coach and night). */
  violations?: Partial<ViolationRates>;
  /** Simulated time at the start (epoch ms); now by default. */
  startTime?: number;
  /** Simulated milliseconds per real millisecond; 1 by default. */
  timeScale?: number;
  /** Real milliseconds before an unacknowledged report is sent again (doubling each time). */
  ackTimeoutMs?: number;
  /** A heartbeat (0x0002) after this long without sending anything. */
  heartbeatMs?: number;
  /** At most this many terminals signing on at once. */
  maxConnecting?: number;
  network?: RoadNetwork;
  motion?: Partial<Omit<MotionOptions, 'violations'>>;
  /** Called with each report as it is first sent (not on resends). */
  onReport?: (vehicle: SimulatedVehicle, report: Readonly<Report>) => void;
  /** Called when the platform acknowledges a report (result 0), with the report's time and the real ms since it was first sent. */
  onAcknowledged?: (vehicle: SimulatedVehicle, time: number, latencyMs: number) => void;
}

export interface SimulationStats {
  vehicles: number;
  /** Terminals signed on right now. */
  online: number;
  /** Location reports sent (each once, however often it was resent). */
  sent: number;
  resent: number;
  /** Reports answered with 0x8001 result 0: stored by the platform. */
  acknowledged: number;
  /** Reports answered with another result. */
  rejected: number;
  /** Reports sent and not yet acknowledged. */
  pending: number;
  heartbeats: number;
  /** Connections opened again after one was lost or refused (offline episodes included). */
  reconnects: number;
  /** Terminals whose registration the platform refused (not in its register, wrong plate). */
  refused: number;
  violations: Record<ViolationKind, number>;
  /** The simulated clock, epoch ms. */
  simulatedTime: number;
}

export interface Simulation {
  /** Resolves once every terminal has signed on, been refused, or failed its first attempt. */
  ready: Promise<void>;
  stats(): SimulationStats;
  /** Stops sending, waits (up to `drainMs`) for the acknowledgements still due, and closes every connection. */
  stop(drainMs?: number): Promise<void>;
}

type State = 'waiting' | 'connecting' | 'registering' | 'authenticating' | 'online' | 'offline' | 'refused';

interface Terminal {
  vehicle: SimulatedVehicle;
  bcd: Buffer;
  motion: VehicleMotion;
  state: State;
  socket: net.Socket | null;
  serial: number;
  authCode: string | null;
  /** The report awaiting its acknowledgement, and its serial; -1 when none. */
  pendingSerial: number;
  pendingFrame: Buffer | null;
  pendingTime: number;
  pendingSentAt: number;
  attempts: number;
  deadline: number;
  /** Real ms (performance.now) when the next report is due. */
  dueAt: number;
  lastSentAt: number;
  retryAt: number;
  firstAttempt: boolean;
  phase: number;
}

export function startSimulation(options: SimulationOptions): Simulation {
  const host = options.host ?? '127.0.0.1';
  const interval = options.intervalMs;
  if (!(interval > 0)) throw new RangeError('intervalMs must be positive');
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const ackTimeout = options.ackTimeoutMs ?? Math.max(5000, 2 * interval);
  const heartbeatMs = options.heartbeatMs ?? 60_000;
  const maxConnecting = options.maxConnecting ?? 200;
  const network = options.network ?? buildRoadNetwork({ seed });
  const motionOptions: MotionOptions = {
    ...DEFAULT_MOTION_OPTIONS,
    ...options.motion,
    violations: { ...DEFAULT_VIOLATION_RATES, ...options.violations },
  };
  const t0 = performance.now();
  const startTime = options.startTime ?? Date.now();
  const simNow = () => startTime + (performance.now() - t0) * timeScale;
  const violations = Object.fromEntries(VIOLATION_KINDS.map((k) => [k, 0])) as Record<ViolationKind, number>;
  const counts = { sent: 0, resent: 0, acknowledged: 0, rejected: 0, heartbeats: 0, reconnects: 0, refused: 0 };
  let stopping = false;
  let connecting = 0;
  let settled = 0;
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const terminals: Terminal[] = options.vehicles.map((vehicle, i) => {
    const vseed = (hashString(vehicle.terminal) ^ Math.imul(seed, SEED_SALT)) >>> 0;
    return {
      vehicle,
      bcd: terminalBcd(vehicle.terminal),
      motion: new VehicleMotion(network, vehicle.class, vseed, startTime, motionOptions, violations),
      state: 'waiting',
      socket: null,
      serial: 0,
      authCode: null,
      pendingSerial: -1,
      pendingFrame: null,
      pendingTime: 0,
      pendingSentAt: 0,
      attempts: 0,
      deadline: 0,
      dueAt: 0,
      lastSentAt: 0,
      retryAt: 0,
      firstAttempt: true,
      // Reports of different terminals spread evenly over the interval.
      phase: options.vehicles.length > 1 ? (i / options.vehicles.length) * interval : 0,
    };
  });
  if (terminals.length === 0) resolveReady();

  const settle = (t: Terminal) => {
    if (!t.firstAttempt) return;
    t.firstAttempt = false;
    if (++settled === terminals.length) resolveReady();
  };

  const write = (t: Terminal, frame: Buffer) => {
    t.lastSentAt = performance.now();
    t.socket?.write(frame);
  };
  const sendMessage = (t: Terminal, messageId: number, body: Buffer) => {
    const serial = t.serial;
    t.serial = (t.serial + 1) & 0xffff;
    write(t, encodeFrame({ messageId, edition: '2013', terminal: t.vehicle.terminal, serial }, body));
    return serial;
  };

  const register = (t: Terminal) => {
    t.state = 'registering';
    t.deadline = performance.now() + ackTimeout;
    sendMessage(
      t,
      MSG.register,
      registrationBody(
        {
          province: 33,
          city: 8802,
          makerId: 'GZSIM',
          model: `SIM-${t.vehicle.class}`,
          terminalId: t.vehicle.terminal.slice(-7),
          plateColour: PLATE_CODES[t.vehicle.plateColour ?? 'yellow'],
          plate: t.vehicle.plate,
        },
        '2013',
      ),
    );
  };
  const authenticate = (t: Terminal) => {
    t.state = 'authenticating';
    t.deadline = performance.now() + ackTimeout;
    sendMessage(t, MSG.authenticate, authenticationBody(t.authCode ?? '', '2013'));
  };

  /** Drops the connection; the terminal tries again after a pause (a report awaiting its ack is kept and resent). */
  const lose = (t: Terminal, next: State = 'waiting') => {
    const wasConnecting = t.state === 'connecting' || t.state === 'registering' || t.state === 'authenticating';
    if (wasConnecting) connecting--;
    const socket = t.socket;
    t.socket = null;
    socket?.destroy();
    if (stopping) return;
    t.state = next;
    if (next === 'waiting') {
      t.retryAt = performance.now() + 1000 + Math.random() * 2000;
      counts.reconnects++;
    }
    settle(t);
  };

  const online = (t: Terminal) => {
    connecting--;
    t.state = 'online';
    t.attempts = 0;
    const now = performance.now();
    if (t.dueAt < now) t.dueAt = now + t.phase;
    // A report that lost its acknowledgement with the old connection goes out again at once.
    if (t.pendingFrame) {
      t.deadline = now + ackTimeout;
      counts.resent++;
      write(t, t.pendingFrame);
    }
    settle(t);
  };

  const onFrame = (t: Terminal, messageId: number, body: Buffer) => {
    if (messageId === MSG.registerResponse && t.state === 'registering') {
      const r = decodeRegisterResponse(body);
      if (r.result === 0 && r.authCode) {
        t.authCode = r.authCode;
        authenticate(t);
      } else {
        counts.refused++;
        lose(t, 'refused');
      }
      return;
    }
    if (messageId !== MSG.platformResponse || body.length < 5) return;
    const replySerial = body.readUInt16BE(0);
    const replyId = body.readUInt16BE(2);
    const result = body[4];
    if (replyId === MSG.authenticate && t.state === 'authenticating') {
      if (result === RESULT.ok) online(t);
      else {
        // The code is no longer valid (logout, another registration): register afresh.
        t.authCode = null;
        register(t);
      }
      return;
    }
    if (replyId === MSG.location && replySerial === t.pendingSerial) {
      if (result === RESULT.ok) {
        counts.acknowledged++;
        options.onAcknowledged?.(t.vehicle, t.pendingTime, performance.now() - t.pendingSentAt);
      } else if (result === RESULT.failure) {
        // Not authenticated on this connection any more: sign on again and resend.
        lose(t);
        return;
      } else counts.rejected++;
      t.pendingSerial = -1;
      t.pendingFrame = null;
      t.attempts = 0;
    }
  };

  const connect = (t: Terminal) => {
    t.state = 'connecting';
    connecting++;
    const socket = net.connect({ host, port: options.port });
    t.socket = socket;
    socket.setNoDelay(true);
    const splitter = new FrameSplitter({
      frame: (f) => {
        if (t.socket === socket) onFrame(t, f.header.messageId, f.body);
      },
      drop: () => {},
    });
    socket.on('connect', () => {
      if (t.socket !== socket) return;
      if (t.authCode) authenticate(t);
      else register(t);
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (t.socket === socket) lose(t);
    });
  };

  const sendReport = (t: Terminal, now: number) => {
    const report = t.motion.step(simNow());
    if (!t.motion.online) {
      // The terminal goes dark (switched off, no coverage): the vehicle moves on unreported.
      lose(t, 'offline');
      return;
    }
    const serial = t.serial;
    t.serial = (t.serial + 1) & 0xffff;
    const frame = locationFrame(t.bcd, serial, report);
    t.pendingSerial = serial;
    t.pendingFrame = frame;
    t.pendingTime = report.time;
    t.pendingSentAt = now;
    t.deadline = now + ackTimeout;
    counts.sent++;
    write(t, frame);
    options.onReport?.(t.vehicle, report);
  };

  const sweep = () => {
    const now = performance.now();
    for (const t of terminals) {
      switch (t.state) {
        case 'online':
          if (t.pendingFrame) {
            if (now >= t.deadline) {
              t.attempts++;
              t.deadline = now + ackTimeout * (t.attempts + 1);
              counts.resent++;
              write(t, t.pendingFrame);
            }
          } else if (!stopping && now >= t.dueAt) {
            t.dueAt = t.dueAt + interval < now ? now + interval : t.dueAt + interval;
            sendReport(t, now);
          } else if (now - t.lastSentAt >= heartbeatMs) {
            counts.heartbeats++;
            sendMessage(t, MSG.heartbeat, Buffer.alloc(0));
          }
          break;
        case 'registering':
        case 'authenticating':
          if (now >= t.deadline) lose(t);
          break;
        case 'offline':
          if (!stopping && now >= t.dueAt) {
            t.dueAt = now + interval;
            t.motion.step(simNow());
            if (t.motion.online && connecting < maxConnecting) {
              counts.reconnects++;
              connect(t);
            }
          }
          break;
        case 'waiting':
          if (!stopping && now >= t.retryAt && connecting < maxConnecting) connect(t);
          break;
        case 'connecting':
        case 'refused':
          break;
      }
    }
  };
  const timer = setInterval(sweep, Math.max(5, Math.min(100, interval / 4)));
  sweep();

  const stats = (): SimulationStats => {
    let on = 0;
    let pending = 0;
    for (const t of terminals) {
      if (t.state === 'online') on++;
      if (t.pendingFrame) pending++;
    }
    return { vehicles: terminals.length, online: on, ...counts, pending, violations: { ...violations }, simulatedTime: simNow() };
  };

  return {
    ready,
    stats,
    async stop(drainMs = 10_000) {
      stopping = true;
      const until = performance.now() + drainMs;
      while (performance.now() < until && terminals.some((t) => t.pendingFrame && t.state === 'online')) {
        await new Promise((r) => setTimeout(r, 20));
      }
      clearInterval(timer);
      for (const t of terminals) {
        t.socket?.destroy();
        t.socket = null;
      }
      resolveReady();
    },
  };
}
