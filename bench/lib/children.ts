import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ is one level down). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node arguments that run a TypeScript file the way `npx tsx --conditions=…` does. */
export const TSX_ARGS = ['--import', 'tsx', '--conditions=@analytics-tracker/source'];

/** Environment for children: fixed test credentials, no SDK notices, never a real AWS account. */
export const CHILD_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // The Lambda bundle refuses to load without a salt source; importing it reads no salt.
  SALT_PARAMETER_PATH: '/bench/analytics-tracker/salts',
};

/** A child process that printed a line we waited for. */
export interface ReadyChild {
  child: ChildProcess;
  /** The first stdout line matching the pattern. */
  line: string;
  stop(): Promise<void>;
}

/**
 * Spawns a process in its own process group and resolves once its stdout prints a line matching
 * `ready`; `stop()` ends that group (and only it).
 *
 * @example
 * const s3 = await spawnUntil(process.execPath, [...TSX_ARGS, 'bench/s3-stub.ts'], /^listening /);
 */
export function spawnUntil(
  command: string,
  args: readonly string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ReadyChild> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: options.env ?? CHILD_ENV,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not start in time`));
    }, options.timeoutMs ?? 30_000);
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready`)),
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((candidate) => ready.test(candidate));
      if (line !== undefined) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolve({ child, line, stop });
      }
    });
  });
}
