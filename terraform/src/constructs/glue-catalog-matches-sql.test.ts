import { readFile } from 'node:fs/promises';
import { parseCreateTables } from '@analytics-tracker/schema';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { GlueCatalog } from './glue-catalog.js';

interface GlueTableJson {
  name: string;
  partition_keys: { name: string; type: string }[];
  storage_descriptor: {
    columns: { name: string; type: string }[];
    ser_de_info: { serialization_library: string };
  };
}

const setupSql = await readFile(new URL('../../../sql/athena-setup.sql', import.meta.url), 'utf8');
const tables = parseCreateTables(setupSql);

function synthesizedGlueTables(): GlueTableJson[] {
  const json = Testing.synthScope((scope) => {
    new GlueCatalog(scope, 'glue', { config });
  });
  const resources = (
    JSON.parse(json) as { resource: { aws_glue_catalog_table: Record<string, GlueTableJson> } }
  ).resource;
  return Object.values(resources.aws_glue_catalog_table);
}

describe('sql/athena-setup.sql against the Glue tables', () => {
  it('has the columns, partition keys and SerDe of the Glue tables terraform/ synthesizes', () => {
    const glue = synthesizedGlueTables();
    expect(glue.map((table) => table.name)).toEqual(config.apps.map((app) => `${app.name}_events`));
    for (const glueTable of glue) {
      const table = tables.find((candidate) => candidate.name === `analytics_db.${glueTable.name}`);
      expect(table?.columns).toEqual(
        glueTable.storage_descriptor.columns.map(({ name, type }) => ({ name, type })),
      );
      expect(table?.partitionKeys).toEqual(glueTable.partition_keys);
      expect(setupSql).toContain(
        `ROW FORMAT SERDE '${glueTable.storage_descriptor.ser_de_info.serialization_library}'`,
      );
    }
  });
});
