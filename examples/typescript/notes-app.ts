/**
 * The example app with a DynamoDB table: notes stored and read by the construct's function, with
 * the boto3 that Lambda's Python runtime includes (nothing packaged with the code).
 * `npm run start:notes` synthesizes it into cdk.out and serves it, table included, offline.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
// In your own app: import { GravitonHttpLambdaApi } from 'cdk-graviton-http-lambda-api';
import { GravitonHttpLambdaApi } from '../../src';

const app = new App();
const stack = new Stack(app, 'GravitonNotesApp');

const table = new dynamodb.Table(stack, 'Notes', {
  partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: RemovalPolicy.DESTROY,
});

const api = new GravitonHttpLambdaApi(stack, 'NotesApi', {
  code: lambda.Code.fromInline([
    'import json',
    'import os',
    'import boto3',
    '',
    'table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])',
    '',
    'def lambda_handler(event, context):',
    '    note_id = event["pathParameters"]["id"]',
    '    if event["requestContext"]["http"]["method"] == "PUT":',
    '        table.put_item(Item={"id": note_id, "text": event.get("body") or ""})',
    '        return {"statusCode": 204}',
    '    item = table.get_item(Key={"id": note_id}).get("Item")',
    '    if item is None:',
    '        return {"statusCode": 404, "body": json.dumps({"message": "no note " + note_id})}',
    '    return item',
  ].join('\n')),
  handler: 'index.lambda_handler',
  routeKeys: ['GET /notes/{id}', 'PUT /notes/{id}'],
  environment: { TABLE_NAME: table.tableName },
});
table.grantReadWriteData(api.function);

app.synth();
