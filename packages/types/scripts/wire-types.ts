/**
 * Writes the service's wire types as plain TypeScript declarations, generated from the schema's Zod
 * schemas through JSON Schema: the published types then need neither the schema package nor Zod, and
 * cannot drift from it (test/types.test.ts requires each generated type to equal the schema's own).
 */
import {
  BatchResponseSchema,
  ErrorResponseSchema,
  EventFieldsSchema,
  RejectedEventSchema,
  TrackRequestSchema,
  TrackResponseSchema,
} from '@analytics-tracker/schema';
import * as z from 'zod/mini';

interface JsonSchema {
  type?: string;
  const?: string;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

function tsType(schema: JsonSchema, indent: string): string {
  if (schema.anyOf) return schema.anyOf.map((variant) => tsType(variant, indent)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
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
    case 'array':
      return `${tsType(schema.items ?? {}, indent)}[]`;
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

/** The declaration of one schema as `export type <name> = …`, for its input (requests) or output (responses). */
function declare(name: string, doc: string, schema: z.ZodMiniType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return `/** ${doc} */\nexport type ${name} = ${objectType(json, '')};`;
}

/**
 * The declaration text of the wire types: `JsonValue`, `JsonObject`, `EventFields` (one event as a client
 * writes it), `TrackRequest`, `BatchRequest`, `TrackResponse`, `BatchResponse`, `RejectedEvent`, `ErrorResponse`.
 *
 * @example
 * writeFileSync('dist/index.d.ts', wireTypes());
 */
export function wireTypes(): string {
  return [
    '// Generated from @analytics-tracker/schema by scripts/wire-types.ts.',
    '/** A JSON value, as `JSON.parse` returns it. */',
    'export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };',
    "/** A JSON object: the shape of an event's free-form `metadata`. */",
    'export type JsonObject = { [key: string]: JsonValue };',
    declare('EventFields', "One event's fields as a client writes them.", EventFieldsSchema, 'input'),
    declare(
      'TrackRequest',
      'A single-event `POST /track` body (the `track` procedure).',
      TrackRequestSchema,
      'input',
    ),
    '/** A batch `POST /track` body (the `trackBatch` procedure). */',
    'export type BatchRequest = { bucket: string; events: EventFields[] };',
    declare('TrackResponse', '200 body for one event.', TrackResponseSchema, 'output'),
    declare('RejectedEvent', 'One rejected event of a batch, by its index.', RejectedEventSchema, 'output'),
    declare('BatchResponse', '200 body for a batch.', BatchResponseSchema, 'output'),
    declare('ErrorResponse', 'Every error body.', ErrorResponseSchema, 'output'),
    '',
  ].join('\n');
}
