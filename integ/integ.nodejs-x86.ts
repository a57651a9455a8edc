/**
 * A non-default runtime and architecture: a Node.js 24 handler on x86_64. Asserts that the
 * function runs on that runtime, and payload 2.0's response inference for a bare object.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonNodejsX86');

const api = new GravitonHttpLambdaApi(stack, 'Node', {
  code: lambda.Code.fromInline([
    'exports.handler = async (event) => {',
    '  if (event.rawPath === "/bare") {',
    '    // No statusCode: payload 2.0 answers 200 with this object as JSON.',
    '    return { hello: "world" };',
    '  }',
    '  return {',
    '    statusCode: 200,',
    '    headers: { "content-type": "application/json" },',
    '    body: JSON.stringify({ executionEnv: process.env.AWS_EXECUTION_ENV, arch: process.arch }),',
    '  };',
    '};',
  ].join('\n')),
  handler: 'index.handler',
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.X86_64,
  routeKeys: ['GET /', 'GET /bare'],
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'NodejsX86Test', { testCases: [stack] });

// The second call runs only after the first (a `.next` chain).
integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 200,
  body: { executionEnv: 'AWS_Lambda_nodejs24.x', arch: 'x64' },
})).next(integ.assertions.httpApiCall(`${api.url}bare`).expect(ExpectedResult.objectLike({
  status: 200,
  headers: { 'content-type': Match.arrayWith([Match.stringLikeRegexp('^application/json')]) },
  body: { hello: 'world' },
})));
