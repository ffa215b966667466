/** Every failure kind of `npm run query`, so callers (and the CLI's exit message) can switch on `code`. */
export type QueryErrorCode =
  | 'USAGE'
  | 'QUERY_NOT_FOUND'
  | 'NO_LOCAL_DATA'
  | 'LOCAL_QUERY_FAILED'
  | 'ATHENA_QUERY_FAILED'
  | 'ATHENA_BYTES_SCANNED_LIMIT'
  | 'ATHENA_NO_CREDENTIALS'
  | 'ATHENA_REQUEST_FAILED'
  | 'UNSUPPORTED_COLUMN_TYPE';

/**
 * Base class of every error this module throws on purpose; its message is written for the analyst.
 *
 * @example
 * try { await engine.run(sql); } catch (error) { if (error instanceof QueryError) console.error(error.message); }
 */
export class QueryError extends Error {
  readonly code: QueryErrorCode;
  constructor(code: QueryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueryError';
    this.code = code;
  }
}

/** Bad command-line arguments. @example throw new UsageError('--format must be table, csv or json'); */
export class UsageError extends QueryError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** `--name` did not match any `-- name:` comment. @example throw new QueryNotFoundError('x', ['a']); */
export class QueryNotFoundError extends QueryError {
  constructor(name: string, available: readonly string[]) {
    super('QUERY_NOT_FOUND', `No query named "${name}". Available: ${available.join(', ') || '(none)'}`);
    this.name = 'QueryNotFoundError';
  }
}

/**
 * The local data folder does not exist or holds no stored event, so every figure would be an empty
 * "(0 rows)"; the message names the folder and how to fill it.
 *
 * @example
 * throw new NoLocalDataError('/repo/.data', 'does not exist');
 */
export class NoLocalDataError extends QueryError {
  readonly dataDir: string;
  constructor(dataDir: string, problem: 'does not exist' | 'holds no events', action = 'query') {
    super(
      'NO_LOCAL_DATA',
      `No events to ${action}: the data folder ${dataDir} ${problem}. ` +
        'Start `npm run offline` and send events (or `npm run offline` wrote them elsewhere: pass --data-dir <dir> or set DATA_DIR).',
    );
    this.name = 'NoLocalDataError';
    this.dataDir = dataDir;
  }
}

/** DuckDB rejected a statement (syntax, unknown column, ...). @example throw new LocalQueryError('...', err); */
export class LocalQueryError extends QueryError {
  constructor(message: string, cause?: unknown) {
    super('LOCAL_QUERY_FAILED', `Local query failed: ${message}`, { cause });
    this.name = 'LocalQueryError';
  }
}

/** Athena ran the query and it failed or was cancelled. @example throw new AthenaQueryFailedError('id', 'FAILED', 'SYNTAX_ERROR: ...'); */
export class AthenaQueryFailedError extends QueryError {
  readonly queryExecutionId: string;
  constructor(queryExecutionId: string, state: string, reason: string) {
    super('ATHENA_QUERY_FAILED', `Athena query ${queryExecutionId} ${state}: ${reason}`);
    this.name = 'AthenaQueryFailedError';
    this.queryExecutionId = queryExecutionId;
  }
}

/** The workgroup's per-query bytes-scanned limit stopped the query. @example throw new AthenaBytesScannedLimitError('id', '...'); */
export class AthenaBytesScannedLimitError extends QueryError {
  readonly queryExecutionId: string;
  constructor(queryExecutionId: string, reason: string) {
    super(
      'ATHENA_BYTES_SCANNED_LIMIT',
      `Athena query ${queryExecutionId} was stopped by the workgroup's bytes-scanned limit (${reason}). ` +
        'Narrow the partition filter (year/month/day) or raise athena.bytesScannedCutoffPerQuery in tracker.config.ts.',
    );
    this.name = 'AthenaBytesScannedLimitError';
    this.queryExecutionId = queryExecutionId;
  }
}

/** No AWS credentials were found, or AWS refused them. @example throw new AthenaCredentialsError(err); */
export class AthenaCredentialsError extends QueryError {
  constructor(cause: unknown) {
    super(
      'ATHENA_NO_CREDENTIALS',
      'No usable AWS credentials for Athena. Set AWS_PROFILE (after `aws sso login`) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ' +
        'or run without --athena to query the local data with DuckDB.',
      { cause },
    );
    this.name = 'AthenaCredentialsError';
  }
}

/** An Athena API call failed before the query could run (bad workgroup, no output location, throttling, ...). */
export class AthenaRequestError extends QueryError {
  constructor(message: string, cause?: unknown) {
    super('ATHENA_REQUEST_FAILED', `Athena request failed: ${message}`, { cause });
    this.name = 'AthenaRequestError';
  }
}

/**
 * A Glue column type the local views cannot translate to DuckDB: the table definition changed in a way
 * the query layer does not know yet (a bug to fix here, not the analyst's input).
 *
 * @example throw new UnsupportedColumnTypeError('map<string,int>', 'a type', 0);
 */
export class UnsupportedColumnTypeError extends QueryError {
  constructor(type: string, expected: string, at: number) {
    super(
      'UNSUPPORTED_COLUMN_TYPE',
      `Unsupported Hive type "${type}": expected ${expected} at position ${at}`,
    );
    this.name = 'UnsupportedColumnTypeError';
  }
}
