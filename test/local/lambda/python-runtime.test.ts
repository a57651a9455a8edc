import { deployFunction, inlinePython, invokeJson, newService, REGION } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

describe('Python functions', () => {
  let service: LambdaService;
  let lines: string[];

  beforeAll(() => {
    ({ service, lines } = newService());
    process.env.MY_SECRET = 'do-not-leak';
  });
  afterAll(async () => {
    delete process.env.MY_SECRET;
    await service.stop();
  });

  test('an inline handler returns its value as the JSON payload', async () => {
    const { ref } = await deployFunction(service, 'Hello', inlinePython([
      'import json',
      'def handler(event, context):',
      '    return {"statusCode": 200, "body": json.dumps("Hello " + event["name"])}',
    ].join('\n')));

    const result = await service.invoke(ref, Buffer.from('{"name":"offline"}'));

    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBeUndefined();
    expect(result.executedVersion).toBe('$LATEST');
    expect(JSON.parse(result.payload.toString())).toEqual({ statusCode: 200, body: '"Hello offline"' });
  });

  test('the handler sees the context and only the environment Lambda gives plus its own variables', async () => {
    const { ref, attributes } = await deployFunction(service, 'Context', inlinePython([
      'import os',
      'def handler(event, context):',
      '    return {',
      '        "function_name": context.function_name,',
      '        "function_version": context.function_version,',
      '        "invoked_function_arn": context.invoked_function_arn,',
      '        "memory_limit_in_mb": context.memory_limit_in_mb,',
      '        "aws_request_id": context.aws_request_id,',
      '        "log_group_name": context.log_group_name,',
      '        "log_stream_name": context.log_stream_name,',
      '        "remaining": context.get_remaining_time_in_millis(),',
      '        "env": dict(os.environ),',
      '        "cwd": os.getcwd(),',
      '    }',
    ].join('\n'), { MemorySize: 256, Timeout: 10, Environment: { Variables: { STAGE: 'test' } } }));

    const { body } = await invokeJson(service, ref);

    expect(body.function_name).toBe(ref);
    expect(body.function_version).toBe('$LATEST');
    expect(body.invoked_function_arn).toBe(attributes.Arn);
    expect(body.memory_limit_in_mb).toBe('256');
    expect(body.aws_request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.log_group_name).toBe(`/aws/lambda/${ref}`);
    expect(body.log_stream_name).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.remaining).toBeGreaterThan(8000);
    expect(body.remaining).toBeLessThanOrEqual(10000);
    expect(body.env).toMatchObject({
      _HANDLER: 'index.handler',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.11',
      AWS_LAMBDA_FUNCTION_NAME: ref,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: body.cwd,
      TZ: 'UTC',
      STAGE: 'test',
    });
    expect(body.env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};/);
    expect(body.env.MY_SECRET).toBeUndefined();
    expect(body.env.HOME).toBeUndefined();
    expect(body.env.AWS_ACCESS_KEY_ID).toBeDefined();
    expect(body.env.AWS_ACCESS_KEY_ID).not.toBe(process.env.AWS_ACCESS_KEY_ID);
    expect(body.env.AWS_SECRET_ACCESS_KEY).not.toBe(process.env.AWS_SECRET_ACCESS_KEY);
    // The offline cloud's own runtime client reaches the Runtime API over a pipe, not HTTP, and
    // takes the pipe's number out of the environment before the handler loads.
    expect(body.env.AWS_LAMBDA_RUNTIME_API).toBeUndefined();
    expect(body.env.GRAVITON_LOCAL_RUNTIME_FD).toBeUndefined();
  });

  test('an exception becomes an Unhandled function error with the AWS error document, and the next invoke succeeds', async () => {
    const { ref } = await deployFunction(service, 'Throws', inlinePython([
      'def handler(event, context):',
      '    if event.get("fail"):',
      '        raise ValueError("bad input")',
      '    return "fine"',
    ].join('\n')));

    const failed = await service.invoke(ref, Buffer.from('{"fail":true}'), { logType: 'Tail' });
    const document = JSON.parse(failed.payload.toString());
    const log = Buffer.from(failed.logResult!, 'base64').toString();

    expect(failed.statusCode).toBe(200);
    expect(failed.functionError).toBe('Unhandled');
    expect(document).toEqual({
      errorMessage: 'bad input',
      errorType: 'ValueError',
      requestId: failed.requestId,
      stackTrace: [expect.stringMatching(/index\.py", line 3, in handler\n/)],
    });
    expect(log).toContain('[ERROR] ValueError: bad input');
    expect(log).toContain(`START RequestId: ${failed.requestId} Version: $LATEST`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${failed.requestId}\tDuration: [\\d.]+ ms`));
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'fine' });
  });

  test('a result that is not JSON serializable is a Runtime.MarshalError', async () => {
    const { ref } = await deployFunction(service, 'Marshal', inlinePython('def handler(event, context):\n    return {1, 2}\n'));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body.errorType).toBe('Runtime.MarshalError');
    expect(body.errorMessage).toMatch(/^Unable to marshal response: Object of type set is not JSON serializable/);
  });

  test('Decimal values (as boto3 returns DynamoDB numbers) are written as numbers', async () => {
    const { ref } = await deployFunction(service, 'Decimals', inlinePython([
      'from decimal import Decimal',
      'def handler(event, context):',
      '    return {"count": Decimal("3"), "price": Decimal("2.5")}',
    ].join('\n')));

    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: { count: 3, price: 2.5 } });
  });

  test('a module that cannot be imported is a Runtime.ImportModuleError init error', async () => {
    const { ref } = await deployFunction(service, 'NoModule', inlinePython('def handler(e, c):\n    return 1\n', { Handler: 'missing.handler' }));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'missing': No module named 'missing'" });
  });

  test('a module without the handler function is a Runtime.HandlerNotFound init error', async () => {
    const { ref } = await deployFunction(service, 'NoHandler', inlinePython('def other(e, c):\n    return 1\n'));

    const { body } = await invokeJson(service, ref);

    expect(body).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'handler' missing on module 'index'" });
  });

  test('sequential invokes reuse the warm process: module state survives', async () => {
    const { ref } = await deployFunction(service, 'Counter', inlinePython([
      'import os',
      'count = 0',
      'def handler(event, context):',
      '    global count',
      '    count += 1',
      '    return {"count": count, "pid": os.getpid()}',
    ].join('\n')));

    const first = await invokeJson(service, ref);
    const second = await invokeJson(service, ref);

    expect(first.body.count).toBe(1);
    expect(second.body).toEqual({ count: 2, pid: first.body.pid });
  });

  test('function output goes to the log sink prefixed with the function name, with START, END and REPORT lines', async () => {
    const { ref } = await deployFunction(service, 'Printer', inlinePython('def handler(event, context):\n    print("hello from python")\n    return None\n'));

    const result = await service.invoke(ref, Buffer.from('{}'));

    expect(result.payload.toString()).toBe('null');
    expect(lines).toContain(`[${ref}] hello from python`);
    expect(lines).toContain(`[${ref}] START RequestId: ${result.requestId} Version: $LATEST`);
    expect(lines).toContain(`[${ref}] END RequestId: ${result.requestId}`);
    expect(lines.some((line) => line.startsWith(`[${ref}] REPORT RequestId: ${result.requestId}\t`) && line.includes('Init Duration'))).toBe(true);
  });

  test('a proxy in the function\'s environment does not reroute the runtime client\'s own calls', async () => {
    const { ref } = await deployFunction(service, 'Proxied', inlinePython('import os\ndef handler(e, c):\n    return os.environ["HTTP_PROXY"]\n', {
      Environment: { Variables: { HTTP_PROXY: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9' } },
    }));

    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'http://127.0.0.1:9' });
  });
});
