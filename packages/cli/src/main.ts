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
  // A server command listens before it starts: a Ctrl-C right after (or during) its start stops it
  // cleanly. Anything else just ends on Ctrl-C. (The one shutdown code of every server command.)
  const shutdown = serves
    ? (await import('@analytics-tracker/local')).shutdownOnSignal(process.stdout)
    : undefined;
  const outcome = await runTracker(argv, {
    // npm runs scripts at the repository root; relative paths are meant from where the user typed.
    cwd: startedByTrackerScript(process.env) ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (outcome.running && shutdown) return shutdown.serve(outcome.running);
  // Not process.exit(): stdout into a pipe is written asynchronously and must drain first.
  process.exitCode = shutdown ? shutdown.finish(outcome.exitCode) : outcome.exitCode;
}
