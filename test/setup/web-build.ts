import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function newest(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

/** Browser tests test the current web app: rebuild it when a source is newer than the build. */
export async function buildWebIfStale(): Promise<boolean> {
  const built = path.join(root, 'web/dist/index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => path.join(root, p)).filter(existsSync);
  if (sources.length === 0) return existsSync(built);
  const fresh = () => existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest));
  // A run of API tests alone may skip the build (several developers' runs on one machine at once).
  if (fresh() || process.env.SKIP_WEB_BUILD === '1') return existsSync(built);
  try {
    // One build at a time on this machine; a run that waited finds the build fresh and skips it.
    execFileSync('flock', [path.join(root, 'web/.build.lock'), 'sh', '-c', 'npm run build:web'], { cwd: root, stdio: 'inherit' });
  } catch {
    // API tests do not need the web app; browser tests fail on their own with this.
    process.stderr.write('web app build failed: browser tests will fail\n');
    return false;
  }
  return existsSync(built);
}
