/**
 * What the deployed API tells through AWS's own APIs (awsApiCall): a request's line lands in the
 * stage's access log group (CloudWatch Logs FilterLogEvents with a JSON filter pattern), the
 * function's configuration says arm64 (Lambda GetFunctionConfiguration), and the API's routes are
 * the route keys of the props (API Gateway v2 GetRoutes).
 *
 * On AWS, access log lines reach CloudWatch Logs a few seconds after the request; the log
 * assertion runs after the request (`next`), without integ-tests-alpha's Step Functions waiter,
 * which the offline cloud does not run.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi } from '../src';

const ROUTE_KEYS = ['GET /', 'GET /items/{id}'];
const OBSERVED_PATH = '/items/observed-42';

const app = new App();
const stack = new Stack(app, 'GravitonObservability');

const api = new GravitonHttpLambdaApi(stack, 'Observed', {
  code: lambda.Code.fromInline([
    'def lambda_handler(event, context):',
    '    print("serving", event["rawPath"])',
    '    return {"statusCode": 200, "body": "seen " + event["rawPath"]}',
  ].join('\n')),
  handler: 'index.lambda_handler',
  routeKeys: ROUTE_KEYS,
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'ObservabilityTest', { testCases: [stack] });

// A request, then its line in the access log (the default format is JSON, every value quoted).
const served = integ.assertions.httpApiCall(`${api.url}${OBSERVED_PATH.slice(1)}`);
served.expect(ExpectedResult.objectLike({ status: 200, body: `seen ${OBSERVED_PATH}` }));
const accessLog = integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
  logGroupName: api.accessLogGroup!.logGroupName,
  filterPattern: `{ $.path = "${OBSERVED_PATH}" && $.status = "200" }`,
});
accessLog.expect(ExpectedResult.objectLike({
  events: Match.arrayWith([Match.objectLike({ message: Match.stringLikeRegexp('"routeKey":"GET /items/\\{id\\}"') })]),
}));
served.next(accessLog);

// The function runs on Graviton.
integ.assertions.awsApiCall('Lambda', 'getFunctionConfiguration', { FunctionName: api.function.functionName })
  .expect(ExpectedResult.objectLike({ Architectures: ['arm64'] }));

// Every route key of the props is a route of the API (GetRoutes' order is not defined).
for (const routeKey of ROUTE_KEYS) {
  const routes = integ.assertions.awsApiCall('ApiGatewayV2', 'getRoutes', { ApiId: api.httpApi.apiId });
  // API Gateway authorizes its management API as apigateway:GET on the resource path, not apigatewayv2:GetRoutes.
  routes.provider.addToRolePolicy({ Effect: 'Allow', Action: ['apigateway:GET'], Resource: ['*'] });
  routes.expect(ExpectedResult.objectLike({ Items: Match.arrayWith([Match.objectLike({ RouteKey: routeKey })]) }));
}
