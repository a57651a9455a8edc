import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoDbEngine, dynamoDbSdk } from '../../../src/local/dynamodb/dynamodb-engine';
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

  test('a query by a global secondary index finds the items of its key, sorted by its sort key', async () => {
    const { cloud } = newCloud();
    try {
      await cloud.deploy(tableApp(`
        const TableName = process.env.TABLE_NAME;
        for (const [pk, color, name] of [['1', 'red', 'rose'], ['2', 'blue', 'sky'], ['3', 'red', 'apple']]) {
          await doc.send(new PutCommand({ TableName, Item: { pk, color, name } }));
        }
        const { Items } = await doc.send(new QueryCommand({
          TableName, IndexName: 'byColor', KeyConditionExpression: 'color = :c', ExpressionAttributeValues: { ':c': 'red' },
        }));
        return Items.map((item) => item.name);`));
      await expect(invokeJson(cloud, {})).resolves.toEqual(['apple', 'rose']);
    } finally {
      await cloud.stop();
    }
  });

  test('with a data folder the table and its items outlive the cloud, under the same generated name; without one they do not', async () => {
    const app = tableApp(PUT_OR_GET);
    const dynamodbDir = tempDir('graviton-local-dynamodb-');
    const run = async (options: { dynamodbDir?: string }, event: unknown) => {
      const { cloud, logs } = newCloud(options);
      try {
        const [stack] = await cloud.deploy(app);
        return { tableName: stack.outputs.TableName, item: await invokeJson(cloud, event), logs };
      } finally {
        await cloud.stop();
      }
    };
    const first = await run({ dynamodbDir }, { put: { pk: 'kept', n: 7 }, pk: 'kept' });
    expect(first.item).toEqual({ pk: 'kept', n: 7 });
    const second = await run({ dynamodbDir }, { pk: 'kept' });
    expect(second.tableName).toBe(first.tableName);
    expect(second.item).toEqual({ pk: 'kept', n: 7 });
    expect(second.logs).toContain(`DynamoDB: Items5C12978B is the existing table ${first.tableName}, with its items`);

    await run({}, { put: { pk: 'gone', n: 1 }, pk: 'gone' });
    const fresh = await run({}, { pk: 'gone' });
    expect(fresh.item).toBeNull();
  });

  test('a table kept in the data folder with other keys or indexes than the template\'s fails the deploy, naming both', async () => {
    const dynamodbDir = tempDir('graviton-local-dynamodb-');
    const template = (keyName: string, indexKey?: string) => writeTemplate({
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: 'fixed-name',
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [keyName, indexKey].filter((name) => name).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
            KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
            GlobalSecondaryIndexes: indexKey === undefined ? undefined
              : [{ IndexName: 'byOther', KeySchema: [{ AttributeName: indexKey, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
          },
        },
      },
    });
    const deploy = async (source: string) => {
      const { cloud } = newCloud({ dynamodbDir });
      await cloud.deploy(source).finally(() => cloud.stop());
    };
    await deploy(template('id'));
    await expect(deploy(template('key')))
      .rejects.toThrow('Table: table fixed-name already exists in the local DynamoDB with key schema [["id","HASH"]], global secondary indexes none, local secondary indexes none, '
        + 'not the template\'s key schema [["key","HASH"]], global secondary indexes none, local secondary indexes none; remove the --dynamodb-dir folder (or rename the table) to start again');
    await expect(deploy(template('id', 'other')))
      .rejects.toThrow('with key schema [["id","HASH"]], global secondary indexes none, local secondary indexes none, '
        + 'not the template\'s key schema [["id","HASH"]], global secondary indexes byOther [["other","HASH"]], local secondary indexes none;');
    await deploy(template('id'));
  });

  test.each([
    ['a provisioned table without ProvisionedThroughput', { BillingMode: 'PROVISIONED' }, 'Table: ProvisionedThroughput is required when BillingMode is PROVISIONED (the default)'],
    ['an unknown billing mode', { BillingMode: 'FREE' }, 'Table: BillingMode must be PAY_PER_REQUEST or PROVISIONED; got "FREE"'],
    ['a key attribute with no definition', { BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [] }, 'Table: ValidationException: '],
    ['Time to Live without its attribute', { BillingMode: 'PAY_PER_REQUEST', TimeToLiveSpecification: { Enabled: true } }, 'Table: TimeToLiveSpecification.AttributeName is required when Enabled is true; got undefined'],
    ['an import from S3', { BillingMode: 'PAY_PER_REQUEST', ImportSourceSpecification: {} }, 'not supported: ImportSourceSpecification of AWS::DynamoDB::Table (importing from S3); the table must start empty at Table'],
    ['a property the offline cloud does not know', { BillingMode: 'PAY_PER_REQUEST', Shards: 3 }, 'not supported: property Shards of AWS::DynamoDB::Table (the offline cloud reads TableName, '],
  ])('%s fails the deploy with a message naming it', async (_name, properties, message) => {
    const { cloud } = newCloud();
    const template = writeTemplate({
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            ...properties,
          },
        },
      },
    });
    await expect(cloud.deploy(template).finally(() => cloud.stop())).rejects.toThrow(message);
  });

  test('two tables of one deployment with the same TableName fail the deploy, naming the first', async () => {
    const { cloud } = newCloud();
    const table = {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'twice',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      },
    };
    const template = writeTemplate({ Resources: { First: table, Second: { ...table, DependsOn: 'First' } } });
    await expect(cloud.deploy(template).finally(() => cloud.stop()))
      .rejects.toThrow(/Second: table twice already exists: it is \S+\/First; table names are unique per account and Region$/);
  });

  test('a table without StreamSpecification has no StreamArn, as in CloudFormation', async () => {
    const { cloud } = newCloud();
    const template = writeTemplate({
      Resources: {
        Table: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          },
        },
      },
      Outputs: { StreamArn: { Value: { 'Fn::GetAtt': ['Table', 'StreamArn'] } } },
    });
    await expect(cloud.deploy(template).finally(() => cloud.stop())).rejects.toThrow('resource Table (AWS::DynamoDB::Table) does not support attribute type StreamArn in Fn::GetAtt');
  });

  test('a global table is one table in the stack\'s Region, with Arn, StreamArn and TableId', async () => {
    const { cloud } = newCloud({ region: 'eu-west-1' });
    try {
      const [stack] = await cloud.deploy(writeTemplate({
        Resources: {
          Global: {
            Type: 'AWS::DynamoDB::GlobalTable',
            Properties: {
              TableName: 'everywhere',
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
              StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
              Replicas: [{ Region: 'eu-west-1' }, { Region: 'us-east-1' }],
            },
          },
        },
        Outputs: {
          Name: { Value: { Ref: 'Global' } },
          Arn: { Value: { 'Fn::GetAtt': ['Global', 'Arn'] } },
          StreamArn: { Value: { 'Fn::GetAtt': ['Global', 'StreamArn'] } },
        },
      }));
      expect(stack.outputs.Name).toBe('everywhere');
      expect(stack.outputs.Arn).toBe('arn:aws:dynamodb:eu-west-1:123456789012:table/everywhere');
      expect(stack.outputs.StreamArn).toMatch(/^arn:aws:dynamodb:eu-west-1:123456789012:table\/everywhere\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    } finally {
      await cloud.stop();
    }
  });
});

describe('the AWS SDK Node.js functions get', () => {
  test('a client the offline cloud does not bundle fails the init with ImportModuleError, and the log names the clients it has', async () => {
    const { cloud, logs } = newCloud();
    try {
      await cloud.deploy(synthesize((stack) => {
        new lambda.Function(stack, 'Fn', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline("const { KinesisVideoArchivedMediaClient } = require('@aws-sdk/client-kinesis-video-archived-media');\nexports.handler = async () => 1;"),
        });
      }));
      const [fn] = cloud.lambda.listFunctions();
      const result = await cloud.lambda.invoke(fn.name, Buffer.from('{}'));
      expect(JSON.parse(result.payload.toString())).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
      expect(logs).toContainEqual(expect.stringMatching(new RegExp('\\tERROR\\t@aws-sdk/client-kinesis-video-archived-media is not among the AWS SDK clients the offline cloud gives '
        + 'Node\\.js functions \\(.*@aws-sdk/client-dynamodb, .*@aws-sdk/client-lambda, .*@aws-sdk/lib-dynamodb.*\\); Lambda\'s runtime has it: bundle it with the function to run it offline$')));
    } finally {
      await cloud.stop();
    }
  });
});

describe('the DynamoDB engine', () => {
  let engine: DynamoDbEngine;
  afterEach(() => engine.stop());

  test('deletes items whose Time to Live attribute has passed, and keeps the others', async () => {
    engine = new DynamoDbEngine({ timeToLiveSweepMs: 50 });
    const client = await engine.client();
    const sdk = dynamoDbSdk();
    await client.send(new sdk.CreateTableCommand({
      TableName: 'ttl',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }));
    await client.send(new sdk.UpdateTimeToLiveCommand({ TableName: 'ttl', TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true } }));
    const now = Math.floor(Date.now() / 1000);
    for (const [id, expires] of [['past', now - 10], ['future', now + 3600]] as const) {
      await client.send(new sdk.PutItemCommand({ TableName: 'ttl', Item: { id: { S: id }, expires: { N: String(expires) } } }));
    }
    await client.send(new sdk.PutItemCommand({ TableName: 'ttl', Item: { id: { S: 'no-expiry' } } }));
    let ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      ids = ((await client.send(new sdk.ScanCommand({ TableName: 'ttl' }))).Items ?? []).map((item) => item.id.S!).sort();
      if (!ids.includes('past')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ids).toEqual(['future', 'no-expiry']);
    await expect(client.send(new sdk.DescribeTimeToLiveCommand({ TableName: 'ttl' }))).resolves
      .toMatchObject({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' } });
    await expect(client.send(new sdk.DescribeTimeToLiveCommand({ TableName: 'absent' }))).rejects.toThrow('Requested resource not found');
  });

  test('answers an operation it lacks with 400 and not supported, naming the operations it answers', async () => {
    engine = new DynamoDbEngine();
    const client = await engine.client();
    const sdk = dynamoDbSdk();
    await expect(client.send(new sdk.TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 't', Key: { id: { S: '1' } } } }] })))
      .rejects.toThrow(/^not supported: DynamoDB TransactGetItems in the offline cloud; it answers BatchGetItem, .*UpdateTimeToLive$/);
  });
});
