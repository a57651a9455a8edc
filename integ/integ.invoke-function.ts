/**
 * The function behind the API, invoked two ways: through the HTTP API, and directly through
 * Lambda's Invoke API (`invokeFunction`), which answers with the function's own return value.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonInvokeFunction');

const api = new GravitonHttpLambdaApi(stack, 'Hello', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}',
  ].join('\n')),
  handler: 'index.lambda_handler',
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'InvokeFunctionTest', { testCases: [stack] });

integ.assertions.invokeFunction({ functionName: api.function.functionName }).expect(ExpectedResult.objectLike({
  StatusCode: 200,
  ExecutedVersion: '$LATEST',
  Payload: Match.stringLikeRegexp('"body": "\\\\"Hello form Awstut !\\\\""'),
}));

integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 200,
  body: 'Hello form Awstut !',
}));
