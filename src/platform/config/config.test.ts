import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configKeys, loadConfig } from './config.js';

const empty = () => mkdtempSync(path.join(tmpdir(), 'gz-config-'));

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const dir = empty();
    const config = loadConfig({}, dir);
    expect(config.PORT).toBe(8080);
    expect(config.DATA_DIR).toBe(path.join(dir, 'data'));
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.MAP_TILE_URL).toBeUndefined();
    expect(config.DEMO).toBe('auto');
  });

  it.each([
    ['PORT', 'abc', /^PORT: /],
    ['PORT', '70000', /^PORT: /],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL: /],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: /],
    ['MAP_TILE_URL', 'https://tiles.example/x.png', /^MAP_TILE_URL: must be an http\(s\) tile URL template/],
    ['TRUST_PROXY', 'maybe', /^TRUST_PROXY: /],
    ['DEMO', 'sometimes', /^DEMO: /],
  ])('a bad %s (%s) is refused with one line naming it', (key, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [key]: value }, empty());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(JSON.stringify(value));
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads gongzhi.config.json, and the environment wins over it', () => {
    const dir = empty();
    writeFileSync(path.join(dir, 'gongzhi.config.json'), JSON.stringify({ PORT: 9000, LOG_LEVEL: 'debug' }));
    const config = loadConfig({ LOG_LEVEL: 'warn' }, dir);
    expect(config.PORT).toBe(9000);
    expect(config.LOG_LEVEL).toBe('warn');
  });

  it('refuses an unknown key in the file', () => {
    const dir = empty();
    writeFileSync(path.join(dir, 'gongzhi.config.json'), JSON.stringify({ PROT: 9000 }));
    expect(() => loadConfig({}, dir)).toThrow(/^PROT: unknown setting/);
  });

  it('refuses a file that is not JSON, and a named file that is missing', () => {
    const dir = empty();
    writeFileSync(path.join(dir, 'gongzhi.config.json'), '{ nope');
    expect(() => loadConfig({}, dir)).toThrow(/not valid JSON/);
    expect(() => loadConfig({ GONGZHI_CONFIG: 'missing.json' }, empty())).toThrow(/^GONGZHI_CONFIG: cannot read/);
  });

  it.each([
    [{ FILE_STORE: 's3' }, /^S3_BUCKET: required when FILE_STORE is s3$/],
    [{ FILE_STORE: 's3', S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'k' }, /^S3_SECRET_ACCESS_KEY: required when S3_ACCESS_KEY_ID is set$/],
    [{ FILE_STORE: 'ftp' }, /^FILE_STORE: .*\(got "ftp"\)$/],
    [{ S3_BUCKET: 'Not_A_Bucket' }, /^S3_BUCKET: must be a bucket name/],
    [{ MAIL_TRANSPORT: 'smtp' }, /^SMTP_URL: required when MAIL_TRANSPORT is smtp$/],
    [{ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://relay.example:587' }, /^MAIL_FROM: required when MAIL_TRANSPORT is smtp$/],
    [
      { SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 's' },
      /^SMS_SIGN_NAME: required when SMS_PROVIDER is aliyun$/,
    ],
    [{ SMS_PROVIDER: 'twilio' }, /^SMS_PROVIDER: /],
  ])('a bad combination of storage, mail or SMS settings is refused with one line naming the setting (%j)', (env, message) => {
    expect(() => loadConfig(env, empty())).toThrow(message);
    expect(() => loadConfig(env, empty())).toThrow(ConfigError);
  });

  it('never echoes a password or secret it refuses', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@relay.example' }, empty())).toThrow(/^SMTP_URL: [^"]*$/);
    const config = loadConfig(
      {
        FILE_STORE: 's3',
        S3_BUCKET: 'gongzhi-files',
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: 'smtps://u:p@relay.example:465',
        MAIL_FROM: 'a@b.cn',
      },
      empty(),
    );
    expect(config).toMatchObject({
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: true,
      SMS_PROVIDER: 'log',
      SMS_ENDPOINT: 'https://dysmsapi.aliyuncs.com',
    });
  });

  it('accepts a tile template and a server URL', () => {
    const config = loadConfig({ MAP_TILE_URL: 'https://t.example/{z}/{x}/{y}.png', DATABASE_URL: 'postgres://u@h:5432/d' }, empty());
    expect(config.MAP_TILE_URL).toContain('{z}');
    expect(config.DATABASE_URL).toBe('postgres://u@h:5432/d');
  });
});

describe('the README', () => {
  it('documents every setting', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const key of configKeys) expect(readme, key).toContain(`| \`${key}\` |`);
  });
});
