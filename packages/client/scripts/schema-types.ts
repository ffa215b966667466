/**
 * Writes the schema types the published declarations need (`TrackerEvent` is the schema's
 * `EventFields`) as plain TypeScript, generated from the schema's JSON Schema. The published package
 * then has no dependency on the schema package or on Zod, and the types cannot drift: a test compiles
 * the generated declarations against `EventFields` and requires them to be equal.
 */
import { EventFieldsSchema } from '@analytics-tracker/schema';
import * as z from 'zod/mini';

interface JsonSchema {
  type?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function tsType(schema: JsonSchema, indent: string): string {
  if (schema.anyOf) return schema.anyOf.map((variant) => tsType(variant, indent)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'object':
      return objectType(schema, indent);
    default:
      // The only schema JSON Schema cannot express is MetadataSchema's custom JSON-object check.
      return 'JsonObject';
  }
}

function objectType(schema: JsonSchema, indent: string): string {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, field]) =>
    required.has(key)
      ? `${indent}  ${key}: ${tsType(field, `${indent}  `)};`
      : `${indent}  ${key}?: ${tsType(field, `${indent}  `)} | undefined;`,
  );
  return `{\n${fields.join('\n')}\n${indent}}`;
}

/** The declaration text of `JsonValue`, `JsonObject` and `EventFields`. */
export function schemaTypes(): string {
  const schema = z.toJSONSchema(EventFieldsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return [
    '// Generated from @analytics-tracker/schema (EventFieldsSchema) by scripts/schema-types.ts.',
    '/** A JSON value, as `JSON.parse` returns it. */',
    'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
    "/** A JSON object: the shape of an event's free-form `metadata`. */",
    'export type JsonObject = { [key: string]: JsonValue };',
    "/** One event's fields as the client writes them. */",
    `export type EventFields = ${objectType(schema, '')};`,
    '',
  ].join('\n');
}
