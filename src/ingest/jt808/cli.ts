import { describeBytes, parseHex } from './describe.js';

const USAGE = 'usage: gongzhi jt808 decode <hex>   (a frame, with or without its 0x7e flags; spaces allowed)';

/**
 * `gongzhi jt808 decode <hex>`: prints each frame as JSON, or says exactly why
 * it cannot be decoded. Returns the exit code: 0 decoded, 2 not.
 */
export function runJt808(args: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  const [sub, ...rest] = args;
  if (sub !== 'decode' || rest.length === 0) {
    err(`${sub && sub !== 'decode' ? `jt808: unknown subcommand '${sub}'\n` : ''}${USAGE}\n`);
    return 2;
  }
  const bytes = parseHex(rest.join(''));
  if (typeof bytes === 'string') {
    err(`cannot decode: bad_hex: ${bytes}\n`);
    return 2;
  }
  const results = describeBytes(bytes);
  const shown = results.map((r) => (r.ok ? r.frame : { error: { reason: r.reason, detail: r.detail } }));
  // Frames that decoded are printed even when others in the dump did not; the failures are named on stderr.
  if (results.some((r) => r.ok)) out(`${JSON.stringify(shown.length === 1 ? shown[0] : shown, null, 2)}\n`);
  let code = 0;
  for (const r of results) {
    if (!r.ok) {
      err(`cannot decode: ${r.reason}: ${r.detail}\n`);
      code = 2;
    }
  }
  return code;
}
