/**
 * Route authorization: a Lambda request authorizer by default, a JWT authorizer, IAM and a public
 * route. Asserts what API Gateway answers without credentials (401 / 403), a denied token (403),
 * an allowed token (200, with the authorizer's context reaching the function), a JWT signed by
 * the issuer (200, its subject reaching the function) and a forged one (401), and the public route.
 *
 * The JWT issuer is a fixed test issuer (jwt-test-issuer.ts): its key set and tokens are committed
 * under integ/, and the offline run is given the key set with --jwks (the integ:offline task). On
 * AWS, API Gateway would fetch the keys from https://issuer.example.com, which serves none, so
 * there the signed token gets 401 too: a deploy to AWS fails that one assertion (see the README).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SUBJECT, testTokens } from './jwt-test-issuer';
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
    '    authorizer = event["requestContext"].get("authorizer", {})',
    '    user = authorizer.get("lambda", {}).get("user") or authorizer.get("jwt", {}).get("claims", {}).get("sub", "anonymous")',
    '    return {"statusCode": 200, "body": json.dumps({"user": user})}',
  ].join('\n')),
  handler: 'index.lambda_handler',
  routeKeys: ['GET /', 'GET /jwt', 'GET /iam', 'GET /public'],
  authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer, resultsCacheTtl: Duration.seconds(0) }),
  routeAuthorization: {
    'GET /jwt': RouteAuthorization.jwt({ issuer: TEST_ISSUER, audience: [TEST_AUDIENCE] }),
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

const tokens = testTokens();
integ.assertions.httpApiCall(`${api.url}jwt`, { headers: { Authorization: `Bearer ${tokens.signed}` } }).expect(ExpectedResult.objectLike({
  status: 200,
  body: { user: TEST_SUBJECT },
}));

integ.assertions.httpApiCall(`${api.url}jwt`, { headers: { Authorization: `Bearer ${tokens.forged}` } }).expect(ExpectedResult.objectLike({
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
