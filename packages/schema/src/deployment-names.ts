import { bucketNameProblem } from './bucket-name.js';
import type { TrackerConfig } from './tracker-config.js';

/** The config fields every AWS name is made from. */
export type NamingConfig = Pick<
  TrackerConfig,
  'functionPrefix' | 'apiName' | 'glueDatabase' | 'environment' | 'region' | 'athena' | 'adopt'
>;

/**
 * Every name the deployment gives AWS, derived from the config in one place, so that two
 * environments (`environment: 'staging'` and `'prod'`) never share a function, a stack, a state file,
 * a Glue database, a workgroup or a results bucket. Without `environment` the names are the original
 * tracker's (`<functionPrefix>-analytics-tracker`). What `adopt` takes over keeps the original's
 * unscoped name in every environment (the log group `/aws/lambda/<functionPrefix>-analytics-tracker`,
 * the Glue database `<glueDatabase>`): those are the names that exist; everything new stays scoped.
 *
 * @example
 * deploymentNames({ functionPrefix: 'mycompany', apiName: 'mycompany-analytics-api', environment: 'prod', … }).function;
 * // 'mycompany-analytics-tracker-prod'
 */
export interface DeploymentNames {
  /** CDKTF stack: its folder under `cdktf.out/stacks/` and its state file name. */
  stack: string;
  /** Lambda function. */
  function: string;
  /** The function's IAM role. */
  role: string;
  /**
   * The function's CloudWatch log group: `/aws/lambda/<function>`, or with `adopt.logGroup` the
   * original tracker's `/aws/lambda/<functionPrefix>-analytics-tracker` (the function logs there).
   */
  logGroup: string;
  /** The one-resource CloudFormation stack granting `lambda:InvokeFunction` via the URL. */
  urlPermissionStack: string;
  /** Athena workgroup. */
  workgroup: string;
  /** Glue (Athena) database: scoped by the environment, except the original's when `adopt.glueCatalog`. */
  glueDatabase: string;
  /** Base of names scoped by the API name: CloudFront policies, WAF web ACL, SNS topic, SSM path. */
  apiScope: string;
  /** CloudWatch namespace of the handler's own metrics (`EventsAccepted`, `EventsRejected`). */
  metricsNamespace: string;
  /** SNS topic every alarm notifies. */
  alarmTopic: string;
  /** CloudFront origin request policy forwarding the viewer's headers. */
  viewerHeadersPolicy: string;
  /**
   * The daily-salts rotation: its function (also its EventBridge schedule's name), the function's role,
   * the scheduler's role and the function's log group.
   */
  saltRotation: { function: string; role: string; schedulerRole: string; logGroup: string };
  /**
   * The daily compaction into Parquet: its function (also its EventBridge schedule's name), the
   * function's role, the scheduler's role and the function's log group.
   */
  compaction: { function: string; role: string; schedulerRole: string; logGroup: string };
  /** Athena results bucket created when `athena.resultsLocation` is absent (needs the account id). */
  resultsBucket(accountId: string): string;
}

const scoped = (base: string, environment: string | undefined, separator = '-') =>
  environment === undefined ? base : `${base}${separator}${environment}`;

/**
 * The names, as described on `DeploymentNames`.
 *
 * @example
 * deploymentNames(config).urlPermissionStack; // 'mycompany-analytics-api-url-invoke-permission'
 */
export function deploymentNames(config: NamingConfig): DeploymentNames {
  const { environment, adopt } = config;
  const original = `${config.functionPrefix}-analytics-tracker`;
  const fn = scoped(original, environment);
  const apiScope = scoped(config.apiName, environment);
  const bucketPrefix = config.functionPrefix.toLowerCase().replaceAll('_', '-');
  const rotation = scoped(`${config.functionPrefix}-analytics-salt-rotation`, environment);
  const compaction = scoped(`${config.functionPrefix}-analytics-compact`, environment);
  return {
    stack: scoped('analytics-tracker', environment),
    function: fn,
    role: `${fn}-role`,
    // Adopted resources exist under the original tracker's names, never under environment-scoped ones.
    logGroup: `/aws/lambda/${adopt.logGroup ? original : fn}`,
    urlPermissionStack: `${apiScope}-url-invoke-permission`,
    workgroup: config.athena.workgroup ?? `${apiScope}-workgroup`,
    glueDatabase: adopt.glueCatalog ? config.glueDatabase : scoped(config.glueDatabase, environment, '_'),
    apiScope,
    metricsNamespace: environment === undefined ? 'AnalyticsTracker' : `AnalyticsTracker/${environment}`,
    alarmTopic: `${apiScope}-alarms`,
    viewerHeadersPolicy: `${apiScope}-viewer-headers`,
    saltRotation: {
      function: rotation,
      role: `${rotation}-role`,
      schedulerRole: `${rotation}-scheduler`,
      logGroup: `/aws/lambda/${rotation}`,
    },
    compaction: {
      function: compaction,
      role: `${compaction}-role`,
      schedulerRole: `${compaction}-scheduler`,
      logGroup: `/aws/lambda/${compaction}`,
    },
    // Bucket names are global: the region and account keep two deployments of one config apart.
    resultsBucket: (accountId) =>
      `${scoped(bucketPrefix, environment)}-athena-results-${accountId}-${config.region}`,
  };
}

/** One AWS naming rule, as AWS documents it. */
interface NamingRule {
  what: string;
  max: number;
  shape: RegExp;
  /** The rule in words, for the error message. */
  says: string;
}

const RULES = {
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
  stack: {
    what: 'CloudFormation stack name',
    max: 128,
    shape: /^[a-zA-Z][-a-zA-Z0-9]*$/,
    says: 'start with a letter and contain only letters, digits and hyphens',
  },
  // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
  function: {
    what: 'Lambda function name',
    max: 64,
    shape: /^[a-zA-Z0-9_-]+$/,
    says: 'contain only letters, digits, hyphens and underscores',
  },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
  role: {
    what: 'IAM role name',
    max: 64,
    shape: /^[\w+=,.@-]+$/,
    says: 'contain only letters, digits and + = , . @ _ -',
  },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  logGroup: {
    what: 'CloudWatch log group name',
    max: 512,
    shape: /^[.\-_/#A-Za-z0-9]+$/,
    says: 'contain only letters, digits and . - _ / #',
  },
  // https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
  schedule: {
    what: 'EventBridge Scheduler schedule name',
    max: 64,
    shape: /^[0-9a-zA-Z._-]+$/,
    says: 'contain only letters, digits, periods, hyphens and underscores',
  },
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
  topic: {
    what: 'SNS topic name',
    max: 256,
    shape: /^[a-zA-Z0-9_-]+$/,
    says: 'contain only letters, digits, hyphens and underscores',
  },
  // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginRequestPolicyConfig.html
  cloudFrontPolicy: {
    what: 'CloudFront origin request policy name',
    max: 128,
    shape: /^[a-zA-Z0-9_-]+$/,
    says: 'contain only letters, digits, hyphens and underscores',
  },
  // https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html
  workgroup: {
    what: 'Athena workgroup name',
    max: 128,
    shape: /^[a-zA-Z0-9._-]+$/,
    says: 'contain only letters, digits, periods, hyphens and underscores',
  },
  // https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
  glueDatabase: {
    what: 'Glue database name (as Athena reads it)',
    max: 255,
    shape: /^[a-z0-9_]+$/,
    says: 'contain only lower-case letters, digits and underscores',
  },
  glueTable: {
    what: 'Glue table name (as Athena reads it)',
    max: 255,
    shape: /^[a-z0-9_]+$/,
    says: 'contain only lower-case letters, digits and underscores',
  },
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (and CloudFront
  // policy names, SNS topic names: the same letters, digits, hyphens and underscores)
  apiScope: {
    what: 'CloudFront policy, WAF web ACL and SNS topic name',
    max: 100,
    shape: /^[a-zA-Z0-9_-]+$/,
    says: 'contain only letters, digits, hyphens and underscores',
  },
} satisfies Record<string, NamingRule>;

/** A generated name AWS would refuse: which config field made it, and why. */
export interface NamingProblem {
  /** Config path of the field to change, e.g. `['apiName']`. */
  path: (string | number)[];
  message: string;
}

function check(rule: NamingRule, name: string, path: NamingProblem['path'], source: string): NamingProblem[] {
  if (name.length <= rule.max && rule.shape.test(name)) return [];
  return [
    {
      path,
      message: `${source} makes the ${rule.what} "${name}", which AWS refuses: it must ${rule.says}, at most ${rule.max} characters`,
    },
  ];
}

/**
 * Checks every generated name against its AWS rule, so a name AWS would refuse stops `npm run synth`
 * with the field to change, instead of failing halfway through `terraform apply`.
 *
 * @example
 * namingProblems({ ...config, apiName: 'my_api' })[0].message;
 * // 'apiName makes the CloudFormation stack name "my_api-url-invoke-permission", which AWS refuses: …'
 */
export function namingProblems(config: NamingConfig & Pick<TrackerConfig, 'apps'>): NamingProblem[] {
  const names = deploymentNames(config);
  // The field to change, and in the message the environment that also went into the name.
  const from = (field: string) =>
    config.environment === undefined ? field : `${field} (with environment "${config.environment}")`;
  const bucket = names.resultsBucket('123456789012');
  const bucketProblem = config.athena.resultsLocation === undefined ? bucketNameProblem(bucket) : undefined;
  const workgroupField = config.athena.workgroup === undefined ? 'apiName' : 'athena.workgroup';
  return [
    ...check(RULES.stack, names.urlPermissionStack, ['apiName'], from('apiName')),
    ...check(RULES.function, names.function, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.role, names.role, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.logGroup, names.logGroup, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.function, names.saltRotation.function, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.schedule, names.saltRotation.function, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.role, names.saltRotation.role, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.role, names.saltRotation.schedulerRole, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.logGroup, names.saltRotation.logGroup, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.function, names.compaction.function, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.schedule, names.compaction.function, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.role, names.compaction.role, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.role, names.compaction.schedulerRole, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.logGroup, names.compaction.logGroup, ['functionPrefix'], from('functionPrefix')),
    ...check(RULES.workgroup, names.workgroup, workgroupField.split('.'), from(workgroupField)),
    ...check(RULES.glueDatabase, names.glueDatabase, ['glueDatabase'], from('glueDatabase')),
    ...check(RULES.apiScope, names.apiScope, ['apiName'], from('apiName')),
    ...check(RULES.topic, names.alarmTopic, ['apiName'], from('apiName')),
    ...check(RULES.cloudFrontPolicy, names.viewerHeadersPolicy, ['apiName'], from('apiName')),
    ...config.apps.flatMap((app, index) =>
      check(RULES.glueTable, `${app.name}_events`, ['apps', index, 'name'], `apps[${index}].name`),
    ),
    ...(bucketProblem === undefined
      ? []
      : [
          {
            path: ['functionPrefix'],
            message: `${from('functionPrefix')} makes the Athena results bucket "${bucket}" (with a 12-digit account id), which AWS refuses: it ${bucketProblem}; shorten functionPrefix or set athena.resultsLocation`,
          },
        ]),
  ];
}
