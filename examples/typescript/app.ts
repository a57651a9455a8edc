/**
 * The example app: the reference "Hello" endpoint, as a user of this library writes it.
 * `npm start` synthesizes it into cdk.out.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
// In your own app: import { GravitonHttpLambdaApi } from 'cdk-graviton-http-lambda-api';
import { GravitonHttpLambdaApi } from '../../src';

const app = new App();
const stack = new Stack(app, 'GravitonHelloApp');

const hello = new GravitonHttpLambdaApi(stack, 'Hello', {
  code: lambda.Code.fromInline([
    'import json',
    '',
    'def lambda_handler(event, context):',
    '    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}',
  ].join('\n')),
  handler: 'index.lambda_handler',
  routeKeys: ['GET /'],
});

// More routes can be added later; they all share the one integration.
hello.addRoutes('GET /hello/{name}');

app.synth();
