import type { EventFields } from '@analytics-tracker/schema';
import { describe, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import {
  createTracker,
  type InferEvents,
  type NavigationWatcher,
  type Result,
  spaNavigation,
  type Tracker,
  type TrackerClientError,
  type TrackerEvent,
} from '../src/index.js';

const options = {
  endpoint: 'https://tracker.example.com',
  bucket: 'app1-analytics-prod',
  autoPageViews: false,
};

describe('typed event map', () => {
  type Events = {
    signup: { plan: 'free' | 'pro'; referral?: string };
    search: { query: string; results: number };
    logout: undefined;
    share: { channel?: string };
  };
  const tracker = createTracker<Events>(options);

  it('accepts declared events with their props', () => {
    expectTypeOf(tracker.track('signup', { plan: 'pro' })).toEqualTypeOf<Promise<Result>>();
    tracker.track('search', { query: 'shoes', results: 3 });
    tracker.track('logout');
    tracker.track('share');
    tracker.track('share', { channel: 'x' });
  });

  it('rejects wrong event names and wrong or missing props at compile time', () => {
    // @ts-expect-error: not a declared event
    tracker.track('sign_up', { plan: 'pro' });
    // @ts-expect-error: plan must be 'free' | 'pro'
    tracker.track('signup', { plan: 'enterprise' });
    // @ts-expect-error: required props missing
    tracker.track('signup');
    // @ts-expect-error: results must be a number
    tracker.track('search', { query: 'shoes', results: '3' });
    expectTypeOf(tracker.track).parameter(0).toEqualTypeOf<'signup' | 'search' | 'logout' | 'share'>();
  });

  it('accepts interfaces as event maps', () => {
    interface AppEvents {
      checkout: { total: number };
    }
    const typed = createTracker<AppEvents>(options);
    typed.track('checkout', { total: 42 });
    // @ts-expect-error: total is required
    typed.track('checkout', {});
  });

  it("derives the map from the app's own Zod schemas, as types only", () => {
    const schemas = {
      signup: z.object({ plan: z.enum(['free', 'pro']) }),
      purchase: z.object({ sku: z.string(), quantity: z.optional(z.int()) }),
    };
    type FromZod = InferEvents<typeof schemas>;
    expectTypeOf<FromZod['signup']>().toEqualTypeOf<{ plan: 'free' | 'pro' }>();
    const typed = createTracker<FromZod>(options);
    typed.track('purchase', { sku: 'A1' });
    // @ts-expect-error: quantity must be a number
    typed.track('purchase', { sku: 'A1', quantity: 'two' });
  });

  it('only accepts event maps whose props JSON keeps as they are', () => {
    // Plain JSON shapes, optional keys, arrays, nested objects and unions all compile.
    type Fine = {
      order: { id: string; total: number; paid: boolean; note?: string; tags: string[] };
      nested: { cart: { items: { sku: string; quantity: number }[] } | null };
    };
    expectTypeOf(createTracker<Fine>(options).track).parameter(0).toEqualTypeOf<'order' | 'nested'>();
    // @ts-expect-error: a bigint makes JSON.stringify throw
    createTracker<{ paid: { amount: bigint } }>(options);
    // @ts-expect-error: a function is silently left out by JSON.stringify
    createTracker<{ click: { handler: () => void } }>(options);
    // @ts-expect-error: a Map is sent as {}
    createTracker<{ cart: { items: Map<string, number> } }>(options);
    // @ts-expect-error: a Set is sent as {}
    createTracker<{ cart: { skus: Set<string> } }>(options);
    // @ts-expect-error: a symbol is left out
    createTracker<{ tag: { kind: symbol } }>(options);
    // @ts-expect-error: deep inside too
    createTracker<{ deep: { a: { b: { c: bigint }[] } } }>(options);
    interface WithMethod {
      order: { total: number; format(): string };
    }
    // @ts-expect-error: interfaces are checked the same way
    createTracker<WithMethod>(options);
  });

  it('is untyped by default: any event name, any JSON props', () => {
    const untyped = createTracker(options);
    untyped.track('anything', { nested: { ok: [1, 'two', null] } });
    untyped.track('bare');
    // @ts-expect-error: props must be JSON
    untyped.track('bad', { when: new Date() });
    // @ts-expect-error: props must be JSON
    untyped.track('bad', { amount: 10n });
    // @ts-expect-error: props must be JSON
    untyped.track('bad', { items: new Map() });
    // @ts-expect-error: props must be JSON
    untyped.track('bad', { onClick: () => {} });
  });
});

describe('the rest of the API', () => {
  const tracker: Tracker = createTracker(options);

  it('resolves every call to a Result instead of throwing', () => {
    expectTypeOf(tracker.pageView()).toEqualTypeOf<Promise<Result>>();
    expectTypeOf(tracker.identify('user-1')).toEqualTypeOf<Promise<Result>>();
    expectTypeOf(tracker.flush()).toEqualTypeOf<Promise<Result>>();
    expectTypeOf<Extract<Result, { ok: false }>['error']>().toEqualTypeOf<TrackerClientError>();
    expectTypeOf<TrackerClientError['code']>().toEqualTypeOf<
      'ignored' | 'dropped' | 'retrying' | 'rejected' | 'failed'
    >();
  });

  it('takes spaNavigation, or any watcher of the same shape, as the navigation option', () => {
    expectTypeOf(spaNavigation).toEqualTypeOf<NavigationWatcher>();
    expectTypeOf<Parameters<typeof createTracker>[0]['navigation']>().toEqualTypeOf<
      NavigationWatcher | undefined
    >();
    // @ts-expect-error: a watcher is called with the tracker's callback, hash flag and signal
    createTracker({ ...options, navigation: (page: string) => page });
  });

  it("hands beforeSend the schema's event fields", () => {
    expectTypeOf<TrackerEvent>().toEqualTypeOf<EventFields>();
    createTracker({
      ...options,
      beforeSend: (event) => ({ ...event, page: event.page?.replace(/\d+/g, ':id') }),
    });
  });
});
