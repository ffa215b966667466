import { COMMANDS, type CommandOutcome, type TrackerIo } from './commands.js';
import { correctedCommand, startedByTrackerScript, swallowedFlags } from './npm-flags.js';

/**
 * `tracker --help`: the commands of `COMMANDS`, one line each, and what stdout carries.
 *
 * @example
 * process.stdout.write(trackerUsage());
 */
export function trackerUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: tracker <command> [options]     (npx tracker …, or npm run <command> -- …)

Commands:
${lines.join('\n')}

\`tracker <command> --help\` lists a command's options. stdout carries only the result: npx tracker
query --name top_pages --format csv > top.csv writes a clean CSV (npm run adds its banner there).
`;
}

/**
 * The `tracker` command: picks the subcommand from the first argument and runs it with the rest.
 * When an npm script started it and npm kept some of the command's flags (`npm run query --name x`,
 * a forgotten `--`), it prints the corrected line and exits 2 instead of running without them.
 *
 * @example
 * const { exitCode } = await runTracker(['query', '--name', 'top_pages'], { cwd, env: process.env, stdout: process.stdout, stderr: process.stderr });
 */
export async function runTracker(argv: readonly string[], io: TrackerIo): Promise<CommandOutcome> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(trackerUsage());
    return { exitCode: name === undefined ? 2 : 0 };
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`tracker: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return { exitCode: 2 };
  }
  const loaded = await command.load();
  if (startedByTrackerScript(io.env)) {
    const swallowed = swallowedFlags(io.env, loaded.flags, rest, loaded.npmSwallowsWords);
    if (swallowed.flags.length > 0) {
      const flags = swallowed.flags.map(({ flag }) => `--${flag}`).join(', ');
      io.stderr.write(
        `${command.script}: npm took ${flags} for itself (the \`--\` after \`npm run ${command.script}\` is missing), ` +
          `so the command would run without ${swallowed.flags.length === 1 ? 'it' : 'them'}. Run:\n\n` +
          `  ${correctedCommand(command.script, swallowed.argv, swallowed.flags)}\n\n` +
          `(or: npx tracker ${command.script} …, which needs no \`--\`)\n`,
      );
      return { exitCode: 2 };
    }
  }
  return loaded.run(rest, io);
}
