import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import config from '../../../tracker.config.js';
import { athenaTableTemplateSql, parseCreateTables, TEMPLATE_PLACEHOLDERS } from './athena-ddl.js';
import { generatedSqlFiles } from './generate-sql.js';
import { tableDefinition } from './table-definition.js';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's projection placeholders, literally
const APP1_TEMPLATE = 's3://app1-analytics-prod/analytics/year=${year}/month=${month}/day=${day}/';
const repoFile = (path: string) => readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');
const setupSql = await repoFile('sql/athena-setup.sql');
const tables = parseCreateTables(setupSql);

describe('sql/ generated files', () => {
  it.each(Object.keys(generatedSqlFiles(config)))(
    '%s is what the schema and tracker.config.ts generate (else: npm run sql:generate)',
    async (path) => {
      expect(await repoFile(path)).toBe(generatedSqlFiles(config)[path]);
    },
  );
});

describe('sql/athena-setup.sql', () => {
  it('creates the database and, per app of the config, its raw table and its compacted table', () => {
    expect(setupSql).toContain(`CREATE DATABASE IF NOT EXISTS ${config.glueDatabase};`);
    expect(tables.map((table) => table.name)).toEqual(
      config.apps.flatMap((app) => [
        `analytics_db.${app.name}_events`,
        `analytics_db.${app.name}_events_compacted`,
      ]),
    );
  });

  it('the compacted table is Parquet (ZSTD) under compacted/, with the raw table columns and day projection', () => {
    const raw = tables.find((table) => table.name === 'analytics_db.app1_events');
    const compacted = tables.find((table) => table.name === 'analytics_db.app1_events_compacted');
    expect(compacted?.columns).toEqual(raw?.columns);
    expect(compacted?.partitionKeys).toEqual(raw?.partitionKeys);
    expect(compacted?.properties).toMatchObject({
      'parquet.compression': 'ZSTD',
      'projection.enabled': 'true',
      'storage.location.template': APP1_TEMPLATE.replace('/analytics/', '/compacted/'),
    });
    // Hive's Parquet SerDe and formats, the names AWS documents for INSERT INTO a Parquet table.
    expect(setupSql).toContain(
      "ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'",
    );
    expect(setupSql).toContain(
      "STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'",
    );
    // The view is created after both tables it reads.
    expect(setupSql.indexOf('VIEW analytics_db.app1_events_dedup')).toBeGreaterThan(
      setupSql.indexOf('TABLE IF NOT EXISTS analytics_db.app1_events_compacted'),
    );
  });

  it.each(config.apps)('$name: columns and partition keys equal tableDefinition()', (app) => {
    const definition = tableDefinition(config, app);
    const table = tables.find((candidate) => candidate.name === `${definition.database}.${definition.name}`);
    expect(table?.columns).toEqual(definition.columns.map(({ name, type }) => ({ name, type })));
    expect(table?.partitionKeys).toEqual(definition.partitionKeys);
  });

  it('projects partitions from the key layout, so no MSCK REPAIR TABLE is needed', () => {
    expect(tables[0]?.properties).toMatchObject({
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.month.digits': '2',
      'projection.day.digits': '2',
      'storage.location.template': APP1_TEMPLATE,
    });
    expect(setupSql).not.toContain('MSCK REPAIR TABLE analytics_db');
    expect(setupSql).toContain("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'");
    expect(setupSql).toContain('  `timestamp` string,');
  });
});

describe('sql/athena-table-template.sql (the seed way, for apps not in the config)', () => {
  it('becomes a table for any bucket by replacing YOUR-BUCKET-NAME and TABLE_NAME', () => {
    const sql = athenaTableTemplateSql(config)
      .replaceAll(TEMPLATE_PLACEHOLDERS.bucket, 'app3-analytics')
      .replaceAll(TEMPLATE_PLACEHOLDERS.table, 'app3_events');
    const [table] = parseCreateTables(sql);
    const reference = tableDefinition(config, { name: 'app3', bucket: 'app3-analytics' });
    expect(table?.name).toBe('analytics_db.app3_events');
    expect(table?.columns).toEqual(reference.columns.map(({ name, type }) => ({ name, type })));
    expect(table?.properties['storage.location.template']).toBe(
      reference.parameters['storage.location.template'],
    );
    expect(sql).toContain("LOCATION 's3://app3-analytics/analytics/'");
  });
});
