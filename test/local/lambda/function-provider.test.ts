import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT, deployEnvironment, deployFunction, inlineNode, inlinePython, invokeJson, newService, REGION, tempFolder } from './lambda-test-support';
import { DeployError, NotSupportedError } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';

describe('AWS::Lambda::Function provider', () => {
  let service: LambdaService;
  let lines: string[];
  const assets = tempFolder();

  beforeEach(() => {
    ({ service, lines } = newService());
  });
  afterEach(async () => {
    await service.stop();
  });
  afterAll(() => assets.remove());

  test('a function without FunctionName gets a generated name; Ref is the name and Arn its ARN', async () => {
    const resource = await deployFunction(service, 'Handler', inlinePython('def handler(e, c):\n    return 1\n'));

    expect(resource.ref).toMatch(/^TestStack-Handler-[A-Za-z0-9]{12}$/);
    expect(resource.attributes.Arn).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:${resource.ref}`);
    expect(service.getFunction(resource.ref)).toMatchObject({ runtime: 'python3.11', memorySize: 128, timeout: 3, architectures: ['x86_64'] });
  });

  test('a generated name is cut to 64 characters', async () => {
    const resource = await deployFunction(service, 'A'.repeat(80), inlinePython('def handler(e, c):\n    return 1\n'));

    expect(resource.ref).toHaveLength(64);
  });

  test('a function is found by name, ARN and partial ARN', async () => {
    const { ref, attributes } = await deployFunction(service, 'Named', inlinePython('def handler(e, c):\n    return 1\n', { FunctionName: 'my-function' }));

    expect(ref).toBe('my-function');
    expect(service.getFunction(attributes.Arn)?.name).toBe('my-function');
    expect(service.getFunction(`${ACCOUNT}:function:my-function`)?.name).toBe('my-function');
    expect(service.getFunction(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:my-function`)).toBeUndefined();
  });

  test('a second function with the same name fails as Lambda does', async () => {
    await deployFunction(service, 'First', inlinePython('def handler(e, c):\n    return 1\n', { FunctionName: 'taken' }));

    await expect(deployFunction(service, 'Second', inlinePython('def handler(e, c):\n    return 1\n', { FunctionName: 'taken' })))
      .rejects.toThrow(/Second: Function already exist: taken/);
  });

  test.each(['dotnet8', 'ruby3.3'])('runtime %s is not supported, in one line that lists what runs', async (runtime) => {
    const deploy = deployFunction(service, 'Other', { Runtime: runtime, Handler: 'x', Code: { ZipFile: '' } });

    await expect(deploy).rejects.toBeInstanceOf(NotSupportedError);
    await expect(deploy).rejects.toThrow(new RegExp(`^not supported: runtime ${runtime.replace('.', '\\.')} \\(the offline cloud runs python3\\.\\*, nodejs\\*, provided\\.al2023, provided\\.al2, java\\* functions\\) at Other$`));
  });

  test('a zip asset is unzipped into the function\'s own folder, as Lambda unpacks it', async () => {
    const source = path.join(assets.dir, 'zip-source');
    fs.mkdirSync(path.join(source, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(source, 'pkg', 'app.py'), 'def main(event, context):\n    return "from the zip"\n');
    const zipFile = path.join(assets.dir, 'code-asset.zip');
    execFileSync('python3', ['-c', 'import shutil, sys; shutil.make_archive(sys.argv[1][:-4], "zip", sys.argv[2])', zipFile, source]);

    const { ref } = await deployFunction(service, 'FromZip', {
      Runtime: 'python3.11', Handler: 'pkg/app.main', Code: { S3Bucket: 'cdk-hnb659fds-assets', S3Key: 'code.zip' },
    }, deployEnvironment({ 'code.zip': zipFile }));

    expect(service.getFunction(ref)?.codeDir).not.toBe(zipFile);
    expect(fs.readFileSync(path.join(service.getFunction(ref)!.codeDir, 'pkg', 'app.py'), 'utf8')).toContain('from the zip');
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'from the zip' });
  });

  test.each(['provided.al2023', 'java21'])('runtime %s takes no inline code: its code comes as an asset', async (runtime) => {
    await expect(deployFunction(service, 'Custom', { Runtime: runtime, Handler: 'x', Code: { ZipFile: '' } }))
      .rejects.toThrow(`Custom: Code.ZipFile (inline code) is for Node.js and Python functions only; runtime ${runtime} needs its code as an asset`);
  });

  test('container image code is not supported', async () => {
    await expect(deployFunction(service, 'Image', { PackageType: 'Image', Code: { ImageUri: '123.dkr.ecr/x:1' } }))
      .rejects.toThrow('not supported: PackageType Image (container image functions) at Image');
    await expect(deployFunction(service, 'Image2', { Runtime: 'python3.12', Handler: 'a.b', Code: { ImageUri: '123.dkr.ecr/x:1' } }))
      .rejects.toThrow('not supported: Code.ImageUri (container image functions) at Image2');
  });

  test('code from an S3 key runs from the asset folder the deploy environment maps it to', async () => {
    const codeDir = path.join(assets.dir, 'asset.abc123');
    fs.mkdirSync(path.join(codeDir, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(codeDir, 'pkg', '__init__.py'), '');
    fs.writeFileSync(path.join(codeDir, 'pkg', 'app.py'), 'from pkg import helper\ndef main(event, context):\n    return helper.greet(event["who"])\n');
    fs.writeFileSync(path.join(codeDir, 'pkg', 'helper.py'), 'def greet(who):\n    return "hi " + who\n');

    const { ref } = await deployFunction(service, 'FromAsset', {
      Runtime: 'python3.11', Handler: 'pkg/app.main', Code: { S3Bucket: 'cdk-hnb659fds-assets', S3Key: 'abc123.zip' },
    }, deployEnvironment({ 'abc123.zip': codeDir }));

    expect(service.getFunction(ref)?.codeDir).toBe(codeDir);
    expect(await invokeJson(service, ref, { who: 'asset' })).toEqual({ functionError: undefined, body: 'hi asset' });
    expect(fs.readdirSync(path.join(codeDir, 'pkg'))).not.toContain('__pycache__');
  });

  test('an S3 key no asset maps, a missing path, or a file that is no archive is a deploy error that says so', async () => {
    const zipFile = path.join(assets.dir, 'code.zip');
    fs.writeFileSync(zipFile, 'PK');
    const code = (key: string) => ({ Runtime: 'python3.11', Handler: 'index.handler', Code: { S3Bucket: 'bucket', S3Key: key } });
    const environment = deployEnvironment({ 'gone.zip': path.join(assets.dir, 'gone'), 'zipped.zip': zipFile });

    await expect(deployFunction(service, 'Unknown', code('unknown.zip'), environment)).rejects.toThrow(/Unknown: Code s3:\/\/bucket\/unknown\.zip: no asset/);
    await expect(deployFunction(service, 'Gone', code('gone.zip'), environment)).rejects.toThrow(/Gone: .*does not exist/);
    await expect(deployFunction(service, 'Zipped', code('zipped.zip'), environment)).rejects.toThrow(/Zipped: .*is a file but not a \.zip or \.jar archive/);
  });

  test('reserved environment variables are refused with Lambda\'s message', async () => {
    const deploy = deployFunction(service, 'Reserved', inlinePython('', { Environment: { Variables: { AWS_REGION: 'x', OK: 'y' } } }));

    await expect(deploy).rejects.toBeInstanceOf(DeployError);
    await expect(deploy).rejects.toThrow(/contains reserved keys that are currently not supported for modification\. Reserved keys used in this request: AWS_REGION/);
  });

  test('memory and timeout outside Lambda\'s ranges are refused', async () => {
    await expect(deployFunction(service, 'Tiny', inlinePython('', { MemorySize: 64 })))
      .rejects.toThrow(/Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128/);
    await expect(deployFunction(service, 'Long', inlinePython('', { Timeout: 901 })))
      .rejects.toThrow(/Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900/);
  });

  test('a runtime version this machine does not have is a warning, once per runtime, and the function still runs', async () => {
    const [major, minor] = execFileSync('python3', ['-c', 'import sys; print(sys.version_info[0], sys.version_info[1])']).toString().trim().split(' ');
    const otherPython = `python${major}.${Number(minor) + 1}`;
    const otherNode = `nodejs${Number(process.versions.node.split('.')[0]) + 2}.x`;

    const { ref } = await deployFunction(service, 'NewPython', inlinePython('def handler(e, c):\n    return "ok"\n', { Runtime: otherPython }));
    await deployFunction(service, 'NewPython2', inlinePython('def handler(e, c):\n    return "ok"\n', { Runtime: otherPython }));
    await deployFunction(service, 'NewNode', inlineNode('exports.handler = async () => 1;', { Runtime: otherNode }));
    const warnings = lines.filter((line) => line.includes('warning: runtime'));

    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`runtime ${otherPython} asks for Python ${major}.${Number(minor) + 1}; this machine runs it with Python ${major}.${minor}`);
    expect(warnings[1]).toContain(`runtime ${otherNode} asks for Node.js`);
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'ok' });
  });

  test('inline code is written to a temporary folder that stop() removes', async () => {
    const { ref } = await deployFunction(service, 'Inline', inlineNode('exports.handler = async () => 1;'));
    const codeDir = service.getFunction(ref)!.codeDir;

    expect(fs.readFileSync(path.join(codeDir, 'index.js'), 'utf8')).toBe('exports.handler = async () => 1;');
    await service.stop();
    await service.stop();
    expect(fs.existsSync(codeDir)).toBe(false);
  });
});
