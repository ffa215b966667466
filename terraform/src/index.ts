export {
  type AthenaWorkgroupProps,
  RESULTS_RETENTION_DAYS,
  TrackerAthena,
} from './constructs/athena-workgroup.js';
export {
  CACHING_DISABLED_POLICY_ID,
  CloudFrontFrontDoor,
  type CloudFrontFrontDoorProps,
  FORWARDED_HEADERS,
  ORIGIN_VERIFY_HEADER,
} from './constructs/cloudfront-front-door.js';
export {
  DURATION_ALARM_SHARE,
  FunctionAlarms,
  type FunctionAlarmsProps,
} from './constructs/function-alarms.js';
export { type FunctionUrlProps, functionUrlCors, TrackerFunctionUrl } from './constructs/function-url.js';
export { GlueCatalog, type GlueCatalogProps } from './constructs/glue-catalog.js';
export { type BucketLifecycle, SecureBucket, type SecureBucketProps } from './constructs/secure-bucket.js';
export { TrackerFunction, type TrackerFunctionProps } from './constructs/tracker-function.js';
export { BundleMissingError, InfraError, InvalidInfraConfigError } from './errors.js';
export { type HandlerSecrets, handlerEnvironment } from './handler-environment.js';
export { kmsEncryptPolicy, lambdaAssumeRolePolicy, logsPolicy } from './iam/function-role-policies.js';
export { type PolicyDocument, type PolicyStatement, policyDocument } from './iam/policy-document.js';
export { ANALYTICS_PREFIX, analyticsObjectsArn, s3WritePolicy } from './iam/s3-write-policy.js';
export { tlsOnlyBucketPolicy } from './iam/tls-only-bucket-policy.js';
export { bucketSafePrefix, functionName, workgroupName } from './naming.js';
export { nextSteps } from './next-steps.js';
export { STACK_NAME, type SynthOptions, type SynthResult, synthTracker } from './synth.js';
export { escapeTemplate } from './terraform-escape.js';
export { MIN_SECRET_LENGTH, TrackerStack, type TrackerStackProps } from './tracker-stack.js';
