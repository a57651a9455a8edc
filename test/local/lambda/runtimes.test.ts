import { deployFunction, invokeJson, newService, REGION } from './lambda-test-support';
import { FAMILY_SETUP_TIMEOUT_MS, RUNTIME_FAMILIES } from './runtime-families';
import { DeployEnvironment } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';

/**
 * What a function of every runtime family does alike: answers, context and environment, errors,
 * warm processes and logs. What only one family does is in python-runtime, nodejs-runtime,
 * java-runtime and provided-runtime.
 */
describe.each(RUNTIME_FAMILIES)('$family functions', ({ runtime, inline, handlers, ...family }) => {
  let service: LambdaService;
  let lines: string[];
  let environment: DeployEnvironment;

  beforeAll(async () => {
    ({ service, lines } = newService());
    environment = await family.deployEnvironment();
    process.env.MY_SECRET = 'do-not-leak';
  }, FAMILY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    delete process.env.MY_SECRET;
    await service.stop();
  });

  const deploy = (logicalId: string, properties: Record<string, any>) => deployFunction(service, logicalId, properties, environment);
  /** The function's log lines without the `[name] ` prefix. */
  const linesOf = (ref: string) => lines.filter((line) => line.startsWith(`[${ref}] `)).map((line) => line.slice(ref.length + 3));

  test('a handler returns its value as the JSON payload', async () => {
    const { ref } = await deploy('Hello', inline(handlers.greeting));

    const result = await service.invoke(ref, Buffer.from('{"name":"offline"}'));

    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBeUndefined();
    expect(result.executedVersion).toBe('$LATEST');
    expect(JSON.parse(result.payload.toString())).toEqual({ statusCode: 200, body: '"Hello offline"' });
  });

  test('a handler returning nothing answers null', async () => {
    const { ref } = await deploy('Nothing', inline(handlers.nothing));

    const result = await service.invoke(ref, Buffer.from('{}'));

    expect(result.payload.toString()).toBe('null');
  });

  test('the handler sees the context and only the environment Lambda gives plus its own variables', async () => {
    const properties = inline(handlers.context, { MemorySize: 256, Timeout: 10, Environment: { Variables: { STAGE: 'test' } } });
    const { ref, attributes } = await deploy('Context', properties);
    const clientContext = Buffer.from(JSON.stringify({ custom: { app: 'tests' } })).toString('base64');

    const result = await service.invoke(ref, Buffer.from('{}'), { clientContext });
    const body = JSON.parse(result.payload.toString());

    expect(body).toMatchObject({
      functionName: ref,
      functionVersion: '$LATEST',
      invokedFunctionArn: attributes.Arn,
      memoryLimitInMB: '256',
      awsRequestId: result.requestId,
      logGroupName: `/aws/lambda/${ref}`,
      clientContextCustom: { app: 'tests' },
      ...family.contextExtras,
    });
    expect(body.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(8000);
    expect(body.remaining).toBeLessThanOrEqual(10000);
    expect(body.env).toMatchObject({
      _HANDLER: properties.Handler,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: ref,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: body.cwd,
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
      STAGE: 'test',
    });
    expect(family.traceHeader(body)).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
    expect(body.env.MY_SECRET).toBeUndefined();
    expect(body.env.HOME).toBeUndefined();
    expect(body.env.NODE_OPTIONS).toBeUndefined();
    expect(body.env.AWS_ACCESS_KEY_ID).toBeDefined();
    expect(body.env.AWS_ACCESS_KEY_ID).not.toBe(process.env.AWS_ACCESS_KEY_ID);
    expect(body.env.AWS_SECRET_ACCESS_KEY).not.toBe(process.env.AWS_SECRET_ACCESS_KEY);
    // The offline cloud's own runtime clients reach the Runtime API over a pipe, not HTTP, and
    // take the pipe's number out of the environment before the handler loads; a custom runtime
    // (and Java's client) finds the HTTP Runtime API where Lambda says.
    expect(body.env.AWS_LAMBDA_RUNTIME_API).toEqual(family.runtimeApiVariable);
    expect(body.env.GRAVITON_LOCAL_RUNTIME_FD).toBeUndefined();
  });

  test('a thrown error becomes an Unhandled function error with the runtime\'s error document, and the next invoke succeeds', async () => {
    const { ref } = await deploy('Throws', inline(handlers.throws));

    const failed = await service.invoke(ref, Buffer.from('{"fail":true}'), { logType: 'Tail' });
    const document = JSON.parse(failed.payload.toString());
    const log = Buffer.from(failed.logResult!, 'base64').toString();

    expect(failed.statusCode).toBe(200);
    expect(failed.functionError).toBe('Unhandled');
    expect(document).toEqual(family.thrownError(failed.requestId));
    expect(log).toContain(family.thrownErrorLog);
    expect(log).toContain(`START RequestId: ${failed.requestId} Version: $LATEST`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${failed.requestId}\tDuration: [\\d.]+ ms`));
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'fine' });
  });

  test('a response over 6 MB is the function error Function.ResponseSizeTooLarge, every time', async () => {
    const { ref } = await deploy('Big', inline(handlers.big));
    const sizeError = {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    };

    expect(await invokeJson(service, ref)).toEqual({ functionError: 'Unhandled', body: sizeError });
    expect(await invokeJson(service, ref)).toEqual({ functionError: 'Unhandled', body: sizeError });
  });

  test('sequential invokes reuse the warm process: module state survives', async () => {
    const { ref } = await deploy('Counter', inline(handlers.counter));

    const first = await invokeJson(service, ref);
    const second = await invokeJson(service, ref);

    expect(first.body.count).toBe(1);
    expect(second.body).toEqual({ count: 2, pid: first.body.pid });
  });

  test('function output goes to the log sink prefixed with the function name, with START, END and REPORT lines', async () => {
    const { ref } = await deploy('Printer', inline(handlers.printer));

    const result = await service.invoke(ref, Buffer.from('{}'));

    expect(result.payload.toString()).toBe('null');
    expect(linesOf(ref)).toContainEqual(family.printedLine(result.requestId));
    expect(lines).toContain(`[${ref}] START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines).toContain(`[${ref}] END RequestId: ${result.requestId}`);
    expect(lines.some((line) => line.startsWith(`[${ref}] REPORT RequestId: ${result.requestId}\t`) && line.includes('Init Duration'))).toBe(true);
  });

  test('a proxy in the function\'s environment does not reroute the runtime client\'s own calls', async () => {
    const { ref } = await deploy('Proxied', inline(handlers.proxy, {
      Environment: { Variables: { HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9' } },
    }));

    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'http://127.0.0.1:9' });
  });
});

/**
 * Runtimes that load a handler by its name from the code (`file.function`, Java's
 * `Class::method`): what a wrong name does.
 */
describe.each(RUNTIME_FAMILIES.filter((family) => family.handlerLoading))('$family handler loading', ({ inline, handlers, handlerLoading, ...family }) => {
  let service: LambdaService;
  let environment: DeployEnvironment;

  beforeAll(async () => {
    ({ service } = newService());
    environment = await family.deployEnvironment();
  }, FAMILY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await service.stop();
  });

  test('a module (class) that cannot be found fails the invoke with the runtime\'s error (Python, Node.js: a Runtime.ImportModuleError init error)', async () => {
    const { ref } = await deployFunction(service, 'NoModule', inline(handlers.nothing, { Handler: handlerLoading!.handlerIn('missing') }), environment);

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject(handlerLoading!.missingModuleError('missing'));
  });

  test('a module without the handler fails the invoke with the runtime\'s error (Python, Node.js: a Runtime.HandlerNotFound init error)', async () => {
    const { ref } = await deployFunction(service, 'NoHandler', inline(handlerLoading!.noHandler), environment);

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject(handlerLoading!.missingHandlerError);
  });
});
