import { ACCOUNT, deployEnvironment, deployFunction, inlineNode, inlinePython, newService, REGION } from './lambda-test-support';
import {
  InvalidRequestContentException, LambdaService, RequestTooLargeException, ResourceNotFoundException,
} from '../../../src/local/lambda';

describe('Invoke', () => {
  let service: LambdaService;
  let echo: string;

  beforeAll(async () => {
    ({ service } = newService());
    echo = (await deployFunction(service, 'Echo', inlinePython('def handler(event, context):\n    print("got", event)\n    return event\n'))).ref;
  });
  afterAll(async () => {
    await service.stop();
  });

  test('an unknown function is a ResourceNotFoundException (404) naming its ARN', async () => {
    const invoke = service.invoke('nope', Buffer.from('{}'));

    await expect(invoke).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(invoke).rejects.toMatchObject({ statusCode: 404, message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope` });
  });

  test('the $LATEST qualifier runs the function; any other qualifier is not found', async () => {
    const latest = await service.invoke(echo, Buffer.from('1'), { qualifier: '$LATEST' });

    expect(latest.payload.toString()).toBe('1');
    await expect(service.invoke(`${echo}:live`, Buffer.from('{}'))).rejects.toThrow(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:${echo}:live`);
  });

  test('a function of a stack in another account and Region: its ARN and AWS_REGION are that stack\'s; found by name or that ARN', async () => {
    const elsewhere = { ...deployEnvironment(), region: 'ap-northeast-1', accountId: '210987654321' };
    const { ref, attributes } = await deployFunction(service, 'Elsewhere',
      inlinePython('import os\n\ndef handler(event, context):\n    return [os.environ["AWS_REGION"], context.invoked_function_arn]\n'), elsewhere);
    const arn = `arn:aws:lambda:ap-northeast-1:210987654321:function:${ref}`;
    expect(attributes.Arn).toBe(arn);

    expect(JSON.parse((await service.invoke(ref, Buffer.from('{}'))).payload.toString())).toEqual(['ap-northeast-1', arn]);
    expect(JSON.parse((await service.invoke(arn, Buffer.from('{}'))).payload.toString())).toEqual(['ap-northeast-1', arn]);
    // The same name in the default account and Region is another function, which does not exist.
    const wrongPlace = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${ref}`;
    await expect(service.invoke(wrongPlace, Buffer.from('{}'))).rejects.toThrow(`Function not found: ${wrongPlace}`);
  });

  test('an empty payload is the event {}', async () => {
    const result = await service.invoke(echo, Buffer.alloc(0));

    expect(JSON.parse(result.payload.toString())).toEqual({});
  });

  test('a payload that is not JSON is an InvalidRequestContentException (400)', async () => {
    const invoke = service.invoke(echo, Buffer.from('not json'));

    await expect(invoke).rejects.toBeInstanceOf(InvalidRequestContentException);
    await expect(invoke).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/^Could not parse request body into json/) });
  });

  test('a payload over 6 MB is a RequestTooLargeException (413), over 1 MB for Event', async () => {
    const big = Buffer.from(JSON.stringify('x'.repeat(6 * 1024 * 1024)));
    const medium = Buffer.from(JSON.stringify('x'.repeat(1024 * 1024)));

    await expect(service.invoke(echo, big)).rejects.toBeInstanceOf(RequestTooLargeException);
    await expect(service.invoke(echo, big)).rejects.toMatchObject({ statusCode: 413 });
    await expect(service.invoke(echo, medium, { invocationType: 'Event' })).rejects.toBeInstanceOf(RequestTooLargeException);
  });

  test('a response over 6 MB is the function error Function.ResponseSizeTooLarge', async () => {
    const { ref } = await deployFunction(service, 'Big', inlineNode('exports.handler = async () => "x".repeat(6 * 1024 * 1024 + 200);'));

    const result = await service.invoke(ref, Buffer.from('{}'));

    expect(result.functionError).toBe('Unhandled');
    expect(JSON.parse(result.payload.toString())).toEqual({
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });

  test('DryRun validates and answers 204 without running the function', async () => {
    const result = await service.invoke(echo, Buffer.from('{"dry": true}'), { invocationType: 'DryRun', logType: 'Tail' });

    expect(result).toMatchObject({ statusCode: 204, executedVersion: '$LATEST' });
    expect(result.payload.length).toBe(0);
    expect(result.logResult).toBeUndefined();
  });

  test('LogType Tail returns the invocation\'s own log, base64, at most 4 KB', async () => {
    const { ref } = await deployFunction(service, 'Chatty', inlinePython('def handler(event, context):\n    for i in range(500):\n        print("line", i)\n'));

    const result = await service.invoke(ref, Buffer.from('{}'), { logType: 'Tail' });
    const tail = Buffer.from(result.logResult!, 'base64');

    expect(tail.length).toBe(4096);
    expect(tail.toString()).toContain('line 499\n');
    expect(tail.toString()).not.toContain('line 0\n');
    expect(tail.toString()).toMatch(new RegExp(`END RequestId: ${result.requestId}\nREPORT RequestId: ${result.requestId}\t.*\n$`));
  });

  test('without LogType Tail there is no log result', async () => {
    const result = await service.invoke(echo, Buffer.from('{}'));

    expect(result.logResult).toBeUndefined();
  });
});
