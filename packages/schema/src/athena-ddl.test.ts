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
  it('creates the database and one table per app of the config', () => {
    expect(setupSql).toContain(`CREATE DATABASE IF NOT EXISTS ${config.glueDatabase};`);
    expect(tables.map((table) => table.name)).toEqual(
      config.apps.map((app) => `analytics_db.${app.name}_events`),
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
