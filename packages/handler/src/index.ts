export { type BucketAllowlist, createBucketAllowlist, type MatchStats } from './bucket-allowlist.js';
export { createHandler, type FunctionUrlHandler, type HandlerOptions } from './create-handler.js';
export {
  createEnrichment,
  ENRICHERS,
  type EnrichEvent,
  type EnrichedField,
  enricherHeaders,
} from './enrich.js';
export type { Enricher, EnricherDeps, EnrichInput, RequestContext } from './enricher.js';
export {
  ERROR_STATUS,
  ForbiddenError,
  RETRY_AFTER_SECONDS,
  RequestShapeError,
  StorageUnavailableError,
  TrackerError,
  type TrackerErrorCode,
  ValidationError,
} from './errors.js';
export type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
export { createIpHasher, type IpHasher } from './ip-hash.js';
export { batchKey, createEventIdSource, eventKey, partitionPrefix } from './object-key.js';
export { createPowertoolsObserver, type Observer, type RequestLog, silentObserver } from './observability.js';
export { requestHeadersRead } from './request-headers.js';
export { createS3Store, type S3StoreOptions } from './s3-store.js';
export { createTrackerService, type TrackerService } from './service.js';
export type { EventStore, StoredObject } from './store.js';
export { isGzip, storedObjectText } from './stored-object.js';
export { type AppRouter, appRouter, type TrpcContext } from './trpc-router.js';
export { createDeviceParser } from './user-agent.js';
