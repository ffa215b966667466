import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** What a built Lambda entry answered to one event, and how long the call took. */
export interface EntryResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
  ms: number;
}

/** How the fresh `node` that runs the entry is started. */
export interface InvokeEntryOptions {
  /** The whole environment of the process (nothing of the test's own is passed on). */
  env: NodeJS.ProcessEnv;
  /** Working folder of the process (default: the test's). */
  cwd?: string;
  /** Gives `handler` a Lambda context with this many ms left at each call, as the runtime does. */
  remainingMs?: number;
}

/**
 * Imports a built Lambda entry (`export const handler`) in a fresh `node`, as Lambda's init does,
 * calls `handler(event, context)` for each event in order and returns each answer with the ms it took,
 * and every line the entry wrote (its JSON logs and EMF metrics, stdout then stderr). Asynchronous,
 * so loopback servers of the calling test keep answering. Throws with the entry's stderr when the
 * process fails.
 *
 * @example
 * const { results, lines } = await invokeEntry('dist/lambda/tracker/index.mjs', [functionUrlEvent(seedBody)], { env });
 * results[0]?.statusCode; // 200
 */
export async function invokeEntry(
  entryFile: string,
  events: readonly unknown[],
  options: InvokeEntryOptions,
): Promise<{ results: EntryResult[]; lines: string[] }> {
  const remaining = options.remainingMs;
  const code = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(entryFile).href)});
    const results = [];
    for (const event of ${JSON.stringify(events)}) {
      const started = performance.now();
      const end = started + ${remaining ?? 0};
      const context = ${remaining === undefined ? 'undefined' : '{ getRemainingTimeInMillis: () => Math.max(0, Math.floor(end - performance.now())) }'};
      const result = await handler(event, context);
      results.push({ ...result, ms: performance.now() - started });
    }
    (await import('node:fs')).writeSync(3, JSON.stringify(results));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    env: options.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let report = '';
  let out = '';
  let errors = '';
  child.stdio[3]?.on('data', (chunk: Buffer) => {
    report += chunk.toString('utf8');
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString('utf8');
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) throw new Error(`${entryFile} failed (exit ${exitCode}): ${errors}`);
  const lines = `${out}${errors}`.split('\n').filter((line) => line.startsWith('{'));
  return { results: JSON.parse(report) as EntryResult[], lines };
}
