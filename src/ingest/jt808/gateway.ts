import net from 'node:net';
import type { PositionStore, VehiclesModule } from '../../modules/vehicles/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import { hex } from './bytes.js';
import { Connection } from './connection.js';
import { DROP_REASONS, type Edition, MAX_ESCAPED_FRAME } from './frame.js';
import { DEFAULT_REASSEMBLY, type ReassemblyLimits } from './reassembly.js';

/**
 * The JT/T 808 gateway: a TCP server for vehicle terminals. Each connection
 * holds bounded buffers; idle connections, frames that trickle in
 * (slow-loris), terminals that never authenticate and terminals that do not
 * read their acknowledgements are closed; when the position store is behind,
 * every socket stops being read until it catches up.
 */
export interface GatewayOptions {
  /** Closed after this long without a whole frame (terminals send heartbeats). */
  idleMs: number;
  /** Closed when one frame takes longer than this to arrive. */
  frameTimeoutMs: number;
  /** Closed when not authenticated this long after connecting. */
  authTimeoutMs: number;
  maxConnections: number;
  /** Largest run of bytes between two flags that is held. */
  maxFrameBytes: number;
  /** Unsent acknowledgements a terminal may leave unread before it is closed. */
  maxOutputBytes: number;
  /** Frames held while a registration or authentication is looked up. */
  maxQueuedFrames: number;
  maxAuthFailures: number;
  sweepIntervalMs: number;
  reassembly: ReassemblyLimits;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  idleMs: 180_000,
  frameTimeoutMs: 20_000,
  authTimeoutMs: 60_000,
  maxConnections: 100_000,
  maxFrameBytes: MAX_ESCAPED_FRAME,
  maxOutputBytes: 256 * 1024,
  maxQueuedFrames: 10_000,
  maxAuthFailures: 3,
  sweepIntervalMs: 1_000,
  reassembly: DEFAULT_REASSEMBLY,
};

type Terminals = Pick<VehiclesModule['terminals'], 'register' | 'authenticate' | 'logout' | 'driverIdentity'>;
type Store = Pick<PositionStore, 'append' | 'overloaded' | 'onPressure' | 'close'>;

export interface GatewayStats {
  connections: { open: number; accepted: number; refused: number; closed: Record<string, number> };
  frames: number;
  messages: Record<string, number>;
  /** Frames and messages dropped, by reason. */
  drops: Record<string, number>;
  registrations: Record<string, number>;
  authFailures: number;
  positions: { received: number; acknowledged: number; unauthenticated: number };
  replies: number;
  /** Times the store fell behind and every socket stopped being read. */
  storePauses: number;
}

/** What a connection needs from the gateway around it. */
export interface GatewayContext {
  options: GatewayOptions;
  clock: Clock;
  logger: Logger;
  terminals: Terminals;
  store: Store;
  scheduleFlush(connection: Connection): void;
  countFrame(messageId: number): void;
  countDrop(reason: string): void;
  countClose(reason: string): void;
  countRegistration(result: number): void;
  countAuthFailure(): void;
  countReceived(n: number): void;
  countAcknowledged(n: number): void;
  countUnauthenticated(n: number): void;
  countReply(): void;
}

export async function startGateway(deps: {
  terminals: Terminals;
  store: Store;
  clock: Clock;
  logger: Logger;
  host: string;
  port: number;
  options?: Partial<GatewayOptions>;
}) {
  const options = { ...DEFAULT_GATEWAY_OPTIONS, ...deps.options };
  const { logger } = deps;
  const connections = new Set<Connection>();
  const stats: GatewayStats = {
    connections: { open: 0, accepted: 0, refused: 0, closed: {} },
    frames: 0,
    messages: {},
    drops: Object.fromEntries(DROP_REASONS.map((r) => [r, 0])),
    registrations: {},
    authFailures: 0,
    positions: { received: 0, acknowledged: 0, unauthenticated: 0 },
    replies: 0,
    storePauses: 0,
  };
  const messageNames = new Map<number, string>();
  const bump = (table: Record<string, number>, key: string, n = 1) => {
    table[key] = (table[key] ?? 0) + n;
  };

  // Acknowledgements of one stored batch reach many connections at once: each is written once per turn of the event loop.
  const toFlush = new Set<Connection>();
  let flushScheduled = false;
  const flushAll = () => {
    flushScheduled = false;
    for (const c of toFlush) c.flush();
    toFlush.clear();
  };

  const ctx: GatewayContext = {
    options,
    clock: deps.clock,
    logger,
    terminals: deps.terminals,
    store: deps.store,
    scheduleFlush(c) {
      toFlush.add(c);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushAll);
      }
    },
    countFrame: (id) => {
      stats.frames++;
      // Counted per message id under its hex name; the name is made once per id, not per frame.
      let name = messageNames.get(id);
      if (name === undefined) {
        name = hex(id, 4);
        messageNames.set(id, name);
      }
      bump(stats.messages, name);
    },
    countDrop: (reason) => bump(stats.drops, reason),
    countClose: (reason) => bump(stats.connections.closed, reason),
    countRegistration: (result) => bump(stats.registrations, String(result)),
    countAuthFailure: () => {
      stats.authFailures++;
    },
    countReceived: (n) => {
      stats.positions.received += n;
    },
    countAcknowledged: (n) => {
      stats.positions.acknowledged += n;
    },
    countUnauthenticated: (n) => {
      stats.positions.unauthenticated += n;
    },
    countReply: () => {
      stats.replies++;
    },
  };

  deps.store.onPressure((overloaded) => {
    if (overloaded) stats.storePauses++;
    logger.warn({ overloaded }, overloaded ? 'position store behind: pausing terminal sockets' : 'position store caught up: reading again');
    for (const c of connections) c.storePressure(overloaded);
  });

  const server = net.createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: 60_000 }, (socket) => {
    stats.connections.accepted++;
    stats.connections.open++;
    const connection = new Connection(socket, ctx);
    connections.add(connection);
    socket.on('data', (chunk: Buffer) => {
      try {
        connection.receive(chunk);
      } catch (error) {
        logger.error({ err: error }, 'jt808 connection failed');
        connection.close('error');
      }
    });
    socket.on('end', () => {
      connection.splitter.end();
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      logger.debug({ code: error.code }, 'jt808 socket error');
    });
    socket.on('close', () => {
      if (!connection.closed) {
        connection.closed = true;
        bump(stats.connections.closed, 'peer');
      }
      connections.delete(connection);
      toFlush.delete(connection);
      stats.connections.open--;
      connection.forgetAwaiting();
    });
  });
  server.maxConnections = options.maxConnections;
  server.on('drop', () => {
    stats.connections.refused++;
  });

  const sweep = setInterval(() => {
    const now = deps.clock.now().getTime();
    for (const c of connections) c.sweep(now);
  }, options.sweepIntervalMs);
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: deps.host, port: deps.port, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  return {
    port: address.port,
    host: address.address,
    connections: () => connections.size,
    stats(): GatewayStats {
      return structuredClone({ ...stats, connections: { ...stats.connections, open: connections.size } });
    },
    /**
     * Sends a platform message to the terminal a vehicle is connected and authenticated with (the
     * newest such connection), resolving with the result of its general response (0x0001); 'offline'
     * when none is connected, 'no_answer' when it does not answer within timeoutMs.
     */
    async command(
      vehicleId: string,
      messageId: number,
      body: (edition: Edition) => Buffer,
      timeoutMs = 10_000,
    ): Promise<number | 'offline' | 'no_answer'> {
      let newest: Connection | null = null;
      // A scan, not an index: commands are rare (an operator's action), frames are not.
      for (const c of connections)
        if (c.vehicleId === vehicleId && !c.closed && (!newest || c.connectedAt >= newest.connectedAt)) newest = c;
      if (!newest) return 'offline';
      const result = await newest.command(messageId, body, timeoutMs);
      return result ?? 'no_answer';
    },
    /** Sweeps now (tests drive time with a clock instead of waiting for the interval). */
    sweepNow(): void {
      const now = deps.clock.now().getTime();
      for (const c of connections) c.sweep(now);
    },
    /**
     * Stops accepting and reading, lets the store finish what it holds (so
     * every stored position is acknowledged), then closes the connections.
     */
    async close(): Promise<void> {
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of connections) c.pause(8);
      await deps.store.close();
      flushAll();
      for (const c of connections) c.socket.end();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      for (const c of connections) c.socket.destroy();
    },
  };
}

export type Gateway = Awaited<ReturnType<typeof startGateway>>;
