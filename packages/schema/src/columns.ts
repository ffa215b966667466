import * as z from 'zod/mini';
import { UnmappedFieldError } from './errors.js';
import { StoredRowSchema } from './stored-row.js';

/** One table column: Glue/Athena name (lower case), the JSON key it reads, and its Hive type. */
export interface Column {
  /** Column name as Glue and Athena store it: lower case. */
  name: string;
  /** The key in the stored JSON (camelCase, as written by the handler). */
  jsonKey: string;
  /** Hive type, e.g. `string`, `int`, `struct<country:string,city:string>`. */
  type: string;
}

type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
};

function hiveType(schema: JsonSchema, at: string): string {
  const variants = (schema.anyOf ?? schema.oneOf ?? []).filter((variant) => variant.type !== 'null');
  if (variants.length === 1 && variants[0]) return hiveType(variants[0], at);
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type) => type !== 'null');
  const type = types[0] ?? (schema.enum || typeof schema.const === 'string' ? 'string' : undefined);
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'object': {
      const fields = Object.entries(schema.properties ?? {}).map(
        ([key, field]) => `${key.toLowerCase()}:${hiveType(field, `${at}.${key}`)}`,
      );
      return `struct<${fields.join(',')}>`;
    }
    default:
      throw new UnmappedFieldError(`No Hive type for the stored-row field ${at}`);
  }
}

/**
 * The table columns of a stored row, generated from `StoredRowSchema`: the one source of truth for
 * the Glue table (terraform/) and the Athena DDL (sql/). Partition columns are not included.
 *
 * @example
 * storedRowColumns().find((c) => c.name === 'eventtype'); // { name: 'eventtype', jsonKey: 'eventType', type: 'string' }
 */
export function storedRowColumns(): Column[] {
  const schema = z.toJSONSchema(StoredRowSchema, { io: 'output' }) as JsonSchema;
  return Object.entries(schema.properties ?? {}).map(([key, field]) => ({
    name: key.toLowerCase(),
    jsonKey: key,
    type: hiveType(field, key),
  }));
}

/** Partition columns of every table: the UTC server date of the write, as strings. */
export const PARTITION_COLUMNS = ['year', 'month', 'day'] as const;
