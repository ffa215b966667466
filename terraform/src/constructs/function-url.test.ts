import { CloudformationStack } from '@cdktf/provider-aws/lib/cloudformation-stack/index.js';
import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { onlyResource, parseStack, testConfig } from '../../test/fixtures.js';
import { TrackerFunctionUrl } from './function-url.js';

function synthUrl(corsOrigin = '*'): string {
  return Testing.synthScope((scope) => {
    new TrackerFunctionUrl(scope, 'api', {
      config: testConfig({ corsOrigin }),
      functionName: 'mycompany-analytics-tracker',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:mycompany-analytics-tracker',
    });
  });
}

describe('TrackerFunctionUrl', () => {
  it('is a public Function URL whose CORS allows any origin when corsOrigin is *', () => {
    expect(synthUrl()).toHaveResourceWithProperties(LambdaFunctionUrl, {
      function_name: 'mycompany-analytics-tracker',
      authorization_type: 'NONE',
      cors: {
        allow_origins: ['*'],
        allow_methods: ['POST'],
        allow_headers: ['content-type'],
        expose_headers: ['retry-after'],
        max_age: 86400,
      },
    });
  });

  it('allows the listed origins plus every app’s allowed origins when corsOrigin is a comma list', () => {
    // testConfig's app1 allows https://app1.example.com: its JSON POSTs need that preflight answered.
    expect(synthUrl('https://a.example.com, https://b.example.com')).toHaveResourceWithProperties(
      LambdaFunctionUrl,
      {
        cors: {
          allow_origins: ['https://a.example.com', 'https://b.example.com', 'https://app1.example.com'],
        },
      },
    );
  });

  it('lets anyone call the URL, but InvokeFunction only through the URL', () => {
    const json = synthUrl();

    expect(json).toHaveResourceWithProperties(LambdaPermission, {
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      function_url_auth_type: 'NONE',
    });
    const template = JSON.parse(
      String(onlyResource(parseStack(json), 'aws_cloudformation_stack').template_body),
    );
    expect(template.Resources).toEqual({
      InvokeViaFunctionUrl: {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:mycompany-analytics-tracker',
          Action: 'lambda:InvokeFunction',
          Principal: '*',
          InvokedViaFunctionUrl: true,
        },
      },
    });
    expect(json).toHaveResourceWithProperties(CloudformationStack, {
      name: 'mycompany-analytics-api-url-invoke-permission',
    });
  });
});
