import * as fs from 'fs';
import * as path from 'path';
import { deployOneApi, newCloud, removeTempDirs, request, tempDir, writeTemplate } from './local-cloud-support';
import { descendants } from './process-tree';
import { graviton, stopGravitonProcesses } from './serve-process';
import { reference } from './templates';
import { DeployError } from '../../src/local/cloudformation/resource-provider';
import { LocalCloud } from '../../src/local/local-cloud';

/**
 * A malformed template fails the deploy with a message naming the file, the logical id and the
 * problem, and starts nothing: no server listens, no process runs.
 */
jest.setTimeout(30_000);

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(async () => {
  await cloud.stop();
  await stopGravitonProcesses();
});
afterAll(removeTempDirs);

/** Listening servers of this process (the API servers, the Lambda Invoke API, the custom resource endpoint). */
function listeningServers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPServerWrap').length;
}

/** Deploys `source`, expecting it to fail with `message`; checks that nothing was started. */
async function expectFailedDeploy(source: string, message: string | RegExp): Promise<void> {
  // Let servers closed by an earlier test leave the list first.
  await new Promise(setImmediate);
  const servers = listeningServers();
  const processes = descendants(process.pid);
  await expect(cloud.deploy(source)).rejects.toThrow(DeployError);
  await expect(cloud.deploy(source)).rejects.toThrow(message);
  expect(cloud.servedApis()).toEqual([]);
  expect(listeningServers()).toBe(servers);
  expect(descendants(process.pid)).toEqual(processes);
}

/** A cloud assembly with one stack: the reference template, its function's code an asset folder. */
function assemblyWithAsset(): { dir: string; templateFile: string; assetDir: string } {
  const dir = tempDir('graviton-local-cdkout-');
  const template = reference();
  template.Resources.Function.Properties.Code = { S3Bucket: 'cdk-assets-bucket', S3Key: 'abc123.zip' };
  const templateFile = path.join(dir, 'Stack.template.json');
  fs.writeFileSync(templateFile, JSON.stringify(template));
  fs.writeFileSync(path.join(dir, 'Stack.assets.json'), JSON.stringify({
    version: '53.0.0',
    files: { abc123: { source: { path: 'asset.abc123', packaging: 'zip' }, destinations: { d: { bucketName: 'cdk-assets-bucket', objectKey: 'abc123.zip' } } } },
  }));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '53.0.0',
    artifacts: {
      'Stack.assets': { type: 'cdk:asset-manifest', properties: { file: 'Stack.assets.json' } },
      'Stack': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Stack.template.json' }, dependencies: ['Stack.assets'] },
    },
  }));
  const assetDir = path.join(dir, 'asset.abc123');
  fs.mkdirSync(assetDir);
  fs.writeFileSync(path.join(assetDir, 'index.py'), 'def lambda_handler(event, context):\n    return "from the asset"\n');
  return { dir, templateFile, assetDir };
}

test('bad YAML: the file, the resource, the line and what is wrong', async () => {
  const file = writeTemplate([
    'Resources:',
    '  Good:',
    '    Type: AWS::Logs::LogGroup',
    '  Broken:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    '      LogGroupName: "never closed',
  ].join('\n'), 'broken.yaml');
  await expectFailedDeploy(file, `${file}: Broken: line 7, column 34: invalid YAML: Missing closing "quote`);
});

test('a Ref to nothing: the file, the resource that refers and the missing name', async () => {
  const template = reference();
  template.Resources.Integration.Properties.IntegrationUri = { Ref: 'Ghost' };
  const file = writeTemplate(template);
  await expectFailedDeploy(file, `${file}: Integration: unresolved reference to Ghost`);
});

test('a circular dependency: the file and every resource in the cycle', async () => {
  const template = reference();
  template.Resources.Function.DependsOn = 'Route';
  const file = writeTemplate(template);
  await expectFailedDeploy(file, `${file}: Circular dependency between resources: [Function, InvokeRole, Integration, Route]`);
});

test('a missing asset folder: the template, the function that needs it and the folder', async () => {
  const { dir, templateFile, assetDir } = assemblyWithAsset();
  fs.rmSync(assetDir, { recursive: true });
  await expectFailedDeploy(dir, `${templateFile}: Function: the asset ${assetDir} does not exist`);
});

test('the same assembly with its asset folder deploys and runs the asset\'s code', async () => {
  const { dir } = assemblyWithAsset();
  const url = await deployOneApi(cloud, dir);
  expect((await request(url)).body).toBe('from the asset');
});

test('graviton-local serve of a malformed template exits 1 with the message and serves nothing', async () => {
  const template = reference();
  template.Resources.Function.DependsOn = 'Route';
  const file = writeTemplate(template);
  const run = graviton(['serve', file]);

  expect(await run.exit).toBe(1);
  expect(run.stderr()).toContain(`graviton-local: deploy failed: ${file}: Circular dependency between resources: [Function, InvokeRole, Integration, Route]`);
  expect(run.stdout).toEqual([]);
});
