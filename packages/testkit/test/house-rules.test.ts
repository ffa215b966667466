import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The dependency rule of the repository, checked from what is written down (package.json) and what
// is done (import lines): schema at the bottom, nothing imports upward, the client never imports
// server code, the handler imports nothing of local, query, dashboard or terraform.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCOPE = '@analytics-tracker/';

/** Layers, bottom up: a package's own code may import only packages on a lower layer. */
const LAYER: Record<string, number> = {
  schema: 0,
  // Generated declarations of schema types, published; the client's declarations import them.
  types: 0.5,
  client: 1,
  config: 1,
  handler: 1,
  testkit: 1,
  local: 2,
  terraform: 2,
  query: 3,
  dashboard: 4,
  reliability: 5,
  compat: 5,
};

interface Workspace {
  name: string;
  dir: string;
  dependencies: string[];
  devDependencies: string[];
}

const workspaceDirs = [
  ...readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name)),
  join(ROOT, 'terraform'),
];

const workspaces: Workspace[] = workspaceDirs.map((dir) => {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const local = (deps: Record<string, string> = {}) =>
    Object.keys(deps)
      .filter((name) => name.startsWith(SCOPE))
      .map((name) => name.slice(SCOPE.length));
  return {
    name: json.name.slice(SCOPE.length),
    dir,
    dependencies: local(json.dependencies),
    devDependencies: local(json.devDependencies),
  };
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'cdktf.out', '.data', 'state'].includes(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every workspace package a file imports, with whether the import is type-only. */
function importsOf(file: string): { name: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { name: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(
    /^\s*(import|export)(\s+type)?[^'"]*?from\s+['"]@analytics-tracker\/([a-z-]+)['"]/gm,
  )) {
    found.push({ name: match[3] ?? '', typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(/import\(\s*['"]@analytics-tracker\/([a-z-]+)['"]\s*\)/g)) {
    found.push({ name: match[1] ?? '', typeOnly: false });
  }
  return found;
}

const isTest = (file: string) => /\.test\.ts$|\/test\//.test(file) || file.includes('/scripts/');
const layerOf = (name: string) => LAYER[name] ?? Number.NaN;

describe('the dependency rule', () => {
  it('places every workspace package on a layer', () => {
    expect(workspaces.map((workspace) => workspace.name).filter((name) => !(name in LAYER))).toEqual([]);
  });

  it('schema depends on no other package', () => {
    const schema = workspaces.find((workspace) => workspace.name === 'schema');
    expect([...(schema?.dependencies ?? []), ...(schema?.devDependencies ?? [])]).toEqual([]);
  });

  it.each(workspaces.map((workspace) => [workspace.name, workspace] as const))(
    '%s: its declared dependencies are on lower layers',
    (name, workspace) => {
      expect(workspace.dependencies.filter((dep) => !(layerOf(dep) < layerOf(name)))).toEqual([]);
    },
  );

  it('the package graph (dependencies and devDependencies) has no cycle', () => {
    const edges = new Map(workspaces.map((w) => [w.name, [...w.dependencies, ...w.devDependencies]]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      state.set(name, 'visiting');
      for (const next of edges.get(name) ?? []) visit(next, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of edges.keys()) visit(name, []);
    expect(cycles).toEqual([]);
  });

  it.each(workspaces.map((workspace) => [workspace.name, workspace] as const))(
    '%s: every import of a workspace package is declared in its package.json, and its own code imports only lower layers',
    (name, workspace) => {
      const problems: string[] = [];
      const declared = new Set([...workspace.dependencies, ...workspace.devDependencies, name]);
      for (const file of sourceFiles(workspace.dir)) {
        const where = relative(ROOT, file);
        for (const imported of importsOf(file)) {
          if (!declared.has(imported.name))
            problems.push(`${where}: ${imported.name} is not in package.json`);
          const own = !isTest(file);
          if (own && imported.name !== name && !(layerOf(imported.name) < layerOf(name))) {
            problems.push(`${where}: imports ${imported.name}, which is not below ${name}`);
          }
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('the client never imports server code: its code imports types of schema only', () => {
    const client = workspaces.find((workspace) => workspace.name === 'client');
    const problems = sourceFiles(join(client?.dir ?? '', 'src'))
      .filter((file) => !isTest(file))
      .flatMap((file) =>
        importsOf(file)
          .filter((imported) => !(imported.name === 'schema' && imported.typeOnly))
          .map((imported) => `${relative(ROOT, file)}: ${imported.name}`),
      );
    expect(problems).toEqual([]);
  });

  it('the handler, tests included, imports nothing of local, query, dashboard or terraform', () => {
    const handler = workspaces.find((workspace) => workspace.name === 'handler');
    const banned = ['local', 'query', 'dashboard', 'terraform'];
    expect(
      [...(handler?.dependencies ?? []), ...(handler?.devDependencies ?? [])].filter((dep) =>
        banned.includes(dep),
      ),
    ).toEqual([]);
    const problems = sourceFiles(handler?.dir ?? '').flatMap((file) =>
      importsOf(file)
        .filter((imported) => banned.includes(imported.name))
        .map((imported) => `${relative(ROOT, file)}: ${imported.name}`),
    );
    expect(problems).toEqual([]);
  });
});
