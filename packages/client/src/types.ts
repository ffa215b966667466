import type { EventFields, JsonObject, JsonValue } from '@analytics-tracker/schema';
import type { TrackerClientError } from './client-error.js';

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
 * `Props` where every value survives `JSON.stringify` unchanged: strings, numbers, booleans, `null`,
 * arrays and plain objects of those. A `bigint` (which makes `JSON.stringify` throw), a function or a
 * symbol (silently left out), and objects with methods such as `Map`, `Set` or `Date` (sent as `{}` or a
 * string) become `never`, so an event map that holds one does not compile. `NaN` and `Infinity` are
 * `number`s to TypeScript, so only the runtime catches those.
 *
 * @example
 * type A = JsonProps<{ plan: string; tags: string[] }>; // { plan: string; tags: string[] }
 * type B = JsonProps<{ id: bigint }>; // { id: never }
 */
export type JsonProps<Props> = Props extends JsonValue | undefined
  ? // JSON already (and recursive types such as JsonObject stop here).
    Props
  : Props extends bigint | symbol | ((...args: never[]) => unknown)
    ? never
    : Props extends object
      ? { [K in keyof Props]: JsonProps<Props[K]> }
      : never;

/**
 * The constraint on an app's event map: event type → its properties (or `undefined` when it has none),
 * JSON-serializable all the way down (see `JsonProps`). Written as a mapped type so that
 * `interface MyEvents { ... }` satisfies it as well as a type alias.
 *
 * @example
 * type MyEvents = { signup: { plan: 'free' | 'pro' }; logout: undefined };
 */
export type EventMap<Events> = { [K in keyof Events]: JsonProps<Events[K]> | undefined };

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
export type Result = { ok: true } | { ok: false; error: TrackerClientError };

/**
 * Watches client-side navigations for the tracker (see `spaNavigation`): calls `onNavigate` after each
 * one, until `signal` is aborted (by `destroy()`).
 *
 * @example
 * const navigation: NavigationWatcher = (onNavigate, _hashRouting, signal) =>
 *   addEventListener('popstate', onNavigate, { signal });
 */
export type NavigationWatcher = (
  onNavigate: () => void,
  hashRouting: boolean | undefined,
  signal: AbortSignal,
) => void;

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
  /** Send when this many events are waiting (default 25 in browsers, 100 elsewhere; the batch route takes at most 500). */
  batchSize?: number;
  /** Send at most this many milliseconds after the first waiting event (default 2000). */
  flushInterval?: number;
  /** Give up on a request after this many milliseconds and retry it later (default 10000). */
  timeout?: number;
  /** Most events kept while the endpoint is unreachable; the oldest are dropped and counted (default 1000). */
  maxQueue?: number;
  /** Send a page view on load, on back/forward-cache restores and, with `navigation`, on client-side navigations (default true, browsers only). */
  autoPageViews?: boolean;
  /** Include the hash in `page`, and with `navigation`, count `#/route` changes as page views (default false). */
  hashRouting?: boolean;
  /**
   * Page views on client-side navigations too: pass `spaNavigation` (single-page apps). Without it, a page
   * view is sent on load and on back/forward-cache restores only (browsers).
   */
  navigation?: NavigationWatcher | undefined;
  /**
   * Send nothing while this says so: pass `doNotTrack` (the opt-in module for Do-Not-Track and Global
   * Privacy Control). Asked on every event; by default every visitor is tracked.
   */
  respectDoNotTrack?: (() => boolean | undefined) | undefined;
  /** Also track on localhost and `file:` pages (default false: development visits are not counted). */
  allowLocalhost?: boolean;
  /** Edit an event before it is queued, or return `null` to drop it. */
  beforeSend?: (event: TrackerEvent) => TrackerEvent | null | undefined | false;
  /** `fetch` to use (default: the global one). Node 18+ and every browser have it. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Called with every event that will not be stored, and why (`error.code`: `rejected`, `dropped`,
   * `ignored`, `failed`; `error.status` when the endpoint answered). The same events are counted in
   * `stats()`. In development (`process.env.NODE_ENV` other than `production`) they are also logged
   * with `console.warn`.
   */
  onError?: (error: TrackerClientError, events: TrackerEvent[]) => void;
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
  /**
   * What happened to every event given to this tracker: `delivered` (stored by the endpoint), `queued`
   * (waiting or in flight), or not stored, by reason: `rejected`, `dropped`, `ignored`, `failed` (see
   * `ClientErrorCode`). Their sum is every event tracked, plus any taken over from a closed tab.
   */
  stats(): TrackerStats;
  /**
   * Flush, then unhook from the page (listeners, `history`, Web Locks) so that another tracker can take
   * over; later calls resolve to `ignored`. A closed tab's queue left in storage is taken over by the
   * next tracker of the bucket, as usual.
   */
  destroy(): Promise<Result>;
}

/**
 * Event counts of one tracker (see `Tracker.stats`).
 *
 * @example
 * const { delivered, queued, rejected } = tracker.stats();
 */
export interface TrackerStats {
  queued: number;
  delivered: number;
  rejected: number;
  dropped: number;
  ignored: number;
  failed: number;
}
