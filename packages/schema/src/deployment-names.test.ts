import { describe, expect, it } from 'vitest';
import { configProblem as problem } from '../test/config-problem.js';
import { bucketNameProblem } from './bucket-name.js';
import { deploymentNames } from './deployment-names.js';
import { defineConfig, type TrackerConfigInput } from './tracker-config.js';

const base: TrackerConfigInput = {
  functionPrefix: 'mycompany',
  apiName: 'mycompany-analytics-api',
  apps: [{ name: 'app1', bucket: 'app1-analytics-prod' }],
};

// The AWS rules, copied from the AWS API references (not from the code under test).
const AWS = {
  cloudFormationStack: /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/,
  lambdaFunction: /^[a-zA-Z0-9_-]{1,64}$/,
  iamRole: /^[\w+=,.@-]{1,64}$/,
  logGroup: /^[.\-_/#A-Za-z0-9]{1,512}$/,
  athenaWorkgroup: /^[a-zA-Z0-9._-]{1,128}$/,
  athenaDatabase: /^[a-z0-9_]{1,255}$/,
  schedulerSchedule: /^[0-9a-zA-Z._-]{1,64}$/,
};

describe('generated AWS names are checked in the config', () => {
  it("refuses an apiName with '_', which CloudFormation stack names cannot hold, naming the stack and the rule", () => {
    const message = problem({ ...base, apiName: 'mycompany_analytics_api' });
    expect(message).toContain('apiName');
    expect(message).toContain('CloudFormation stack name "mycompany_analytics_api-url-invoke-permission"');
    expect(message).toContain('start with a letter and contain only letters, digits and hyphens');
  });

  it('refuses an apiName starting with a digit (a stack name starts with a letter)', () => {
    expect(problem({ ...base, apiName: '1-analytics' })).toContain('CloudFormation stack name');
  });

  it('refuses a function name over 64 characters once the environment is appended', () => {
    const functionPrefix = 'a'.repeat(30);
    const environment = 'abcdefghijklmnop'; // 30 + "-analytics-tracker" (18) + "-" + 16 = 65
    const message = problem({ ...base, functionPrefix, environment });
    expect(message).toContain(`Lambda function name "${functionPrefix}-analytics-tracker-${environment}"`);
    expect(message).toContain(`with environment "${environment}"`);
    expect(message).toContain('at most 64 characters');
  });

  it('refuses a role name over 64 characters even when the function name fits', () => {
    const functionPrefix = 'a'.repeat(30);
    const environment = 'abcdefghijkl'; // function 30 + 18 + 13 = 61, its role 66
    const message = problem({ ...base, functionPrefix, environment });
    expect(message).toContain(`IAM role name "${functionPrefix}-analytics-tracker-${environment}-role"`);
    expect(message).not.toContain(
      `Lambda function name "${functionPrefix}-analytics-tracker-${environment}"`,
    );
  });

  it('refuses a results bucket name over 63 characters, and accepts it with athena.resultsLocation', () => {
    const functionPrefix = 'a'.repeat(30); // 30 + "-athena-results-" (16) + 12 + "-us-east-1" (10) = 68
    expect(problem({ ...base, functionPrefix })).toContain('Athena results bucket');
    expect(problem({ ...base, functionPrefix, athena: { resultsLocation: 's3://results/tracker/' } })).toBe(
      undefined,
    );
  });

  it('refuses an environment that is not a short lower-case word', () => {
    expect(problem({ ...base, environment: 'Prod' })).toContain('environment must match');
    expect(problem({ ...base, environment: 'pre-prod' })).toContain('environment must match');
  });

  it('accepts the repository defaults, and every name they make follows its AWS rule', () => {
    for (const environment of [undefined, 'staging', 'prod']) {
      const config = defineConfig({ ...base, ...(environment ? { environment } : {}) });
      const names = deploymentNames(config);
      expect(names.urlPermissionStack).toMatch(AWS.cloudFormationStack);
      expect(names.function).toMatch(AWS.lambdaFunction);
      expect(names.role).toMatch(AWS.iamRole);
      expect(names.logGroup).toMatch(AWS.logGroup);
      expect(names.workgroup).toMatch(AWS.athenaWorkgroup);
      expect(names.glueDatabase).toMatch(AWS.athenaDatabase);
      expect(bucketNameProblem(names.resultsBucket('123456789012'))).toBeUndefined();
    }
  });
});

/**
 * The daily-salts names, at the boundary lengths. The longest is the scheduler's IAM role,
 * `<functionPrefix>-analytics-salt-rotation[-<environment>]-scheduler`: "-analytics-salt-rotation" is
 * 24 characters and "-scheduler" 10, so IAM's 64 leaves 30 for the prefix without an environment, and
 * 64 - 34 - 8 = 22 with "-staging".
 */
describe('salt-rotation names are checked like every other name', () => {
  // Where no results bucket is made from the prefix: only the names under test are in play.
  const noResultsBucket = { athena: { resultsLocation: 's3://results/tracker/' } };
  const rotation = (prefix: string, environment?: string) =>
    `${prefix}-analytics-salt-rotation${environment === undefined ? '' : `-${environment}`}`;

  it('accepts the longest prefix without an environment, and every name it makes fits its AWS rule', () => {
    const functionPrefix = 'a'.repeat(30);
    const config = defineConfig({ ...base, ...noResultsBucket, functionPrefix });
    const names = deploymentNames(config);
    expect(names.saltRotation.function).toBe(rotation(functionPrefix));
    expect(names.saltRotation.function).toMatch(AWS.lambdaFunction);
    expect(names.saltRotation.function).toMatch(AWS.schedulerSchedule);
    expect(names.saltRotation.role).toMatch(AWS.iamRole);
    expect(names.saltRotation.schedulerRole).toBe(`${rotation(functionPrefix)}-scheduler`);
    expect(names.saltRotation.schedulerRole).toHaveLength(64);
    expect(names.saltRotation.schedulerRole).toMatch(AWS.iamRole);
    expect(names.saltRotation.logGroup).toMatch(AWS.logGroup);
  });

  it('refuses one more character at the field, saying which name it would break', () => {
    const message = problem({ ...base, ...noResultsBucket, functionPrefix: 'a'.repeat(31) });
    expect(message).toContain('functionPrefix must be 1 to 30');
    expect(message).toContain('-analytics-salt-rotation-scheduler');
  });

  it('refuses the former 40-character maximum, which made a 74-character scheduler role', () => {
    expect(problem({ ...base, ...noResultsBucket, functionPrefix: 'a'.repeat(40) })).toContain(
      'functionPrefix must be 1 to 30',
    );
  });

  it('with environment "staging", accepts a 22-character prefix and refuses 23, naming the role', () => {
    const fits = defineConfig({
      ...base,
      ...noResultsBucket,
      functionPrefix: 'a'.repeat(22),
      environment: 'staging',
    });
    const names = deploymentNames(fits);
    for (const role of [names.saltRotation.role, names.saltRotation.schedulerRole])
      expect(role).toMatch(AWS.iamRole);
    expect(names.saltRotation.function).toMatch(AWS.lambdaFunction);
    expect(names.saltRotation.function).toMatch(AWS.schedulerSchedule);

    const functionPrefix = 'a'.repeat(23);
    const message = problem({ ...base, ...noResultsBucket, functionPrefix, environment: 'staging' });
    expect(message).toContain(`IAM role name "${rotation(functionPrefix, 'staging')}-scheduler"`);
    expect(message).toContain('functionPrefix (with environment "staging")');
    expect(message).toContain('at most 64 characters');
  });

  it('refuses the 33-character prefix with environment "staging" the review found passing synth', () => {
    const functionPrefix = 'a'.repeat(33);
    expect(problem({ ...base, ...noResultsBucket, functionPrefix, environment: 'staging' })).toContain(
      'functionPrefix must be 1 to 30',
    );
  });

  it('refuses a schedule and rotation function over 64 characters (a 16-character environment)', () => {
    const functionPrefix = 'a'.repeat(24);
    const environment = 'abcdefghijklmnop'; // 24 + 24 + 17 = 65
    const message = problem({ ...base, ...noResultsBucket, functionPrefix, environment });
    expect(message).toContain(`Lambda function name "${rotation(functionPrefix, environment)}"`);
    expect(message).toContain(
      `EventBridge Scheduler schedule name "${rotation(functionPrefix, environment)}"`,
    );
  });
});

describe('environments', () => {
  const staging = deploymentNames(defineConfig({ ...base, environment: 'staging' }));
  const prod = deploymentNames(defineConfig({ ...base, environment: 'prod' }));
  const original = deploymentNames(defineConfig(base));

  it("keep the original tracker's names without an environment", () => {
    expect(original.function).toBe('mycompany-analytics-tracker');
    expect(original.logGroup).toBe('/aws/lambda/mycompany-analytics-tracker');
    expect(original.glueDatabase).toBe('analytics_db');
  });

  it('never share a stack, function, database, workgroup or results bucket', () => {
    const scoped = (names: typeof prod) => [
      names.stack,
      names.function,
      names.role,
      names.logGroup,
      names.urlPermissionStack,
      names.workgroup,
      names.glueDatabase,
      names.metricsNamespace,
      names.resultsBucket('123456789012'),
    ];
    const all = [...scoped(staging), ...scoped(prod), ...scoped(original)];
    expect(new Set(all).size).toBe(all.length);
    expect(prod.function).toBe('mycompany-analytics-tracker-prod');
    expect(prod.glueDatabase).toBe('analytics_db_prod');
    expect(prod.resultsBucket('123456789012')).toBe('mycompany-prod-athena-results-123456789012-us-east-1');
  });
});

describe('adopting the original tracker in an environment', () => {
  // The original tracker's names, from its README: `/aws/lambda/<functionPrefix>-analytics-tracker`
  // and the `analytics_db` database it told teams to create. It never had an environment.
  const adopted = deploymentNames(
    defineConfig({ ...base, environment: 'prod', adopt: { logGroup: true, glueCatalog: true } }),
  );

  it('names the adopted log group and Glue database as the original did, not by the environment', () => {
    expect(adopted.logGroup).toBe('/aws/lambda/mycompany-analytics-tracker');
    expect(adopted.glueDatabase).toBe('analytics_db');
  });

  it('keeps everything it creates scoped by the environment', () => {
    expect(adopted.function).toBe('mycompany-analytics-tracker-prod');
    expect(adopted.role).toBe('mycompany-analytics-tracker-prod-role');
    expect(adopted.workgroup).toBe('mycompany-analytics-api-prod-workgroup');
    expect(adopted.resultsBucket('123456789012')).toBe(
      'mycompany-prod-athena-results-123456789012-us-east-1',
    );
  });

  it('adopts only what it is told to: the database stays scoped when only the log group is adopted', () => {
    const logOnly = deploymentNames(
      defineConfig({ ...base, environment: 'prod', adopt: { logGroup: true } }),
    );
    expect(logOnly.logGroup).toBe('/aws/lambda/mycompany-analytics-tracker');
    expect(logOnly.glueDatabase).toBe('analytics_db_prod');
  });
});

describe('adopting tables per app', () => {
  it('refuses adoptTable without adopt.glueCatalog, naming both fields', () => {
    const message = problem({
      ...base,
      apps: [{ name: 'app1', bucket: 'app1-analytics-prod', adoptTable: true }],
    });
    expect(message).toContain('apps[0].adoptTable');
    expect(message).toContain('"app1_events"');
    expect(message).toContain('set adopt.glueCatalog too');
  });

  it('accepts adoptTable with adopt.glueCatalog, and an app without it next to it', () => {
    const config = defineConfig({
      ...base,
      apps: [
        { name: 'app1', bucket: 'app1-analytics-prod', adoptTable: true },
        { name: 'shop', bucket: 'shop-analytics' },
      ],
      adopt: { glueCatalog: true },
    });
    expect(config.apps.map((app) => app.adoptTable)).toEqual([true, false]);
  });
});
