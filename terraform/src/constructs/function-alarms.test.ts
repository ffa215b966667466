import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { onlyResource, parseStack, resourcesOf, tfRef } from '../../test/fixtures.js';
import { FunctionAlarms, type FunctionAlarmsProps } from './function-alarms.js';

const props: FunctionAlarmsProps = {
  functionName: 'mycompany-analytics-tracker',
  timeoutSeconds: 10,
  metricsNamespace: 'AnalyticsTracker',
  topicName: 'mycompany-analytics-api-alarms',
};
const synthAlarms = (extra: Partial<FunctionAlarmsProps> = {}) =>
  Testing.synthScope((scope) => {
    new FunctionAlarms(scope, 'alarms', { ...props, ...extra });
  });
const json = synthAlarms();

describe('FunctionAlarms', () => {
  it.each([
    ['Errors', { statistic: 'Sum', threshold: 1 }],
    ['Throttles', { statistic: 'Sum', threshold: 1 }],
    ['Duration', { extended_statistic: 'p99', threshold: 8000 }],
    // The handler answers 503 when S3 fails: Lambda counts a success, the Function URL a 5xx.
    ['Url5xxCount', { statistic: 'Sum', threshold: 1 }],
  ])('alarms on %s of the tracker function', (metricName, expected) => {
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: metricName,
      dimensions: { FunctionName: 'mycompany-analytics-tracker' },
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      ...expected,
    });
  });

  it.each([
    ['events_lost', 'storage_unavailable'],
    ['storage_denied', 'bucket_access_denied'],
  ])('%s sums the handler’s EventsRejected for reason %s over every bucket', (address, reason) => {
    const alarm = parseStack(json).resource.aws_cloudwatch_metric_alarm?.[address];
    expect(alarm).toMatchObject({
      threshold: 1,
      metric_query: [
        {
          expression: `SELECT SUM(EventsRejected) FROM "AnalyticsTracker" WHERE reason = '${reason}'`,
          period: 300,
          return_data: true,
        },
      ],
    });
    // AWS refuses `period` beside `metric_query`.
    expect(alarm).not.toHaveProperty('period');
  });

  it('has no actions without an email, and notifies an email topic with one', () => {
    expect(resourcesOf(parseStack(json), 'aws_sns_topic')).toEqual([]);
    const withEmail = synthAlarms({ email: 'oncall@example.com' });
    expect(withEmail).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'oncall@example.com',
    });
    expect(onlyResource(parseStack(withEmail), 'aws_sns_topic').name).toBe('mycompany-analytics-api-alarms');
    for (const alarm of resourcesOf(parseStack(withEmail), 'aws_cloudwatch_metric_alarm')) {
      expect(alarm.alarm_actions).toEqual([tfRef('aws_sns_topic.alarms.arn')]);
    }
  });
});
