/** Every failure kind of the dashboard itself; query failures keep the query layer's own codes. */
export type DashboardErrorCode = 'BAD_PARAMETER' | 'BAD_QUERY_FILE' | 'USAGE' | 'PORT_IN_USE' | 'INTERNAL';

/**
 * Base class of the dashboard's own errors; the message is written for the person at the page.
 *
 * @example
 * if (error instanceof DashboardError && error.code === 'BAD_PARAMETER') respond(400, error.message);
 */
export class DashboardError extends Error {
  readonly code: DashboardErrorCode;
  constructor(code: DashboardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DashboardError';
    this.code = code;
  }
}

/** A page parameter (app, range, dates) is not one the dashboard accepts. @example throw new BadParameterError('from must be YYYY-MM-DD'); */
export class BadParameterError extends DashboardError {
  constructor(message: string) {
    super('BAD_PARAMETER', message);
    this.name = 'BadParameterError';
  }
}

/** sql/dashboard-queries.sql lacks a query, or holds a placeholder the dashboard does not fill. @example throw new QueryFileError('no query named top_pages'); */
export class QueryFileError extends DashboardError {
  constructor(message: string) {
    super('BAD_QUERY_FILE', message);
    this.name = 'QueryFileError';
  }
}

/** Bad command-line arguments. @example throw new DashboardUsageError('--port must be a number'); */
export class DashboardUsageError extends DashboardError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'DashboardUsageError';
  }
}

/** The port is taken. @example throw new PortInUseError(3001); */
export class PortInUseError extends DashboardError {
  constructor(port: number) {
    super(
      'PORT_IN_USE',
      `Port ${port} is already in use (another dashboard?): stop that process or set DASHBOARD_PORT to another port.`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * A dashboard invariant broke (a bug, not the request): reported as the dashboard's own error instead of
 * a bare `Error`. @example throw new DashboardInternalError('the headline query did not run');
 */
export class DashboardInternalError extends DashboardError {
  constructor(message: string) {
    super('INTERNAL', message);
    this.name = 'DashboardInternalError';
  }
}
