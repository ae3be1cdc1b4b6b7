import type pg from 'pg';
import type { DriverChange } from '../../modules/alarms/index.js';
import { createPositionStore, type PositionRecord, type PositionStoreOptions, type VehiclesModule } from '../../modules/vehicles/index.js';
import type { Clock } from '../../platform/clock/index.js';
import type { Config } from '../../platform/config/index.js';
import type { Logger } from '../../platform/logging/index.js';
import { type GatewayOptions, startGateway } from './gateway.js';

/**
 * The vehicle gateway as `gongzhi start` runs it: the position store on the
 * platform's database pool, and the TCP server on JT808_PORT. Null when the
 * port is 0 (no gateway).
 */
export async function startVehicleGateway(deps: {
  config: Pick<Config, 'HOST' | 'JT808_PORT' | 'JT808_IDLE_SECONDS' | 'JT808_MAX_CONNECTIONS' | 'POSITION_RETENTION_DAYS'>;
  logger: Logger;
  clock: Clock;
  pool: pg.Pool;
  vehicles: Pick<VehiclesModule, 'terminals' | 'latest'>;
  store?: Partial<PositionStoreOptions>;
  gateway?: Partial<GatewayOptions>;
  /** Told of every committed batch of positions and of every stored driver card change (the rule engine's alarm sink). */
  sink?: { accept(records: readonly PositionRecord[]): void; driver?(vehicleId: string, change: DriverChange): void };
}) {
  const { config, logger, clock, pool, vehicles } = deps;
  if (!config.JT808_PORT) return null;
  const store = createPositionStore({
    pool,
    clock,
    logger,
    latest: vehicles.latest,
    options: { retentionDays: config.POSITION_RETENTION_DAYS, ...deps.store },
  });
  const { sink } = deps;
  if (sink) store.onCommitted((records) => sink.accept(records));
  // A driver's card (0x0702) is stored first, then the engine hears of it: fatigue is counted per driver.
  const terminals: VehiclesModule['terminals'] = sink?.driver
    ? {
        ...vehicles.terminals,
        async driverIdentity(vehicleId, d) {
          await vehicles.terminals.driverIdentity(vehicleId, d);
          sink.driver?.(vehicleId, { event: d.event, time: d.time, qualificationCode: d.qualificationCode, driverName: d.driverName });
        },
      }
    : vehicles.terminals;
  await store.start();
  try {
    const gateway = await startGateway({
      terminals,
      store,
      clock,
      logger,
      host: config.HOST,
      port: config.JT808_PORT,
      options: { idleMs: config.JT808_IDLE_SECONDS * 1000, maxConnections: config.JT808_MAX_CONNECTIONS, ...deps.gateway },
    });
    return { gateway, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}
