import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config/index.js';

const empty = () => mkdtempSync(path.join(tmpdir(), 'gz-report-limits-'));

describe('REPORT_RATE_LIMITS', () => {
  it('is optional: unset, the defaults apply', () => {
    expect(loadConfig({}, empty()).REPORT_RATE_LIMITS).toBeUndefined();
  });

  it('reads one or both policies as COUNT/SECONDS', () => {
    expect(loadConfig({ REPORT_RATE_LIMITS: 'address=50/7200, device=3/600' }, empty()).REPORT_RATE_LIMITS).toEqual({
      address: { limit: 50, windowMs: 7_200_000 },
      device: { limit: 3, windowMs: 600_000 },
    });
    expect(loadConfig({ REPORT_RATE_LIMITS: 'device=10/3600' }, empty()).REPORT_RATE_LIMITS).toEqual({
      device: { limit: 10, windowMs: 3_600_000 },
    });
  });

  it.each(['address=20', 'phone=5/3600', 'device=0/3600', 'device=5/0', 'device=5/3600,device=6/3600', 'address=20/9999999', 'x'])(
    'refuses %j with one line naming the setting',
    (value) => {
      let error: unknown;
      try {
        loadConfig({ REPORT_RATE_LIMITS: value }, empty());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^REPORT_RATE_LIMITS: must be address=COUNT\/SECONDS/);
      expect((error as Error).message).toContain(JSON.stringify(value));
      expect((error as Error).message).not.toContain('\n');
    },
  );
});
