/**
 * RESOURCE_POLICY mode with several routes, one of them with a path parameter: every route
 * reaches the function through the one resource-policy statement, and the function sees the
 * route key and parameters API Gateway matched.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi, InvokePermissionMode } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonResourcePolicy');

const api = new GravitonHttpLambdaApi(stack, 'Items', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    return {',
    '        "statusCode": 200,',
    '        "headers": {"content-type": "application/json"},',
    '        "body": json.dumps({',
    '            "routeKey": event["routeKey"],',
    '            "pathParameters": event.get("pathParameters", {}),',
    '            "body": event.get("body"),',
    '        }),',
    '    }',
  ].join('\n')),
  handler: 'index.lambda_handler',
  permissionMode: InvokePermissionMode.RESOURCE_POLICY,
  routeKeys: ['GET /', 'GET /items/{id}', 'POST /items'],
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'ResourcePolicyTest', { testCases: [stack] });

integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 200,
  body: { routeKey: 'GET /', pathParameters: {} },
}));

integ.assertions.httpApiCall(`${api.url}items/42`).expect(ExpectedResult.objectLike({
  status: 200,
  body: { routeKey: 'GET /items/{id}', pathParameters: { id: '42' } },
}));

integ.assertions.httpApiCall(`${api.url}items`, {
  method: 'POST',
  body: 'new item',
}).expect(ExpectedResult.objectLike({
  status: 200,
  body: { routeKey: 'POST /items', body: 'new item' },
}));

// No route for DELETE: API Gateway answers before the function is involved.
integ.assertions.httpApiCall(`${api.url}items/42`, { method: 'DELETE' }).expect(ExpectedResult.objectLike({
  status: 404,
  body: { message: 'Not Found' },
}));
