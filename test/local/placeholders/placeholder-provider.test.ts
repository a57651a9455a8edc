import { createDeployEnvironment } from '../../../src/local/cloudformation/deploy-environment';
import { ProviderRegistry } from '../../../src/local/cloudformation/provider-registry';
import { DeployError, NotSupportedError, ResourceProvider } from '../../../src/local/cloudformation/resource-provider';
import { deployStack } from '../../../src/local/cloudformation/stack-deployer';
import { Template } from '../../../src/local/cloudformation/template';
import { PlaceholderProvider } from '../../../src/local/placeholders/placeholder-provider';
import { PLACEHOLDER_TYPES } from '../../../src/local/placeholders/placeholder-types';

const environment = createDeployEnvironment({ region: 'eu-west-3', accountId: '111122223333' });

function setup() {
  const logs: string[] = [];
  const placeholders = new PlaceholderProvider((line) => logs.push(line));
  const providers = new ProviderRegistry().fallback(placeholders.provider);
  return { logs, placeholders, providers };
}

/** Deploys `template` as stack `Shop` and returns its outputs. */
async function deploy(template: Template, providers: ProviderRegistry): Promise<Record<string, string>> {
  const deployed = await deployStack({ stackName: 'Shop', template, templateFile: 'Shop.template.json' }, { environment, providers, exports: new Map() });
  return deployed.outputs;
}

/** One resource `R` of `type`, and an output per expression. */
function oneResource(type: string, properties: Record<string, any>, outputs: Record<string, any>): Template {
  return {
    Resources: { R: { Type: type, Properties: properties } },
    Outputs: Object.fromEntries(Object.entries(outputs).map(([id, value]) => [id, { Value: value }])),
  };
}

const ref = { Ref: 'R' };
const att = (name: string) => ({ 'Fn::GetAtt': ['R', name] });
const RANDOM = '[A-Za-z0-9]{12}';

// Each row: the type, its properties, and what Ref and GetAtt must look like (the formats of the
// "Return values" section of the type's CloudFormation page, cited in placeholder-types.ts).
const formats: [string, Record<string, any>, Record<string, any>, Record<string, RegExp | string>][] = [
  ['AWS::S3::Bucket', {}, { Ref: ref, Arn: att('Arn'), DomainName: att('DomainName'), RegionalDomainName: att('RegionalDomainName'), WebsiteURL: att('WebsiteURL') }, {
    Ref: /^shop-r-[a-z0-9]{12}$/,
    Arn: /^arn:aws:s3:::shop-r-[a-z0-9]{12}$/,
    DomainName: /^shop-r-[a-z0-9]{12}\.s3\.amazonaws\.com$/,
    RegionalDomainName: /^shop-r-[a-z0-9]{12}\.s3\.eu-west-3\.amazonaws\.com$/,
    WebsiteURL: /^http:\/\/shop-r-[a-z0-9]{12}\.s3-website\.eu-west-3\.amazonaws\.com$/,
  }],
  ['AWS::S3::Bucket', { BucketName: 'my-bucket' }, { Ref: ref, Arn: att('Arn') }, { Ref: 'my-bucket', Arn: 'arn:aws:s3:::my-bucket' }],
  ['AWS::SQS::Queue', { QueueName: 'orders' }, { Ref: ref, Arn: att('Arn'), QueueName: att('QueueName') }, {
    Ref: 'https://sqs.eu-west-3.amazonaws.com/111122223333/orders', Arn: 'arn:aws:sqs:eu-west-3:111122223333:orders', QueueName: 'orders',
  }],
  ['AWS::SQS::Queue', { FifoQueue: true }, { QueueName: att('QueueName') }, { QueueName: new RegExp(`^Shop-R-${RANDOM}\\.fifo$`) }],
  ['AWS::SNS::Topic', {}, { Ref: ref, TopicName: att('TopicName') }, {
    Ref: new RegExp(`^arn:aws:sns:eu-west-3:111122223333:Shop-R-${RANDOM}$`), TopicName: new RegExp(`^Shop-R-${RANDOM}$`),
  }],
  ['AWS::DynamoDB::Table', { TableName: 'items', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], StreamSpecification: { StreamViewType: 'NEW_IMAGE' } },
    { Ref: ref, Arn: att('Arn'), StreamArn: att('StreamArn') }, {
      Ref: 'items',
      Arn: 'arn:aws:dynamodb:eu-west-3:111122223333:table/items',
      StreamArn: /^arn:aws:dynamodb:eu-west-3:111122223333:table\/items\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/,
    }],
  ['AWS::CloudWatch::Alarm', { AlarmName: 'errors', ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1 }, { Ref: ref, Arn: att('Arn') }, {
    Ref: 'errors', Arn: 'arn:aws:cloudwatch:eu-west-3:111122223333:alarm:errors',
  }],
  ['AWS::CodeDeploy::Application', {}, { Ref: ref }, { Ref: new RegExp(`^Shop-R-${RANDOM}$`) }],
  ['AWS::CodeDeploy::DeploymentGroup', { ApplicationName: 'app', ServiceRoleArn: 'arn:aws:iam::111122223333:role/r' }, { Ref: ref }, {
    Ref: new RegExp(`^Shop-R-${RANDOM}$`),
  }],
  ['AWS::Events::Rule', { Name: 'nightly' }, { Ref: ref, Arn: att('Arn') }, { Ref: 'nightly', Arn: 'arn:aws:events:eu-west-3:111122223333:rule/nightly' }],
  ['AWS::Events::Rule', { Name: 'nightly', EventBusName: 'orders' }, { Ref: ref, Arn: att('Arn') }, {
    Ref: 'orders|nightly', Arn: 'arn:aws:events:eu-west-3:111122223333:rule/orders/nightly',
  }],
  ['AWS::SecretsManager::Secret', { Name: 'db' }, { Ref: ref, Id: att('Id') }, {
    Ref: /^arn:aws:secretsmanager:eu-west-3:111122223333:secret:db-[A-Za-z0-9]{6}$/, Id: /^arn:aws:secretsmanager:eu-west-3:111122223333:secret:db-[A-Za-z0-9]{6}$/,
  }],
  ['AWS::SSM::Parameter', { Type: 'String', Value: 'v1' }, { Ref: ref, Value: att('Value') }, { Ref: new RegExp(`^CFN-R-${RANDOM}$`), Value: 'v1' }],
  ['AWS::KMS::Key', {}, { Ref: ref, Arn: att('Arn') }, {
    Ref: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, Arn: /^arn:aws:kms:eu-west-3:111122223333:key\/[0-9a-f-]{36}$/,
  }],
  ['AWS::Lambda::Version', { FunctionName: 'hello' }, { Ref: ref, Version: att('Version') }, {
    Ref: 'arn:aws:lambda:eu-west-3:111122223333:function:hello:1', Version: '1',
  }],
  ['AWS::Lambda::Alias', { FunctionName: 'arn:aws:lambda:eu-west-3:111122223333:function:hello', FunctionVersion: '1', Name: 'live' }, { Ref: ref }, {
    Ref: 'arn:aws:lambda:eu-west-3:111122223333:function:hello:live',
  }],
  ['AWS::StepFunctions::StateMachine', { StateMachineName: 'flow', RoleArn: 'arn:aws:iam::111122223333:role/r' }, { Ref: ref, Name: att('Name') }, {
    Ref: 'arn:aws:states:eu-west-3:111122223333:stateMachine:flow', Name: 'flow',
  }],
];

describe('placeholders', () => {
  test.each(formats)('%s %j answers Ref and Fn::GetAtt in AWS\'s format', async (type, properties, outputs, expected) => {
    const { providers } = setup();
    const values = await deploy(oneResource(type, properties, outputs), providers);
    for (const [id, format] of Object.entries(expected)) {
      if (typeof format === 'string') expect(values[id]).toBe(format);
      else expect(values[id]).toMatch(format);
    }
  });

  test('a secret\'s Ref and Id are the same ARN', async () => {
    const { providers } = setup();
    const values = await deploy(oneResource('AWS::SecretsManager::Secret', {}, { Ref: ref, Id: att('Id') }), providers);
    expect(values.Ref).toBe(values.Id);
  });

  test('every type of the table cites its CloudFormation page', () => {
    for (const [type, row] of Object.entries(PLACEHOLDER_TYPES)) {
      const page = type.toLowerCase().replace(/::/g, '-').replace(/^aws-/, 'aws-resource-');
      expect(row.doc).toContain(`https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/${page}.html`);
    }
  });

  test('any other type gets a generated physical id as Ref', async () => {
    const { providers } = setup();
    const values = await deploy(oneResource('AWS::Kinesis::Stream', {}, { Ref: ref }), providers);
    expect(values.Ref).toMatch(new RegExp(`^Shop-R-${RANDOM}$`));
  });

  test('Fn::GetAtt of an attribute a placeholder does not know is an error naming the type and the attribute', async () => {
    const { providers } = setup();
    await expect(deploy(oneResource('AWS::Kinesis::Stream', {}, { Arn: att('Arn') }), providers)).rejects.toThrow(
      'Shop.template.json: Arn: resource R (AWS::Kinesis::Stream) does not support attribute type Arn in Fn::GetAtt '
      + '(AWS::Kinesis::Stream is not emulated: its placeholder gives only Ref (a generated physical id), no attribute)');
    await expect(deploy(oneResource('AWS::SQS::Queue', {}, { X: att('DeadLetterArn') }), setup().providers)).rejects.toThrow(
      'resource R (AWS::SQS::Queue) does not support attribute type DeadLetterArn in Fn::GetAtt (AWS::SQS::Queue is a placeholder offline; it gives Arn, QueueName, QueueUrl)');
  });

  test('one warning per type names the first placeholder and the --service-endpoint that reaches a real service', async () => {
    const { logs, providers, placeholders } = setup();
    await deploy({
      Resources: { A: { Type: 'AWS::SQS::Queue' }, B: { Type: 'AWS::SQS::Queue' }, C: { Type: 'AWS::S3::Bucket' } },
    }, providers);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^warning: AWS::SQS::Queue is not emulated: Shop\/A and any other AWS::SQS::Queue are placeholders .* --service-endpoint sqs=<url>/);
    expect(logs[1]).toMatch(/^warning: AWS::S3::Bucket is not emulated: Shop\/C .* --service-endpoint s3=<url>/);
    expect(placeholders.created.map((record) => record.logicalId)).toEqual(['A', 'B', 'C']);
  });

  test('a resource missing a required property fails before anything is created, naming the property', async () => {
    const { providers, placeholders } = setup();
    const template: Template = {
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        Subscription: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' } } },
      },
    };
    const deployed = deploy(template, providers);
    await expect(deployed).rejects.toThrow(DeployError);
    await expect(deploy(template, providers)).rejects.toThrow(
      /^Shop\.template\.json: Subscription: AWS::SNS::Subscription: required property Protocol missing \(AWS::SNS::Subscription requires Protocol, TopicArn; https:\/\/docs\.aws\.amazon\.com\/.*aws-resource-sns-subscription\.html/);
    expect(placeholders.created).toEqual([]);
  });

  test('an empty queue is not malformed', async () => {
    const { providers } = setup();
    await expect(deploy({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }, providers)).resolves.toEqual({});
  });

  test('a type that is not <provider>::<service>::<resource> is not supported', async () => {
    const { providers } = setup();
    await expect(deploy({ Resources: { Odd: { Type: 'AWS::Lambda:Function' } } }, providers)).rejects.toThrow(NotSupportedError);
  });
});

describe('the provider registry\'s fallback', () => {
  const real: ResourceProvider = { create: async () => ({ ref: 'real', attributes: {} }) };

  test('gives placeholders for unregistered types only: a provider registered later wins', () => {
    const { placeholders } = setup();
    const registry = new ProviderRegistry().fallback(placeholders.provider);
    expect(registry.get('AWS::DynamoDB::Table')).toBe(placeholders.provider);
    expect(registry.isRegistered('AWS::DynamoDB::Table')).toBe(false);
    registry.register('AWS::DynamoDB::Table', real);
    expect(registry.get('AWS::DynamoDB::Table')).toBe(real);
    expect(registry.isRegistered('AWS::DynamoDB::Table')).toBe(true);
  });

  test('never gives a placeholder for a custom resource', () => {
    const registry = new ProviderRegistry().fallback(setup().placeholders.provider);
    expect(registry.get('Custom::Thing')).toBeUndefined();
  });

  test('without a fallback an unregistered type is not supported, with the hint given', async () => {
    const providers = new ProviderRegistry().fallback(undefined, '--allow-placeholders deploys it as one');
    await expect(deploy({ Resources: { Queue: { Type: 'AWS::SQS::Queue' } } }, providers))
      .rejects.toThrow('not supported: AWS::SQS::Queue at Queue (--allow-placeholders deploys it as one)');
  });
});
