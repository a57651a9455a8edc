import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { readCloudAssembly } from '../../../src/local/cloudformation/cloud-assembly';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';

const helloSnapshot = resolve(__dirname, '../../../integ/integ.hello.ts.snapshot');
const minimalTemplate = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });

/** Writes files (path relative to a new temp folder -> content) and returns the folder. */
function assembly(files: Record<string, string | object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-assembly-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function stackArtifact(templateFile: string, dependencies: string[] = [], properties: object = {}) {
  return { type: 'aws:cloudformation:stack', properties: { templateFile, ...properties }, dependencies };
}

function assetManifest(path: string, objectKey: string) {
  return { version: '53.0.0', files: { hash1: { source: { path, packaging: 'zip' }, destinations: { d: { bucketName: 'b', objectKey } } } }, dockerImages: {} };
}

describe('readCloudAssembly on the committed integ snapshot', () => {
  const stacks = readCloudAssembly(helloSnapshot);

  test('lists the test stack before the DeployAssert stack that imports from it', () => {
    expect(stacks.map((stack) => stack.stackName)).toEqual(['GravitonHello', 'HelloTestDefaultTestDeployAssert4AF16256']);
    expect(stacks[1].dependencies).toEqual(['GravitonHello']);
    expect(stacks[1].displayName).toBe('HelloTest/DefaultTest/DeployAssert');
  });

  test('loads each template from its absolute path', () => {
    expect(stacks[0].templateFile).toBe(join(helloSnapshot, 'GravitonHello.template.json'));
    expect(stacks[0].template.Resources.HelloHttpApiCF93C2D8.Type).toBe('AWS::ApiGatewayV2::Api');
  });

  test('maps the assertion handler\'s S3 key to its bundle folder', () => {
    const assertStack = stacks[1];
    const handler = assertStack.template.Resources.SingletonFunction1488541a7b23466481b69b4408076b81HandlerCD40AE9F;
    const s3Key = (handler.Properties!.Code as { S3Key: string }).S3Key;
    const path = assertStack.assetPaths.get(s3Key)!;
    expect(path).toBe(join(helloSnapshot, 'asset.b5c2a7158e57582e84496b24c0499302cec1fd88624535b3dfb629311b3fdc2a.bundle'));
    expect(statSync(path).isDirectory()).toBe(true);
    expect(existsSync(join(path, 'index.js'))).toBe(true);
  });
});

describe('readCloudAssembly', () => {
  test('orders stacks by their dependencies, manifest order otherwise', () => {
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          Uses: stackArtifact('Uses.template.json', ['Base']),
          Alone: stackArtifact('Alone.template.json'),
          Base: stackArtifact('Base.template.json'),
        },
      },
      'Uses.template.json': minimalTemplate,
      'Alone.template.json': minimalTemplate,
      'Base.template.json': minimalTemplate,
    });
    expect(readCloudAssembly(dir).map((stack) => stack.artifactId)).toEqual(['Alone', 'Base', 'Uses']);
  });

  test('takes the stack name from the artifact properties when there is one', () => {
    const dir = assembly({
      'manifest.json': { artifacts: { Artifact: stackArtifact('a.template.json', [], { stackName: 'real-name', parameters: { P: 'v' } }) } },
      'a.template.json': minimalTemplate,
    });
    const [stack] = readCloudAssembly(dir);
    expect(stack).toMatchObject({ stackName: 'real-name', artifactId: 'Artifact', parameters: { P: 'v' } });
  });

  test('reads each stack\'s account and Region from its environment; unknown ones stay undefined', () => {
    const at = (environment: string) => ({ ...stackArtifact(`${environment.replace(/\W/g, '')}.template.json`), environment });
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          Pinned: at('aws://210987654321/ap-northeast-1'),
          Agnostic: at('aws://unknown-account/unknown-region'),
          RegionOnly: at('aws://unknown-account/eu-west-1'),
        },
      },
      'aws210987654321apnortheast1.template.json': minimalTemplate,
      'awsunknownaccountunknownregion.template.json': minimalTemplate,
      'awsunknownaccounteuwest1.template.json': minimalTemplate,
    });
    expect(readCloudAssembly(dir).map((stack) => [stack.stackName, stack.environment])).toEqual([
      ['Pinned', { accountId: '210987654321', region: 'ap-northeast-1' }],
      ['Agnostic', { accountId: undefined, region: undefined }],
      ['RegionOnly', { accountId: undefined, region: 'eu-west-1' }],
    ]);
  });

  test.each([
    ['not an aws:// URL', 'ap-northeast-1', 'is not aws://<account>/<region>'],
    ['an account that is not 12 digits', 'aws://1234/ap-northeast-1', 'the account must be 12 digits or unknown-account'],
  ])('names an environment that is %s', (_case, environment, message) => {
    const dir = assembly({
      'manifest.json': { artifacts: { S: { ...stackArtifact('S.template.json'), environment } } },
      'S.template.json': minimalTemplate,
    });
    expect(() => readCloudAssembly(dir)).toThrow(`${join(dir, 'manifest.json')}: S: environment `);
    expect(() => readCloudAssembly(dir)).toThrow(message);
  });

  test('reads the stacks of nested cloud assemblies (CDK stages) after the top-level ones', () => {
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } },
          Top: stackArtifact('Top.template.json'),
        },
      },
      'Top.template.json': minimalTemplate,
      'assembly-Stage/manifest.json': { artifacts: { StageStack: stackArtifact('StageStack.template.json') } },
      'assembly-Stage/StageStack.template.json': minimalTemplate,
    });
    const stacks = readCloudAssembly(dir);
    expect(stacks.map((stack) => stack.stackName)).toEqual(['Top', 'StageStack']);
    expect(stacks[1].templateFile).toBe(join(dir, 'assembly-Stage', 'StageStack.template.json'));
  });

  test('refuses a folder without manifest.json', () => {
    const dir = assembly({ 'other.json': '{}' });
    expect(() => readCloudAssembly(dir)).toThrow(new DeployError(`${dir}: no manifest.json: not a cloud assembly (run cdk synth first)`));
  });

  test('names a manifest that is not JSON', () => {
    const dir = assembly({ 'manifest.json': '{ nope' });
    expect(() => readCloudAssembly(dir)).toThrow(`${join(dir, 'manifest.json')}: the cloud assembly manifest is not valid JSON`);
  });

  test('names the template file a stack artifact points to when it is missing', () => {
    const dir = assembly({ 'manifest.json': { artifacts: { Gone: stackArtifact('Gone.template.json') } } });
    expect(() => readCloudAssembly(dir))
      .toThrow(`${join(dir, 'manifest.json')}: Gone: template file ${join(dir, 'Gone.template.json')} does not exist`);
  });

  test('names the asset manifest and the folder of a missing asset', () => {
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          'S.assets': { type: 'cdk:asset-manifest', properties: { file: 'S.assets.json' } },
          'S': stackArtifact('S.template.json', ['S.assets']),
        },
      },
      'S.template.json': minimalTemplate,
      'S.assets.json': assetManifest('asset.abc', 'abc.zip'),
    });
    expect(() => readCloudAssembly(dir))
      .toThrow(`${join(dir, 'S.assets.json')}: asset hash1: ${join(dir, 'asset.abc')} does not exist`);
  });

  test('names a missing asset manifest', () => {
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          'S.assets': { type: 'cdk:asset-manifest', properties: { file: 'S.assets.json' } },
          'S': stackArtifact('S.template.json', ['S.assets']),
        },
      },
      'S.template.json': minimalTemplate,
    });
    expect(() => readCloudAssembly(dir)).toThrow(`${join(dir, 'manifest.json')}: S: asset manifest ${join(dir, 'S.assets.json')} does not exist`);
  });

  test('maps file assets, folders and files alike, and ignores docker images', () => {
    const dir = assembly({
      'manifest.json': {
        artifacts: {
          'S.assets': { type: 'cdk:asset-manifest', properties: { file: 'S.assets.json' } },
          'S': stackArtifact('S.template.json', ['S.assets']),
        },
      },
      'S.template.json': minimalTemplate,
      'asset.dir/index.py': 'def handler(e, c): pass',
      'asset.file.zip': 'PK',
      'S.assets.json': {
        files: {
          dir: { source: { path: 'asset.dir', packaging: 'zip' }, destinations: { d: { objectKey: 'dir.zip' } } },
          file: { source: { path: 'asset.file.zip', packaging: 'file' }, destinations: { d: { objectKey: 'file.zip' } } },
        },
        dockerImages: { image: { source: { directory: 'asset.image' }, destinations: {} } },
      },
    });
    const [stack] = readCloudAssembly(dir);
    expect([...stack.assetPaths]).toEqual([['dir.zip', join(dir, 'asset.dir')], ['file.zip', join(dir, 'asset.file.zip')]]);
  });

  test('names the stacks of a circular dependency', () => {
    const dir = assembly({
      'manifest.json': { artifacts: { A: stackArtifact('A.template.json', ['B']), B: stackArtifact('B.template.json', ['A']) } },
      'A.template.json': minimalTemplate,
      'B.template.json': minimalTemplate,
    });
    expect(() => readCloudAssembly(dir)).toThrow(`${join(dir, 'manifest.json')}: circular dependency between stacks: [A, B]`);
  });
});
