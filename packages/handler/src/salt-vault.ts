import { randomBytes } from 'node:crypto';
import type { Deadline } from './deadline.js';

/** Salts are 32 random bytes, written as 64 lower-case hex characters (the HMAC key is that text). */
const SALT_PATTERN = /^[0-9a-f]{64}$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The UTC day of a date, `YYYY-MM-DD`: the day a salt belongs to.
 *
 * @example
 * utcDay(new Date('2025-12-17T23:59:59Z')); // '2025-12-17'
 */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a name is a salt's day (`YYYY-MM-DD`): a vault lists only these, and rotation never
 * touches anything else stored next to them.
 *
 * @example
 * isSaltDay('2025-12-17'); // true
 */
export function isSaltDay(name: string): boolean {
  return DAY_PATTERN.test(name);
}

/**
 * Whether a value is a well-formed salt (64 hex characters): anything weaker is refused.
 *
 * @example
 * isSalt('a'.repeat(16)); // false
 */
export function isSalt(value: string): boolean {
  return SALT_PATTERN.test(value);
}

/**
 * A new random salt: 32 bytes from the OS's CSPRNG, as hex.
 *
 * @example
 * newSalt().length; // 64
 */
export function newSalt(): string {
  return randomBytes(32).toString('hex');
}

/** How long a read may take: with a deadline (a Lambda invocation's time), no attempt or pause runs past it. */
export interface ReadOptions {
  deadline?: Deadline | undefined;
}

/**
 * Where daily salts live: SSM Parameter Store in AWS (`createSsmSaltVault`), a local file offline
 * (`createFileSaltVault`), memory in tests and benchmarks (`createMemorySaltVault`). The same
 * `rotateSalts` runs over each.
 *
 * @example
 * const vault: SaltVault = createMemorySaltVault();
 */
export interface SaltVault {
  /** Where the salts are, for error messages (never a salt). */
  readonly location: string;
  /** The days that have a salt. */
  days(): Promise<string[]>;
  /** The salt of a day, or `undefined` when it has none (never made, or destroyed). */
  read(day: string, options?: ReadOptions): Promise<string | undefined>;
  /**
   * Stores a salt for a day unless it already has one, and says whether it did. An existing salt is
   * never replaced: instances may already be hashing with it.
   */
  createIfAbsent(day: string, salt: string): Promise<boolean>;
  /** Destroys a day's salt (no error when it has none). */
  remove(day: string): Promise<void>;
}

/** What one rotation did. */
export interface SaltRotation {
  /** The UTC day the rotation ran in. */
  today: string;
  /** Days whose salt this run created (today and tomorrow when missing). */
  created: string[];
  /** Days that had ended and whose salt this run destroyed. */
  deleted: string[];
}

/**
 * The daily rotation, in the style of Plausible's salts: make sure today and tomorrow have a random
 * salt (tomorrow's exists before midnight, so an instance whose clock runs ahead finds it), then
 * destroy the salt of every day that has ended. Once a day's salt is gone, nothing can recompute that
 * day's `ip` and `visitorId` hashes. Idempotent: run it as often as you like (AWS: hourly).
 *
 * @example
 * await rotateSalts(vault, new Date('2025-12-18T00:05:00Z'));
 * // { today: '2025-12-18', created: ['2025-12-19'], deleted: ['2025-12-17'] }
 */
export async function rotateSalts(
  vault: SaltVault,
  now: Date,
  makeSalt: () => string = newSalt,
): Promise<SaltRotation> {
  const today = utcDay(now);
  const tomorrow = utcDay(new Date(now.getTime() + DAY_MS));
  const created: string[] = [];
  for (const day of [today, tomorrow]) {
    if (await vault.createIfAbsent(day, makeSalt())) created.push(day);
  }
  const deleted: string[] = [];
  for (const day of await vault.days()) {
    if (day < today) {
      await vault.remove(day);
      deleted.push(day);
    }
  }
  return { today, created, deleted };
}
