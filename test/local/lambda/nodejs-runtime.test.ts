import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployEnvironment, deployFunction, inlineNode, invokeJson, newService, tempFolder } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

describe('Node.js functions', () => {
  let service: LambdaService;
  const assets = tempFolder();

  beforeAll(() => {
    ({ service } = newService());
    process.env.MY_SECRET = 'do-not-leak';
  });
  afterAll(async () => {
    delete process.env.MY_SECRET;
    await service.stop();
    assets.remove();
  });

  test('an async handler returns its value as the JSON payload', async () => {
    const { ref } = await deployFunction(service, 'Async', inlineNode(
      'exports.handler = async (event) => ({ statusCode: 200, body: `Hello ${event.name}` });',
    ));

    const result = await service.invoke(ref, Buffer.from('{"name":"node"}'));

    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toEqual({ statusCode: 200, body: 'Hello node' });
  });

  test('a callback-style handler answers through its callback', async () => {
    const { ref } = await deployFunction(service, 'Callback', inlineNode(
      'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { doubled: event.n * 2 }), 10); };',
    ));

    expect(await invokeJson(service, ref, { n: 21 })).toEqual({ functionError: undefined, body: { doubled: 42 } });
  });

  test('a handler returning nothing answers null', async () => {
    const { ref } = await deployFunction(service, 'Nothing', inlineNode('exports.handler = async () => {};'));

    const result = await service.invoke(ref, Buffer.from('{}'));

    expect(result.payload.toString()).toBe('null');
  });

  test('the handler sees the context and only the environment Lambda gives plus its own variables', async () => {
    const { ref, attributes } = await deployFunction(service, 'Context', inlineNode([
      'exports.handler = async (event, context) => ({',
      '  functionName: context.functionName,',
      '  functionVersion: context.functionVersion,',
      '  invokedFunctionArn: context.invokedFunctionArn,',
      '  memoryLimitInMB: context.memoryLimitInMB,',
      '  awsRequestId: context.awsRequestId,',
      '  logGroupName: context.logGroupName,',
      '  remaining: context.getRemainingTimeInMillis(),',
      '  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,',
      '  clientContext: context.clientContext,',
      '  env: process.env,',
      '});',
    ].join('\n'), { MemorySize: 512, Environment: { Variables: { TABLE: 'items' } } }));
    const clientContext = Buffer.from(JSON.stringify({ custom: { app: 'tests' } })).toString('base64');

    const result = await service.invoke(ref, Buffer.from('{}'), { clientContext });
    const body = JSON.parse(result.payload.toString());

    expect(body).toMatchObject({
      functionName: ref,
      functionVersion: '$LATEST',
      invokedFunctionArn: attributes.Arn,
      memoryLimitInMB: '512',
      awsRequestId: result.requestId,
      logGroupName: `/aws/lambda/${ref}`,
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { app: 'tests' } },
    });
    expect(body.remaining).toBeGreaterThan(2000);
    expect(body.env).toMatchObject({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_NAME: ref,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      LANG: 'en_US.UTF-8',
      TABLE: 'items',
    });
    expect(body.env.MY_SECRET).toBeUndefined();
    expect(body.env.AWS_ACCESS_KEY_ID).not.toBe(process.env.AWS_ACCESS_KEY_ID);
    expect(body.env.NODE_OPTIONS).toBeUndefined();
  });

  test('a thrown error becomes an Unhandled function error with the Node error document, and the next invoke succeeds', async () => {
    const { ref } = await deployFunction(service, 'Throws', inlineNode([
      'exports.handler = async (event) => {',
      '  if (event.fail) throw new TypeError("bad input");',
      '  return "fine";',
      '};',
    ].join('\n')));

    const failed = await invokeJson(service, ref, { fail: true });

    expect(failed.functionError).toBe('Unhandled');
    expect(failed.body).toEqual({ errorType: 'TypeError', errorMessage: 'bad input', trace: expect.arrayContaining(['TypeError: bad input']) });
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'fine' });
  });

  test('an error passed to the callback is a function error too', async () => {
    const { ref } = await deployFunction(service, 'CallbackError', inlineNode(
      'exports.handler = (event, context, callback) => callback(new Error("callback failed"));',
    ));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorType: 'Error', errorMessage: 'callback failed' });
  });

  test('a missing export is a Runtime.HandlerNotFound init error', async () => {
    const { ref } = await deployFunction(service, 'NoExport', inlineNode('exports.other = async () => 1;'));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' });
  });

  test('a missing module is a Runtime.ImportModuleError init error', async () => {
    const { ref } = await deployFunction(service, 'NoModule', inlineNode('exports.handler = async () => 1;', { Handler: 'app.handler' }));

    const { body } = await invokeJson(service, ref);

    expect(body.errorType).toBe('Runtime.ImportModuleError');
    expect(body.errorMessage).toMatch(/^Error: Cannot find module 'app'/);
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
