import type { JsonValue } from '@analytics-tracker/schema';

/** One column of a result: its name and the engine's type name (`BIGINT`, `varchar`, ...). */
export interface ResultColumn {
  name: string;
  type: string;
}

/**
 * What one statement returned, the same shape from DuckDB and from Athena. Numbers are numbers,
 * booleans are booleans, structs are objects. `rows` is empty for statements that return none.
 *
 * @example
 * { columns: [{ name: 'views', type: 'BIGINT' }], rows: [[3]], returnsRows: true }
 */
export interface QueryResult {
  columns: ResultColumn[];
  rows: JsonValue[][];
  /** False for statements such as `CREATE VIEW`, which return no result set. */
  returnsRows: boolean;
  /** Athena's bytes scanned, when known. */
  bytesScanned?: number;
}

/**
 * Runs SQL text on one backend. DuckDB locally, Athena remotely: same SQL, same result shape.
 *
 * @example
 * const result = await engine.run('SELECT count(*) AS n FROM analytics_db.app1_events WHERE year = \'2025\'');
 */
export interface QueryEngine {
  /** Runs ONE statement. */
  run(sql: string): Promise<QueryResult>;
  close(): Promise<void>;
}

/**
 * A result as plain objects keyed by column name: what tests and `--format json` use.
 *
 * @example
 * rowObjects(result); // [{ year: '2025', month: '12', day: '17', views: 1 }]
 */
export function rowObjects(result: QueryResult): Record<string, JsonValue>[] {
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, i) => [column.name, row[i] ?? null])),
  );
}
