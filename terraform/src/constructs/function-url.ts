import { CORS_POLICY, corsOrigins, deploymentNames, type TrackerConfig } from '@analytics-tracker/schema';
import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack/index.js';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Construct } from 'constructs';

/** What the Function URL fronts. */
export interface FunctionUrlProps {
  config: TrackerConfig;
  functionName: string;
  functionArn: string;
}

/**
 * Function URL CORS: the union of `corsOrigin` and every app's `allowedOrigins` (`corsOrigins`). In
 * AWS the Function URL answers preflights before the handler runs, so an app's own site must be in
 * this list or its JSON POSTs fail in the browser; the handler then checks each bucket's origins.
 *
 * @example
 * functionUrlCors({ corsOrigin: 'https://a.example', apps: [{ allowedOrigins: ['https://shop.example'] }] }).allowOrigins;
 * // ['https://a.example', 'https://shop.example']
 */
export function functionUrlCors(config: Pick<TrackerConfig, 'corsOrigin' | 'apps'>) {
  return {
    allowOrigins: corsOrigins(config),
    // The handler's own policy (x-origin-verify is added by CloudFront, never by a browser).
    allowMethods: [...CORS_POLICY.allowMethods],
    allowHeaders: [...CORS_POLICY.allowHeaders],
    exposeHeaders: [...CORS_POLICY.exposeHeaders],
    maxAge: CORS_POLICY.maxAgeSeconds,
  };
}

/**
 * The public endpoint: a Lambda Function URL (auth NONE, CORS from the config) and the two
 * resource-policy statements AWS requires for public Function URLs since October 2025:
 * `lambda:InvokeFunctionUrl` (auth type NONE) and `lambda:InvokeFunction` limited to calls made
 * through the URL. AWS provider 5.x cannot express that second condition
 * (`lambda:InvokedViaFunctionUrl`), and granting `lambda:InvokeFunction` to `*` without it would let
 * any AWS account invoke the function directly, so it is created as a one-resource CloudFormation
 * stack (`AWS::Lambda::Permission` with `InvokedViaFunctionUrl: true`).
 *
 * @example
 * const url = new TrackerFunctionUrl(stack, 'api', { config, functionName, functionArn });
 * url.url.functionUrl; // https://<id>.lambda-url.<region>.on.aws/
 */
export class TrackerFunctionUrl extends Construct {
  readonly url: LambdaFunctionUrl;

  constructor(scope: Construct, id: string, props: FunctionUrlProps) {
    super(scope, id);
    this.url = new LambdaFunctionUrl(this, 'url', {
      functionName: props.functionName,
      authorizationType: 'NONE',
      cors: functionUrlCors(props.config),
    });
    this.url.overrideLogicalId('tracker');
    new LambdaPermission(this, 'allow-public-url', {
      // Not 'FunctionURLAllowPublicAccess': the provider may add a statement with that id by itself.
      statementId: 'AllowPublicFunctionUrl',
      functionName: props.functionName,
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      functionUrlAuthType: 'NONE',
    }).overrideLogicalId('public_url');
    const names = deploymentNames(props.config);
    new CloudformationStack(this, 'allow-invoke-via-url', {
      name: names.urlPermissionStack,
      templateBody: JSON.stringify({
        Description: `${names.apiScope}: lets the public Function URL invoke the tracker (and nothing else).`,
        Resources: {
          InvokeViaFunctionUrl: {
            Type: 'AWS::Lambda::Permission',
            Properties: {
              FunctionName: props.functionArn,
              Action: 'lambda:InvokeFunction',
              Principal: '*',
              InvokedViaFunctionUrl: true,
            },
          },
        },
      }),
    }).overrideLogicalId('url_invoke_permission');
  }
}
