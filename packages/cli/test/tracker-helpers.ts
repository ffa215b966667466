import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The `tracker` bin, as `npx tracker` runs it. */
export const BIN = join(ROOT, 'packages/cli/bin/tracker.mjs');

/** An environment without what an outer `npm test` set, so each child sees only what a test gives. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_|INIT_CWD$|DATA_DIR$|PORT$|S3_PORT$|TRACKER_CONFIG$)/i.test(key),
    ),
  );
  return { ...env, ...extra };
}

/** A finished child: its exit code and both streams. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end (asynchronously: other tests' servers keep running meanwhile).
 *
 * @example
 * const { code, stdout } = await run(process.execPath, [BIN, 'query', '--name', 'top_pages']);
 */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs `tracker <args> --data-dir <relative>` from `cwd` with the repository's config, as a user typing a
 * relative data folder in another folder would, and returns the result and the absolute folder the
 * message must name.
 *
 * @example
 * const { finished, folder } = await runWithRelativeDataDir(scratch, ['compact'], 'no-such-folder');
 * expect(finished.stderr).toContain(`the data folder ${folder} does not exist.`);
 */
export async function runWithRelativeDataDir(
  cwd: string,
  args: readonly string[],
  relative: string,
): Promise<{ finished: Finished; folder: string }> {
  const finished = await run(process.execPath, [BIN, ...args, '--data-dir', relative], {
    cwd,
    env: cleanEnv({ TRACKER_CONFIG: join(ROOT, 'tracker.config.ts') }),
  });
  return { finished, folder: join(cwd, relative) };
}

/** A server started by the bin, once it printed a line matching `ready`. */
export interface Started {
  child: ChildProcess;
  match: RegExpMatchArray;
  output(): string;
  /** Sends SIGINT and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

/**
 * Starts the bin with `args` (in `cwd`, default the repository root) and waits until its output
 * matches `ready` (or it exits).
 *
 * @example
 * const offline = await start(['offline'], /offline: (http:\S+)\/track/, cleanEnv({ PORT: '0' }));
 */
export function start(
  args: readonly string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
): Promise<Started> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 30 s:\n${text}`)), 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({
          child,
          match,
          output: () => text,
          interrupt: () => {
            child.kill('SIGINT');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${text}`));
    });
  });
}
