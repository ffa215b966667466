import type { TrackerConfig } from '@analytics-tracker/schema';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup/index.js';
import { Construct } from 'constructs';
import { bucketSafePrefix, workgroupName } from '../naming.js';
import { SecureBucket } from './secure-bucket.js';

/** Days Athena query results are kept when Terraform creates the results bucket. */
export const RESULTS_RETENTION_DAYS = 30;

/** The workgroup's settings and the deploying account (for a unique results bucket name). */
export interface AthenaWorkgroupProps {
  config: TrackerConfig;
  accountId: string;
}

/**
 * The Athena workgroup analysts use: enforced results location (a locked-down bucket Terraform creates
 * unless `athena.resultsLocation` is set), SSE on results, and a per-query bytes-scanned limit so one
 * careless query cannot scan (and bill) the whole history.
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
    if (config.athena.resultsLocation === undefined) {
      this.resultsBucket = new SecureBucket(this, 'results', {
        // 35 + 16 + 12 characters: within the 63 a bucket name may have.
        bucket: `${bucketSafePrefix(config).slice(0, 35)}-athena-results-${props.accountId}`,
        settings: config.buckets,
        lifecycle: { kind: 'expire', days: RESULTS_RETENTION_DAYS },
        forceDestroy: true,
      });
      this.resultsLocation = `s3://${this.resultsBucket.bucket.bucket}/results/`;
    } else {
      this.resultsBucket = undefined;
      this.resultsLocation = config.athena.resultsLocation;
    }
    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: workgroupName(config),
      description: 'Queries over the analytics tracker tables',
      configuration: {
        bytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: this.resultsLocation,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
