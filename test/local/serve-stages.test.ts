import { deployOneApi, newCloud, removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { reference } from './templates';
import { defaultAccessLogFormat } from '../../src/access-log-settings';
import { LocalCloud } from '../../src/local/local-cloud';

// A Python function that echoes what API Gateway passed it.
const ECHO = 'import json\n\ndef lambda_handler(event, context):\n    return {"rawPath": event["rawPath"], "stage": event["requestContext"]["stage"], "vars": event.get("stageVariables", {})}\n';

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

test('a named stage serves under its path prefix and passes its stage variables; rawPath keeps the prefix', async () => {
  const template = reference();
  template.Resources.Function.Properties.Code.ZipFile = ECHO;
  template.Resources.DefaultStage.Properties = {
    ApiId: { Ref: 'HttpApi' }, StageName: 'prod', AutoDeploy: true, StageVariables: { color: 'blue' },
  };
  const url = await deployOneApi(cloud, writeTemplate(template));

  const staged = await request(`${url}prod`);
  expect(staged.status).toBe(200);
  expect(JSON.parse(staged.body)).toEqual({ rawPath: '/prod', stage: 'prod', vars: { color: 'blue' } });
  // No $default stage: a path outside every stage is not found.
  expect((await request(url)).status).toBe(404);
});

test('a stage without auto-deploy and without a deployment serves nothing', async () => {
  const template = reference();
  template.Resources.DefaultStage.Properties.AutoDeploy = false;
  const url = await deployOneApi(cloud, writeTemplate(template));
  expect((await request(url)).status).toBe(404);
});

test('a throttling limit of 0 answers every request 429 Too Many Requests', async () => {
  const template = reference();
  template.Resources.DefaultStage.Properties.DefaultRouteSettings = { ThrottlingBurstLimit: 0, ThrottlingRateLimit: 0 };
  const url = await deployOneApi(cloud, writeTemplate(template));
  const response = await request(url);
  expect(response.status).toBe(429);
  expect(response.body).toBe('{"message":"Too Many Requests"}');
});

test('a route burst limit lets that many requests through at once, then answers 429', async () => {
  const template = reference();
  template.Resources.DefaultStage.Properties.RouteSettings = { 'GET /': { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0.001 } };
  const url = await deployOneApi(cloud, writeTemplate(template));
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await request(url)).status);
  expect(statuses).toEqual([200, 200, 429, 429]);
});

test('a function Lambda throttles answers 500, not 429; the access log shows Lambda\'s 429 and its message', async () => {
  // "If the Lambda API rejects the invocation request, API Gateway returns a 500 error code."
  // https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
  const template = reference();
  template.Resources.Function.Properties.ReservedConcurrentExecutions = 0;
  template.Resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
    Format: '$context.status $context.integrationStatus $context.integrationErrorMessage',
  };
  const url = await deployOneApi(cloud, writeTemplate(template));

  const response = await request(url);
  expect(response.status).toBe(500);
  expect(response.body).toBe('{"message":"Internal Server Error"}');
  expect(logs).toContain('[api-access] 500 429 Rate Exceeded.');
  expect(logs.join('\n')).toContain('Lambda refused the invocation: 429 TooManyRequestsException (ReservedFunctionConcurrentInvocationLimitExceeded)');
});

test('access log lines follow the stage\'s format', async () => {
  const template = reference();
  template.Resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
    Format: '$context.httpMethod $context.routeKey $context.status $context.responseLength $context.integrationErrorMessage',
  };
  const url = await deployOneApi(cloud, writeTemplate(template));
  await request(url);
  await request(`${url}hogehoge`);
  expect(logs).toContain('[api-access] GET GET / 200 21 -');
  expect(logs).toContain('[api-access] GET - 404 23 -');
});

test('the construct\'s default JSON access log format gives one JSON object per request', async () => {
  const template = reference();
  template.Resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
    Format: defaultAccessLogFormat().toString(),
  };
  const url = await deployOneApi(cloud, writeTemplate(template));
  await request(url);
  await request(`${url}hogehoge`);
  const lines = logs.filter((line) => line.startsWith('[api-access] ')).map((line) => JSON.parse(line.slice('[api-access] '.length)));
  expect(lines).toEqual([
    expect.objectContaining({
      routeKey: 'GET /',
      httpMethod: 'GET',
      path: '/',
      status: '200',
      integrationStatus: '200',
      integrationError: '-',
      authorizerError: '-',
      requestTime: expect.stringMatching(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      integrationLatency: expect.stringMatching(/^\d+$/),
      sourceIp: '127.0.0.1',
    }),
    expect.objectContaining({ routeKey: '-', status: '404', integrationLatency: '-', errorMessage: 'Not Found' }),
  ]);
  expect(lines[0].requestId).not.toEqual(lines[1].requestId);
});

test('a request body over 10 MB answers 413 and the server keeps serving', async () => {
  const template = reference();
  template.Resources.Route.Properties.RouteKey = 'ANY /';
  const url = await deployOneApi(cloud, writeTemplate(template));
  const big = await request(url, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') });
  expect(big.status).toBe(413);
  expect(big.body).toBe('{"message":"Request Entity Too Large"}');
  expect((await request(url)).status).toBe(200);
});
