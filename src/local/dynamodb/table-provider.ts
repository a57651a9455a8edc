import type { CreateTableCommandInput, TableDescription } from '@aws-sdk/client-dynamodb';
import { DynamoDbEngine, dynamoDbSdk } from './dynamodb-engine';
import { generatedName } from '../cloudformation/physical-name';
import { DeployError, NotSupportedError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';

/** Table names: 3 to 255 letters, digits, `_`, `-` and `.`. */
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
const TABLE_NAME_MAX_LENGTH = 255;

/** The properties the table is made of. */
const TABLE_PROPERTIES = [
  'TableName', 'AttributeDefinitions', 'KeySchema', 'BillingMode', 'ProvisionedThroughput', 'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes', 'TimeToLiveSpecification', 'StreamSpecification',
];
/**
 * Properties accepted and left aside: they change nothing a function sees offline (encryption,
 * backups, tags, capacity hints, other Regions' replicas).
 */
const PROPERTIES_WITHOUT_LOCAL_EFFECT = [
  'SSESpecification', 'PointInTimeRecoverySpecification', 'Tags', 'TableClass', 'DeletionProtectionEnabled',
  'ContributorInsightsSpecification', 'ResourcePolicy', 'WarmThroughput', 'OnDemandThroughput', 'KinesisStreamSpecification',
  // AWS::DynamoDB::GlobalTable
  'Replicas', 'WriteProvisionedThroughputSettings', 'WriteOnDemandThroughputSettings', 'GlobalTableWitnesses', 'MultiRegionConsistency',
];
const KNOWN_PROPERTIES = new Set([...TABLE_PROPERTIES, ...PROPERTIES_WITHOUT_LOCAL_EFFECT]);

/**
 * `AWS::DynamoDB::Table`, and `AWS::DynamoDB::GlobalTable` as one table in the stack's Region,
 * created in the offline cloud's DynamoDB engine with the template's keys, attributes, indexes,
 * billing mode and Time to Live.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
 */
export class TableProvider implements ResourceProvider {
  /** The tables this deployment made or took over, by name: `<stack>/<logicalId>`. */
  private readonly claimed = new Map<string, string>();

  /** `useEndpoint` learns the engine's URL before the first table is created. */
  constructor(
    private readonly engine: DynamoDbEngine,
    private readonly log: (line: string) => void,
    private readonly useEndpoint: (endpoint: string) => void,
  ) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    this.checkProperties(request);
    const input = createTableInput(request);
    const timeToLive = timeToLiveAttribute(request);
    this.useEndpoint(await this.engine.endpoint());
    this.checkUnclaimed(input.TableName!, request);
    const table = await this.existingTable(request, input) ?? await this.createTable(input, request.logicalId);
    const name = table.TableName ?? input.TableName!;
    this.checkUnclaimed(name, request);
    this.claimed.set(name, `${request.stackName}/${request.logicalId}`);
    this.engine.setTimeToLive(name, timeToLive);
    const { partition, region, accountId } = request.environment;
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
    const arn = `arn:${partition}:dynamodb:${region}:${accountId}:table/${name}`;
    const attributes: Record<string, string> = { Arn: arn };
    // Only a table with a StreamSpecification has a StreamArn; its label is the creation time, as
    // DynamoDB labels streams (`.../stream/2024-05-01T12:00:00.000`).
    if (request.properties.StreamSpecification !== undefined) {
      attributes.StreamArn = `${arn}/stream/${(table.CreationDateTime ?? new Date()).toISOString().replace(/Z$/, '')}`;
    }
    if (request.type === 'AWS::DynamoDB::GlobalTable') attributes.TableId = table.TableId ?? name;
    return { ref: name, attributes };
  }

  /**
   * A table name is one table: a second resource of this deployment naming it fails, as
   * CloudFormation's create does (a table kept from an earlier deployment is taken over instead).
   */
  private checkUnclaimed(name: string, request: ProvisionRequest): void {
    const owner = this.claimed.get(name);
    if (owner !== undefined && owner !== `${request.stackName}/${request.logicalId}`) {
      throw new DeployError(`${request.logicalId}: table ${name} already exists: it is ${owner}; table names are unique per account and Region`);
    }
  }

  /** Refuses what cannot be emulated; warns about what is emulated only in part. */
  private checkProperties({ logicalId, properties: props, type }: ProvisionRequest): void {
    if (props.ImportSourceSpecification !== undefined) {
      throw new NotSupportedError('ImportSourceSpecification of AWS::DynamoDB::Table (importing from S3); the table must start empty', logicalId);
    }
    const unknown = Object.keys(props).filter((name) => !KNOWN_PROPERTIES.has(name));
    if (unknown.length > 0) {
      throw new NotSupportedError(`propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')} of ${type} (the offline cloud reads ${[...KNOWN_PROPERTIES].join(', ')})`, logicalId);
    }
    if (props.StreamSpecification !== undefined) {
      this.log(`DynamoDB: warning: ${logicalId} has a stream; the offline cloud gives it a StreamArn but records no stream records (no DynamoDB Streams, no event source mappings)`);
    }
  }

  /**
   * The table as the engine holds it from an earlier deployment (a data folder's, or the engine
   * `serve --watch` keeps): the same name, or for a generated name the same
   * `<stack>-<logicalId>-` prefix, as CloudFormation keeps a table's name while its stack lives.
   * Its keys must be the template's.
   */
  private async existingTable(request: ProvisionRequest, input: CreateTableCommandInput): Promise<TableDescription | undefined> {
    const { DescribeTableCommand } = dynamoDbSdk();
    const name = request.properties.TableName === undefined ? await this.generatedNameInUse(request) : input.TableName!;
    if (name === undefined) return undefined;
    let table: TableDescription | undefined;
    try {
      table = (await (await this.engine.client()).send(new DescribeTableCommand({ TableName: name }))).Table;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
    // What CloudFormation would have to replace the table (or rebuild an index) for: refused, not half-applied.
    const kept = tableShape(table?.KeySchema, table?.GlobalSecondaryIndexes, table?.LocalSecondaryIndexes);
    const wanted = tableShape(input.KeySchema, input.GlobalSecondaryIndexes, input.LocalSecondaryIndexes);
    if (kept !== wanted) {
      throw new DeployError(`${request.logicalId}: table ${name} already exists in the local DynamoDB with ${kept}, `
        + `not the template's ${wanted}; remove the --dynamodb-dir folder (or rename the table) to start again`);
    }
    this.log(`DynamoDB: ${request.logicalId} is the existing table ${name}, with its items`);
    return { ...table, TableName: name };
  }

  /** The engine's table named as CloudFormation names this resource's table, if there is one. */
  private async generatedNameInUse(request: ProvisionRequest): Promise<string | undefined> {
    const { ListTablesCommand } = dynamoDbSdk();
    const client = await this.engine.client();
    const prefix = `${request.stackName}-${request.logicalId}-`;
    let start: string | undefined;
    do {
      const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
      const found = (page.TableNames ?? []).find((name) => name.startsWith(prefix) && /^[A-Za-z0-9]{12}$/.test(name.slice(prefix.length)));
      if (found) return found;
      start = page.LastEvaluatedTableName;
    } while (start);
    return undefined;
  }

  private async createTable(input: CreateTableCommandInput, logicalId: string): Promise<TableDescription> {
    const { CreateTableCommand } = dynamoDbSdk();
    try {
      const { TableDescription: table } = await (await this.engine.client()).send(new CreateTableCommand(input));
      return table ?? {};
    } catch (error) {
      // DynamoDB's own refusal (ValidationException, ResourceInUseException), as CloudFormation reports it.
      throw new DeployError(`${logicalId}: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
}

type KeySchema = CreateTableCommandInput['KeySchema'];
type Indexes = { IndexName?: string; KeySchema?: KeySchema }[];

/** A table's keys and its indexes' names and keys, as one line to compare and to show. */
function tableShape(keySchema: KeySchema, globalIndexes?: Indexes, localIndexes?: Indexes): string {
  const keys = (schema: KeySchema) => JSON.stringify((schema ?? []).map((key) => [key.AttributeName, key.KeyType]));
  const indexes = (list: Indexes | undefined) =>
    (list ?? []).map((index) => `${index.IndexName} ${keys(index.KeySchema)}`).sort().join(', ') || 'none';
  return `key schema ${keys(keySchema)}, global secondary indexes ${indexes(globalIndexes)}, local secondary indexes ${indexes(localIndexes)}`;
}

/** The CreateTable request of a table's CloudFormation properties. */
function createTableInput(request: ProvisionRequest): CreateTableCommandInput {
  const { properties: props, logicalId, type } = request;
  const global = type === 'AWS::DynamoDB::GlobalTable';
  if (global) checkReplicaRegion(props.Replicas, request);
  const tableName = props.TableName !== undefined ? String(props.TableName) : generatedName(request.stackName, logicalId, TABLE_NAME_MAX_LENGTH);
  // A global table's capacity is per replica and auto-scaled; offline capacity is never enforced.
  const onDemand = global || props.BillingMode === 'PAY_PER_REQUEST';
  if (props.BillingMode !== undefined && !['PAY_PER_REQUEST', 'PROVISIONED'].includes(props.BillingMode)) {
    throw new DeployError(`${logicalId}: BillingMode must be PAY_PER_REQUEST or PROVISIONED; got ${JSON.stringify(props.BillingMode)}`);
  }
  const throughput = (given: any, where: string) => {
    if (onDemand) return undefined;
    if (given === undefined) throw new DeployError(`${logicalId}: ${where}ProvisionedThroughput is required when BillingMode is PROVISIONED (the default)`);
    return { ReadCapacityUnits: Number(given.ReadCapacityUnits), WriteCapacityUnits: Number(given.WriteCapacityUnits) };
  };
  const list = (value: unknown, name: string): any[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new DeployError(`${logicalId}: ${name} must be a list; got ${JSON.stringify(value)}`);
    return value;
  };
  const globalIndexes = list(props.GlobalSecondaryIndexes, 'GlobalSecondaryIndexes').map((index, i) => ({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ProvisionedThroughput: throughput(index.ProvisionedThroughput, `GlobalSecondaryIndexes[${i}].`),
  }));
  const localIndexes = list(props.LocalSecondaryIndexes, 'LocalSecondaryIndexes').map((index) => ({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
  }));
  return {
    TableName: tableName,
    AttributeDefinitions: props.AttributeDefinitions,
    KeySchema: props.KeySchema,
    BillingMode: onDemand ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ProvisionedThroughput: throughput(props.ProvisionedThroughput, ''),
    GlobalSecondaryIndexes: globalIndexes.length > 0 ? globalIndexes : undefined,
    LocalSecondaryIndexes: localIndexes.length > 0 ? localIndexes : undefined,
  };
}

/** A global table is one table here: the replica of the stack's own Region. */
function checkReplicaRegion(replicas: unknown, request: ProvisionRequest): void {
  const regions = Array.isArray(replicas) ? replicas.map((replica) => replica?.Region) : [];
  if (!regions.includes(request.environment.region)) {
    throw new DeployError(`${request.logicalId}: Replicas must include the stack's Region ${request.environment.region} `
      + `(CloudFormation requires it); got ${JSON.stringify(regions)}`);
  }
}

/** The attribute of `TimeToLiveSpecification` when it is enabled, else undefined. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-dynamodb-table-timetolivespecification.html
function timeToLiveAttribute({ properties, logicalId }: ProvisionRequest): string | undefined {
  const specification = properties.TimeToLiveSpecification;
  if (specification === undefined) return undefined;
  const enabled = specification.Enabled === true || specification.Enabled === 'true';
  if (enabled && typeof specification.AttributeName !== 'string') {
    throw new DeployError(`${logicalId}: TimeToLiveSpecification.AttributeName is required when Enabled is true; got ${JSON.stringify(specification.AttributeName)}`);
  }
  return enabled ? specification.AttributeName : undefined;
}
