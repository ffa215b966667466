import {
  type JsonValue,
  readingView,
  readingViewSql,
  type TrackerConfig,
  tableDefinition,
} from '@analytics-tracker/schema';
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, ResultReturnType } from '@duckdb/node-api';
import { LocalQueryError } from './errors.js';
import { listBucketObjects } from './local-objects.js';
import { localViewSql } from './local-views.js';
import type { QueryEngine, QueryResult } from './result.js';
import { TRINO_MACROS } from './trino-macros.js';

/** Where the local data is and which apps to expose. */
export interface LocalEngineOptions {
  /** The offline server's data folder (`.data` by default); objects are under `<dataDir>/s3/<bucket>/`. */
  dataDir: string;
  config: Pick<TrackerConfig, 'glueDatabase' | 'apps'>;
  /** Where a one-line note about a statement goes (`MSCK REPAIR TABLE`); stderr by default. */
  notice?: (line: string) => void;
}

// Athena's partition repair, as the original README runs it (`MSCK REPAIR TABLE analytics_db.app1_events;`),
// after any `--` comment lines. The table name is matched, never used to build anything.
const MSCK_REPAIR = /^(?:\s*--[^\n]*\n)*\s*MSCK\s+REPAIR\s+TABLE\s+[\w."`]+\s*;?\s*$/i;
const NO_ROWS: QueryResult = { columns: [], rows: [], returnsRows: false };

// DuckDB's JSON form gives 64-bit integers and decimals as strings to stay lossless; counts are far
// below 2^53, so they become numbers like Athena's bigint results do.
const NUMERIC_TEXT_TYPES = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/;

function toValue(value: JsonValue, type: DuckDBType): JsonValue {
  if (typeof value === 'string' && NUMERIC_TEXT_TYPES.test(type.toString())) {
    const number = Number(value);
    return Number.isFinite(number) ? number : value;
  }
  return value;
}

async function runOne(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  try {
    const reader = await connection.runAndReadAll(sql);
    const types = reader.columnTypes();
    const returnsRows = reader.returnType === ResultReturnType.QUERY_RESULT;
    return {
      columns: reader.columnNames().map((name, i) => ({ name, type: types[i]?.toString() ?? 'UNKNOWN' })),
      rows: returnsRows
        ? reader
            .getRowsJson()
            .map((row) => row.map((value, i) => (types[i] ? toValue(value, types[i]) : value)))
        : [],
      returnsRows,
    };
  } catch (error) {
    throw new LocalQueryError((error as Error).message, error);
  }
}

/**
 * An in-memory DuckDB with one view per app (`analytics_db.app1_events`) over what `npm run offline`
 * stored, its deduplicated reading view (`analytics_db.app1_events_dedup`, as on Athena), plus the
 * Trino functions the examples use, so Athena SQL runs here unchanged.
 * The views list the files once: create a new engine to see events written afterwards.
 *
 * @example
 * const engine = await createLocalEngine({ dataDir: '.data', config });
 * const { rows } = await engine.run("SELECT count(*) FROM analytics_db.app1_events WHERE year = '2025'");
 * await engine.close();
 */
export async function createLocalEngine(options: LocalEngineOptions): Promise<QueryEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = async (): Promise<void> => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    // Athena works in UTC; current_date and timestamp rendering must agree with it.
    await connection.run("SET TimeZone = 'UTC'");
    // Trino divides integers as integers (7 / 2 = 3); DuckDB would answer 3.5.
    await connection.run('SET integer_division = true');
    for (const macro of TRINO_MACROS) await connection.run(macro);
    await connection.run(`CREATE SCHEMA IF NOT EXISTS "${options.config.glueDatabase}"`);
    for (const app of options.config.apps) {
      const table = tableDefinition(options.config, app);
      await connection.run(localViewSql(table, await listBucketObjects(options.dataDir, app.bucket)));
      // The same deduplicated reading view as on Athena, over the raw view just made.
      await connection.run(readingViewSql(readingView(table, app)));
    }
  } catch (error) {
    await close();
    throw new LocalQueryError(
      `could not open the local data in ${options.dataDir}: ${(error as Error).message}`,
      error,
    );
  }
  const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    run: async (sql) => {
      // Locally the views list the files (and Athena's tables use partition projection): no repair to do.
      if (!MSCK_REPAIR.test(sql)) return runOne(connection, sql);
      notice('MSCK REPAIR TABLE: nothing to do, partitions are read from the files (projection on Athena)');
      return NO_ROWS;
    },
    close,
  };
}
