/**
 * Route authorization: a Lambda request authorizer by default, a JWT authorizer, IAM and a public
 * route. Asserts what API Gateway answers without credentials (401 / 403), a denied token (403),
 * an allowed token (200, with the authorizer's context reaching the function) and the public route.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi, RouteAuthorization } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonAuthorization');

// Allows exactly one token; the context it returns reaches the function behind the API.
const authorizer = new lambda.Function(stack, 'Authorizer', {
  runtime: lambda.Runtime.PYTHON_3_14,
  architecture: lambda.Architecture.ARM_64,
  handler: 'index.handler',
  code: lambda.Code.fromInline([
    'def handler(event, context):',
    '    token = event["headers"].get("authorization", "")',
    '    return {"isAuthorized": token == "let-me-in", "context": {"user": "integ-user"}}',
  ].join('\n')),
});

const api = new GravitonHttpLambdaApi(stack, 'Api', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    lambda_context = event["requestContext"].get("authorizer", {}).get("lambda", {})',
    '    return {"statusCode": 200, "body": json.dumps({"user": lambda_context.get("user", "anonymous")})}',
  ].join('\n')),
  handler: 'index.lambda_handler',
  routeKeys: ['GET /', 'GET /jwt', 'GET /iam', 'GET /public'],
  authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer, resultsCacheTtl: Duration.seconds(0) }),
  routeAuthorization: {
    'GET /jwt': RouteAuthorization.jwt({ issuer: 'https://issuer.example.com', audience: ['integ-client'] }),
    'GET /iam': RouteAuthorization.iam(),
    'GET /public': RouteAuthorization.none(),
  },
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'AuthorizationTest', { testCases: [stack] });

integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 401,
  body: { message: 'Unauthorized' },
}));

integ.assertions.httpApiCall(api.url, { headers: { Authorization: 'wrong-token' } }).expect(ExpectedResult.objectLike({
  status: 403,
  body: { message: 'Forbidden' },
}));

integ.assertions.httpApiCall(api.url, { headers: { Authorization: 'let-me-in' } }).expect(ExpectedResult.objectLike({
  status: 200,
  body: { user: 'integ-user' },
}));

integ.assertions.httpApiCall(`${api.url}jwt`).expect(ExpectedResult.objectLike({
  status: 401,
  body: { message: 'Unauthorized' },
}));

integ.assertions.httpApiCall(`${api.url}iam`).expect(ExpectedResult.objectLike({
  status: 403,
}));

integ.assertions.httpApiCall(`${api.url}public`).expect(ExpectedResult.objectLike({
  status: 200,
  body: { user: 'anonymous' },
}));
