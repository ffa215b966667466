import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Construct } from 'constructs';

/** Alarm when p99 duration passes this share of the timeout: requests are about to time out. */
export const DURATION_ALARM_SHARE = 0.8;

/** Which function to watch, and its timeout in seconds. */
export interface FunctionAlarmsProps {
  functionName: string;
  timeoutSeconds: number;
}

/**
 * CloudWatch alarms on the tracker function (`enableMetrics`): any error, any throttle (the reserved
 * concurrency cap was hit), and p99 duration above 80% of the timeout. They carry no actions: route
 * alarm state changes to the team's channel (see README, "Alarms").
 *
 * @example
 * new FunctionAlarms(stack, 'alarms', { functionName: 'mycompany-analytics-tracker', timeoutSeconds: 10 });
 */
export class FunctionAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    const common = {
      namespace: 'AWS/Lambda',
      dimensions: { FunctionName: props.functionName },
      period: 300,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      // No traffic is not a failure.
      treatMissingData: 'notBreaching',
    };
    this.alarms = [
      new CloudwatchMetricAlarm(this, 'errors', {
        ...common,
        alarmName: `${props.functionName}-errors`,
        alarmDescription: 'The tracker function failed (a 500 or a crash): events may be lost.',
        metricName: 'Errors',
        statistic: 'Sum',
        evaluationPeriods: 1,
        threshold: 1,
      }),
      new CloudwatchMetricAlarm(this, 'throttles', {
        ...common,
        alarmName: `${props.functionName}-throttles`,
        alarmDescription: 'Requests were throttled: raise reservedConcurrency or check for abuse.',
        metricName: 'Throttles',
        statistic: 'Sum',
        evaluationPeriods: 1,
        threshold: 1,
      }),
      new CloudwatchMetricAlarm(this, 'duration', {
        ...common,
        alarmName: `${props.functionName}-duration`,
        alarmDescription: 'p99 duration is close to the timeout: requests are about to time out.',
        metricName: 'Duration',
        extendedStatistic: 'p99',
        evaluationPeriods: 3,
        threshold: Math.round(props.timeoutSeconds * 1000 * DURATION_ALARM_SHARE),
      }),
    ];
  }
}
