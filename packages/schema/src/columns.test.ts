import { describe, expect, it } from 'vitest';
import { storedRowColumns } from './columns.js';
import { StoredRowSchema } from './stored-row.js';
import { tableDefinition } from './table-definition.js';

describe('storedRowColumns', () => {
  it('has one lower-case column per stored-row key, in order', () => {
    const columns = storedRowColumns();
    expect(columns.map((column) => column.jsonKey)).toEqual(Object.keys(StoredRowSchema.shape));
    expect(columns.every((column) => column.name === column.jsonKey.toLowerCase())).toBe(true);
  });

  it('maps nested objects to Hive structs and metadata to one string column', () => {
    const types = Object.fromEntries(storedRowColumns().map((column) => [column.name, column.type]));
    expect(types).toMatchObject({
      eventtype: 'string',
      device: 'struct<device_type:string,browser:string,browser_version:string,os:string,is_bot:boolean>',
      viewport: 'struct<width:int,height:int>',
      location: 'struct<country:string,city:string,region:string>',
      metadata: 'string',
    });
  });
});

describe('tableDefinition', () => {
  it('projects year/month/day partitions onto the bucket, so new days need no MSCK REPAIR', () => {
    const table = tableDefinition(
      { glueDatabase: 'analytics_db' },
      { name: 'app1', bucket: 'app1-analytics-prod' },
    );
    expect(table).toMatchObject({
      database: 'analytics_db',
      name: 'app1_events',
      location: 's3://app1-analytics-prod/analytics/',
      partitionKeys: [
        { name: 'year', type: 'string' },
        { name: 'month', type: 'string' },
        { name: 'day', type: 'string' },
      ],
      serde: { library: 'org.apache.hive.hcatalog.data.JsonSerDe' },
    });
    expect(table.parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.month.digits': '2',
      'storage.location.template': `s3://app1-analytics-prod/analytics/year=\${year}/month=\${month}/day=\${day}/`,
    });
  });
});
