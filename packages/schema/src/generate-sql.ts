import { athenaSetupSql, athenaTableTemplateSql } from './athena-ddl.js';
import type { TrackerConfig } from './tracker-config.js';

/** The generated files under `sql/`, by path relative to the repository root. */
export function generatedSqlFiles(config: TrackerConfig): Record<string, string> {
  return {
    'sql/athena-setup.sql': athenaSetupSql(config),
    'sql/athena-table-template.sql': athenaTableTemplateSql(config),
  };
}
