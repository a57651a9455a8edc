import * as http from 'node:http';
import { deployFunction, inlinePython, newService } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP request on a fresh connection (no keep-alive agent left behind). */
function request(url: string, method: string, body = '', headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/octet-stream', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Invoke API over HTTP', () => {
  let service: LambdaService;
  let baseUrl: string;
  let name: string;
  let arn: string;
  let lines: string[];

  beforeAll(async () => {
    ({ service, lines } = newService());
    ({ ref: name, attributes: { Arn: arn } } = await deployFunction(service, 'Api', inlinePython([
      'def handler(event, context):',
      '    if event.get("fail"):',
      '        raise KeyError("missing")',
      '    print("background", event.get("tag"))',
      '    return {"echo": event}',
    ].join('\n'))));
    baseUrl = await service.startInvokeApi();
  });
  afterAll(async () => {
    await service.stop();
  });

  const invokePath = (functionName: string) => `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;

  test('the server listens on loopback on a free port', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('POST .../invocations answers 200 with the payload and the executed version', async () => {
    const answer = await request(`${baseUrl}${invokePath(name)}`, 'POST', '{"a":1}');

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['x-amz-executed-version']).toBe('$LATEST');
    expect(answer.headers['x-amz-function-error']).toBeUndefined();
    expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(answer.body)).toEqual({ echo: { a: 1 } });
  });

  test('the function may be named by its URL-encoded ARN, with a Qualifier and a log tail', async () => {
    const answer = await request(`${baseUrl}${invokePath(arn)}?Qualifier=%24LATEST`, 'POST', '{"b":2}', { 'X-Amz-Log-Type': 'Tail' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ echo: { b: 2 } });
    expect(Buffer.from(answer.headers['x-amz-log-result'] as string, 'base64').toString()).toContain('START RequestId:');
  });

  test('a function error answers 200 with X-Amz-Function-Error: Unhandled and the error document', async () => {
    const answer = await request(`${baseUrl}${invokePath(name)}`, 'POST', '{"fail":true}');

    expect(answer.status).toBe(200);
    expect(answer.headers['x-amz-function-error']).toBe('Unhandled');
    expect(JSON.parse(answer.body)).toMatchObject({ errorType: 'KeyError', errorMessage: "'missing'" });
  });

  test('an unknown function answers 404 ResourceNotFoundException as AWS does', async () => {
    const answer = await request(`${baseUrl}${invokePath('nope')}`, 'POST', '{}');

    expect(answer.status).toBe(404);
    expect(answer.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(answer.body)).toEqual({ Type: 'User', message: 'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope' });
  });

  test('a body that is not JSON answers 400 InvalidRequestContentException', async () => {
    const answer = await request(`${baseUrl}${invokePath(name)}`, 'POST', '{oops');

    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
    expect(JSON.parse(answer.body).message).toMatch(/^Could not parse request body into json/);
  });

  test('a body over 6 MB answers 413 RequestTooLargeException', async () => {
    const answer = await request(`${baseUrl}${invokePath(name)}`, 'POST', JSON.stringify('x'.repeat(6 * 1024 * 1024)));

    expect(answer.status).toBe(413);
    expect(answer.headers['x-amzn-errortype']).toBe('RequestTooLargeException');
  });

  test('X-Amz-Invocation-Type: Event answers 202 and the function runs in the background', async () => {
    const answer = await request(`${baseUrl}${invokePath(name)}`, 'POST', '{"tag":"evt-1"}', { 'X-Amz-Invocation-Type': 'Event' });

    expect(answer.status).toBe(202);
    expect(answer.body).toBe('');
    const until = Date.now() + 3000;
    while (!lines.includes(`[${name}] background evt-1`) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toContain(`[${name}] background evt-1`);
  });

  test('throttling answers 429 TooManyRequestsException with its reason', async () => {
    const { service: throttled } = newService({ concurrencyLimit: 1 });
    try {
      const { ref } = await deployFunction(throttled, 'Slow', inlinePython('import time\ndef handler(e, c):\n    time.sleep(0.3)\n'));
      const url = `${await throttled.startInvokeApi()}${invokePath(ref)}`;

      const answers = await Promise.all([request(url, 'POST', '{}'), request(url, 'POST', '{}')]);
      const throttledAnswer = answers.find((answer) => answer.status === 429)!;

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429]);
      expect(throttledAnswer.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
      expect(JSON.parse(throttledAnswer.body)).toEqual({ Reason: 'ConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' });
    } finally {
      await throttled.stop();
    }
  });

  test('any other call answers 404 saying not supported and naming the calls that are', async () => {
    const answer = await request(`${baseUrl}/2015-03-31/functions/${name}/concurrency`, 'GET');

    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body).message).toMatch(
      /^not supported: GET \/2015-03-31\/functions\/\S+\/concurrency .* Invoke \(POST \/2015-03-31\/functions\/\{FunctionName\}\/invocations\), GetFunction .*GetPolicy/);
  });
});
