import { readFile } from 'node:fs/promises';
import { parseCreateTables } from '@analytics-tracker/schema';
import { describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { createLocalEngine } from './duckdb-engine.js';
import { rowObjects } from './result.js';

const setupSql = await readFile(new URL('../../../sql/athena-setup.sql', import.meta.url), 'utf8');
const tables = parseCreateTables(setupSql);

describe('the local DuckDB tables', () => {
  it('have the Athena columns of sql/athena-setup.sql, in order, plus year/month/day', async () => {
    const engine = await createLocalEngine({ dataDir: '/nonexistent-data-dir', config });
    try {
      for (const table of tables) {
        const described = rowObjects(await engine.run(`DESCRIBE ${table.name}`));
        expect(described.map((column) => column.column_name)).toEqual([
          ...table.columns.map((column) => column.name),
          ...table.partitionKeys.map((key) => key.name),
        ]);
      }
    } finally {
      await engine.close();
    }
  });
});
