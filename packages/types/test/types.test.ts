// The published declarations must equal the types they are generated from: the schema's (wire types)
// and the handler's router (AppRouter). Compiled by `npm run typecheck`; the test run only builds dist/.
import type { AppRouter as HandlerRouter } from '@analytics-tracker/handler';
import type * as Schema from '@analytics-tracker/schema';
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Published from '../dist/index.js';
import type { AppRouter } from '../dist/trpc.js';

describe('the published wire types', () => {
  it("equal the schema's", () => {
    expectTypeOf<Published.EventFields>().toEqualTypeOf<Schema.EventFields>();
    expectTypeOf<Published.TrackRequest>().toEqualTypeOf<Schema.TrackRequest>();
    expectTypeOf<Published.BatchRequest>().toEqualTypeOf<Schema.BatchRequest>();
    expectTypeOf<Published.TrackResponse>().toEqualTypeOf<Schema.TrackResponse>();
    expectTypeOf<Published.BatchResponse>().toEqualTypeOf<Schema.BatchResponse>();
    expectTypeOf<Published.RejectedEvent>().toEqualTypeOf<Schema.RejectedEvent>();
    expectTypeOf<Published.ErrorResponse>().toEqualTypeOf<Schema.ErrorResponse>();
    expectTypeOf<Published.JsonObject>().toEqualTypeOf<Schema.JsonObject>();
  });
});

describe('the published AppRouter', () => {
  it("takes and returns exactly what the handler's router does, with the same errors", () => {
    expectTypeOf<inferRouterInputs<AppRouter>>().toEqualTypeOf<inferRouterInputs<HandlerRouter>>();
    expectTypeOf<inferRouterOutputs<AppRouter>>().toEqualTypeOf<inferRouterOutputs<HandlerRouter>>();
    expectTypeOf<inferRouterError<AppRouter>>().toEqualTypeOf<inferRouterError<HandlerRouter>>();
  });
});
