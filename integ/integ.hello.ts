/**
 * The reference app: an inline Python handler on arm64 behind GET /, invoked through a role.
 * Asserts the greeting on GET / and API Gateway's own 404 for a path no route matches.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi, InvokePermissionMode } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonHello');

const api = new GravitonHttpLambdaApi(stack, 'Hello', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    return {',
    '        "statusCode": 200,',
    '        "body": json.dumps("Hello form Awstut !")',
    '    }',
  ].join('\n')),
  handler: 'index.lambda_handler',
  permissionMode: InvokePermissionMode.ROLE,
  routeKeys: ['GET /'],
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'HelloTest', { testCases: [stack] });

integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 200,
  body: 'Hello form Awstut !',
}));

integ.assertions.httpApiCall(`${api.url}hogehoge`).expect(ExpectedResult.objectLike({
  status: 404,
  body: { message: 'Not Found' },
}));
