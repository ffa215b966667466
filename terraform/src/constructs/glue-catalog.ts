import { deploymentNames, type TrackerConfig, tableDefinition } from '@analytics-tracker/schema';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { Construct } from 'constructs';
import { escapeTemplate } from '../terraform-escape.js';

/** Which apps get a table. */
export interface GlueCatalogProps {
  config: TrackerConfig;
  /** The deploying account (the Glue catalog id), for importing an existing database and tables. */
  accountId: string;
}

/**
 * The Glue database and one table per app. Every column, the partition keys, the SerDe and the
 * partition-projection properties come from `tableDefinition()` (generated from the stored-row
 * schema, the same source as the Athena DDL in sql/), so a new day is queryable without `MSCK REPAIR`.
 *
 * @example
 * const glue = new GlueCatalog(stack, 'glue', { config });
 * glue.tables.map((table) => table.name); // ['app1_events', 'app2_events']
 */
export class GlueCatalog extends Construct {
  readonly database: GlueCatalogDatabase;
  readonly tables: GlueCatalogTable[];

  constructor(scope: Construct, id: string, props: GlueCatalogProps) {
    super(scope, id);
    const { config } = props;
    const database = deploymentNames(config).glueDatabase;
    this.database = new GlueCatalogDatabase(this, 'database', {
      name: database,
      description: 'Analytics tracker events, one table per app',
    });
    this.database.overrideLogicalId('analytics');
    // The original tracker's `analytics_db` (its unscoped name, see deploymentNames) is imported; of
    // its tables, only those of apps that say so (`adoptTable`): the others do not exist yet.
    if (config.adopt.glueCatalog) this.database.importFrom(`${props.accountId}:${database}`);
    this.tables = config.apps.map((app) => {
      const table = tableDefinition({ glueDatabase: database }, app);
      const glueTable = new GlueCatalogTable(this, `table-${app.name}`, {
        databaseName: this.database.name,
        name: table.name,
        description: `Events of ${app.name}, written by the analytics tracker to ${table.location}`,
        tableType: 'EXTERNAL_TABLE',
        // Terraform would read the location template's `${year}` as its own interpolation.
        parameters: Object.fromEntries(
          Object.entries(table.parameters).map(([key, value]) => [key, escapeTemplate(value)]),
        ),
        partitionKeys: table.partitionKeys,
        storageDescriptor: {
          location: table.location,
          inputFormat: table.serde.inputFormat,
          outputFormat: table.serde.outputFormat,
          serDeInfo: {
            name: 'json',
            serializationLibrary: table.serde.library,
            parameters: { 'serialization.format': '1' },
          },
          columns: table.columns.map((column) => ({
            name: column.name,
            type: column.type,
            comment: `JSON key ${column.jsonKey}`,
          })),
        },
      });
      glueTable.overrideLogicalId(table.name);
      if (app.adoptTable) glueTable.importFrom(`${props.accountId}:${database}:${table.name}`);
      return glueTable;
    });
  }
}
