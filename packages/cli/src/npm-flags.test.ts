import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.js';
import {
  correctedCommand,
  type FlagOptions,
  shellWord,
  startedByTrackerScript,
  swallowedFlags,
} from './npm-flags.js';

const QUERY: FlagOptions = {
  file: { type: 'string' },
  name: { type: 'string' },
  format: { type: 'string' },
  athena: { type: 'boolean' },
  'data-dir': { type: 'string' },
};
const WORDS = { format: ['table', 'csv', 'json'] };

// The environments and arguments below are what npm 11 hands a script, observed with
// `npm run q --name VAL …` on a script that prints both: `--name x` arrives as npm_config_name=x,
// `--data-dir /d` and `--file f` as npm_config_…=true with the value left as an argument, `--athena`
// as npm_config_athena=true, and `--format csv` as nothing at all (npm expands it to its own
// --format-package-lock) with `csv` left as an argument.
describe('swallowedFlags: the flags npm kept when `--` was forgotten', () => {
  it('npm run query --name top_pages --format csv', () => {
    const { flags, argv } = swallowedFlags({ npm_config_name: 'top_pages' }, QUERY, ['csv'], WORDS);
    expect(flags).toEqual([
      { flag: 'name', value: 'top_pages' },
      { flag: 'format', value: 'csv' },
    ]);
    expect(correctedCommand('query', argv, flags)).toBe('npm run query -- --name top_pages --format csv');
  });

  it('npm run query --athena --data-dir /tmp/d "SELECT 1"', () => {
    const { flags, argv } = swallowedFlags(
      { npm_config_athena: 'true', npm_config_data_dir: 'true' },
      QUERY,
      ['/tmp/d', 'SELECT 1'],
      WORDS,
    );
    expect(flags).toEqual([{ flag: 'athena' }, { flag: 'data-dir', value: '/tmp/d' }]);
    expect(correctedCommand('query', argv, flags)).toBe(
      "npm run query -- 'SELECT 1' --athena --data-dir /tmp/d",
    );
  });

  it('npm run compact --app app1 --day 2026-11-28: npm keeps neither flag, only their values reach the command', async () => {
    // Observed with npm 11: `--day` becomes npm's loglevel (npm_config_loglevel=info), `--app` leaves
    // nothing; both values stay as plain arguments, in the order typed.
    const compact = await COMMANDS.compact?.load();
    if (!compact) throw new Error('no compact command');
    const { flags: COMPACT, npmSwallowsWords: words } = compact;
    for (const typed of [
      ['app1', '2026-11-28'],
      ['2026-11-28', 'app1'],
    ]) {
      const { flags, argv } = swallowedFlags({ npm_config_loglevel: 'info' }, COMPACT, typed, words);
      expect(correctedCommand('compact', argv, flags)).toBe('npm run compact -- --app app1 --day 2026-11-28');
    }
    // `--data-dir /d` without `--`: npm keeps `npm_config_data_dir=true` and leaves `/d`, which is no app.
    const { flags, argv } = swallowedFlags({ npm_config_data_dir: 'true' }, COMPACT, ['/tmp/x'], words);
    expect(correctedCommand('compact', argv, flags)).toBe('npm run compact -- --data-dir /tmp/x');
  });

  it('nothing when the flags came after `--`', () => {
    expect(swallowedFlags({}, QUERY, ['--name', 'top_pages', '--format', 'csv'], WORDS).flags).toEqual([]);
    // npm_config_name is set by something else, but --name reached the command itself.
    expect(swallowedFlags({ npm_config_name: 'x' }, QUERY, ['--name=top_pages'], WORDS).flags).toEqual([]);
  });

  it('only under an npm script that runs the tracker bin', () => {
    expect(startedByTrackerScript({ npm_lifecycle_script: 'tracker query' })).toBe(true);
    expect(startedByTrackerScript({ npm_lifecycle_script: 'tracker' })).toBe(true);
    expect(startedByTrackerScript({ npm_lifecycle_script: 'vitest run' })).toBe(false);
    expect(startedByTrackerScript({})).toBe(false);
  });

  it('quotes what a shell would split or expand', () => {
    expect(shellWord('top_pages')).toBe('top_pages');
    expect(shellWord("SELECT 'a' AS x")).toBe(`'SELECT '\\''a'\\'' AS x'`);
    expect(shellWord('$HOME')).toBe("'$HOME'");
  });
});
