/** Shapes of the audit module's API answers (工作留痕). */

export interface AuditActor {
  /** `person`, `system`, …; a kind this build does not know is shown as it is. */
  kind: string;
  username?: string;
  role?: string;
  organisationId?: string;
  name?: string;
  [more: string]: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: AuditActor;
  /** Dotted, e.g. `entrustment.suspended`. */
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
}

export type ChainVerification =
  | { ok: true; entries: number; head: { seq: number; hash: string }; expected?: { seq: number; hash: string } }
  | {
      ok: false;
      entries: number;
      brokenAt: number;
      /** `truncated`: the chain ends before the expected head; `head_mismatch`: it holds another entry there. */
      reason: string;
      head?: { seq: number; hash: string };
      expected?: { seq: number; hash: string };
    };

/** The published head of the audit chain: anyone may keep it and check it later. */
export interface PublishedHead {
  seq: number;
  hash: string;
  at: string | null;
  /** `<seq>:<hash>`, as verify's `expect` takes it. */
  expect: string;
}
