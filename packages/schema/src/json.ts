/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: the shape of an event's free-form `metadata`. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * True for a plain object (not an array, not null, not a class instance).
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject([1]); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Nesting depth of a JSON value: scalars are 0, `{}` and `[]` are 1, `{a:{}}` is 2.
 * Stops counting at `limit + 1`, so a hostile, deeply nested value costs no more than the limit.
 *
 * @example
 * jsonDepth({ a: { b: 1 } }, 10); // 2
 */
export function jsonDepth(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) {
    deepest = Math.max(deepest, jsonDepth(child, limit - 1));
    if (deepest > limit) break;
  }
  return 1 + deepest;
}
