// Public entry of @analytics-tracker/types inside this repository (the `@analytics-tracker/source`
// condition): the wire types straight from the schema. Published apps get dist/index.d.ts, generated from
// the same schemas by scripts/wire-types.ts and required to be equal by test/types.test.ts.
export type {
  BatchRequest,
  BatchResponse,
  ErrorResponse,
  EventFields,
  JsonObject,
  JsonValue,
  RejectedEvent,
  TrackRequest,
  TrackResponse,
} from '@analytics-tracker/schema';
