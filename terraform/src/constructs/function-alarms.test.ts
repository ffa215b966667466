import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { FunctionAlarms } from './function-alarms.js';

const json = Testing.synthScope((scope) => {
  new FunctionAlarms(scope, 'alarms', { functionName: 'mycompany-analytics-tracker', timeoutSeconds: 10 });
});

describe('FunctionAlarms', () => {
  it.each([
    ['Errors', { statistic: 'Sum', threshold: 1 }],
    ['Throttles', { statistic: 'Sum', threshold: 1 }],
    ['Duration', { extended_statistic: 'p99', threshold: 8000 }],
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
});
