import type { Issue } from '@analytics-tracker/schema';
import * as z from 'zod/mini';
import { ValidationError } from './errors.js';

const UNITS: Record<string, string> = { string: ' characters', array: ' items' };

/**
 * English messages for the issues our schemas raise. zod/mini ships none ("Invalid input"), and
 * its full English locale costs ~2.6 KB of the Lambda bundle for messages we never show.
 */
function message(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be an integer';
      return `expected ${issue.expected}, received ${issue.input === null ? 'null' : Array.isArray(issue.input) ? 'array' : typeof issue.input}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${UNITS[issue.origin] ?? ''}`;
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'must not be empty';
      return `must be at least ${issue.minimum}${UNITS[issue.origin] ?? ''}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return undefined;
  }
}

z.config({ customError: message });

type Path = readonly PropertyKey[];

const dotted = (path: Path): string => path.map(String).filter(Boolean).join('.');

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
    // Whatever the check that failed (a type, or a custom one such as the timestamp's), an absent value is "Required".
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
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
