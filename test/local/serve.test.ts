import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { deployOneApi, newCloud, removeTempDirs, request, synthesize, writeTemplate } from './local-cloud-support';
import { waitFor } from './serve-process';
import { REFERENCE_YAML, reference } from './templates';
import { GravitonHttpLambdaApi, InvokePermissionMode } from '../../src';
import { LocalCloud } from '../../src/local/local-cloud';

const HELLO = 'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps("Hello form Awstut !")}\n';

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

function helloApp(permissionMode: InvokePermissionMode): string {
  return synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Hello', {
    code: lambda.Code.fromInline(HELLO),
    handler: 'index.lambda_handler',
    permissionMode,
  }));
}

describe('the reference answers', () => {
  test.each([
    ['the construct in ROLE mode', () => helloApp(InvokePermissionMode.ROLE)],
    ['the construct in RESOURCE_POLICY mode', () => helloApp(InvokePermissionMode.RESOURCE_POLICY)],
    ['the hand-written YAML reference template', () => REFERENCE_YAML],
  ])('%s: GET / is 200 "Hello form Awstut !" byte for byte, GET /hogehoge is 404 Not Found', async (_name, source) => {
    const url = await deployOneApi(cloud, source());

    const hello = await request(url);
    expect(hello.status).toBe(200);
    expect(hello.body).toBe('"Hello form Awstut !"');
    expect(hello.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9]+=*$/);

    const missing = await request(`${url}hogehoge`);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('{"message":"Not Found"}');
  });

  test('the stack output of the construct\'s URL points at the local server', async () => {
    const [stack] = await cloud.deploy(helloApp(InvokePermissionMode.ROLE));
    const urlOutput = Object.entries(stack.outputs).find(([id]) => id.startsWith('HelloUrl'))?.[1];
    expect(urlOutput).toBe(cloud.servedApis()[0].url);
  });
});

describe('missing grants answer 500 as on AWS', () => {
  test('RESOURCE_POLICY mode with the permission removed from the template', async () => {
    const outdir = helloApp(InvokePermissionMode.RESOURCE_POLICY);
    const templateFile = path.join(outdir, 'TestStack.template.json');
    const template = JSON.parse(fs.readFileSync(templateFile, 'utf-8'));
    for (const [id, resource] of Object.entries<any>(template.Resources)) {
      if (resource.Type === 'AWS::Lambda::Permission') delete template.Resources[id];
    }
    fs.writeFileSync(templateFile, JSON.stringify(template));
    const url = await deployOneApi(cloud, outdir);

    const response = await request(url);
    expect(response.status).toBe(500);
    expect(response.body).toBe('{"message":"Internal Server Error"}');
    expect(logs.join('\n')).toMatch(/no resource-policy statement allows apigateway.amazonaws.com/);
  });

  test('ROLE mode with the invoke role\'s policy removed', async () => {
    const template = reference();
    delete template.Resources.InvokeRole.Properties.Policies;
    const url = await deployOneApi(cloud, writeTemplate(template));

    expect((await request(url)).status).toBe(500);
    expect(logs.join('\n')).toMatch(/is not allowed lambda:InvokeFunction/);
  });

  test('ROLE mode with a role API Gateway is not trusted to assume', async () => {
    const template = reference();
    template.Resources.InvokeRole.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'lambda.amazonaws.com';
    const url = await deployOneApi(cloud, writeTemplate(template));

    expect((await request(url)).status).toBe(500);
    expect(logs.join('\n')).toMatch(/does not trust apigateway.amazonaws.com/);
  });
});

describe('function failures, and the next request after each', () => {
  const FAULTY = [
    'import json, time',
    '',
    'def lambda_handler(event, context):',
    '    path = event["rawPath"]',
    '    if path == "/throw":',
    '        raise ValueError("boom")',
    '    if path == "/malformed":',
    '        return {"statusCode": "not a status"}',
    '    if path == "/sleep":',
    '        time.sleep(5)',
    '    if path == "/bare":',
    '        return {"hello": "world"}',
    '    return {"statusCode": 200, "body": "ok"}',
  ].join('\n');

  let url: string;
  beforeEach(async () => {
    url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Faulty', {
      code: lambda.Code.fromInline(FAULTY),
      handler: 'index.lambda_handler',
      timeout: Duration.seconds(1),
      routeKeys: ['GET /', 'GET /throw', 'GET /malformed', 'GET /sleep', 'GET /bare'],
    })));
  });

  test.each([
    ['a handler that throws', 'throw'],
    ['a malformed response', 'malformed'],
    ['a handler that sleeps past its timeout', 'sleep'],
  ])('%s answers 500 and the next request succeeds', async (_name, routePath) => {
    const failed = await request(`${url}${routePath}`);
    expect(failed.status).toBe(500);
    expect(failed.body).toBe('{"message":"Internal Server Error"}');

    const next = await request(url);
    expect(next.status).toBe(200);
    expect(next.body).toBe('ok');
  });

  test('a bare object without statusCode is inferred as 200 application/json', async () => {
    const response = await request(`${url}bare`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ hello: 'world' });
  });
});

test('an integration that takes longer than its TimeoutInMillis answers 503', async () => {
  const template = reference();
  template.Resources.Function.Properties.Code.ZipFile = 'import time\n\ndef lambda_handler(event, context):\n    time.sleep(3)\n    return "late"\n';
  template.Resources.Function.Properties.Timeout = 10;
  template.Resources.Integration.Properties.TimeoutInMillis = 500;
  const url = await deployOneApi(cloud, writeTemplate(template));

  const response = await request(url);
  expect(response.status).toBe(503);
  expect(response.body).toBe('{"message":"Service Unavailable"}');
});

test('time waiting for a worker counts toward the integration timeout (503), not toward the function\'s timeout', async () => {
  const lines: string[] = [];
  const oneWorker = new LocalCloud({ workerLimit: 1, log: (line) => lines.push(line) });
  try {
    const template = reference();
    template.Resources.Function.Properties.Code.ZipFile = 'import time\n\ndef lambda_handler(event, context):\n    time.sleep(1)\n    return "done"\n';
    template.Resources.Function.Properties.Timeout = 2;
    template.Resources.Integration.Properties.TimeoutInMillis = 1500;
    const url = await deployOneApi(oneWorker, writeTemplate(template));

    // The second waits about 1 s for the only worker, then runs 1 s: past 1.5 s, within 2 s.
    const statuses = (await Promise.all([request(url), request(url)])).map((response) => response.status).sort();
    await waitFor(() => lines.filter((line) => line.includes('REPORT RequestId')).length === 2, 'both invocations to end');

    expect(statuses).toEqual([200, 503]);
    expect(lines.filter((line) => line.includes('Task timed out'))).toEqual([]);
  } finally {
    await oneWorker.stop();
  }
});

test('the construct\'s throttle prop is enforced offline: past the burst, 429 Too Many Requests', async () => {
  const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Throttled', {
    code: lambda.Code.fromInline(HELLO),
    handler: 'index.lambda_handler',
    throttle: { rateLimit: 0.001, burstLimit: 2 },
  })));
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await request(url)).status);
  expect(statuses).toEqual([200, 200, 429]);
});

test('CORS offline: API Gateway answers the preflight itself and replaces the function\'s CORS headers', async () => {
  const corsHandler = 'def lambda_handler(event, context):\n    return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "https://evil.example"}, "body": "ok"}\n';
  const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Cors', {
    code: lambda.Code.fromInline(corsHandler),
    handler: 'index.lambda_handler',
    cors: { allowOrigins: ['https://app.example'], allowMethods: [apigwv2.CorsHttpMethod.GET], allowHeaders: ['content-type'], maxAge: Duration.seconds(300) },
  })));

  // No OPTIONS route, yet the preflight is answered.
  const preflight = await request(url, { method: 'OPTIONS', headers: { 'origin': 'https://app.example', 'access-control-request-method': 'GET' } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
  expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  expect(preflight.headers.get('access-control-max-age')).toBe('300');

  const allowed = await request(url, { headers: { origin: 'https://app.example' } });
  expect(allowed.status).toBe(200);
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');

  const other = await request(url, { headers: { origin: 'https://other.example' } });
  expect(other.body).toBe('ok');
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});

test('route priority over real HTTP: literal over parameter, method over ANY, greedy last', async () => {
  const echo = 'import json\n\ndef lambda_handler(event, context):\n    return {"routeKey": event["routeKey"], "params": event.get("pathParameters", {})}\n';
  const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Echo', {
    code: lambda.Code.fromInline(echo),
    handler: 'index.lambda_handler',
    routeKeys: ['GET /items/{id}', 'GET /items/new', 'ANY /items', 'GET /items', 'ANY /{proxy+}'],
  })));
  const routeOf = async (method: string, requestPath: string) => JSON.parse((await request(`${url}${requestPath}`, { method })).body);

  expect(await routeOf('GET', 'items/new')).toEqual({ routeKey: 'GET /items/new', params: {} });
  expect(await routeOf('GET', 'items/7')).toEqual({ routeKey: 'GET /items/{id}', params: { id: '7' } });
  expect(await routeOf('GET', 'items')).toEqual({ routeKey: 'GET /items', params: {} });
  expect(await routeOf('DELETE', 'items')).toEqual({ routeKey: 'ANY /items', params: {} });
  expect(await routeOf('PUT', 'a/b/c')).toEqual({ routeKey: 'ANY /{proxy+}', params: { proxy: 'a/b/c' } });
});

test('the event carries the headers API Gateway adds and AWS\'s domain name; the function continues the request\'s trace', async () => {
  const echo = 'import json, os\n\ndef lambda_handler(event, context):\n'
    + '    c = event["requestContext"]\n'
    + '    return {"headers": event["headers"], "domainName": c["domainName"], "domainPrefix": c["domainPrefix"], "apiId": c["apiId"], '
    + '"trace": os.environ.get("_X_AMZN_TRACE_ID")}\n';
  const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Echo', {
    code: lambda.Code.fromInline(echo),
    handler: 'index.lambda_handler',
    routeKeys: ['POST /'],
  })));
  const seen = JSON.parse((await request(url, { method: 'POST', body: 'hello', headers: { 'x-forwarded-for': '203.0.113.9' } })).body);
  expect(seen.domainName).toBe(`${seen.apiId}.execute-api.us-east-1.amazonaws.com`);
  expect(seen.domainPrefix).toBe(seen.apiId);
  expect(seen.headers).toMatchObject({
    'host': new URL(url).host,
    'content-length': '5',
    'x-forwarded-for': '203.0.113.9, 127.0.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
  });
  const root = seen.headers['x-amzn-trace-id'].slice('Root='.length);
  expect(seen.trace).toMatch(new RegExp(`^Root=${root};Parent=[0-9a-f]{16};Sampled=0$`));
});

describe('a stack with an environment deploys into its own account and Region', () => {
  const ENV = { account: '210987654321', region: 'ap-northeast-1' };
  const WHERE = 'import json, os\n\ndef lambda_handler(event, context):\n'
    + '    c = event["requestContext"]\n'
    + '    return {"region": os.environ["AWS_REGION"], "arn": context.invoked_function_arn, "accountId": c["accountId"], "domainName": c["domainName"]}\n';

  test.each([InvokePermissionMode.ROLE, InvokePermissionMode.RESOURCE_POLICY])('%s mode: 200, and the function and its event say where', async (permissionMode) => {
    const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Where', {
      code: lambda.Code.fromInline(WHERE),
      handler: 'index.lambda_handler',
      permissionMode,
    }), { env: ENV }));
    const answer = await request(url);
    expect(answer.status).toBe(200);
    const seen = JSON.parse(answer.body);
    expect(seen.region).toBe('ap-northeast-1');
    expect(seen.arn).toMatch(/^arn:aws:lambda:ap-northeast-1:210987654321:function:/);
    expect(seen.accountId).toBe('210987654321');
    expect(seen.domainName).toMatch(/^[a-z0-9]{10}\.execute-api\.ap-northeast-1\.amazonaws\.com$/);
  });
});

test('with placeholders refused, a type the offline cloud does not emulate fails the deploy, naming it, before anything starts', async () => {
  const refusing = newCloud({ allowPlaceholders: false, refusedPlaceholderHint: 'placeholders are refused' }).cloud;
  try {
    const template = reference();
    template.Resources.Queue = { Type: 'AWS::SQS::Queue', Properties: {} };
    await expect(refusing.deploy(writeTemplate(template))).rejects.toThrow('not supported: AWS::SQS::Queue at Queue (placeholders are refused)');
    expect(refusing.servedApis()).toHaveLength(0);
  } finally {
    await refusing.stop();
  }
});
