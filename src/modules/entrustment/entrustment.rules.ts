/**
 * The pure core of entrustments (委托 / 政府购买服务): what state one is in at
 * an instant, and which changes a person may make to it.
 */

export const SERVICES = ['risk_examination', 'hazard_investigation', 'vehicle_monitoring', 'training', 'safety_consulting'] as const;
export type Service = (typeof SERVICES)[number];

/** What is stored: the decision of the regulator. */
export type RecordedStatus = 'active' | 'suspended' | 'ended';

/** What holds now: the decision read against the validity period. */
export type EffectiveStatus = 'upcoming' | 'in_force' | 'suspended' | 'ended' | 'expired';

export type Transition = 'suspend' | 'resume' | 'end';

/** Which decisions may follow which. */
export const TRANSITIONS = {
  active: ['suspended', 'ended'],
  suspended: ['active', 'ended'],
  ended: [],
} as const satisfies Record<RecordedStatus, readonly RecordedStatus[]>;

const TARGET: Record<Transition, RecordedStatus> = { suspend: 'suspended', resume: 'active', end: 'ended' };

export interface Validity {
  validFrom: Date;
  validUntil: Date;
}

export function effectiveStatus(recorded: RecordedStatus, validity: Validity, now: Date): EffectiveStatus {
  const t = now.getTime();
  if (recorded === 'ended') return 'ended';
  if (t >= validity.validUntil.getTime()) return 'expired';
  if (recorded === 'suspended') return 'suspended';
  if (t < validity.validFrom.getTime()) return 'upcoming';
  return 'in_force';
}

/** In force: the provider's staff hold the granted permissions over the targets right now. */
export const isInForce = (recorded: RecordedStatus, validity: Validity, now: Date) =>
  effectiveStatus(recorded, validity, now) === 'in_force';

/**
 * The recorded status a transition leads to, or null when it is not allowed:
 * an expired entrustment can only be ended (for the record), never resumed or suspended.
 */
export function transition(recorded: RecordedStatus, validity: Validity, now: Date, action: Transition): RecordedStatus | null {
  const next = TARGET[action];
  if (!(TRANSITIONS[recorded] as readonly RecordedStatus[]).includes(next)) return null;
  if (effectiveStatus(recorded, validity, now) === 'expired' && action !== 'end') return null;
  return next;
}

export function allowedTransitions(recorded: RecordedStatus, validity: Validity, now: Date): Record<Transition, boolean> {
  return {
    suspend: transition(recorded, validity, now, 'suspend') !== null,
    resume: transition(recorded, validity, now, 'resume') !== null,
    end: transition(recorded, validity, now, 'end') !== null,
  };
}

/** Problems with a proposed validity period, by field. */
export function validityProblems(validity: Validity, now: Date): { field: 'validFrom' | 'validUntil'; detail: string }[] {
  const problems: { field: 'validFrom' | 'validUntil'; detail: string }[] = [];
  if (validity.validUntil.getTime() <= validity.validFrom.getTime())
    problems.push({ field: 'validUntil', detail: 'must be after validFrom' });
  if (validity.validUntil.getTime() <= now.getTime()) problems.push({ field: 'validUntil', detail: 'must be in the future' });
  if (validity.validUntil.getTime() - validity.validFrom.getTime() > 5 * 366 * 86_400_000) {
    problems.push({ field: 'validUntil', detail: 'an entrustment lasts at most five years' });
  }
  return problems;
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** A 10-character verification code from 50 random bits, easy to read aloud and type. */
export function verificationCode(random: Uint8Array): string {
  if (random.length < 7) throw new RangeError('need at least 7 random bytes');
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(random[i] as number);
  let code = '';
  for (let i = 0; i < 10; i++) {
    code += CODE_ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return code;
}

/** Upper-cases and maps the letters people confuse (O→0, I/L→1) as Crockford base32 does. */
export function normaliseCode(input: string): string {
  return input.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1').replace(/[\s-]/g, '');
}
