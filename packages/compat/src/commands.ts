import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANDLER_VARIABLES } from '@analytics-tracker/local';

/** The repository root: the commands run from here, as `npm run …` does. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What `npm run offline` and `npm run query` run (the scripts of the root package.json), without npm. */
const SCRIPTS = {
  offline: 'packages/local/src/cli.ts',
  query: 'packages/query/src/cli.ts',
} as const;

function command(script: keyof typeof SCRIPTS, args: readonly string[], env: Record<string, string>) {
  // The handler variables of whoever runs the tests must not leak into what is being tested.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !(HANDLER_VARIABLES as readonly string[]).includes(name) && name !== 'TRACKER_CONFIG',
    ),
  );
  return spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
      '--conditions=@analytics-tracker/source',
      SCRIPTS[script],
      ...args,
    ],
    { cwd: REPO_ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** A running `npm run offline`. */
export interface OfflineProcess {
  /** `http://127.0.0.1:<port>`, from the banner. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Ctrl-C, then waits for it to exit. */
  stop(): Promise<void>;
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

/**
 * Starts `npm run offline` with the given environment (the original tracker's variables verbatim,
 * plus `DATA_DIR`) on free ports, and resolves once its banner names the URL. Rejects with its output
 * when it exits first (a configuration it refuses).
 *
 * @example
 * const offline = await startOfflineProcess({ ALLOWED_BUCKETS: 'app1-analytics-prod', CORS_ORIGINS: '*', DATA_DIR: dir });
 * await offline.stop();
 */
export function startOfflineProcess(env: Record<string, string>): Promise<OfflineProcess> {
  const child = command('offline', [], { PORT: '0', S3_PORT: '0', ...env });
  const output = collect(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm run offline printed no URL after 60 s:\n${output()}`));
    }, 60_000);
    const poll = setInterval(() => {
      const url = /offline: (http:\/\/127\.0\.0\.1:\d+)\/track/.exec(output())?.[1];
      if (!url) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        url,
        output,
        async stop() {
          if (child.exitCode === null) child.kill('SIGINT');
          await exited;
        },
      });
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new OfflineExitError(code, output()));
    });
  });
}

/** `npm run offline` exited before it was ready; `output` is what it printed. */
export class OfflineExitError extends Error {
  override name = 'OfflineExitError';
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`npm run offline exited with ${code}:\n${output}`);
  }
}

/**
 * Runs `npm run query -- <args>` to the end.
 *
 * @example
 * const { code, stdout } = await runQueryProcess(['--file', 'daily.sql', '--format', 'json', '--config', configFile]);
 */
export function runQueryProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = command('query', args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
