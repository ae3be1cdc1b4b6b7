import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** One pino logger for the process; Fastify derives request loggers from it. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gongzhi' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    destination,
  );
}
