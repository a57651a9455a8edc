/**
 * Production operations on: every deployment publishes a version behind the alias `live`, which
 * CodeDeploy shifts by canary and rolls back on the construct's alarms; the function is traced
 * with X-Ray. Asserts that the API answers through the alias: the function reports the ARN it was
 * invoked by (qualified with `:live`) and a published version, not `$LATEST`.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GravitonHttpLambdaApi } from '../src';

const app = new App();
const stack = new Stack(app, 'GravitonOperations');

const api = new GravitonHttpLambdaApi(stack, 'Hello', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    return {',
    '        "statusCode": 200,',
    '        "body": json.dumps({',
    '            "message": "Hello form Awstut !",',
    '            "invokedFunctionArn": context.invoked_function_arn,',
    '            "functionVersion": context.function_version,',
    '        })',
    '    }',
  ].join('\n')),
  handler: 'index.lambda_handler',
  alias: 'live',
  deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
  alarms: {},
  tracing: lambda.Tracing.ACTIVE,
});
// Test stacks leave nothing behind.
api.functionLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);
api.accessLogGroup?.applyRemovalPolicy(RemovalPolicy.DESTROY);

const integ = new IntegTest(app, 'OperationsTest', { testCases: [stack] });

integ.assertions.httpApiCall(api.url).expect(ExpectedResult.objectLike({
  status: 200,
  body: {
    message: 'Hello form Awstut !',
    invokedFunctionArn: Match.stringLikeRegexp(':function:[^:]+:live$'),
    functionVersion: Match.stringLikeRegexp('^[0-9]+$'),
  },
}));
