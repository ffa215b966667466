/**
 * The entry of the prebuilt `tracker` bundle (bin/tracker.mjs loads it): plain JavaScript, so a call
 * starts without compiling TypeScript. Only `tracker.config.ts` itself is TypeScript at run time: the
 * one config loader (packages/config) compiles it once and caches it.
 */
import { COMMANDS } from './commands.js';
import { startedByTrackerScript } from './npm-flags.js';
import { runTracker } from './run-tracker.js';

/**
 * Runs `tracker <command> …` in this process: exit code on return, or a server kept running until
 * Ctrl-C / SIGTERM.
 *
 * @example
 * await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[]): Promise<void> {
  // The pinned SDK supports this Node; its notice about future releases is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const name = argv[0] ?? '';
  const serves = Object.hasOwn(COMMANDS, name) && COMMANDS[name]?.serves === true;
  let running: { stop(): Promise<void> } | undefined;
  let pending: string | undefined;
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await running?.stop();
    process.exit(0);
  };
  // Listening before the command starts: a Ctrl-C right after a server's banner stops it cleanly.
  const onSignal = (signal: string): void => {
    if (running) void stop(signal);
    else if (serves)
      pending = signal; // still starting: stopped as soon as it is up
    else process.exit(130); // a query: Ctrl-C ends it at once
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await runTracker(argv, {
    // npm runs scripts at the repository root; relative paths are meant from where the user typed.
    cwd: startedByTrackerScript(process.env) ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  running = outcome.running;
  if (!running) {
    // Not process.exit(): stdout into a pipe is written asynchronously and must drain first.
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.exitCode = pending ? 130 : outcome.exitCode;
    return;
  }
  if (pending) await stop(pending);
}
