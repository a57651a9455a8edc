import * as fs from 'fs';
import * as path from 'path';
import { createDeployEnvironment } from '../../../src/local/cloudformation/deploy-environment';
import { NESTED_STACK_TYPE, NestedStackProvider } from '../../../src/local/cloudformation/nested-stack-provider';
import { ProviderRegistry } from '../../../src/local/cloudformation/provider-registry';
import { ProvisionedResource, ProvisionRequest, ResourceProvider, ResourceToDelete } from '../../../src/local/cloudformation/resource-provider';
import { deployStack, teardownStack } from '../../../src/local/cloudformation/stack-deployer';
import { Template, TemplateValue } from '../../../src/local/cloudformation/template';
import { removeTempDirs, tempDir } from '../local-cloud-support';

afterAll(removeTempDirs);

/** Records every create and delete as `create <stack>/<logicalId>` and `delete ...`, and the properties it was given. */
class RecordingProvider implements ResourceProvider {
  readonly events: string[] = [];
  readonly requests: ProvisionRequest[] = [];

  async create(request: ProvisionRequest): Promise<ProvisionedResource> {
    this.events.push(`create ${shortName(request.stackName)}/${request.logicalId}`);
    this.requests.push(request);
    return { ref: `${request.logicalId}-id`, attributes: { Arn: `arn:aws:test:::${request.logicalId}` } };
  }

  async delete(resource: ResourceToDelete): Promise<void> {
    this.events.push(`delete ${shortName(resource.stackName)}/${resource.logicalId}`);
  }
}

/** `Parent-OuterStack-ABC...-InnerStack-XYZ...` → `Parent>OuterStack>InnerStack`: the chain of logical ids. */
function shortName(stackName: string): string {
  return stackName.replace(/-[A-Z0-9]{12}(?=-|$)/g, '').split('-').join('>');
}

/** A path-style S3 URL of an asset, as CDK writes `TemplateURL` (with the Region and account resolved at deploy time). */
function assetUrl(objectKey: string): TemplateValue {
  return { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, `/${objectKey}`]] };
}

/** Writes each nested template into a folder and returns the environment that knows them as assets by object key. */
function withNestedTemplates(templates: Record<string, Template>) {
  const dir = tempDir();
  const assetPaths = new Map<string, string>();
  for (const [objectKey, template] of Object.entries(templates)) {
    const file = path.join(dir, `${objectKey}.nested.template.json`);
    fs.writeFileSync(file, JSON.stringify(template));
    assetPaths.set(objectKey, file);
  }
  return createDeployEnvironment({ region: 'eu-central-1', assetPaths });
}

function setup() {
  const recorder = new RecordingProvider();
  const providers = new ProviderRegistry().register('Test::Thing', recorder);
  const exports = new Map<string, string>();
  providers.register(NESTED_STACK_TYPE, new NestedStackProvider({ providers, exportsOf: () => exports }));
  return { recorder, providers, exports };
}

/** Parent → OuterStack → InnerStack; the inner one takes a parameter and outputs a thing's ARN, read back up by each level. */
const inner: Template = {
  Parameters: { Prefix: { Type: 'String' } },
  Resources: { Thing: { Type: 'Test::Thing', Properties: { Name: { 'Fn::Sub': '${Prefix}-thing' }, Stack: { Ref: 'AWS::StackName' } } } },
  Outputs: { ThingArn: { Value: { 'Fn::GetAtt': ['Thing', 'Arn'] } } },
};
const outer: Template = {
  Parameters: { Prefix: { Type: 'String' } },
  Resources: {
    Before: { Type: 'Test::Thing' },
    InnerStack: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: assetUrl('inner.json'), Parameters: { Prefix: { 'Fn::Join': ['-', [{ Ref: 'Prefix' }, { Ref: 'Before' }]] } } } },
    After: { Type: 'Test::Thing', Properties: { Uses: { 'Fn::GetAtt': ['InnerStack', 'Outputs.ThingArn'] } } },
  },
  Outputs: { ThingArn: { Value: { 'Fn::GetAtt': ['InnerStack', 'Outputs.ThingArn'] } }, InnerId: { Value: { Ref: 'InnerStack' } } },
};
const parent: Template = {
  Resources: {
    OuterStack: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: assetUrl('outer.json'), Parameters: { Prefix: 'shop' } } },
    Consumer: { Type: 'Test::Thing', Properties: { ThingArn: { 'Fn::GetAtt': ['OuterStack', 'Outputs.ThingArn'] } } },
  },
  Outputs: { ThingArn: { Value: { 'Fn::GetAtt': ['OuterStack', 'Outputs.ThingArn'] } }, InnerId: { Value: { 'Fn::GetAtt': ['OuterStack', 'Outputs.InnerId'] } } },
};
const environment = withNestedTemplates({ 'inner.json': inner, 'outer.json': outer });

describe('nested stacks', () => {
  test('deploy two levels deep, each level\'s resources after what they refer to, parameters passed and outputs read back', async () => {
    const { recorder, providers, exports } = setup();
    const deployed = await deployStack({ stackName: 'Parent', template: parent, templateFile: 'Parent.template.json' }, { environment, providers, exports });
    expect(recorder.events).toEqual([
      'create Parent>OuterStack/Before', 'create Parent>OuterStack>InnerStack/Thing', 'create Parent>OuterStack/After', 'create Parent/Consumer',
    ]);
    const thing = recorder.requests[1];
    expect(thing.properties).toEqual({ Name: 'shop-Before-id-thing', Stack: thing.stackName });
    expect(thing.stackName).toMatch(/^Parent-OuterStack-[A-Z0-9]{12}-InnerStack-[A-Z0-9]{12}$/);
    expect(recorder.requests[3].properties).toEqual({ ThingArn: 'arn:aws:test:::Thing' });
    expect(deployed.outputs.ThingArn).toBe('arn:aws:test:::Thing');
    // Ref of a nested stack resource is the nested stack's ARN.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stack.html#aws-resource-cloudformation-stack-return-values
    expect(deployed.outputs.InnerId).toMatch(new RegExp(`^arn:aws:cloudformation:eu-central-1:123456789012:stack/${thing.stackName}/[0-9a-f-]{36}$`));
  });

  test('tear down in the reverse order: a nested stack\'s resources after what depends on it, before what it depends on', async () => {
    const { recorder, providers, exports } = setup();
    const deployed = await deployStack({ stackName: 'Parent', template: parent, templateFile: 'Parent.template.json' }, { environment, providers, exports });
    recorder.events.length = 0;
    await teardownStack(deployed, providers);
    expect(recorder.events).toEqual([
      'delete Parent/Consumer', 'delete Parent>OuterStack/After', 'delete Parent>OuterStack>InnerStack/Thing', 'delete Parent>OuterStack/Before',
    ]);
  });

  test('a parameter the nested template does not declare fails, naming the nested template and the parameter', async () => {
    const { providers, exports } = setup();
    const template: Template = {
      Resources: { Nested: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: assetUrl('inner.json'), Parameters: { Prefix: 'p', Colour: 'red' } } } },
    };
    await expect(deployStack({ stackName: 'Parent', template, templateFile: 'Parent.template.json' }, { environment, providers, exports }))
      .rejects.toThrow(/^Parent\.template\.json: Nested \(AWS::CloudFormation::Stack\): .*inner\.json\.nested\.template\.json: Parameters: \[Colour\] do not exist in the template$/);
  });

  test('a missing TemplateURL fails before anything is created', async () => {
    const { recorder, providers, exports } = setup();
    const template: Template = { Resources: { First: { Type: 'Test::Thing' }, Nested: { Type: NESTED_STACK_TYPE, Properties: {} } } };
    await expect(deployStack({ stackName: 'Parent', template, templateFile: 'Parent.template.json' }, { environment, providers, exports }))
      .rejects.toThrow('Parent.template.json: Nested: AWS::CloudFormation::Stack: TemplateURL is required: the URL of the nested stack\'s template');
    expect(recorder.events).toEqual([]);
  });

  test('Fn::GetAtt of an output the nested stack does not have names the outputs it has', async () => {
    const { providers, exports } = setup();
    const template: Template = {
      Resources: { Nested: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: assetUrl('inner.json'), Parameters: { Prefix: 'p' } } } },
      Outputs: { Missing: { Value: { 'Fn::GetAtt': ['Nested', 'Outputs.Nope'] } } },
    };
    await expect(deployStack({ stackName: 'Parent', template, templateFile: 'Parent.template.json' }, { environment, providers, exports }))
      .rejects.toThrow('does not support attribute type Outputs.Nope in Fn::GetAtt (a nested stack gives Outputs.<Name> for each output of its template: ThingArn)');
  });

  test('a hand-written template may name its nested template by a path relative to its own folder', async () => {
    const { recorder, providers, exports } = setup();
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'inner.yaml'), 'Parameters:\n  Prefix:\n    Type: String\nResources:\n  Thing:\n    Type: Test::Thing\n');
    const template: Template = {
      Resources: { Nested: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: 'nested/inner.yaml', Parameters: { Prefix: 'p' } } } },
    };
    await deployStack({ stackName: 'Hand', template, templateFile: path.join(dir, 'hand.yaml') }, { environment, providers, exports });
    expect(recorder.events).toEqual(['create Hand>Nested/Thing']);
  });

  test('a template that nests itself fails instead of recursing forever', async () => {
    const { providers, exports } = setup();
    const loop: Template = { Resources: { Again: { Type: NESTED_STACK_TYPE, Properties: { TemplateURL: assetUrl('loop.json') } } } };
    const loopEnvironment = withNestedTemplates({ 'loop.json': loop });
    await expect(deployStack({ stackName: 'Parent', template: loop, templateFile: 'Parent.template.json' }, { environment: loopEnvironment, providers, exports }))
      .rejects.toThrow(/loop\.json\.nested\.template\.json nests itself/);
  });
});
