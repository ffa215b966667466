import type { EventFields, JsonObject } from '@analytics-tracker/schema';
import type { TrackerError } from './tracker-error.js';

/**
 * One event as the tracker sends it: the schema's event fields (the batch around it carries the bucket).
 * This is what `beforeSend` receives and may edit.
 *
 * @example
 * const event: TrackerEvent = { eventType: 'signup', timestamp: new Date().toISOString(), metadata: { plan: 'pro' } };
 */
export type TrackerEvent = EventFields;

/**
 * The default event map: any event type, any JSON properties.
 *
 * @example
 * const tracker: Tracker<AnyEvents> = createTracker({ endpoint, bucket });
 */
export type AnyEvents = Record<string, JsonObject | undefined>;

/**
 * The constraint on an app's event map: event type → its properties (or `undefined` when it has none).
 * Written as a mapped type so that `interface MyEvents { ... }` satisfies it as well as a type alias.
 *
 * @example
 * type MyEvents = { signup: { plan: 'free' | 'pro' }; logout: undefined };
 */
export type EventMap<Events> = { [K in keyof Events]: object | undefined };

/**
 * The props argument of `track`: optional when the event has no props or only optional ones.
 *
 * @example
 * type A = PropsArgs<{ plan: string }>; // [props: { plan: string }]
 * type B = PropsArgs<undefined>; // [props?: undefined]
 */
export type PropsArgs<Props> = undefined extends Props
  ? [props?: Props]
  : Partial<Props> extends Props
    ? [props?: Props]
    : [props: Props];

/** The part of a Standard Schema (Zod, Valibot, ArkType) that carries its types; only types are read. */
export interface StandardSchemaLike {
  readonly '~standard': { readonly types?: { readonly input: unknown } | undefined };
}

/**
 * Turns the app's own Zod (or any Standard Schema) schemas into an event map, at the type level only:
 * the schemas never reach the tracker at runtime.
 *
 * @example
 * const events = { signup: z.object({ plan: z.enum(['free', 'pro']) }) };
 * const tracker = createTracker<InferEvents<typeof events>>({ endpoint, bucket });
 * tracker.track('signup', { plan: 'pro' });
 */
export type InferEvents<Schemas extends Record<string, StandardSchemaLike>> = {
  [K in keyof Schemas]: NonNullable<Schemas[K]['~standard']['types']>['input'];
};

/**
 * What every tracker call resolves to. Calls never throw into the host page.
 *
 * @example
 * const result = await tracker.flush();
 * if (!result.ok) console.warn(result.error.code);
 */
export type Result = { ok: true } | { ok: false; error: TrackerError };

/**
 * Options of `createTracker`. Only `endpoint` and `bucket` are required.
 *
 * @example
 * createTracker({ endpoint: 'https://abc.lambda-url.eu-west-1.on.aws', bucket: 'app1-analytics-prod' });
 */
export interface TrackerOptions {
  /** Base URL of the tracker (the Function URL or its domain); events go to `${endpoint}/track`. */
  endpoint: string;
  /** S3 bucket of this app (must be allowed by the tracker). */
  bucket: string;
  /** Send when this many events are waiting (default 25; the batch route takes at most 500). */
  batchSize?: number;
  /** Send at most this many milliseconds after the first waiting event (default 2000). */
  flushInterval?: number;
  /** Most events kept while the endpoint is unreachable; the oldest are dropped and counted (default 1000). */
  maxQueue?: number;
  /** Send a page view on load and on every single-page-app navigation (default true, browsers only). */
  autoPageViews?: boolean;
  /** Count `#/route` changes as page views and include the hash in `page` (default false). */
  hashRouting?: boolean;
  /** Send nothing when the browser sends Do-Not-Track or Global Privacy Control (default false). */
  respectDoNotTrack?: boolean;
  /** Also track on localhost and `file:` pages (default false: development visits are not counted). */
  allowLocalhost?: boolean;
  /** Edit an event before it is queued, or return `null` to drop it. */
  beforeSend?: (event: TrackerEvent) => TrackerEvent | null | undefined | false;
  /** `fetch` to use (default: the global one). Node 18+ and every browser have it. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * A tracker for one app. Every method resolves to a `Result` and never throws.
 *
 * @example
 * const tracker = createTracker<{ signup: { plan: string } }>({ endpoint, bucket });
 * await tracker.track('signup', { plan: 'pro' });
 */
export interface Tracker<Events extends EventMap<Events> = AnyEvents> {
  /** Queue a custom event with its props (sent as `metadata`). */
  track<K extends keyof Events & string>(eventType: K, ...props: PropsArgs<Events[K]>): Promise<Result>;
  /** Queue a `page_view` for the current page (or for `page`, e.g. on a server). */
  pageView(page?: string): Promise<Result>;
  /** Attach `userId` to the events that follow (`null` forgets it). */
  identify(userId: string | null): Promise<Result>;
  /** Send everything queued now; resolves when the queue is empty or a retry is scheduled. */
  flush(): Promise<Result>;
  /** Events waiting to be sent, and events dropped because the queue was full. */
  stats(): { queued: number; dropped: number };
}
