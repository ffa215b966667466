import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { TrackerEvent, TrackerStats } from '../src/index.js';

/**
 * The sent-versus-stored check of every loss scenario: the test knows how many events it tracked and
 * reads how many rows the tracker stored; every difference must be explained by a `stats()` reason.
 */
export function expectAccounted(stats: TrackerStats, tracked: number, stored: number): void {
  expect(stats.delivered, 'delivered = rows stored').toBe(stored);
  const { delivered, queued, rejected, dropped, ignored, failed } = stats;
  expect(delivered + queued + rejected + dropped + ignored + failed, 'every event accounted for').toBe(
    tracked,
  );
}

/** What `onError` received: the lost events by reason. */
export function recordErrors() {
  const lost: Record<string, TrackerEvent[]> = {};
  const statuses: (number | undefined)[] = [];
  return {
    lost,
    statuses,
    onError: (error: { code: string; status: number | undefined }, events: TrackerEvent[]) => {
      lost[error.code] = [...(lost[error.code] ?? []), ...events];
      statuses.push(error.status);
    },
  };
}

/** A plain HTTP server for fault injection (a hanging endpoint, a 503 with a huge Retry-After), on port 0. */
export async function startFaultServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; requests: number; stop(): Promise<void> }> {
  const state = { requests: 0 };
  const server = createServer((request, response) => {
    state.requests += 1;
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A proxy in front of the tracker that records the event ids of every request it forwards: what the
 * browser really sent, including the keepalive requests of a closing page that the browser's own
 * request events may no longer report.
 */
export async function startRecordingProxy(target: string) {
  const posts: string[][] = [];
  const proxy = await startFaultServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.method === 'POST') {
        const events = (JSON.parse(body || '{}') as { events?: { eventId: string }[] }).events ?? [];
        posts.push(events.map((event) => event.eventId));
      }
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'origin']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers,
        ...(request.method === 'POST' ? { body } : {}),
      });
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  return { url: proxy.url, posts, stop: proxy.stop };
}
