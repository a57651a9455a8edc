import { resolve } from 'path';
import { readCloudAssembly } from '../../../src/local/cloudformation/cloud-assembly';
import { createDeployEnvironment } from '../../../src/local/cloudformation/deploy-environment';
import { CUSTOM_RESOURCE_TYPE, ProviderRegistry } from '../../../src/local/cloudformation/provider-registry';
import {
  DeployError, NotSupportedError, ProvisionedResource, ProvisionRequest, ResourceProvider,
} from '../../../src/local/cloudformation/resource-provider';
import { deployStack, StackToDeploy } from '../../../src/local/cloudformation/stack-deployer';
import { Template } from '../../../src/local/cloudformation/template';

/** A provider that records each request and returns `<logicalId>-id` with an `Arn` attribute. */
class RecordingProvider implements ResourceProvider {
  readonly requests: ProvisionRequest[] = [];

  constructor(private readonly created: string[] = []) {}

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    this.requests.push(request);
    this.created.push(request.logicalId);
    return { ref: `${request.logicalId}-id`, attributes: { Arn: `arn:aws:test:::${request.logicalId}` } };
  }
}

class FailingProvider implements ResourceProvider {
  constructor(private readonly error: Error) {}

  async create(): Promise<ProvisionedResource> {
    throw this.error;
  }
}

const environment = createDeployEnvironment({ region: 'eu-central-1' });

function setup(types: string[] = ['Test::Api', 'Test::Function', 'Test::Route']) {
  const created: string[] = [];
  const provider = new RecordingProvider(created);
  const providers = new ProviderRegistry();
  types.forEach((type) => providers.register(type, provider));
  return { created, provider, providers, exports: new Map<string, string>() };
}

function stack(template: Template, stackName = 'MyStack', extra: Partial<StackToDeploy> = {}): StackToDeploy {
  return { stackName, template, templateFile: `${stackName}.template.json`, ...extra };
}

const apiTemplate: Template = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' } },
  Resources: {
    Route: { Type: 'Test::Route', Properties: { ApiId: { Ref: 'Api' }, Target: { 'Fn::Sub': 'integrations/${Function.Arn}' } } },
    Api: { Type: 'Test::Api', Properties: { Name: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { Ref: 'Stage' }]] } } },
    Function: { Type: 'Test::Function', Properties: { Region: { Ref: 'AWS::Region' }, Gone: { Ref: 'AWS::NoValue' } } },
  },
  Outputs: {
    Url: { Value: { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' } },
    ApiId: { Value: { Ref: 'Api' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}:ApiId' } } },
  },
};

describe('deployStack', () => {
  test('creates each resource after the ones it refers to, with resolved properties', async () => {
    const { created, provider, providers, exports } = setup();
    await deployStack(stack(apiTemplate), { environment, providers, exports });
    expect(created).toEqual(['Api', 'Function', 'Route']);
    expect(provider.requests[0]).toMatchObject({
      stackName: 'MyStack', logicalId: 'Api', type: 'Test::Api', properties: { Name: 'MyStack-dev' },
    });
    expect(provider.requests[1].properties).toEqual({ Region: 'eu-central-1' });
    expect(provider.requests[2].properties).toEqual({ ApiId: 'Api-id', Target: 'integrations/arn:aws:test:::Function' });
    expect(provider.requests[2].environment.region).toBe('eu-central-1');
  });

  test('uses the parameter values given for the stack', async () => {
    const { provider, providers, exports } = setup();
    await deployStack(stack(apiTemplate, 'MyStack', { parameters: { Stage: 'prod' } }), { environment, providers, exports });
    expect(provider.requests[0].properties).toEqual({ Name: 'MyStack-prod' });
  });

  test('returns the resolved outputs and the created resources', async () => {
    const { providers, exports } = setup();
    const deployed = await deployStack(stack(apiTemplate), { environment, providers, exports });
    expect(deployed.outputs).toEqual({ Url: 'https://Api-id.execute-api.eu-central-1.amazonaws.com/', ApiId: 'Api-id' });
    expect([...deployed.resources.keys()]).toEqual(['Api', 'Function', 'Route']);
    expect(deployed.resources.get('Function')).toEqual({ type: 'Test::Function', ref: 'Function-id', attributes: { Arn: 'arn:aws:test:::Function' } });
  });

  test('publishes exports that a later stack imports', async () => {
    const { provider, providers, exports } = setup();
    const first = await deployStack(stack(apiTemplate, 'First'), { environment, providers, exports });
    expect(first.exports).toEqual({ 'First:ApiId': 'Api-id' });
    expect(exports.get('First:ApiId')).toBe('Api-id');

    const importing: Template = {
      Resources: { Check: { Type: 'Test::Function', Properties: { Url: { 'Fn::Join': ['', ['https://', { 'Fn::ImportValue': 'First:ApiId' }, '/']] } } } },
    };
    await deployStack(stack(importing, 'Second'), { environment, providers, exports });
    expect(provider.requests[provider.requests.length - 1].properties).toEqual({ Url: 'https://Api-id/' });
  });

  test('fails an import of a name no stack exported, before creating anything', async () => {
    const { created, providers, exports } = setup();
    const importing: Template = {
      Resources: {
        First: { Type: 'Test::Api' },
        Check: { Type: 'Test::Function', Properties: { Id: { 'Fn::ImportValue': { 'Fn::Sub': 'Nobody:${AWS::Region}' } } } },
      },
    };
    await expect(deployStack(stack(importing, 'Second'), { environment, providers, exports }))
      .rejects.toThrow('Second.template.json: Check: No export named Nobody:eu-central-1 found');
    expect(created).toEqual([]);
  });

  test('refuses an import whose name depends on a resource', async () => {
    const { providers, exports } = setup();
    const importing: Template = {
      Resources: { Api: { Type: 'Test::Api' }, Check: { Type: 'Test::Function', Properties: { Id: { 'Fn::ImportValue': { Ref: 'Api' } } } } },
    };
    await expect(deployStack(stack(importing), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: Check: cannot refer to the resource Api here');
  });

  test('refuses an export name another stack already exported, before creating anything', async () => {
    const { created, providers, exports } = setup();
    const exporting = (name: string): Template => ({
      Resources: { Api: { Type: 'Test::Api' } },
      Outputs: { Id: { Value: { Ref: 'Api' }, Export: { Name: 'Shared:Id' } } },
      Description: name,
    });
    await deployStack(stack(exporting('one'), 'One'), { environment, providers, exports });
    created.length = 0;
    await expect(deployStack(stack(exporting('two'), 'Two'), { environment, providers, exports }))
      .rejects.toThrow(new DeployError('Two.template.json: Id: Export with name Shared:Id is already exported by stack One'));
    expect(created).toEqual([]);
  });

  test('refuses an export name that depends on a resource', async () => {
    const { providers, exports } = setup();
    const template: Template = {
      Resources: { Api: { Type: 'Test::Api' } },
      Outputs: { Id: { Value: 'x', Export: { Name: { Ref: 'Api' } } } },
    };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: Id: cannot refer to the resource Api here');
  });

  test('skips resources and outputs whose condition is false', async () => {
    const { created, providers, exports } = setup();
    const template: Template = {
      Parameters: { Env: { Type: 'String', Default: 'dev' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        ProdOnly: { Type: 'Test::Api', Condition: 'IsProd' },
        Always: { Type: 'Test::Function', DependsOn: 'ProdOnly', Properties: { Api: { 'Fn::If': ['IsProd', { Ref: 'ProdOnly' }, 'none'] } } },
      },
      Outputs: {
        ProdApi: { Condition: 'IsProd', Value: { Ref: 'ProdOnly' } },
        Fn: { Value: { Ref: 'Always' } },
      },
    };
    const deployed = await deployStack(stack(template), { environment, providers, exports });
    expect(created).toEqual(['Always']);
    expect(deployed.outputs).toEqual({ Fn: 'Always-id' });
    expect(deployed.resources.has('ProdOnly')).toBe(false);
  });

  test('fails a reference that is evaluated to a resource its condition left out', async () => {
    const { providers, exports } = setup();
    const template: Template = {
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Skipped: { Type: 'Test::Api', Condition: 'Never' },
        User: { Type: 'Test::Function', Properties: { Api: { Ref: 'Skipped' } } },
      },
    };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: User: Skipped is not created: its condition Never is false');
  });

  test('fails an unsupported resource type before any provider is called', async () => {
    const { created, providers, exports } = setup();
    const template: Template = { Resources: { Api: { Type: 'Test::Api' }, Bucket: { Type: 'AWS::S3::Bucket' } } };
    const deploying = deployStack(stack(template), { environment, providers, exports });
    await expect(deploying).rejects.toThrow(NotSupportedError);
    await expect(deploying).rejects.toThrow('not supported: AWS::S3::Bucket at Bucket');
    expect(created).toEqual([]);
  });

  test('fails an unsupported intrinsic function before any provider is called', async () => {
    const { created, providers, exports } = setup();
    const template: Template = {
      Resources: { Api: { Type: 'Test::Api' }, Fn: { Type: 'Test::Function', Properties: { Size: { 'Fn::Length': [1, 2] } } } },
    };
    await expect(deployStack(stack(template), { environment, providers, exports })).rejects.toThrow('not supported: Fn::Length at Fn');
    expect(created).toEqual([]);
  });

  test('fails a missing parameter value before any provider is called', async () => {
    const { created, providers, exports } = setup();
    const template: Template = { Parameters: { Name: { Type: 'String' } }, Resources: { Api: { Type: 'Test::Api' } } };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: Parameters: [Name] must have values');
    expect(created).toEqual([]);
  });

  test('refuses a template with a Transform', async () => {
    const { providers, exports } = setup();
    const template: Template = { Transform: 'AWS::Serverless-2016-10-31', Resources: { Api: { Type: 'Test::Api' } } };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('not supported: Transform "AWS::Serverless-2016-10-31" at Transform');
  });

  test('wraps a provider failure with the file, logical id and type', async () => {
    const { providers, exports } = setup();
    providers.register('Test::Function', new FailingProvider(new Error('Runtime python2.7 is not supported')));
    const deploying = deployStack(stack(apiTemplate), { environment, providers, exports });
    await expect(deploying).rejects.toThrow(DeployError);
    await expect(deploying).rejects.toThrow(new DeployError('MyStack.template.json: Function (Test::Function): Runtime python2.7 is not supported'));
  });

  test('lets a provider\'s NotSupportedError through unchanged', async () => {
    const { providers, exports } = setup();
    const notSupported = new NotSupportedError('Code.ImageUri', 'Function');
    providers.register('Test::Function', new FailingProvider(notSupported));
    await expect(deployStack(stack(apiTemplate), { environment, providers, exports })).rejects.toBe(notSupported);
  });

  test('fails Fn::GetAtt of an attribute the provider did not return', async () => {
    const { providers, exports } = setup();
    const template: Template = {
      Resources: { Api: { Type: 'Test::Api' }, Fn: { Type: 'Test::Function', Properties: { Url: { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] } } } },
    };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: Fn: resource Api (Test::Api) does not support attribute type ApiEndpoint in Fn::GetAtt');
  });

  test('creates AWS::CDK::Metadata itself, with no provider', async () => {
    const { created, providers, exports } = setup();
    const template: Template = {
      Conditions: { CDKMetadataAvailable: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-central-1'] }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] } },
      Resources: {
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:abc' }, Condition: 'CDKMetadataAvailable' },
        Api: { Type: 'Test::Api' },
      },
    };
    const deployed = await deployStack(stack(template), { environment, providers, exports });
    expect(created).toEqual(['Api']);
    expect(deployed.resources.get('CDKMetadata')).toEqual({ type: 'AWS::CDK::Metadata', ref: 'CDKMetadata', attributes: {} });
  });

  test('sends custom resources to the custom resource provider with their own type', async () => {
    const { provider, providers, exports } = setup(['Test::Function', CUSTOM_RESOURCE_TYPE]);
    const template: Template = {
      Resources: {
        Handler: { Type: 'Test::Function' },
        Assertion: { Type: 'Custom::DeployAssert@HttpCall', Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] }, expected: '{}' } },
      },
      Outputs: { AssertionResults: { Value: { 'Fn::GetAtt': ['Assertion', 'Arn'] } } },
    };
    const deployed = await deployStack(stack(template), { environment, providers, exports });
    expect(provider.requests[1]).toMatchObject({
      logicalId: 'Assertion', type: 'Custom::DeployAssert@HttpCall', properties: { ServiceToken: 'arn:aws:test:::Handler', expected: '{}' },
    });
    expect(deployed.outputs.AssertionResults).toBe('arn:aws:test:::Assertion');
  });

  test('refuses an output whose value is a list', async () => {
    const { providers, exports } = setup();
    const template: Template = { Resources: { Api: { Type: 'Test::Api' } }, Outputs: { Zones: { Value: { 'Fn::GetAZs': '' } } } };
    await expect(deployStack(stack(template), { environment, providers, exports }))
      .rejects.toThrow('MyStack.template.json: Zones: the Value of an output must resolve to a string, not a list');
  });

  test('gives providers the stack\'s assets through the environment', async () => {
    const { provider, providers, exports } = setup();
    const template: Template = { Resources: { Fn: { Type: 'Test::Function', Properties: { Code: { S3Key: 'abc.zip' } } } } };
    await deployStack(stack(template, 'MyStack', { assetPaths: new Map([['abc.zip', '/assets/asset.abc']]) }), { environment, providers, exports });
    expect(provider.requests[0].environment.assetPath('abc.zip')).toBe('/assets/asset.abc');
  });
});

describe('deploying the committed integ snapshot', () => {
  test('deploys the test stack, then the assertion stack importing the API id from it', async () => {
    const requests: ProvisionRequest[] = [];
    const fake: ResourceProvider = {
      create: async (request) => {
        requests.push(request);
        return { ref: `${request.logicalId}-id`, attributes: { Arn: `arn:aws:test:::${request.logicalId}`, assertion: '{"status":"success"}' } };
      },
    };
    const providers = new ProviderRegistry();
    ['AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage',
      'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route', CUSTOM_RESOURCE_TYPE].forEach((type) => providers.register(type, fake));
    const exports = new Map<string, string>();
    const usEast1 = createDeployEnvironment();

    const [testStack, assertStack] = readCloudAssembly(resolve(__dirname, '../../../integ/integ.hello.ts.snapshot'));
    const deployedTest = await deployStack(testStack, { environment: usEast1, providers, exports });
    const deployedAssert = await deployStack(assertStack, { environment: usEast1, providers, exports });

    expect(deployedTest.outputs.HelloUrl2108D24F).toBe('https://HelloHttpApiCF93C2D8-id.execute-api.us-east-1.amazonaws.com/');
    const httpCall = requests.find((request) => request.logicalId === 'HttpApiCallc3269bba3126d8d6c69a7c6f569585bd')!;
    expect(httpCall.type).toBe('Custom::DeployAssert@HttpCall');
    expect(httpCall.properties.parameters).toEqual({ url: 'https://HelloHttpApiCF93C2D8-id.execute-api.us-east-1.amazonaws.com/' });
    const handler = requests.find((request) => request.type === 'AWS::Lambda::Function' && request.stackName === assertStack.stackName)!;
    expect(handler.environment.assetPath(handler.properties.Code.S3Key)).toMatch(/asset\.b5c2a7158e.*\.bundle$/);
    expect(Object.keys(deployedAssert.outputs)).toEqual([
      'AssertionResultsHttpApiCallc3269bba3126d8d6c69a7c6f569585bd', 'AssertionResultsHttpApiCallcee10b01105444ce28d6ef1b3a80dcc8',
    ]);
  });
});
