import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployEnvironment, deployFunction, inlineNode, invokeJson, newService, tempFolder } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

/** What only Node.js functions do; what every runtime family does alike is in runtimes.test.ts. */
describe('Node.js functions, Node.js only', () => {
  let service: LambdaService;
  const assets = tempFolder();

  beforeAll(() => {
    ({ service } = newService());
  });
  afterAll(async () => {
    await service.stop();
    assets.remove();
  });

  test('a callback-style handler answers through its callback', async () => {
    const { ref } = await deployFunction(service, 'Callback', inlineNode(
      'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 }), 10); };',
    ));

    expect(await invokeJson(service, ref, { n: 21 })).toEqual({ functionError: undefined, body: { doubled: 42 } });
  });

  test('an error passed to the callback is a function error too', async () => {
    const { ref } = await deployFunction(service, 'CallbackError', inlineNode(
      'exports.handler = (event, context, callback) => callback(new Error("callback failed"));',
    ));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorType: 'Error', errorMessage: 'callback failed' });
  });

  test('an ES module handler (.mjs) in a sub-folder of an asset is loaded with import()', async () => {
    const codeDir = path.join(assets.dir, 'asset.esm');
    fs.mkdirSync(path.join(codeDir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(codeDir, 'src', 'app.mjs'), 'export const main = async (event) => ({ module: typeof require, got: event.x });\n');

    const { ref } = await deployFunction(service, 'Esm', {
      Runtime: 'nodejs20.x',
      Handler: 'src/app.main',
      Role: 'arn:aws:iam::123456789012:role/fn',
      Code: { S3Bucket: 'cdk-assets', S3Key: 'esm.zip' },
    }, deployEnvironment({ 'esm.zip': codeDir }));

    expect(await invokeJson(service, ref, { x: 1 })).toEqual({ functionError: undefined, body: { module: 'undefined', got: 1 } });
  });

  test('a .js handler under package.json "type": "module" is an ES module, top-level await included', async () => {
    const codeDir = path.join(assets.dir, 'asset.typemodule');
    fs.mkdirSync(codeDir, { recursive: true });
    fs.writeFileSync(path.join(codeDir, 'package.json'), '{"type": "module"}');
    fs.writeFileSync(path.join(codeDir, 'index.js'), 'const ready = await Promise.resolve("awaited");\nexport const handler = async () => ready;\n');

    const { ref } = await deployFunction(service, 'TypeModule', {
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { S3Bucket: 'cdk-assets', S3Key: 'typemodule.zip' },
    }, deployEnvironment({ 'typemodule.zip': codeDir }));

    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'awaited' });
  });
});
