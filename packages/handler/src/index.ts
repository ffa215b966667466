export { type BucketAllowlist, createBucketAllowlist } from './bucket-allowlist.js';
export {
  createHandler,
  type FunctionUrlHandler,
  type HandlerOptions,
  MissingSaltSourceError,
} from './create-handler.js';
export {
  type Deadline,
  deadlineIn,
  type InvocationContext,
  invocationDeadline,
  RESPONSE_MARGIN_MS,
} from './deadline.js';
export {
  createEnrichment,
  ENRICHERS,
  type EnrichEvent,
  type EnrichedField,
  enricherHeaders,
} from './enrich.js';
export type { Enricher, EnricherDeps, EnrichInput, RequestContext, SaltedContext } from './enricher.js';
export {
  ERROR_STATUS,
  ForbiddenError,
  RETRY_AFTER_SECONDS,
  RequestShapeError,
  SaltUnavailableError,
  StorageUnavailableError,
  TrackerError,
  type TrackerErrorCode,
  ValidationError,
} from './errors.js';
export { createFileSaltVault } from './file-salt-vault.js';
export type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
export { createIpHasher, type IpHasher, keyedHash } from './ip-hash.js';
export { LAMBDA_PACKAGES, type LambdaPackage } from './lambda-packages.js';
export { createMemorySaltVault } from './memory-salt-vault.js';
export { batchKey, contentHash, eventKey, partitionPrefix, serverEventId } from './object-key.js';
export { createLogObserver, type Observer, type RequestLog, silentObserver } from './observability.js';
export { requestHeadersRead } from './request-headers.js';
export { S3RequestError } from './s3-request-error.js';
export { createS3Store, type S3StoreOptions } from './s3-store.js';
export { createSaltSource, SALT_TTL_MS, type SaltSource, type SaltSourceOptions } from './salt-source.js';
export {
  isSalt,
  newSalt,
  type ReadOptions,
  rotateSalts,
  type SaltRotation,
  type SaltVault,
  utcDay,
} from './salt-vault.js';
export {
  createSsmParameterReader,
  MIN_SECRET_BITS,
  type ParameterReader,
  resolveSecretParameters,
  secretStrengthProblem,
} from './secret-parameters.js';
export { createTrackerService, type TrackerService } from './service.js';
export { createSignedS3Store, type SignedS3StoreOptions } from './signed-s3-store.js';
export type { EventStore, PutOptions, StoredObject } from './store.js';
export { StorageRefusedError, storeFailure } from './store-failure.js';
export { isGzip, storedObjectText } from './stored-object.js';
export { type AppRouter, appRouter, type TrpcContext } from './trpc-router.js';
export { createDeviceParser, keptDevice, keptUserAgent } from './user-agent.js';
