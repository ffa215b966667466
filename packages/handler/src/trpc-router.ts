import type {
  BatchRequest,
  BatchResponse,
  Issue,
  TrackRequest,
  TrackResponse,
} from '@analytics-tracker/schema';
import { initTRPC, TRPCError } from '@trpc/server';
import * as z from 'zod/mini';
import type { RequestContext } from './enricher.js';
import { ERROR_STATUS, TrackerError } from './errors.js';
import type { TrackerService } from './service.js';

/** What every tRPC procedure receives: the same service and request context as the REST route. */
export interface TrpcContext {
  service: TrackerService;
  request: RequestContext;
  /** Receives each successful result, for the request's log line and metrics. */
  record: (result: TrackResponse | BatchResponse) => void;
}

const t = initTRPC.context<TrpcContext>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof TrackerError) {
      const issues: Issue[] | undefined = cause.issues;
      return { ...shape, data: { ...shape.data, error: cause.error, ...(issues ? { issues } : {}) } };
    }
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      return { ...shape, message: 'An unexpected error occurred', data: { ...shape.data, stack: undefined } };
    }
    return shape;
  },
});

/** Runs a service call, turning its `TrackerError`s into tRPC errors through the one status table. */
async function call<T extends TrackResponse | BatchResponse>(
  ctx: TrpcContext,
  run: () => Promise<T>,
): Promise<T> {
  try {
    const result = await run();
    ctx.record(result);
    return result;
  } catch (error) {
    if (error instanceof TrackerError) {
      throw new TRPCError({ code: ERROR_STATUS[error.code].trpc, message: error.message, cause: error });
    }
    throw error;
  }
}

// Typed for callers; validated by the service, so a batch keeps its per-event accept/reject semantics.
const trackInput = z.custom<TrackRequest>();
const trackBatchInput = z.custom<BatchRequest>();

/**
 * The tRPC router served under `/trpc`: `track` and `trackBatch` mutations over the same schemas
 * and service as `POST /track`.
 *
 * @example
 * const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'https://…/trpc' })] });
 * await client.track.mutate({ bucket: 'app1-analytics-prod', eventType: 'signup', timestamp: new Date().toISOString() });
 */
export const appRouter = t.router({
  track: t.procedure
    .input(trackInput)
    .mutation(({ input, ctx }) => call(ctx, () => ctx.service.track(input, ctx.request))),
  trackBatch: t.procedure
    .input(trackBatchInput)
    .mutation(({ input, ctx }) => call(ctx, () => ctx.service.trackBatch(input, ctx.request))),
});

/** The router's type, for `@trpc/client`: `createTRPCClient<AppRouter>(…)`. */
export type AppRouter = typeof appRouter;
