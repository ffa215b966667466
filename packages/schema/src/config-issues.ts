import type * as z from 'zod/mini';

interface SchemaNode {
  _zod: {
    def: { type: string; innerType?: SchemaNode; element?: SchemaNode; shape?: Record<string, SchemaNode> };
  };
}

function unwrap(node: SchemaNode): SchemaNode {
  let current = node;
  while (current._zod.def.innerType) current = current._zod.def.innerType;
  return current;
}

/** The keys an object schema accepts at `path` (array indexes step into the element), or none. */
function knownKeysAt(root: SchemaNode, path: readonly PropertyKey[]): string[] {
  let node: SchemaNode | undefined = unwrap(root);
  for (const segment of path) {
    if (!node) return [];
    const def: SchemaNode['_zod']['def'] = node._zod.def;
    const next: SchemaNode | undefined =
      typeof segment === 'number' ? def.element : def.shape?.[String(segment)];
    node = next ? unwrap(next) : undefined;
  }
  return Object.keys(node?._zod.def.shape ?? {});
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known key closest to a misspelt one, when it is close enough to be what was meant.
 *
 * @example
 * didYouMean('corsOrgin', ['corsOrigin', 'apps']); // 'corsOrigin'
 */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.key.length / 3)) ? best.key : undefined;
}

const where = (path: readonly PropertyKey[]) =>
  path
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`))
    .join('')
    .slice(1);

/**
 * One readable line per problem of a config: an unknown key is named with its path and the closest
 * known key (`unknown key "corsOrgin" (did you mean "corsOrigin"?)`); other problems say where and what.
 *
 * @example
 * describeConfigIssues(TrackerConfigSchema, result.error.issues).join('\n');
 */
export function describeConfigIssues(schema: SchemaNode, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') {
      return [`${issue.path.length > 0 ? `${where(issue.path)}: ` : ''}${issue.message}`];
    }
    const known = knownKeysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known);
      const name = where([...issue.path, key]);
      return `unknown key "${name}"${hint ? ` (did you mean "${where([...issue.path, hint])}"?)` : ''}`;
    });
  });
}
