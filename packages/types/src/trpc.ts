// The `./trpc` entry inside this repository (the `@analytics-tracker/source` condition): the handler's
// own router type. Published apps get dist/trpc.d.ts, written by scripts/app-router.ts without the
// handler's private context and required to be equivalent by test/types.test.ts.
export type { AppRouter } from '@analytics-tracker/handler';
