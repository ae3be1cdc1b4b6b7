import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every setting Gongzhi reads, by its environment variable name. The README's
 * configuration table is written from these descriptions; keep them in step.
 */
export const configSchema = z.object({
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server binds to.'),
  PORT: int(0, 65535).default(8080).describe('HTTP port; 0 picks a free one.'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Address users reach the platform at, printed on start; https here makes cookies Secure.'),
  DATA_DIR: z.string().min(1).default('./data').describe('Folder for the embedded database and other local state.'),
  DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes encoded as base64 (44 characters)')
    .optional()
    .describe(
      'Key (32 bytes, base64) that encrypts personal information at rest; when unset, the key in DATA_DIR/data.key, created on first start. Back it up: what it sealed cannot be read without it.',
    ),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe('postgres://… of an existing PostgreSQL server; when unset, an embedded server is started in DATA_DIR.'),
  EMBEDDED_PG_PORT: int(0, 65535).default(0).describe('Loopback port of the embedded PostgreSQL server; 0 picks a free one at each start.'),
  DB_POOL_SIZE: int(1, 200).default(10).describe('Connections in the database pool of this process.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('Largest request body accepted, in bytes.'),
  IMPORT_MAX_BYTES: int(1024, 2 * 1024 * 1024 * 1024)
    .default(200 * 1024 * 1024)
    .describe('Largest register file (CSV/XLSX) accepted for import, in bytes.'),
  SESSION_TTL_HOURS: int(1, 24 * 30)
    .default(12)
    .describe('A browser session ends this many hours after sign-in.'),
  SESSION_IDLE_MINUTES: int(5, 24 * 60)
    .default(120)
    .describe('A browser session ends after this many minutes without a request.'),
  SIGNIN_ACCOUNT_MAX_FAILURES: int(1, 1000).default(5).describe('Failed sign-ins on one account before it is throttled.'),
  SIGNIN_ADDRESS_MAX_FAILURES: int(1, 10000).default(20).describe('Failed sign-ins from one address before it is throttled.'),
  SIGNIN_WINDOW_MINUTES: int(1, 24 * 60)
    .default(15)
    .describe('Window over which failures are counted, and how long a throttle lasts.'),
  REPORT_RATE_LIMITS: z
    .string()
    .transform((v, ctx) => {
      const out: { address?: { limit: number; windowMs: number }; device?: { limit: number; windowMs: number } } = {};
      for (const part of v.split(',').map((p) => p.trim())) {
        const m = /^(address|device)=(\d{1,6})\/(\d{1,7})$/.exec(part);
        const key = m?.[1] as 'address' | 'device' | undefined;
        const limit = Number(m?.[2]);
        const seconds = Number(m?.[3]);
        if (!m || !key || limit < 1 || seconds < 1 || seconds > 30 * 86_400 || out[key]) {
          ctx.addIssue({
            code: 'custom',
            message: `must be address=COUNT/SECONDS and/or device=COUNT/SECONDS, comma-separated, each once (window at most 30 days); "${part}" is not`,
          });
          return z.NEVER;
        }
        out[key] = { limit, windowMs: seconds * 1000 };
      }
      return out;
    })
    .optional()
    .describe(
      'Public report intake limits per network address and per device, as address=COUNT/SECONDS,device=COUNT/SECONDS (either may be left out); default address=20/3600,device=5/3600.',
    ),
  TRUST_PROXY: bool.default(false).describe('Trust X-Forwarded-* headers (set when behind a reverse proxy).'),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/, 'must be an http(s) tile URL template with {z}, {x} and {y}')
    .optional()
    .describe('Basemap tile URL template; when unset, maps draw boundaries on a plain background and make no outside request.'),
  MAP_TILE_ATTRIBUTION: z.string().max(500).optional().describe('Attribution shown with the basemap tiles.'),
  MAP_TILE_CRS: z
    .enum(['WGS84', 'GCJ02'])
    .default('WGS84')
    .describe('Coordinate system of the basemap tiles (GCJ02 for most Chinese providers).'),
  DEMO: z.enum(['auto', 'off']).default('auto').describe('auto: load the demo jurisdiction into an empty database on start; off: never.'),
  DEMO_SCALE: int(1, 100).default(1).describe('Size multiplier of the demo jurisdiction loaded on start.'),
  SHUTDOWN_GRACE_SECONDS: int(1, 600).default(30).describe('How long shutdown waits for in-flight requests.'),
  JT808_PORT: int(0, 65535)
    .default(0)
    .describe('TCP port of the JT/T 808 vehicle gateway (terminals connect here, on HOST); 0 or unset: no gateway.'),
  JT808_IDLE_SECONDS: int(10, 3600)
    .default(180)
    .describe('A terminal connection that sends no whole frame for this long is closed (terminals send heartbeats).'),
  JT808_MAX_CONNECTIONS: int(1, 1_000_000).default(100_000).describe('Terminal connections the gateway holds at once.'),
  POSITION_RETENTION_DAYS: int(1, 3650).default(183).describe('Days vehicle positions are kept; older daily partitions are dropped.'),
  FILE_STORE: z
    .enum(['local', 's3'])
    .default('local')
    .describe('Where evidence and documents are kept: local (DATA_DIR/files) or s3 (an S3-compatible bucket, S3_* settings).'),
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('http(s) address of the S3-compatible service (MinIO, OSS, COS …); when unset, AWS S3 of S3_REGION.'),
  S3_REGION: z.string().min(1).default('us-east-1').describe('Region the S3 requests are signed for.'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)')
    .optional()
    .describe('Bucket that holds the files; required when FILE_STORE is s3. It must exist.'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional().describe('Access key id for the bucket (with S3_SECRET_ACCESS_KEY).'),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional().describe('Secret access key for the bucket.'),
  S3_FORCE_PATH_STYLE: bool
    .default(true)
    .describe('Address the bucket as ENDPOINT/BUCKET (true, most S3-compatible servers) rather than BUCKET.ENDPOINT.'),
  MAIL_TRANSPORT: z
    .enum(['log', 'smtp'])
    .default('log')
    .describe('How e-mail notifications leave: log (written to the log only) or smtp (SMTP_URL).'),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .describe('smtp://user:password@host:587 (STARTTLS) or smtps://…:465 of the mail relay; required when MAIL_TRANSPORT is smtp.'),
  MAIL_FROM: z
    .string()
    .regex(/@/, 'must be an e-mail address, optionally with a name: Name <address@host>')
    .optional()
    .describe('Sender of e-mail notifications; required when MAIL_TRANSPORT is smtp.'),
  SMS_PROVIDER: z
    .enum(['log', 'aliyun'])
    .default('log')
    .describe('How SMS notifications leave: log (written to the log only) or aliyun (Alibaba Cloud SMS).'),
  SMS_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .default('https://dysmsapi.aliyuncs.com')
    .describe('Address of the Alibaba Cloud SMS API (dysmsapi).'),
  SMS_ACCESS_KEY_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Alibaba Cloud AccessKey id allowed to send SMS; required when SMS_PROVIDER is aliyun.'),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional().describe('Its AccessKey secret; required when SMS_PROVIDER is aliyun.'),
  SMS_SIGN_NAME: z
    .string()
    .min(1)
    .optional()
    .describe('Approved SMS signature (签名) put before every message; required when SMS_PROVIDER is aliyun.'),
  SMS_TEMPLATE_CODE: z
    .string()
    .min(1)
    .optional()
    .describe('Approved template (SMS_…) with the variables title and content; required when SMS_PROVIDER is aliyun.'),
});

/** The schema with the settings that only make sense together: the first one missing is named. */
const checkedSchema = configSchema.superRefine((c, ctx) => {
  const needs = (when: boolean, keys: readonly (keyof typeof c)[], why: string) => {
    if (!when) return;
    const missing = keys.find((k) => c[k] === undefined);
    if (missing) ctx.addIssue({ code: 'custom', path: [missing], message: `required when ${why}` });
  };
  needs(c.FILE_STORE === 's3', ['S3_BUCKET'], 'FILE_STORE is s3');
  needs(c.S3_ACCESS_KEY_ID !== undefined, ['S3_SECRET_ACCESS_KEY'], 'S3_ACCESS_KEY_ID is set');
  needs(c.S3_SECRET_ACCESS_KEY !== undefined, ['S3_ACCESS_KEY_ID'], 'S3_SECRET_ACCESS_KEY is set');
  needs(c.MAIL_TRANSPORT === 'smtp', ['SMTP_URL', 'MAIL_FROM'], 'MAIL_TRANSPORT is smtp');
  needs(
    c.SMS_PROVIDER === 'aliyun',
    ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE'],
    'SMS_PROVIDER is aliyun',
  );
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const SECRETS: ReadonlySet<string> = new Set(['DATA_KEY', 'S3_SECRET_ACCESS_KEY', 'SMTP_URL', 'SMS_ACCESS_KEY_SECRET']);

/** The variables Gongzhi knows, so that a typo in a config file is caught. */
export const configKeys = Object.keys(configSchema.shape) as (keyof Config)[];

/**
 * Reads the configuration from an optional JSON file (GONGZHI_CONFIG, or
 * ./gongzhi.config.json when present) overlaid by the environment. Throws a
 * ConfigError whose message is one line naming the variable and the fault.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const fromFile = readConfigFile(env, cwd);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const key of configKeys) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = checkedSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '?');
    // A key, a password or a URL that may hold one is never echoed into logs or terminals.
    const got = SECRETS.has(key) ? undefined : merged[key];
    throw new ConfigError(`${key}: ${issue?.message ?? 'invalid'}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
  }
  return { ...parsed.data, DATA_DIR: path.resolve(cwd, parsed.data.DATA_DIR) };
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string): Record<string, string> {
  const explicit = env.GONGZHI_CONFIG;
  const file = path.resolve(cwd, explicit ?? 'gongzhi.config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`GONGZHI_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`GONGZHI_CONFIG: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`GONGZHI_CONFIG: ${file} must hold a JSON object of VARIABLE: value`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!configKeys.includes(key as keyof Config)) throw new ConfigError(`${key}: unknown setting in ${file}`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ConfigError(`${key}: must be a string, number or boolean in ${file}`);
    }
    out[key] = String(value);
  }
  return out;
}
