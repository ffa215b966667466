import { LAMBDA_PACKAGES } from '@analytics-tracker/handler';
import {
  compactedTableDefinition,
  deploymentNames,
  type TrackerConfig,
  tableName,
} from '@analytics-tracker/schema';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsEndpointEnvironment } from '../aws-endpoint-environment.js';
import { compactionPolicy } from '../iam/compaction-policies.js';
import { lambdaAssumeRolePolicy, logsPolicy } from '../iam/function-role-policies.js';
import { policyDocument } from '../iam/policy-document.js';
import { schedulerAssumeRolePolicy } from '../iam/salt-policies.js';
import { lambdaPackageAsset } from '../lambda-package-asset.js';
import { escapeTemplate } from '../terraform-escape.js';

/** The bundle file of the compaction function (in its own folder of the build, `compact-days/`). */
export const COMPACTION_ENTRY: string = LAMBDA_PACKAGES.compactDays.entry;

/**
 * Daily at 01:30 in the partitions' time zone (UTC by default): yesterday's partition is complete at
 * midnight; the half hour lets requests in flight at midnight land first.
 */
export const COMPACTION_SCHEDULE = 'cron(30 1 * * ? *)';

/** Lambda's maximum: a day of a large app is one Athena INSERT that may take minutes. */
export const COMPACTION_TIMEOUT_SECONDS = 900;

/** What the compaction needs: the config, the bundle, the account and the Athena workgroup. */
export interface DailyCompactionProps {
  config: TrackerConfig;
  /** The handler build (packages/handler/dist/lambda): the compaction's package is its `compact-days/` folder. */
  bundleDir: string;
  accountId: string;
  /** The Glue database resource's name (a reference, so the tables depend on it). */
  databaseName: string;
  /** The tracker's Athena workgroup name. */
  workgroup: string;
  /** Where the workgroup writes results: the bucket's ARN and the key prefix. */
  results: { bucketArn: string; prefix: string };
}

/**
 * The daily compaction of raw JSON into Parquet: per app a Glue table `<app>_events_compacted` (from
 * `compactedTableDefinition`, the same columns as the JSON table), a function that runs one Athena
 * `INSERT INTO … SELECT` per app and complete day not compacted yet (packages/query
 * `compactOnAthena`), and an EventBridge Scheduler schedule that runs it daily.
 *
 * Least privilege: the function may run queries only in the tracker's workgroup, read only the
 * tracker's Glue tables, read only `analytics/` and write or delete only under `compacted/` of the
 * app buckets, and write results only under the workgroup's results prefix; the scheduler may only
 * invoke it.
 *
 * @example
 * new DailyCompaction(stack, 'compaction', { config, bundleDir, accountId, databaseName, workgroup, results });
 */
export class DailyCompaction extends Construct {
  readonly tables: GlueCatalogTable[];
  readonly function: LambdaFunction;
  readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: DailyCompactionProps) {
    super(scope, id);
    const { config, bundleDir } = props;
    const names = deploymentNames(config);
    const database = names.glueDatabase;
    const name = names.compaction.function;

    this.tables = config.apps.map((app) => {
      const table = compactedTableDefinition({ glueDatabase: database }, app);
      const glueTable = new GlueCatalogTable(this, `table-${app.name}`, {
        databaseName: props.databaseName,
        name: table.name,
        description: `Compacted days of ${app.name} (deduplicated, Parquet), written daily to ${table.location}`,
        tableType: 'EXTERNAL_TABLE',
        parameters: Object.fromEntries(
          Object.entries(table.parameters).map(([key, value]) => [key, escapeTemplate(value)]),
        ),
        partitionKeys: table.partitionKeys,
        storageDescriptor: {
          location: table.location,
          inputFormat: table.serde.inputFormat,
          outputFormat: table.serde.outputFormat,
          serDeInfo: { name: 'parquet', serializationLibrary: table.serde.library },
          columns: table.columns.map((column) => ({ name: column.name, type: column.type })),
        },
      });
      glueTable.overrideLogicalId(table.name);
      return glueTable;
    });

    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.compaction.logGroup,
      retentionInDays: config.logRetentionDays,
    });
    logGroup.overrideLogicalId('compaction');
    const role = new IamRole(this, 'role', {
      name: names.compaction.role,
      description: 'Compacts the analytics tracker raw JSON into Parquet with Athena, daily.',
      assumeRolePolicy: JSON.stringify(lambdaAssumeRolePolicy()),
    });
    role.overrideLogicalId('compaction');
    new IamRolePolicy(this, 'logs-policy', {
      name: 'write-own-logs',
      role: role.id,
      policy: JSON.stringify(logsPolicy(logGroup.arn)),
    });
    const kmsKeyArns = [
      ...(config.buckets.encryption === 'KMS' && config.buckets.kmsKeyArn ? [config.buckets.kmsKeyArn] : []),
      ...config.apps.flatMap((app) => (app.kmsKeyArn ? [app.kmsKeyArn] : [])),
    ];
    new IamRolePolicy(this, 'compaction-policy', {
      name: 'compact-days',
      role: role.id,
      policy: JSON.stringify(
        compactionPolicy({
          region: config.region,
          accountId: props.accountId,
          workgroup: props.workgroup,
          database,
          apps: config.apps.map((app) => ({
            bucket: app.bucket,
            rawTable: tableName(app),
            compactedTable: compactedTableDefinition(config, app).name,
          })),
          results: props.results,
          kmsKeyArns: [...new Set(kmsKeyArns)],
        }),
      ),
    }).overrideLogicalId('compaction');

    // Its own folder of the build only (lambda-package-asset.ts), zipped as the tracker's is.
    const bundle = lambdaPackageAsset(this, bundleDir, LAMBDA_PACKAGES.compactDays, name);
    this.function = new LambdaFunction(this, 'lambda', {
      functionName: name,
      description:
        'Daily: compacts each app’s complete days into deduplicated Parquet with Athena INSERT INTO.',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: LAMBDA_PACKAGES.compactDays.handler,
      filename: bundle.path,
      sourceCodeHash: Fn.filebase64sha256(bundle.path),
      role: role.arn,
      memorySize: 256,
      timeout: COMPACTION_TIMEOUT_SECONDS,
      environment: {
        variables: {
          COMPACTION_APPS: JSON.stringify(config.apps.map((app) => ({ name: app.name, bucket: app.bucket }))),
          GLUE_DATABASE: database,
          ATHENA_WORKGROUP: props.workgroup,
          RAW_RETENTION_DAYS: String(config.compaction.rawRetentionDays),
          PARTITION_TIME_ZONE: config.partitionTimeZone,
          ...awsEndpointEnvironment(config),
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      dependsOn: [logGroup],
    });
    this.function.overrideLogicalId('compaction');

    const schedulerRole = new IamRole(this, 'scheduler-role', {
      name: names.compaction.schedulerRole,
      description: 'Lets EventBridge Scheduler run the analytics compaction, and nothing else.',
      assumeRolePolicy: JSON.stringify(schedulerAssumeRolePolicy(props.accountId)),
    });
    schedulerRole.overrideLogicalId('compaction_scheduler');
    new IamRolePolicy(this, 'scheduler-policy', {
      name: 'invoke-compaction',
      role: schedulerRole.id,
      policy: JSON.stringify(
        policyDocument([
          {
            Sid: 'InvokeCompaction',
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: this.function.arn,
          },
        ]),
      ),
    }).overrideLogicalId('compaction_scheduler');
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name,
      description: 'Daily: compact yesterday (and any day a failed run left) into Parquet.',
      scheduleExpression: COMPACTION_SCHEDULE,
      // Partition days end at midnight in their own time zone (UTC unless the config says otherwise).
      scheduleExpressionTimezone: config.partitionTimeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.arn,
        roleArn: schedulerRole.arn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
    });
    this.schedule.overrideLogicalId('compaction');
  }
}
