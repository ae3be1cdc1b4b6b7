import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended floor: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time a real verification would, so unknown usernames cannot be told from wrong passwords by timing. */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('gongzhi-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}
