import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type SignalProcess, shutdownOnSignal } from './shutdown-on-signal.js';

/** A process whose signals the test sends and whose exits it records. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const target: SignalProcess = {
    on: (signal, listener) => emitter.on(signal, listener),
    off: (signal, listener) => emitter.off(signal, listener),
    exit: (code) => {
      exits.push(code);
    },
  };
  return { target, exits, send: (signal: NodeJS.Signals) => emitter.emit(signal, signal), emitter };
}

function fakeServer() {
  const events: string[] = [];
  return { events, server: { stop: async () => void events.push('stopped') } };
}

describe('shutdownOnSignal: Ctrl-C for a server command', () => {
  it('Ctrl-C while serving: says so, stops the server, then exits 0', async () => {
    const proc = fakeProcess();
    let out = '';
    const shutdown = shutdownOnSignal({ write: (text: string) => (out += text) }, proc.target);
    const { events, server } = fakeServer();
    await shutdown.serve(server);
    expect(events).toEqual([]);
    proc.send('SIGINT');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toBe('\nSIGINT: stopping…\n');
    expect(events).toEqual(['stopped']);
    expect(proc.exits).toEqual([0]);
    proc.send('SIGTERM'); // a second signal while stopping changes nothing
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['stopped']);
    expect(proc.exits).toEqual([0]);
  });

  it('a signal during start-up stops the server as soon as it is up; a second one exits 130 at once', async () => {
    const proc = fakeProcess();
    const shutdown = shutdownOnSignal({ write: () => true }, proc.target);
    proc.send('SIGTERM');
    expect(proc.exits).toEqual([]);
    const { events, server } = fakeServer();
    await shutdown.serve(server);
    expect(events).toEqual(['stopped']);
    expect(proc.exits).toEqual([0]);

    const impatient = fakeProcess();
    shutdownOnSignal({ write: () => true }, impatient.target);
    impatient.send('SIGINT');
    impatient.send('SIGINT');
    expect(impatient.exits).toEqual([130]);
  });

  it('a command that ended without a server stops listening and keeps its code (130 after a Ctrl-C)', () => {
    const quiet = fakeProcess();
    expect(shutdownOnSignal({ write: () => true }, quiet.target).finish(1)).toBe(1);
    expect(quiet.emitter.listenerCount('SIGINT') + quiet.emitter.listenerCount('SIGTERM')).toBe(0);

    const interrupted = fakeProcess();
    const shutdown = shutdownOnSignal({ write: () => true }, interrupted.target);
    interrupted.send('SIGINT');
    expect(shutdown.finish(0)).toBe(130);
  });
});
