import { QueryError } from '@analytics-tracker/query';

/** Why a panel has no figures, worded for the person at the page. */
export interface PanelFailure {
  /** The query layer's error code (`ATHENA_NO_CREDENTIALS`, ...) or `UNEXPECTED`. */
  code: string;
  title: string;
  message: string;
  /** What to do about it, when there is something to do. */
  hint?: string;
}

const TITLES: Record<string, string> = {
  ATHENA_NO_CREDENTIALS: 'No AWS credentials',
  ATHENA_REQUEST_FAILED: 'Athena refused the request',
  ATHENA_BYTES_SCANNED_LIMIT: 'Stopped by the workgroup’s data-scanned limit',
  ATHENA_QUERY_FAILED: 'The Athena query failed',
  LOCAL_QUERY_FAILED: 'The local query failed',
  CONFIG_NOT_FOUND: 'No tracker config',
};

function hintFor(code: string, message: string): string | undefined {
  if (code === 'ATHENA_BYTES_SCANNED_LIMIT') return 'Pick a shorter date range.';
  if (code === 'ATHENA_REQUEST_FAILED' && /work\s?group/i.test(message)) {
    return 'Check the workgroup: npm run dashboard -- --athena --workgroup <name>, or athena.workgroup in tracker.config.ts.';
  }
  if (code === 'LOCAL_QUERY_FAILED') {
    return 'Check DATA_DIR (or --data-dir): it must be the folder npm run offline writes to.';
  }
  return undefined;
}

/**
 * Turns what a query threw into what the page says. Query-layer errors keep their message (it already
 * says what to do); anything else is a bug, shown without its details, which go to the server log.
 *
 * @example
 * describeFailure(new AthenaCredentialsError(cause)); // { code: 'ATHENA_NO_CREDENTIALS', title: 'No AWS credentials', message: '…' }
 */
export function describeFailure(error: unknown): PanelFailure {
  if (!(error instanceof QueryError)) {
    return {
      code: 'UNEXPECTED',
      title: 'Unexpected error',
      message: 'The dashboard hit a bug running this query; the details are in its terminal.',
    };
  }
  const hint = hintFor(error.code, error.message);
  return {
    code: error.code,
    title: TITLES[error.code] ?? 'The query failed',
    message: error.message,
    ...(hint ? { hint } : {}),
  };
}
