/**
 * `npm run sql:generate`: regenerates sql/athena-setup.sql and sql/athena-table-template.sql from
 * the stored-row schema and tracker.config.ts. Run it after changing either, and commit the result.
 */
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { SchemaError } from '@analytics-tracker/schema';
import { loadTrackerConfig } from './load-config.js';
import { writeGeneratedSql } from './write-generated-sql.js';

try {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  const { config, path } = await loadTrackerConfig({
    cwd: process.env.INIT_CWD ?? process.cwd(),
    path: values.config,
    env: process.env,
  });
  const changed = await writeGeneratedSql(dirname(path), config);
  process.stdout.write(changed.length > 0 ? `Wrote ${changed.join(', ')}\n` : 'sql/ is up to date\n');
} catch (error) {
  process.stderr.write(`${error instanceof SchemaError ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
