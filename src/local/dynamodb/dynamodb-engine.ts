import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PLACEHOLDER_CREDENTIALS } from '../lambda/worker-environment';

/**
 * The AWS SDK's DynamoDB client module, loaded on the first table only: an offline cloud with
 * no table does not pay for loading it.
 */
export function dynamoDbSdk(): typeof import('@aws-sdk/client-dynamodb') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-dynamodb');
}

/**
 * The DynamoDB operations dynalite answers (its `validOperations`), plus the two Time to Live
 * operations this engine answers itself. Any other operation is refused with `not supported`.
 */
export const DYNAMODB_OPERATIONS: readonly string[] = [
  'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'DescribeTimeToLive',
  'GetItem', 'ListTables', 'ListTagsOfResource', 'PutItem', 'Query', 'Scan', 'TagResource', 'UntagResource',
  'UpdateItem', 'UpdateTable', 'UpdateTimeToLive',
];

/** The file of a data folder that keeps each table's Time to Live attribute (dynalite has no TTL). */
const TIME_TO_LIVE_FILE = 'graviton-local-time-to-live.json';

export interface DynamoDbEngineOptions {
  /** The interface the engine binds. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * A folder that keeps the tables and their items across runs (`--dynamodb-dir`).
   * @default - in memory, gone when the engine stops
   */
  readonly dataDir?: string;
  /**
   * How often items whose Time to Live attribute has passed are deleted.
   * @default 30_000
   */
  readonly timeToLiveSweepMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * The local DynamoDB of one offline cloud, started on its first table.
 *
 * The engine is dynalite (Apache-2.0, https://github.com/architect/dynalite, kept by the
 * Architect project, 4.0.0 of October 2025): plain Node.js, so it needs neither Java (AWS's DynamoDB Local is a Java program
 * under AWS's own licence, not open source) nor Python (moto's server), and it answers the
 * DynamoDB JSON protocol with DynamoDB's own validation messages. It keeps tables in memory
 * (memory-level) or, with a data folder, in LevelDB (level). It has no Time to Live: this
 * engine answers UpdateTimeToLive/DescribeTimeToLive in front of it and deletes expired items.
 */
export class DynamoDbEngine {
  private started?: Promise<string>;
  private server?: http.Server;
  private sdkClient?: DynamoDBClient;
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  /** Each table's Time to Live attribute, by table name. */
  private readonly timeToLive = new Map<string, string>();

  constructor(private readonly options: DynamoDbEngineOptions = {}) {}

  /** The engine's URL (`AWS_ENDPOINT_URL_DYNAMODB`), starting it on the first call. */
  public endpoint(): Promise<string> {
    this.started ??= this.start();
    return this.started;
  }

  /** A DynamoDB client of the AWS SDK talking to the engine. */
  public async client(): Promise<DynamoDBClient> {
    const endpoint = await this.endpoint();
    if (!this.sdkClient) {
      const { DynamoDBClient: Client } = dynamoDbSdk();
      // The SDK warns (once per process) that its releases after January 2027 need Node.js 22:
      // news about this package's own dependency, which a user of serve cannot act on.
      const quiet = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
      try {
        this.sdkClient = new Client({
          endpoint,
          region: 'us-east-1',
          // The engine checks that requests are signed, not by whom.
          credentials: { accessKeyId: PLACEHOLDER_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: PLACEHOLDER_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
        });
      } finally {
        if (quiet === undefined) delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
        else process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = quiet;
      }
    }
    return this.sdkClient;
  }

  /**
   * Turns Time to Live on (with the attribute that holds each item's expiry, in epoch seconds)
   * or off (`undefined`) for a table.
   */
  public setTimeToLive(tableName: string, attributeName: string | undefined): void {
    if (attributeName === undefined) this.timeToLive.delete(tableName);
    else this.timeToLive.set(tableName, attributeName);
    this.saveTimeToLive();
  }

  /** The table's Time to Live attribute, or undefined when TTL is off. */
  public timeToLiveOf(tableName: string): string | undefined {
    return this.timeToLive.get(tableName);
  }

  /** Stops the engine (a data folder keeps what it holds); idempotent. */
  public async stop(): Promise<void> {
    const started = this.started;
    if (!started) return;
    this.started = undefined;
    await started.catch(() => undefined);
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    this.sdkClient?.destroy();
    this.sdkClient = undefined;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Functions' SDK clients keep connections alive; they must not hold the engine open.
    server.closeAllConnections();
    await closed;
  }

  private async start(): Promise<string> {
    const dataDir = this.options.dataDir;
    if (dataDir !== undefined) {
      fs.mkdirSync(dataDir, { recursive: true });
      this.loadTimeToLive(dataDir);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dynalite = require('dynalite') as (options: Record<string, unknown>) => http.Server;
    // Tables are ACTIVE at once: CloudFormation waits for that anyway, and a test should not.
    const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const [answer] = server.listeners('request') as http.RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const operation = /^DynamoDB_\d+\.(\w+)$/.exec(String(req.headers['x-amz-target'] ?? ''))?.[1];
      if (operation === 'UpdateTimeToLive' || operation === 'DescribeTimeToLive') {
        void this.answerTimeToLive(operation, req, res);
      } else if (operation !== undefined && !DYNAMODB_OPERATIONS.includes(operation)) {
        sendJson(res, 400, {
          __type: 'com.amazonaws.dynamodb.v20120810#UnknownOperationException',
          message: `not supported: DynamoDB ${operation} in the offline cloud; it answers ${DYNAMODB_OPERATIONS.join(', ')}`,
        });
      } else {
        answer(req, res);
      }
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    this.server = server;
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.deleteExpiredItems().finally(() => this.sweeping = undefined);
    }, this.options.timeToLiveSweepMs ?? 30_000);
    this.sweeper.unref();
    const { port } = server.address() as AddressInfo;
    return `http://${host}:${port}`;
  }

  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html
  private async answerTimeToLive(operation: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: any;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return sendJson(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'Start of structure or map found where not expected' });
    }
    const tableName = body?.TableName;
    if (typeof tableName !== 'string') {
      return sendJson(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: '1 validation error detected: Value null at \'tableName\' failed to satisfy constraint: Member must not be null' });
    }
    if (!(await this.tableExists(tableName))) {
      return sendJson(res, 400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
    }
    if (operation === 'DescribeTimeToLive') {
      const attributeName = this.timeToLive.get(tableName);
      return sendJson(res, 200, {
        TimeToLiveDescription: attributeName === undefined ? { TimeToLiveStatus: 'DISABLED' } : { TimeToLiveStatus: 'ENABLED', AttributeName: attributeName },
      });
    }
    const specification = body.TimeToLiveSpecification;
    if (typeof specification?.AttributeName !== 'string' || typeof specification?.Enabled !== 'boolean') {
      return sendJson(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TimeToLiveSpecification needs AttributeName (a string) and Enabled (a boolean)' });
    }
    const current = this.timeToLive.get(tableName);
    if (specification.Enabled && current !== undefined) {
      return sendJson(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TimeToLive is already enabled' });
    }
    if (!specification.Enabled && current === undefined) {
      return sendJson(res, 400, { __type: 'com.amazon.coral.validate#ValidationException', message: 'TimeToLive is already disabled' });
    }
    this.setTimeToLive(tableName, specification.Enabled ? specification.AttributeName : undefined);
    sendJson(res, 200, { TimeToLiveSpecification: { AttributeName: specification.AttributeName, Enabled: specification.Enabled } });
  }

  private async tableExists(tableName: string): Promise<boolean> {
    const { DescribeTableCommand } = dynamoDbSdk();
    try {
      await (await this.client()).send(new DescribeTableCommand({ TableName: tableName }));
      return true;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return false;
      throw error;
    }
  }

  /**
   * Deletes the items whose Time to Live attribute (a Number, epoch seconds) is in the past.
   * DynamoDB does this in the background, "typically within a few days"; items past their time
   * are still read until then.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
   */
  private async deleteExpiredItems(): Promise<void> {
    if (this.timeToLive.size === 0) return;
    const { DeleteItemCommand, DescribeTableCommand, ScanCommand } = dynamoDbSdk();
    const client = await this.client();
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const [tableName, attributeName] of this.timeToLive) {
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        const keyNames = (Table?.KeySchema ?? []).map((key) => key.AttributeName!);
        let startKey: Record<string, any> | undefined;
        do {
          const page = await client.send(new ScanCommand({
            TableName: tableName,
            FilterExpression: '#ttl < :now',
            ExpressionAttributeNames: { '#ttl': attributeName },
            ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
            ExclusiveStartKey: startKey,
          }));
          for (const item of page.Items ?? []) {
            const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
            await client.send(new DeleteItemCommand({ TableName: tableName, Key: key }));
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      } catch (error) {
        if ((error as Error).name !== 'ResourceNotFoundException') {
          this.options.log?.(`DynamoDB: deleting expired items of ${tableName} failed: ${(error as Error).message}`);
        }
      }
    }
  }

  private loadTimeToLive(dataDir: string): void {
    const file = path.join(dataDir, TIME_TO_LIVE_FILE);
    if (!fs.existsSync(file)) return;
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    for (const [tableName, attributeName] of Object.entries(saved)) this.timeToLive.set(tableName, attributeName);
  }

  private saveTimeToLive(): void {
    if (this.options.dataDir === undefined) return;
    fs.writeFileSync(path.join(this.options.dataDir, TIME_TO_LIVE_FILE), `${JSON.stringify(Object.fromEntries(this.timeToLive), null, 2)}\n`);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
