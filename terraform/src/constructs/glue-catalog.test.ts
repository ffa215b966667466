import { storedRowColumns } from '@analytics-tracker/schema';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { parseStack, resourcesOf, testConfig } from '../../test/fixtures.js';
import { GlueCatalog } from './glue-catalog.js';

const json = Testing.synthScope((scope) => {
  new GlueCatalog(scope, 'glue', {
    config: testConfig({ glueDatabase: 'analytics_db' }),
    accountId: '123456789012',
  });
});
const tables = resourcesOf(parseStack(json), 'aws_glue_catalog_table');
const app1 = tables.find((table) => table.name === 'app1_events') ?? {};

describe('GlueCatalog', () => {
  it('creates the database and one external table per app', () => {
    expect(json).toHaveResourceWithProperties(GlueCatalogDatabase, { name: 'analytics_db' });
    expect(tables.map((table) => table.name)).toEqual(['app1_events', 'app2_events']);
    expect(json).toHaveResourceWithProperties(GlueCatalogTable, {
      name: 'app2_events',
      table_type: 'EXTERNAL_TABLE',
      storage_descriptor: { location: 's3://app2-analytics-staging/analytics/' },
    });
  });

  it('has exactly the stored-row columns, in order, with their Hive types', () => {
    const columns = (app1.storage_descriptor as { columns: { name: string; type: string }[] }).columns;

    expect(columns.map(({ name, type }) => ({ name, type }))).toEqual(
      storedRowColumns().map(({ name, type }) => ({ name, type })),
    );
    expect(columns.map((column) => column.name)).toContain('metadata');
  });

  it('reads rows with the Hive JSON SerDe and partitions by year/month/day', () => {
    expect(json).toHaveResourceWithProperties(GlueCatalogTable, {
      name: 'app1_events',
      partition_keys: [
        { name: 'year', type: 'string' },
        { name: 'month', type: 'string' },
        { name: 'day', type: 'string' },
      ],
      storage_descriptor: {
        input_format: 'org.apache.hadoop.mapred.TextInputFormat',
        output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
        ser_de_info: { serialization_library: 'org.apache.hive.hcatalog.data.JsonSerDe' },
      },
    });
  });

  it('projects partitions so new days are queryable without MSCK REPAIR', () => {
    expect(json).toHaveResourceWithProperties(GlueCatalogTable, {
      name: 'app1_events',
      parameters: {
        'projection.enabled': 'true',
        'projection.year.type': 'integer',
        'projection.month.type': 'integer',
        'projection.month.digits': '2',
        'projection.day.type': 'integer',
        'projection.day.digits': '2',
        // `$${` is Terraform's escape: AWS receives a literal `${year}`.
        'storage.location.template': `s3://app1-analytics-prod/analytics/year=$\${year}/month=$\${month}/day=$\${day}/`,
      },
    });
  });

  it('projects years from 2024 to two years past the current one, not to 2099', () => {
    const thisYear = new Date().getUTCFullYear();
    const range = String((app1.parameters as Record<string, string>)['projection.year.range']);
    // Computed from the clock here, not read from the code: the range must cover next year's events.
    expect(range).toBe(`2024,${thisYear + 2}`);
  });

  it('scopes the database to the environment', () => {
    const staging = Testing.synthScope((scope) => {
      new GlueCatalog(scope, 'glue', {
        config: testConfig({ environment: 'staging' }),
        accountId: '123456789012',
      });
    });
    expect(staging).toHaveResourceWithProperties(GlueCatalogDatabase, { name: 'analytics_db_staging' });
  });
});
