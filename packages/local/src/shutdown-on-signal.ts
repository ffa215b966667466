/** A server a command left running. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** The part of `process` the shutdown uses (tests pass an EventEmitter with an `exit`). */
export interface SignalProcess {
  on(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

/** What a server command does with Ctrl-C, once it knows whether its server started. */
export interface SignalShutdown {
  /**
   * The server is up: Ctrl-C / SIGTERM from now on stops it and exits 0; one that came while it was
   * starting stops it at once.
   */
  serve(server: Stoppable): Promise<void>;
  /** The command ended without a server: stops listening, and returns its exit code (130 after a Ctrl-C). */
  finish(exitCode: number): number;
}

/**
 * Ctrl-C and SIGTERM for a command that starts a server (`npm run offline`, `npm run dashboard`,
 * from source or from the `tracker` bundle): listening begins before the server starts, so a Ctrl-C
 * right after the banner (or during start-up: a second one exits at once) stops both the server and
 * the process cleanly, printing `SIGINT: stopping…`.
 *
 * @example
 * const shutdown = shutdownOnSignal(process.stdout);
 * const { server, exitCode } = await runOfflineCli(argv, io);
 * if (server) await shutdown.serve(server);
 * else process.exitCode = shutdown.finish(exitCode);
 */
export function shutdownOnSignal(
  stdout: { write(text: string): unknown },
  target: SignalProcess = process,
): SignalShutdown {
  let running: Stoppable | undefined;
  let pending: NodeJS.Signals | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals, server: Stoppable): Promise<void> => {
    if (stopping) return;
    stopping = true;
    stdout.write(`\n${signal}: stopping…\n`);
    await server.stop();
    target.exit(0);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) void stop(signal, running);
    else if (pending)
      target.exit(130); // a second Ctrl-C while it is still starting
    else pending = signal; // still starting: stopped as soon as it is up
  };
  target.on('SIGINT', onSignal);
  target.on('SIGTERM', onSignal);
  return {
    async serve(server) {
      running = server;
      if (pending) await stop(pending, server);
    },
    finish(exitCode) {
      target.off('SIGINT', onSignal);
      target.off('SIGTERM', onSignal);
      return pending ? 130 : exitCode;
    },
  };
}
