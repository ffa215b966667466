import { deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup/index.js';
import { Construct } from 'constructs';
import { SecureBucket } from './secure-bucket.js';

/** Days Athena query results are kept when Terraform creates the results bucket. */
export const RESULTS_RETENTION_DAYS = 30;

/** The workgroup's settings and the deploying account (for a unique results bucket name). */
export interface AthenaWorkgroupProps {
  config: TrackerConfig;
  accountId: string;
}

/**
 * How query results are encrypted: with the buckets' KMS key when the config has one, else SSE-S3.
 * The workgroup enforces it and the results bucket uses the same by default, so results are never
 * weaker than the events they come from.
 *
 * @example
 * resultsEncryption({ encryption: 'SSE_S3', versioning: false }); // { encryptionOption: 'SSE_S3' }
 */
export function resultsEncryption(buckets: TrackerConfig['buckets']) {
  return buckets.encryption === 'KMS' && buckets.kmsKeyArn !== undefined
    ? { encryptionOption: 'SSE_KMS', kmsKeyArn: buckets.kmsKeyArn }
    : { encryptionOption: 'SSE_S3' };
}

/**
 * The Athena workgroup analysts use: enforced results location (a locked-down bucket Terraform creates
 * unless `athena.resultsLocation` is set), results encrypted like the events, and a per-query
 * bytes-scanned limit so one careless query cannot scan (and bill) the whole history. The results
 * bucket's name holds the environment, account and region, so two deployments never share one.
 *
 * @example
 * const athena = new TrackerAthena(stack, 'athena', { config, accountId });
 * athena.workgroup.name; // 'mycompany-analytics-api-workgroup'
 */
export class TrackerAthena extends Construct {
  readonly workgroup: AthenaWorkgroup;
  readonly resultsLocation: string;
  readonly resultsBucket: SecureBucket | undefined;

  constructor(scope: Construct, id: string, props: AthenaWorkgroupProps) {
    super(scope, id);
    const { config } = props;
    const names = deploymentNames(config);
    if (config.athena.resultsLocation === undefined) {
      this.resultsBucket = new SecureBucket(this, 'results', {
        address: 'athena_results',
        bucket: names.resultsBucket(props.accountId),
        settings: { ...config.buckets, versioning: false },
        lifecycle: { kind: 'expire', days: RESULTS_RETENTION_DAYS },
        // Query results are scratch data, and the name is this deployment's alone.
        forceDestroy: true,
      });
      this.resultsLocation = `s3://${this.resultsBucket.bucket.bucket}/results/`;
    } else {
      this.resultsBucket = undefined;
      this.resultsLocation = config.athena.resultsLocation;
    }

    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: names.workgroup,
      description: 'Queries over the analytics tracker tables',
      configuration: {
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          encryptionConfiguration: resultsEncryption(config.buckets),
        },
      },
    });
    this.workgroup.overrideLogicalId('analytics');
  }
}
