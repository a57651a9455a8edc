/**
 * How a placeholder of each resource type the offline cloud does not emulate answers `Ref` and
 * `Fn::GetAtt`: values in the format CloudFormation documents on the type's page (section
 * "Return values"), so a function that reads them from its environment sees what it would see
 * on AWS. Nothing answers behind these names: `--service-endpoint` points functions at a real
 * or local service. Each row also lists the properties CloudFormation requires of the type, so a
 * malformed resource still fails the deploy.
 */
import { randomUUID } from 'crypto';
import { randomSuffix } from '../cloudformation/physical-name';

/** What a row's formulas are given. */
export interface PlaceholderContext {
  /** The resource's name: its name property, else the name CloudFormation would generate. */
  readonly name: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `amazonaws.com` (`amazonaws.com.cn` in China). */
  readonly urlSuffix: string;
  /** The resource's properties, resolved. */
  readonly properties: Record<string, any>;
  /** Six random letters and digits, drawn once per resource (the suffix of a secret's ARN). */
  readonly random6: string;
}

type Formula = (context: PlaceholderContext) => string;

export interface PlaceholderType {
  /** The type's CloudFormation page; its "Return values" section defines the row. */
  readonly doc: string;
  /**
   * The property that names the resource, and how CloudFormation generates a name without it.
   * @default - `<stack>-<logicalId>-<random>`, 255 characters at most
   */
  readonly name?: NameRule;
  /** `{ "Ref": logicalId }` */
  readonly ref: Formula;
  /** `{ "Fn::GetAtt": [logicalId, attribute] }`, by attribute; an attribute may exist only for some properties (`undefined`). */
  readonly attributes?: Readonly<Record<string, (context: PlaceholderContext) => string | undefined>>;
  /** Properties CloudFormation requires (`Required: Yes` on the type's page). */
  readonly required?: readonly string[];
  /** The service's key for `--service-endpoint` (`AWS_ENDPOINT_URL_<KEY>`), from the SDKs' table of service identifiers. */
  readonly service: string;
}

export interface NameRule {
  /** The property that holds a chosen name (`BucketName`, `QueueName`, ...). */
  readonly property?: string;
  /** The generated name, from the stack name, the logical id and a random suffix. */
  readonly generate?: (stackName: string, logicalId: string, properties: Record<string, any>) => string;
}

/** `<stack>-<logicalId>-<random>` cut to `maxLength`, as CloudFormation names resources without a name property. */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
export function stackLogicalRandom(maxLength: number, transform: (name: string) => string = (name) => name) {
  return (stackName: string, logicalId: string): string => transform(`${stackName}-${logicalId}-${randomSuffix()}`.slice(0, maxLength));
}

/** S3 website endpoints: the Regions of before 2014 write `s3-website-<region>`, the others `s3-website.<region>`. */
// https://docs.aws.amazon.com/general/latest/gr/s3.html#s3_website_region_endpoints
const DASHED_WEBSITE_REGIONS = new Set([
  'us-east-1', 'us-west-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'us-gov-west-1',
]);

const arn = (service: string, resource: string, { partition, region, accountId }: PlaceholderContext, global = false) =>
  `arn:${partition}:${service}:${global ? '' : region}:${global ? '' : accountId}:${resource}`;

/** A FIFO queue's or topic's generated name ends in `.fifo`, within the type's limit. */
const fifoAware = (maxLength: number) => (stackName: string, logicalId: string, properties: Record<string, any>) => {
  const fifo = String(properties.FifoQueue ?? properties.FifoTopic) === 'true';
  return fifo ? `${stackLogicalRandom(maxLength - 5)(stackName, logicalId)}.fifo` : stackLogicalRandom(maxLength)(stackName, logicalId);
};

/** The event bus a rule is on: `default` unless `EventBusName` names another (its name, or the last part of its ARN). */
const ruleBus = (properties: Record<string, any>): string => {
  const bus = String(properties.EventBusName ?? 'default');
  return bus.startsWith('arn:') ? bus.slice(bus.lastIndexOf('/') + 1) : bus;
};

/** A function's name, from its name, its ARN or a partial ARN (`FunctionName` accepts each). */
const functionNameOf = (value: unknown): string => {
  const text = String(value);
  const qualified = /(?:^|:)function:([^:]+)/.exec(text);
  return qualified ? qualified[1] : text;
};

/** A stream's label: the time it was created, as in AWS's example `.../stream/2015-11-30T20:10:00.000`. */
const streamLabel = () => new Date().toISOString().replace('Z', '');

/** The resource types with a placeholder of their own format; any other type gets `GENERIC`. */
export const PLACEHOLDER_TYPES: Readonly<Record<string, PlaceholderType>> = {
  'AWS::S3::Bucket': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html#aws-resource-s3-bucket-return-values',
    service: 's3',
    // Bucket names are lower case, 63 characters at most.
    name: { property: 'BucketName', generate: stackLogicalRandom(63, (name) => name.toLowerCase()) },
    ref: ({ name }) => name,
    attributes: {
      Arn: (c) => arn('s3', c.name, c, true),
      DomainName: ({ name, urlSuffix }) => `${name}.s3.${urlSuffix}`,
      DualStackDomainName: ({ name, region, urlSuffix }) => `${name}.s3.dualstack.${region}.${urlSuffix}`,
      RegionalDomainName: ({ name, region, urlSuffix }) => `${name}.s3.${region}.${urlSuffix}`,
      WebsiteURL: ({ name, region, urlSuffix }) => `http://${name}.s3-website${DASHED_WEBSITE_REGIONS.has(region) ? '-' : '.'}${region}.${urlSuffix}`,
    },
  },
  'AWS::S3::BucketPolicy': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html',
    service: 's3',
    ref: ({ name }) => name,
    required: ['Bucket', 'PolicyDocument'],
  },
  'AWS::SQS::Queue': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values',
    service: 'sqs',
    name: { property: 'QueueName', generate: fifoAware(80) },
    ref: ({ name, region, accountId, urlSuffix }) => `https://sqs.${region}.${urlSuffix}/${accountId}/${name}`,
    attributes: {
      Arn: (c) => arn('sqs', c.name, c),
      QueueName: ({ name }) => name,
      QueueUrl: ({ name, region, accountId, urlSuffix }) => `https://sqs.${region}.${urlSuffix}/${accountId}/${name}`,
    },
  },
  'AWS::SQS::QueuePolicy': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queuepolicy.html',
    service: 'sqs',
    ref: ({ name }) => name,
    required: ['PolicyDocument', 'Queues'],
  },
  'AWS::SNS::Topic': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#aws-resource-sns-topic-return-values',
    service: 'sns',
    name: { property: 'TopicName', generate: fifoAware(256) },
    ref: (c) => arn('sns', c.name, c),
    attributes: {
      TopicArn: (c) => arn('sns', c.name, c),
      TopicName: ({ name }) => name,
    },
  },
  'AWS::SNS::Subscription': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html#aws-resource-sns-subscription-return-values',
    service: 'sns',
    // The subscription ARN: the topic's ARN and a UUID.
    name: { generate: () => randomUUID() },
    ref: ({ name, properties }) => `${properties.TopicArn}:${name}`,
    attributes: { Arn: ({ name, properties }) => `${properties.TopicArn}:${name}` },
    required: ['Protocol', 'TopicArn'],
  },
  'AWS::SNS::TopicPolicy': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topicpolicy.html',
    service: 'sns',
    ref: ({ name }) => name,
    required: ['PolicyDocument', 'Topics'],
  },
  'AWS::DynamoDB::Table': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html#aws-resource-dynamodb-table-return-values',
    service: 'dynamodb',
    name: { property: 'TableName', generate: stackLogicalRandom(255) },
    ref: ({ name }) => name,
    attributes: {
      Arn: (c) => arn('dynamodb', `table/${c.name}`, c),
      // Only a table with a stream has a StreamArn (AWS fails the GetAtt otherwise).
      StreamArn: (c) => (c.properties.StreamSpecification ? arn('dynamodb', `table/${c.name}/stream/${streamLabel()}`, c) : undefined),
    },
    required: ['KeySchema'],
  },
  'AWS::CloudWatch::Alarm': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#aws-resource-cloudwatch-alarm-return-values',
    service: 'cloudwatch',
    name: { property: 'AlarmName', generate: stackLogicalRandom(255) },
    ref: ({ name }) => name,
    attributes: { Arn: (c) => arn('cloudwatch', `alarm:${c.name}`, c) },
    required: ['ComparisonOperator', 'EvaluationPeriods'],
  },
  'AWS::CloudWatch::CompositeAlarm': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html#aws-resource-cloudwatch-compositealarm-return-values',
    service: 'cloudwatch',
    name: { property: 'AlarmName', generate: stackLogicalRandom(255) },
    ref: ({ name }) => name,
    attributes: { Arn: (c) => arn('cloudwatch', `alarm:${c.name}`, c) },
    required: ['AlarmRule'],
  },
  'AWS::CodeDeploy::Application': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codedeploy-application.html#aws-resource-codedeploy-application-return-values',
    service: 'codedeploy',
    name: { property: 'ApplicationName', generate: stackLogicalRandom(100) },
    ref: ({ name }) => name,
  },
  'AWS::CodeDeploy::DeploymentGroup': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codedeploy-deploymentgroup.html#aws-resource-codedeploy-deploymentgroup-return-values',
    service: 'codedeploy',
    name: { property: 'DeploymentGroupName', generate: stackLogicalRandom(100) },
    ref: ({ name }) => name,
    required: ['ApplicationName', 'ServiceRoleArn'],
  },
  'AWS::CodeDeploy::DeploymentConfig': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codedeploy-deploymentconfig.html#aws-resource-codedeploy-deploymentconfig-return-values',
    service: 'codedeploy',
    name: { property: 'DeploymentConfigName', generate: stackLogicalRandom(100) },
    ref: ({ name }) => name,
  },
  'AWS::Events::Rule': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-rule.html#aws-resource-events-rule-return-values',
    service: 'eventbridge',
    name: { property: 'Name', generate: stackLogicalRandom(64) },
    // A rule on a custom event bus is `<bus>|<rule>`, on the default bus its name.
    ref: ({ name, properties }) => (ruleBus(properties) === 'default' ? name : `${ruleBus(properties)}|${name}`),
    attributes: {
      Arn: (c) => arn('events', ruleBus(c.properties) === 'default' ? `rule/${c.name}` : `rule/${ruleBus(c.properties)}/${c.name}`, c),
    },
  },
  'AWS::SecretsManager::Secret': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-secret.html#aws-resource-secretsmanager-secret-return-values',
    service: 'secrets_manager',
    name: { property: 'Name', generate: (_stack, logicalId) => `${logicalId}-${randomSuffix()}` },
    // Secrets Manager adds a hyphen and six random characters to the name in the ARN.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html#iam-resources
    ref: (c) => arn('secretsmanager', `secret:${c.name}-${c.random6}`, c),
    attributes: { Id: (c) => arn('secretsmanager', `secret:${c.name}-${c.random6}`, c) },
  },
  'AWS::SSM::Parameter': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html#aws-resource-ssm-parameter-return-values',
    service: 'ssm',
    name: { property: 'Name', generate: (_stack, logicalId) => `CFN-${logicalId}-${randomSuffix()}` },
    ref: ({ name }) => name,
    attributes: {
      Type: ({ properties }) => String(properties.Type),
      Value: ({ properties }) => String(properties.Value),
    },
    required: ['Type', 'Value'],
  },
  'AWS::KMS::Key': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html#aws-resource-kms-key-return-values',
    service: 'kms',
    // A key has no name: its id is a UUID.
    name: { generate: () => randomUUID() },
    ref: ({ name }) => name,
    attributes: {
      Arn: (c) => arn('kms', `key/${c.name}`, c),
      KeyId: ({ name }) => name,
    },
  },
  // Until the offline cloud emulates versions and aliases (a registered provider replaces these rows).
  'AWS::Lambda::Version': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-version.html#aws-resource-lambda-version-return-values',
    service: 'lambda',
    // The first version a function publishes is 1.
    name: { generate: () => '1' },
    ref: (c) => arn('lambda', `function:${functionNameOf(c.properties.FunctionName)}:${c.name}`, c),
    attributes: {
      FunctionArn: (c) => arn('lambda', `function:${functionNameOf(c.properties.FunctionName)}`, c),
      Version: ({ name }) => name,
    },
    required: ['FunctionName'],
  },
  'AWS::Lambda::Alias': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html#aws-resource-lambda-alias-return-values',
    service: 'lambda',
    name: { property: 'Name' },
    ref: (c) => arn('lambda', `function:${functionNameOf(c.properties.FunctionName)}:${c.name}`, c),
    attributes: { AliasArn: (c) => arn('lambda', `function:${functionNameOf(c.properties.FunctionName)}:${c.name}`, c) },
    required: ['FunctionName', 'FunctionVersion', 'Name'],
  },
  'AWS::StepFunctions::StateMachine': {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#aws-resource-stepfunctions-statemachine-return-values',
    service: 'sfn',
    name: { property: 'StateMachineName', generate: (_stack, logicalId) => `${logicalId}-${randomSuffix()}`.slice(0, 80) },
    ref: (c) => arn('states', `stateMachine:${c.name}`, c),
    attributes: {
      Arn: (c) => arn('states', `stateMachine:${c.name}`, c),
      Name: ({ name }) => name,
      StateMachineRevisionId: (c) => arn('states', `stateMachine:${c.name}`, c),
    },
    required: ['RoleArn'],
  },
};

/**
 * Any other type: Ref is a generated physical id (`<stack>-<logicalId>-<random>`), and its
 * attributes are unknown (a `Fn::GetAtt` of one fails, naming the type and the attribute).
 */
export function genericPlaceholder(type: string): PlaceholderType {
  return {
    doc: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html',
    // `AWS::Kinesis::Stream` → `kinesis`: the usual service key, though not for every service.
    service: (type.split('::')[1] ?? type).toLowerCase(),
    ref: ({ name }) => name,
  };
}
