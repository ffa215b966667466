// Public entry of @analytics-tracker/config: tracker.config.ts on the command line (Node only; the
// schema package stays free of Node APIs, since the browser client's types come from it).
export { CONFIG_FILE, findConfigFile, loadTrackerConfig } from './load-config.js';
export { writeGeneratedSql } from './write-generated-sql.js';
