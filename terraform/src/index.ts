export { writeDeterministicZip } from './bundle-archive.js';
export {
  type AthenaWorkgroupProps,
  RESULTS_RETENTION_DAYS,
  resultsEncryption,
  TrackerAthena,
} from './constructs/athena-workgroup.js';
export {
  CACHING_DISABLED_POLICY_ID,
  CLOUDFRONT_ALLOWED_METHODS,
  CloudFrontFrontDoor,
  type CloudFrontFrontDoorProps,
  FORWARDED_HEADERS,
  ORIGIN_VERIFY_HEADER,
} from './constructs/cloudfront-front-door.js';
export {
  DailySalts,
  type DailySaltsProps,
  ROTATION_ENTRY,
  ROTATION_SCHEDULE,
} from './constructs/daily-salts.js';
export {
  BLOCKED_METHODS,
  EdgeFirewall,
  type EdgeFirewallProps,
  edgeFirewallRules,
} from './constructs/edge-firewall.js';

export {
  DURATION_ALARM_SHARE,
  FunctionAlarms,
  type FunctionAlarmsProps,
  LOSS_REASONS,
  rejectedQuery,
} from './constructs/function-alarms.js';
export { type FunctionUrlProps, functionUrlCors, TrackerFunctionUrl } from './constructs/function-url.js';
export { GlueCatalog, type GlueCatalogProps } from './constructs/glue-catalog.js';
export {
  type BucketLifecycle,
  NONCURRENT_VERSION_DAYS,
  SecureBucket,
  type SecureBucketProps,
} from './constructs/secure-bucket.js';
export { TrackerFunction, type TrackerFunctionProps } from './constructs/tracker-function.js';
export { BundleMissingError, InfraError, InvalidInfraConfigError } from './errors.js';
export { type HandlerSecrets, handlerEnvironment } from './handler-environment.js';
export {
  kmsEncryptPolicy,
  lambdaAssumeRolePolicy,
  logsPolicy,
  readParameterPolicy,
} from './iam/function-role-policies.js';
export { type PolicyDocument, type PolicyStatement, policyDocument } from './iam/policy-document.js';
export { ANALYTICS_PREFIX, analyticsObjectsArn, s3WritePolicy } from './iam/s3-write-policy.js';
export {
  readSaltsPolicy,
  rotateSaltsPolicy,
  type SaltLocation,
  saltParametersArn,
  schedulerAssumeRolePolicy,
} from './iam/salt-policies.js';
export { tlsOnlyBucketPolicy } from './iam/tls-only-bucket-policy.js';
export { nextSteps } from './next-steps.js';
export { LOCK_FILE_NAME, type SynthOptions, type SynthResult, synthTracker } from './synth.js';
export { escapeTemplate } from './terraform-escape.js';
export { MIN_SECRET_LENGTH, TrackerStack, type TrackerStackProps } from './tracker-stack.js';
