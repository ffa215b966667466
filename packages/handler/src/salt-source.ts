import { SaltUnavailableError } from './errors.js';
import { isSalt, type ReadOptions, rotateSalts, type SaltVault } from './salt-vault.js';

/**
 * Gives the handler the salt of a UTC day. It throws `SaltUnavailableError` rather than hash with
 * anything weaker.
 *
 * @example
 * const salt = await salts.saltFor('2025-12-17');
 */
export interface SaltSource {
  /** With a deadline (a Lambda invocation's time), the vault's read stops in time for the 503. */
  saltFor(day: string, options?: ReadOptions): Promise<string>;
}

/** Options of `createSaltSource`. */
export interface SaltSourceOptions {
  /**
   * How long this instance reuses a salt it read, in ms (default 5 minutes): few reads of the vault,
   * and a destroyed salt leaves a warm instance's memory soon after.
   */
  ttlMs?: number;
  /** Time for the TTL (default `new Date()`). */
  clock?: () => Date;
  /**
   * Run `rotateSalts` itself whenever the handler asks for a new day (offline and tests): that day and
   * the next get salts, earlier days lose theirs. In AWS this stays off: the scheduled rotation
   * function does it, and the tracker may only read.
   */
  rotate?: boolean;
}

/** Default TTL of a cached salt. */
export const SALT_TTL_MS = 5 * 60 * 1000;

/**
 * The handler's salt source over a vault: reads a day's salt once per TTL, keeps it in this
 * instance only (state lives in what this returns), forgets salts whose TTL has passed, and refuses a
 * missing or malformed salt.
 *
 * @example
 * createHandler({ salts: createSaltSource(createSsmSaltVault({ path })) }); // AWS
 * createHandler({ salts: createSaltSource(createFileSaltVault('.data/salts.json'), { rotate: true }) }); // offline
 */
export function createSaltSource(vault: SaltVault, options: SaltSourceOptions = {}): SaltSource {
  const ttlMs = options.ttlMs ?? SALT_TTL_MS;
  const clock = options.clock ?? (() => new Date());
  const cache = new Map<string, { salt: string; expires: number }>();
  let rotation: { day: string; done: Promise<unknown> } | undefined;

  // Rotation follows the days the handler asks for (its clock, which tests and offline replays set).
  const rotateFor = (day: string): Promise<unknown> => {
    if (rotation?.day !== day) rotation = { day, done: rotateSalts(vault, new Date(`${day}T00:00:00Z`)) };
    return rotation.done;
  };

  return {
    async saltFor(day, readOptions) {
      const now = clock();
      for (const [cachedDay, entry] of cache) {
        if (entry.expires <= now.getTime()) cache.delete(cachedDay);
      }
      const hit = cache.get(day);
      if (hit) return hit.salt;
      let salt: string | undefined;
      try {
        if (options.rotate) await rotateFor(day);
        salt = await vault.read(day, readOptions);
      } catch (cause) {
        if (options.rotate) rotation = undefined;
        throw new SaltUnavailableError(`the salt of ${day} could not be read from ${vault.location}`, cause);
      }
      if (salt === undefined) {
        throw new SaltUnavailableError(
          `no salt for ${day} in ${vault.location}: is the salt rotation function running?`,
        );
      }
      if (!isSalt(salt)) {
        throw new SaltUnavailableError(`the salt of ${day} in ${vault.location} is not 64 hex characters`);
      }
      cache.set(day, { salt, expires: now.getTime() + ttlMs });
      return salt;
    },
  };
}
