import type { Issue } from '@analytics-tracker/schema';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ValidationError } from './errors.js';

// zod/mini ships no messages by default ("Invalid input"); the English locale costs ~3 KB.
z.config(en());

type Path = readonly PropertyKey[];

const dotted = (path: Path): string => path.map(String).join('.');

function valueAt(root: unknown, path: Path): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Zod issues as the response's `issues`: a dotted path and a readable message, with
 * "Required" where a field is absent. `prefix` roots the paths (e.g. `events.3`).
 *
 * @example
 * toIssues(result.error, body); // [{ path: 'timestamp', message: 'Required' }]
 */
export function toIssues(error: z.core.$ZodError, input: unknown, prefix: Path = []): Issue[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
    return { path: dotted([...prefix, ...issue.path]), message: missing ? 'Required' : issue.message };
  });
}

/**
 * Parses `input` with `schema`, or throws the 400 the seed's clients expect: a missing top-level
 * field reads "Missing required field: <name>", anything else "Invalid event" with every issue.
 *
 * @example
 * const event = parseOrThrow(EventFieldsSchema, body);
 */
export function parseOrThrow<T extends z.ZodMiniType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toIssues(result.error, input);
  const missing = issues.find((issue) => issue.message === 'Required' && !issue.path.includes('.'));
  if (missing) {
    throw new ValidationError(
      `Missing required field: ${missing.path}`,
      `The request body must include "${missing.path}"`,
      issues,
      'missing_field',
    );
  }
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new ValidationError(
    'Invalid event',
    first ? `${first.path || 'body'}: ${first.message}${more}` : 'The request body is invalid',
    issues,
    'invalid_event',
  );
}
