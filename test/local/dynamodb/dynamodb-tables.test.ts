import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LocalCloud } from '../../../src/local/local-cloud';
import { newCloud, removeTempDirs, synthesize, tempDir, writeTemplate } from '../local-cloud-support';

jest.setTimeout(60_000);
afterAll(removeTempDirs);

/** A Node.js function that runs `body` (with `doc`, a lib-dynamodb document client, and `event`), as Lambda's Node.js runtime would, with no bundled SDK. */
function nodeFunction(stack: Stack, table: dynamodb.ITable, body: string): lambda.Function {
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline([
      "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');",
      "const { DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand } = require('@aws-sdk/lib-dynamodb');",
      'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      `exports.handler = async (event) => { ${body} };`,
    ].join('\n')),
    environment: { TABLE_NAME: table.tableName },
  });
  table.grantReadWriteData(fn);
  return fn;
}

/** A table keyed by `pk` (on demand), with a `byColor` index on `color` + `name`, and a function that runs `body`. */
function tableApp(body: string): string {
  return synthesize((stack) => {
    const table = new dynamodb.Table(stack, 'Items', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    table.addGlobalSecondaryIndex({
      indexName: 'byColor',
      partitionKey: { name: 'color', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'name', type: dynamodb.AttributeType.STRING },
    });
    nodeFunction(stack, table, body);
    new CfnOutput(stack, 'TableName', { value: table.tableName });
    new CfnOutput(stack, 'TableArn', { value: table.tableArn });
  });
}

async function invokeJson(cloud: LocalCloud, event: unknown): Promise<any> {
  const [fn] = cloud.lambda.listFunctions();
  const result = await cloud.lambda.invoke(fn.name, Buffer.from(JSON.stringify(event)));
  const text = result.payload.toString();
  if (result.functionError) throw new Error(`function error: ${text}`);
  return JSON.parse(text);
}

const PUT_OR_GET = `
  const TableName = process.env.TABLE_NAME;
  if (event.put) await doc.send(new PutCommand({ TableName, Item: event.put }));
  const { Item } = await doc.send(new GetCommand({ TableName, Key: { pk: event.pk } }));
  return Item ?? null;`;

describe('DynamoDB tables offline', () => {
  test('a Node.js function writes and reads an item with @aws-sdk/lib-dynamodb through grantReadWriteData; Ref is a generated name and Arn is a DynamoDB table ARN', async () => {
    const { cloud } = newCloud();
    try {
      const [stack] = await cloud.deploy(tableApp(PUT_OR_GET));
      expect(stack.outputs.TableName).toMatch(/^TestStack-Items[0-9A-F]{8}-[A-Za-z0-9]{12}$/);
      expect(stack.outputs.TableArn).toBe(`arn:aws:dynamodb:us-east-1:123456789012:table/${stack.outputs.TableName}`);
      await expect(invokeJson(cloud, { put: { pk: 'a', n: 1, tags: ['x'] }, pk: 'a' })).resolves.toEqual({ pk: 'a', n: 1, tags: ['x'] });
      await expect(invokeJson(cloud, { pk: 'b' })).resolves.toBeNull();
    } finally {
      await cloud.stop();
    }
  });
});
