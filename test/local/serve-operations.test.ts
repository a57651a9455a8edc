import { Duration } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { deployOneApi, newCloud, removeTempDirs, request, synthesize, writeTemplate } from './local-cloud-support';
import { reference } from './templates';
import { LocalCloud } from '../../src/local/local-cloud';

// Answers what Lambda told it: the ARN it was invoked by and the version that runs.
const WHO_AM_I = 'import os\n\ndef lambda_handler(event, context):\n    return {"invokedArn": context.invoked_function_arn, "version": os.environ["AWS_LAMBDA_FUNCTION_VERSION"]}\n';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:graviton-function';

/** The reference template with version 1, alias `live`, and the integration invoking the alias ARN. */
function aliasTemplate(): any {
  const template = reference();
  const resources = template.Resources;
  resources.Function.Properties.Code.ZipFile = WHO_AM_I;
  resources.Version = { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Function' } } };
  resources.Alias = {
    Type: 'AWS::Lambda::Alias',
    Properties: { FunctionName: { Ref: 'Function' }, FunctionVersion: { 'Fn::GetAtt': ['Version', 'Version'] }, Name: 'live' },
  };
  resources.Integration.Properties.IntegrationUri = { Ref: 'Alias' };
  return template;
}

/** Resource-policy mode: no invoke role, one permission on `functionName`. */
function withPermissionOn(template: any, functionName: object): any {
  delete template.Resources.Integration.Properties.CredentialsArn;
  delete template.Resources.InvokeRole;
  template.Resources.Permission = {
    Type: 'AWS::Lambda::Permission',
    Properties: { Action: 'lambda:InvokeFunction', FunctionName: functionName, Principal: 'apigateway.amazonaws.com' },
  };
  return template;
}

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

describe('an HTTP API integration whose IntegrationUri is an alias ARN', () => {
  test('invokes the alias\'s version with a role allowed on the alias ARN; the function sees the alias ARN', async () => {
    const template = aliasTemplate();
    template.Resources.InvokeRole.Properties.Policies[0].PolicyDocument.Statement[0].Resource = { Ref: 'Alias' };
    const url = await deployOneApi(cloud, writeTemplate(template));

    const response = await request(url);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ invokedArn: `${FUNCTION_ARN}:live`, version: '1' });
  });

  test.each([
    ['a role allowed only on the unqualified function ARN', (template: any) => template],
    ['a resource policy on the unqualified function', (template: any) => withPermissionOn(template, { Ref: 'Function' })],
  ])('answers 500 with %s: a grant on the function does not cover its alias', async (_, change) => {
    const url = await deployOneApi(cloud, writeTemplate(change(aliasTemplate())));

    const response = await request(url);

    expect(response.status).toBe(500);
    expect(response.body).toBe('{"message":"Internal Server Error"}');
    expect(logs).toContainEqual(expect.stringContaining(`cannot invoke ${FUNCTION_ARN}:live`));
  });

  test('invokes the alias with a permission whose FunctionName is the alias ARN', async () => {
    const url = await deployOneApi(cloud, writeTemplate(withPermissionOn(aliasTemplate(), { Ref: 'Alias' })));

    const response = await request(url);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ invokedArn: `${FUNCTION_ARN}:live`, version: '1' });
  });

  test('a permission on the alias does not let API Gateway invoke the unqualified function', async () => {
    const template = withPermissionOn(aliasTemplate(), { Ref: 'Alias' });
    template.Resources.Integration.Properties.IntegrationUri = { 'Fn::GetAtt': ['Function', 'Arn'] };
    const url = await deployOneApi(cloud, writeTemplate(template));

    expect((await request(url)).status).toBe(500);
  });
});

describe('reserved concurrency through an HTTP API', () => {
  test('with reserved concurrency 1, of two requests at once one answers and the other gets API Gateway\'s 500', async () => {
    const template = reference();
    template.Resources.Function.Properties.Code.ZipFile = 'import time\n\ndef lambda_handler(event, context):\n    time.sleep(0.5)\n    return "done"\n';
    template.Resources.Function.Properties.ReservedConcurrentExecutions = 1;
    const url = await deployOneApi(cloud, writeTemplate(template));

    const answers = await Promise.all([request(url), request(url)]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 500]);
    expect(answers.find((answer) => answer.status === 500)!.body).toBe('{"message":"Internal Server Error"}');
    expect(logs).toContainEqual(expect.stringContaining('429 TooManyRequestsException (ReservedFunctionConcurrentInvocationLimitExceeded)'));
  });
});

describe('a CDK app with an alias', () => {
  test('an alias of the current version with provisioned concurrency, behind an HTTP API, logging JSON, answers through the alias', async () => {
    const outdir = synthesize((stack) => {
      const fn = new lambda.Function(stack, 'Fn', {
        runtime: lambda.Runtime.PYTHON_3_12,
        handler: 'index.handler',
        code: lambda.Code.fromInline('import logging, os\n\ndef handler(event, context):\n    logging.getLogger().info("served")\n'
          + '    return {"arn": context.invoked_function_arn, "init": os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"]}\n'),
        loggingFormat: lambda.LoggingFormat.JSON,
        reservedConcurrentExecutions: 5,
        timeout: Duration.seconds(5),
      });
      const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion, provisionedConcurrentExecutions: 1 });
      new HttpApi(stack, 'Api', { defaultIntegration: new HttpLambdaIntegration('Integration', alias) });
    });
    const url = await deployOneApi(cloud, outdir);

    const response = await request(`${url}anything`);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ arn: expect.stringMatching(/:function:TestStack-Fn[A-Za-z0-9-]+:live$/), init: 'provisioned-concurrency' });
    expect(logs).toContainEqual(expect.stringMatching(/provisioned concurrency 1 on alias live: 1 worker\(s\) of version 1 started$/));
    expect(logs).toContainEqual(expect.stringMatching(/"level": ?"INFO".*"message": ?"served"|"message": ?"served".*"level": ?"INFO"/));
    expect(logs).toContainEqual(expect.stringContaining('"type":"platform.report"'));
  });
});
