// Public entry of @analytics-tracker/cli: the `tracker` command (query, dashboard, offline, …).
export {
  COMMANDS,
  type CommandOutcome,
  type LoadedCommand,
  type TrackerCommand,
  type TrackerIo,
} from './commands.js';
export {
  correctedCommand,
  type FlagOptions,
  type FlagWords,
  type SwallowedFlag,
  shellWord,
  startedByTrackerScript,
  swallowedFlags,
} from './npm-flags.js';
export { runTracker, trackerUsage } from './run-tracker.js';
