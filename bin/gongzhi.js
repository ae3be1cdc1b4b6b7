#!/usr/bin/env node
// The command-line entry: runs the compiled platform (built by `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('gongzhi: the platform is not built; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
await import(entry.href);
