/**
 * Money on the rewards screens is whole fen, as the server keeps it; the yuan a person types is read as text,
 * never through floating point, and shown with thousands separators in both languages (¥300,000.00).
 */

/** ¥ with thousands separators and two decimals: 30000000 → ¥300,000.00. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen from a yuan amount as typed ("20000", "20,000.5", "¥1,234.56"); null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const clean = text.trim().replace(/^¥/, '').replaceAll(',', '');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Basis points as a percentage: 1500 → 15%, 1250 → 12.5%. */
export function percent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

/** The reward the rule gives for a fine, exactly as the server computes it (for the form's preview). */
export function previewReward(fineFen: number, rule: { rateBasisPoints: number; min: { fen: number }; max: { fen: number } }): number {
  if (fineFen <= 0) return 0;
  const share = Number((BigInt(fineFen) * BigInt(rule.rateBasisPoints) + 5000n) / 10000n);
  return Math.min(Math.max(share, rule.min.fen), rule.max.fen);
}
