import {
  CloudwatchMetricAlarm,
  type CloudwatchMetricAlarmConfig,
} from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';

/** Alarm when p99 duration passes this share of the timeout: requests are about to time out. */
export const DURATION_ALARM_SHARE = 0.8;

/**
 * `EventsRejected` reasons that mean events are being lost through no fault of the sender: the store
 * failed (503), or S3 refused the write (403: a bucket policy, KMS key or another owner).
 */
export const LOSS_REASONS = {
  storageUnavailable: 'storage_unavailable',
  accessDenied: 'bucket_access_denied',
} as const;

/** Which function to watch, and where alarms go. */
export interface FunctionAlarmsProps {
  functionName: string;
  timeoutSeconds: number;
  /** CloudWatch namespace of the handler's own metrics. */
  metricsNamespace: string;
  /** Name of the SNS topic created for `email`. */
  topicName: string;
  /** Subscribed to the alarms' SNS topic; without it the alarms have no actions. */
  email?: string;
}

/**
 * A Metrics Insights query summing the handler's `EventsRejected` for one reason over every bucket
 * (the metric carries bucket and reason dimensions, so a plain metric alarm would need one per bucket).
 *
 * @example
 * rejectedQuery('AnalyticsTracker', 'storage_unavailable');
 * // `SELECT SUM(EventsRejected) FROM "AnalyticsTracker" WHERE reason = 'storage_unavailable'`
 */
export function rejectedQuery(namespace: string, reason: string): string {
  return `SELECT SUM(EventsRejected) FROM "${namespace}" WHERE reason = '${reason}'`;
}

/**
 * CloudWatch alarms on the tracker (`enableMetrics`). The handler answers 503 when S3 fails, which
 * Lambda counts as a success, so `Errors` alone never sees lost events: `Url5xxCount` (any 5xx the URL
 * returned) and the handler's `EventsRejected` for storage failures and S3 refusals do. Plus errors,
 * throttles (the reserved concurrency cap was hit) and p99 duration above 80% of the timeout. With
 * `email`, every alarm notifies an SNS topic with that address subscribed.
 *
 * @example
 * new FunctionAlarms(stack, 'alarms', { functionName: 'mycompany-analytics-tracker', timeoutSeconds: 10, metricsNamespace: 'AnalyticsTracker', topicName: 'mycompany-analytics-api-alarms' });
 */
export class FunctionAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];
  readonly topic: SnsTopic | undefined;

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    this.topic = props.email === undefined ? undefined : alarmTopic(this, props.topicName, props.email);
    const actions =
      this.topic === undefined ? {} : { alarmActions: [this.topic.arn], okActions: [this.topic.arn] };
    const common = {
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No traffic is not a failure.
      treatMissingData: 'notBreaching',
      ...actions,
    };
    // A metric alarm has its own period; a query alarm's period sits in the query (AWS refuses both).
    const lambda = {
      ...common,
      period: 300,
      namespace: 'AWS/Lambda',
      dimensions: { FunctionName: props.functionName },
    };
    const rejected = (reason: string) => ({
      ...common,
      threshold: 1,
      metricQuery: [
        {
          id: 'rejected',
          expression: rejectedQuery(props.metricsNamespace, reason),
          period: 300,
          returnData: true,
        },
      ],
    });
    type AlarmSettings = Omit<CloudwatchMetricAlarmConfig, 'alarmName'>;
    const alarm = (address: string, suffix: string, settings: AlarmSettings) => {
      const created = new CloudwatchMetricAlarm(this, address, {
        alarmName: `${props.functionName}-${suffix}`,
        ...settings,
      });
      created.overrideLogicalId(address);
      return created;
    };

    this.alarms = [
      alarm('errors', 'errors', {
        ...lambda,
        alarmDescription: 'The tracker function failed (a 500 or a crash): events may be lost.',
        metricName: 'Errors',
        statistic: 'Sum',
        threshold: 1,
      }),
      alarm('throttles', 'throttles', {
        ...lambda,
        alarmDescription: 'Requests were throttled: raise reservedConcurrency or check for abuse.',
        metricName: 'Throttles',
        statistic: 'Sum',
        threshold: 1,
      }),
      alarm('duration', 'duration', {
        ...lambda,
        alarmDescription: 'p99 duration is close to the timeout: requests are about to time out.',
        metricName: 'Duration',
        extendedStatistic: 'p99',
        evaluationPeriods: 3,
        threshold: Math.round(props.timeoutSeconds * 1000 * DURATION_ALARM_SHARE),
      }),
      alarm('url_5xx', 'url-5xx', {
        ...lambda,
        alarmDescription:
          'The Function URL answered 5xx (503: S3 failed after retries, clients retry; 500: a bug).',
        metricName: 'Url5xxCount',
        statistic: 'Sum',
        threshold: 1,
      }),
      alarm('events_lost', 'events-lost', {
        ...rejected(LOSS_REASONS.storageUnavailable),
        alarmDescription: 'Events were not stored because S3 failed after retries (clients got 503).',
      }),
      alarm('storage_denied', 'storage-denied', {
        ...rejected(LOSS_REASONS.accessDenied),
        alarmDescription:
          'S3 refused writes (AccessDenied: bucket policy, KMS key, or a bucket another account owns; or the bucket is in another region). A configuration error: clients got 403.',
      }),
    ];
  }
}

function alarmTopic(scope: Construct, name: string, email: string): SnsTopic {
  const topic = new SnsTopic(scope, 'topic', { name });
  topic.overrideLogicalId('alarms');
  // AWS mails a confirmation link first; the subscription stays pending until someone clicks it.
  new SnsTopicSubscription(scope, 'email', {
    topicArn: topic.arn,
    protocol: 'email',
    endpoint: email,
  }).overrideLogicalId('alarm_email');
  return topic;
}
