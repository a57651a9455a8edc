import { createDeployEnvironment } from '../../../src/local/cloudformation/deploy-environment';
import {
  findUnsupportedIntrinsic, IntrinsicContext, IntrinsicResolver, ParameterValue, ReferenceProblem, ResourceReferences,
} from '../../../src/local/cloudformation/intrinsics';
import { NO_VALUE, pseudoParameters } from '../../../src/local/cloudformation/pseudo-parameters';
import { DeployError, NotSupportedError } from '../../../src/local/cloudformation/resource-provider';
import { TemplateValue } from '../../../src/local/cloudformation/template';

/** Two resources: Bucket (ref my-bucket, Arn attribute) and Skipped (left out by its condition). */
const resources: ResourceReferences = {
  has: (logicalId) => logicalId === 'Bucket' || logicalId === 'Skipped',
  ref: (logicalId) => {
    if (logicalId === 'Skipped') throw new ReferenceProblem('Skipped is not created: its condition IsProd is false');
    return 'my-bucket';
  },
  attribute: (logicalId, attribute) => {
    if (attribute !== 'Arn') throw new ReferenceProblem(`resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`);
    return 'arn:aws:s3:::my-bucket';
  },
};

function resolver(overrides: Partial<IntrinsicContext> = {}): IntrinsicResolver {
  return new IntrinsicResolver({
    templateFile: 'stack.json',
    pseudoParameters: pseudoParameters(createDeployEnvironment({ region: 'eu-west-1' }), 'MyStack'),
    parameters: new Map<string, ParameterValue>([['Env', 'prod'], ['Zones', ['z1', 'z2']]]),
    mappings: { Sizes: { prod: { Memory: 1024 }, dev: { Memory: 128 } } },
    conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      ProdInEurope: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] },
      DevOrEurope: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }] },
      Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
      OnResource: { 'Fn::Equals': [{ Ref: 'Bucket' }, 'x'] },
    },
    exports: new Map([['Shared:ApiId', 'abc123']]),
    resources,
    ...overrides,
  });
}

function resolve(value: TemplateValue, overrides: Partial<IntrinsicContext> = {}) {
  return resolver(overrides).resolve(value, 'Res');
}

describe('Ref', () => {
  test('gives a parameter value, a list parameter as a list', () => {
    expect(resolve({ Ref: 'Env' })).toBe('prod');
    expect(resolve({ Ref: 'Zones' })).toEqual(['z1', 'z2']);
  });

  test('gives the pseudo parameters of the environment and stack', () => {
    expect(resolve({ Ref: 'AWS::Region' })).toBe('eu-west-1');
    expect(resolve({ Ref: 'AWS::AccountId' })).toBe('123456789012');
    expect(resolve({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(resolve({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(resolve({ Ref: 'AWS::StackName' })).toBe('MyStack');
    expect(resolve({ Ref: 'AWS::StackId' })).toMatch(/^arn:aws:cloudformation:eu-west-1:123456789012:stack\/MyStack\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(resolve({ Ref: 'AWS::NotificationARNs' })).toEqual([]);
  });

  test('gives a resource its physical id through the callback', () => {
    expect(resolve({ Ref: 'Bucket' })).toBe('my-bucket');
  });

  test('removes the key or list item holding AWS::NoValue', () => {
    expect(resolve({ Keep: 'a', Drop: { Ref: 'AWS::NoValue' }, List: ['x', { Ref: 'AWS::NoValue' }, 'y'] }))
      .toEqual({ Keep: 'a', List: ['x', 'y'] });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  test('names the file, the logical id and the unknown name', () => {
    expect(() => resolve({ Ref: 'Nothing' })).toThrow(new DeployError('stack.json: Res: unresolved reference to Nothing'));
  });

  test('reports the callback problem with file and logical id', () => {
    expect(() => resolve({ Ref: 'Skipped' })).toThrow('stack.json: Res: Skipped is not created: its condition IsProd is false');
  });
});

describe('Fn::GetAtt', () => {
  test('reads an attribute in the list form and the dotted string form', () => {
    expect(resolve({ 'Fn::GetAtt': ['Bucket', 'Arn'] })).toBe('arn:aws:s3:::my-bucket');
    expect(resolve({ 'Fn::GetAtt': 'Bucket.Arn' })).toBe('arn:aws:s3:::my-bucket');
  });

  test('accepts a Ref as the attribute name', () => {
    const withAttributeParameter = { parameters: new Map<string, ParameterValue>([['Attribute', 'Arn']]) };
    expect(resolve({ 'Fn::GetAtt': ['Bucket', { Ref: 'Attribute' }] }, withAttributeParameter)).toBe('arn:aws:s3:::my-bucket');
  });

  test('reports an attribute the resource does not have', () => {
    expect(() => resolve({ 'Fn::GetAtt': ['Bucket', 'Nope'] })).toThrow('stack.json: Res: resource Bucket does not support attribute type Nope in Fn::GetAtt');
  });

  test('reports a logical id that is not a resource', () => {
    expect(() => resolve({ 'Fn::GetAtt': ['Env', 'Arn'] })).toThrow('stack.json: Res: unresolved reference to Env');
  });
});

describe('Fn::Sub', () => {
  test('substitutes parameters, pseudo parameters, resources and attributes in the string form', () => {
    expect(resolve({ 'Fn::Sub': '${Env}-${AWS::Region}-${Bucket}-${Bucket.Arn}' }))
      .toBe('prod-eu-west-1-my-bucket-arn:aws:s3:::my-bucket');
  });

  test('keeps ${!Literal} as the literal ${Literal}', () => {
    expect(resolve({ 'Fn::Sub': 'echo ${!HOME} in ${AWS::Region}' })).toBe('echo ${HOME} in eu-west-1');
  });

  test('takes variables from the map form first, resolving their values', () => {
    expect(resolve({ 'Fn::Sub': ['${Env}/${Name}', { Env: 'overridden', Name: { 'Fn::Join': ['-', ['a', 'b']] } }] }))
      .toBe('overridden/a-b');
  });

  test('refuses a variable that resolves to a list', () => {
    expect(() => resolve({ 'Fn::Sub': '${Zones}' })).toThrow('stack.json: Res: Fn::Sub variable ${Zones} must resolve to a string');
  });

  test('reports an unknown variable as an unresolved reference', () => {
    expect(() => resolve({ 'Fn::Sub': 'x-${Missing}' })).toThrow('stack.json: Res: unresolved reference to Missing');
  });
});

describe('Fn::Join, Fn::Select, Fn::Split', () => {
  test('joins strings, numbers and the result of other functions', () => {
    expect(resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':', 5]] })).toBe('arn:aws:5');
    expect(resolve({ 'Fn::Join': [',', { Ref: 'Zones' }] })).toBe('z1,z2');
  });

  test('drops AWS::NoValue items before joining', () => {
    expect(resolve({ 'Fn::Join': ['-', ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }, 'c']] })).toBe('a-c');
  });

  test('selects by index, given as a number or a string', () => {
    expect(resolve({ 'Fn::Select': [1, ['a', 'b', 'c']] })).toBe('b');
    expect(resolve({ 'Fn::Select': ['0', { 'Fn::Split': ['|', 'x|y'] }] })).toBe('x');
  });

  test('reports an index out of range', () => {
    expect(() => resolve({ 'Fn::Select': [2, ['a', 'b']] })).toThrow('stack.json: Res: Fn::Select index 2 is out of range for a list of 2');
  });

  test('splits a string into a list', () => {
    expect(resolve({ 'Fn::Split': [',', 'a,b,,c'] })).toEqual(['a', 'b', '', 'c']);
  });

  test('refuses to join something that is not a list', () => {
    expect(() => resolve({ 'Fn::Join': [',', 'abc'] })).toThrow('stack.json: Res: Fn::Join takes a list, got "abc"');
  });
});

describe('Fn::If and conditions', () => {
  test('takes the branch of the condition', () => {
    expect(resolve({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(resolve({ 'Fn::If': ['IsDev', 'big', 'small'] })).toBe('small');
  });

  test('never resolves the branch not taken', () => {
    expect(resolve({ 'Fn::If': ['IsProd', 'ok', { Ref: 'Skipped' }] })).toBe('ok');
  });

  test('removes a property when the branch taken is AWS::NoValue', () => {
    expect(resolve({ Size: { 'Fn::If': ['IsDev', 1, { Ref: 'AWS::NoValue' }] } })).toEqual({});
  });

  test('evaluates Fn::And, Fn::Or, Fn::Not and Condition', () => {
    const conditions = resolver();
    expect(conditions.isConditionTrue('IsProd', 'Res')).toBe(true);
    expect(conditions.isConditionTrue('IsDev', 'Res')).toBe(false);
    expect(conditions.isConditionTrue('ProdInEurope', 'Res')).toBe(true);
    expect(conditions.isConditionTrue('DevOrEurope', 'Res')).toBe(true);
  });

  test('compares numbers and strings as strings in Fn::Equals', () => {
    expect(resolve({ 'Fn::Equals': [1, '1'] })).toBe(true);
    expect(resolve({ 'Fn::Equals': ['a', 'b'] })).toBe(false);
  });

  test('reports a condition that is not defined', () => {
    expect(() => resolve({ 'Fn::If': ['Missing', 'a', 'b'] })).toThrow('stack.json: Res: condition Missing is not defined in the Conditions section');
  });

  test('reports a condition that depends on itself', () => {
    expect(() => resolve({ 'Fn::If': ['Loop', 'a', 'b'] })).toThrow('stack.json: Loop: circular dependency between conditions: Loop -> Loop');
  });

  test('refuses a condition that refers to a resource', () => {
    expect(() => resolve({ 'Fn::If': ['OnResource', 'a', 'b'] })).toThrow('stack.json: OnResource: cannot refer to the resource Bucket here');
  });

  test('leaves a Condition key inside properties as data', () => {
    const statement = { Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } };
    expect(resolve(statement)).toEqual({ Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
  });
});

describe('Fn::ImportValue, Fn::FindInMap, Fn::Base64, Fn::GetAZs, Fn::Cidr', () => {
  test('imports an exported value, its name built by other functions', () => {
    expect(resolve({ 'Fn::ImportValue': { 'Fn::Sub': 'Shared:ApiId' } })).toBe('abc123');
  });

  test('reports a missing export as CloudFormation does', () => {
    expect(() => resolve({ 'Fn::ImportValue': 'Other:Name' })).toThrow(new DeployError('stack.json: Res: No export named Other:Name found'));
  });

  test('finds a value in a mapping, keys given by Ref', () => {
    expect(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Memory'] })).toBe(1024);
  });

  test('reports a mapping key that does not exist', () => {
    expect(() => resolve({ 'Fn::FindInMap': ['Sizes', 'test', 'Memory'] })).toThrow('stack.json: Res: Unable to get mapping for Sizes::test::Memory');
  });

  test('uses the DefaultValue of FindInMap when the key is missing', () => {
    expect(resolve({ 'Fn::FindInMap': ['Sizes', 'test', 'Memory', { DefaultValue: 256 }] })).toBe(256);
  });

  test('encodes a string in base64', () => {
    expect(resolve({ 'Fn::Base64': { 'Fn::Sub': 'region=${AWS::Region}' } })).toBe(Buffer.from('region=eu-west-1').toString('base64'));
  });

  test('lists three availability zones of the current or named region', () => {
    expect(resolve({ 'Fn::GetAZs': '' })).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    expect(resolve({ 'Fn::GetAZs': 'us-west-2' })).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
  });

  test('cuts an IPv4 block into subnets', () => {
    expect(resolve({ 'Fn::Cidr': ['10.0.0.0/16', 3, '8'] })).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });
});

describe('unsupported functions', () => {
  test('an unknown Fn:: key is not supported, named with the logical id', () => {
    expect(() => resolve({ 'Fn::Transform': { Name: 'X' } })).toThrow(NotSupportedError);
    expect(() => resolve({ 'Fn::Transform': { Name: 'X' } })).toThrow('not supported: Fn::Transform at Res');
  });

  test('findUnsupportedIntrinsic finds an unknown function deep in a value', () => {
    expect(findUnsupportedIntrinsic({ A: [{ B: { 'Fn::Length': [1] } }] })).toBe('Fn::Length');
    expect(findUnsupportedIntrinsic({ A: { 'Fn::Join': ['', [{ Ref: 'X' }]] } })).toBeUndefined();
  });
});

describe('malformed function arguments', () => {
  test.each<[string, TemplateValue, string]>([
    ['Ref of a non-string', { Ref: ['Env'] }, 'Ref takes the name of a parameter or resource'],
    ['Fn::GetAtt of one item', { 'Fn::GetAtt': ['Bucket'] }, 'Fn::GetAtt takes [logicalId, attributeName]'],
    ['Fn::Sub of a number', { 'Fn::Sub': 5 }, 'Fn::Sub takes a literal string'],
    ['Fn::Sub whose variables are not an object', { 'Fn::Sub': ['${A}', ['A']] }, 'Fn::Sub takes a string or [string, { variables }]'],
    ['Fn::Join of three items', { 'Fn::Join': [',', ['a'], 'x'] }, 'Fn::Join takes a list of two arguments'],
    ['Fn::Join with a list delimiter', { 'Fn::Join': [[','], ['a']] }, 'Fn::Join delimiter must be a string'],
    ['Fn::Join of nested lists', { 'Fn::Join': [',', [['a']]] }, 'Fn::Join can only join strings'],
    ['Fn::Select of a negative index', { 'Fn::Select': [-1, ['a']] }, 'Fn::Select index must be a non-negative integer'],
    ['Fn::Split with an empty delimiter', { 'Fn::Split': ['', 'abc'] }, 'Fn::Split delimiter must be a non-empty string'],
    ['Fn::Split of a list', { 'Fn::Split': [',', ['a']] }, 'Fn::Split can only split a string'],
    ['Fn::If of two items', { 'Fn::If': ['IsProd', 'a'] }, 'Fn::If takes [conditionName, valueIfTrue, valueIfFalse]'],
    ['Fn::Not of two conditions', { 'Fn::Not': [true, false] }, 'Fn::Not takes a list of one condition'],
    ['Fn::And of one condition', { 'Fn::And': [{ Condition: 'IsProd' }] }, 'Fn::And takes a list of 2 to 10 conditions'],
    ['Fn::Or of non-conditions', { 'Fn::Or': ['maybe', 'perhaps'] }, 'a condition must be a condition function'],
    ['Fn::ImportValue of a list', { 'Fn::ImportValue': ['a'] }, 'Fn::ImportValue takes an export name'],
    ['Fn::FindInMap of two keys', { 'Fn::FindInMap': ['Sizes', 'prod'] }, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]'],
    ['Fn::Base64 of a list', { 'Fn::Base64': ['a'] }, 'Fn::Base64 takes a string'],
    ['Fn::GetAZs of a list', { 'Fn::GetAZs': ['a'] }, 'Fn::GetAZs takes a region name'],
    ['Fn::Cidr of two items', { 'Fn::Cidr': ['10.0.0.0/16', 2] }, 'Fn::Cidr takes [ipBlock, count, cidrBits]'],
    ['Fn::Cidr of an IPv6 block', { 'Fn::Cidr': ['2001:db8::/56', 2, 64] }, 'Fn::Cidr: "2001:db8::/56" is not an IPv4 CIDR block'],
  ])('reports %s with file and logical id', (_, value, message) => {
    expect(() => resolve(value)).toThrow(DeployError);
    expect(() => resolve(value)).toThrow(`stack.json: Res: ${message}`);
  });
});
