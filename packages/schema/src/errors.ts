/** Every failure kind of the schema package: a config that is missing or invalid, a bad handler environment. */
export type SchemaErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'INVALID_CONFIG'
  | 'INVALID_HANDLER_ENV'
  | 'INVALID_DAY'
  | 'UNMAPPED_FIELD';

/**
 * Base class of every error the schema package throws on purpose, with a stable `code`; the message
 * is written for the person who edits the config or the environment.
 *
 * @example
 * try { await loadTrackerConfig({ cwd }); } catch (error) { if (error instanceof SchemaError) console.error(error.message); }
 */
export class SchemaError extends Error {
  readonly code: SchemaErrorCode;
  constructor(code: SchemaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaError';
    this.code = code;
  }
}

/**
 * No `tracker.config.ts` where one was looked for (`--config`, `TRACKER_CONFIG`, or the nearest).
 *
 * @example
 * throw new ConfigNotFoundError('Could not find tracker.config.ts from /tmp');
 */
export class ConfigNotFoundError extends SchemaError {
  constructor(message: string) {
    super('CONFIG_NOT_FOUND', message);
    this.name = 'ConfigNotFoundError';
  }
}

/**
 * A `tracker.config.ts` was found but is not a valid config (unknown key, bad value, no default export,
 * or it failed to load); the message names the file and what to fix.
 *
 * @example
 * throw new InvalidConfigError('/repo/tracker.config.ts: unknown key "corsOrgin" (did you mean "corsOrigin"?)');
 */
export class InvalidConfigError extends SchemaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_CONFIG', message, options);
    this.name = 'InvalidConfigError';
  }
}

/**
 * The handler's environment (`ALLOWED_BUCKETS`, `BUCKET_ORIGINS`, ...) cannot be read.
 *
 * @example
 * throw new InvalidHandlerEnvError('BUCKET_ORIGINS must be JSON');
 */
export class InvalidHandlerEnvError extends SchemaError {
  constructor(message: string) {
    super('INVALID_HANDLER_ENV', message);
    this.name = 'InvalidHandlerEnvError';
  }
}

/**
 * A stored-row field has no Athena column type (a schema change the column generator does not know).
 *
 * @example
 * throw new UnmappedFieldError('No Hive type for the stored-row field device.model');
 */
export class UnmappedFieldError extends SchemaError {
  constructor(message: string) {
    super('UNMAPPED_FIELD', message);
    this.name = 'UnmappedFieldError';
  }
}

/**
 * A day to compact is not a real calendar day written `YYYY-MM-DD` (or lies before the first projected
 * year), so no partition could be named from it.
 *
 * @example
 * throw new InvalidDayError('2026-02-30');
 */
export class InvalidDayError extends SchemaError {
  constructor(text: string) {
    super('INVALID_DAY', `Not a day: "${text}" (expected YYYY-MM-DD, a real UTC calendar day from 2024 on)`);
    this.name = 'InvalidDayError';
  }
}
