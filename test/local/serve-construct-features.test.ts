/**
 * The construct's production features, synthesized by the real aws-cdk-lib and served by the
 * offline cloud: what the template says must be what API Gateway would do with it.
 */
import * as http from 'http';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { deployOneApi, newCloud, removeTempDirs, request, synthesize } from './local-cloud-support';
import { GravitonHttpLambdaApi, GravitonHttpLambdaApiProps, RouteAuthorization } from '../../src';
import { LocalCloud } from '../../src/local/local-cloud';

const code = lambda.Code.fromInline('import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(event["routeKey"])}\n');

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

function serve(props: Partial<GravitonHttpLambdaApiProps>): Promise<string> {
  return deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Api', { code, handler: 'index.lambda_handler', ...props })));
}

test('routeThrottle limits its route only', async () => {
  const url = await serve({
    routeKeys: ['GET /items', 'POST /orders'],
    // A burst of one and a refill far slower than the test.
    routeThrottle: { 'POST /orders': { rateLimit: 0.001, burstLimit: 1 } },
  });
  expect((await request(`${url}orders`, { method: 'POST' })).status).toBe(200);
  const throttled = await request(`${url}orders`, { method: 'POST' });
  expect(throttled.status).toBe(429);
  expect(throttled.body).toBe('{"message":"Too Many Requests"}');
  for (let i = 0; i < 3; i++) {
    expect((await request(`${url}items`)).status).toBe(200);
  }
});

test('the default access log writes one JSON line per request into the construct\'s access log group', async () => {
  const url = await serve({});
  await request(url);
  const lines = logs.filter((line) => /^\[TestStack-ApiAccessLogGroup\w+\] \{/.test(line));
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0].replace(/^\[[^\]]+\] /, ''))).toEqual(expect.objectContaining({ routeKey: 'GET /', status: '200' }));
});

test('with accessLog turned off the stage writes no access log', async () => {
  const url = await serve({ accessLog: { enabled: false } });
  expect((await request(url)).status).toBe(200);
  expect(logs.filter((line) => /AccessLogGroup/.test(line))).toEqual([]);
});

test('IAM routes refuse unsigned requests while public routes answer', async () => {
  const url = await serve({
    routeKeys: ['GET /', 'GET /admin'],
    routeAuthorization: { 'GET /admin': RouteAuthorization.iam() },
  });
  expect((await request(url)).status).toBe(200);
  const refused = await request(`${url}admin`);
  expect(refused.status).toBe(403);
  expect(refused.body).toBe('{"message":"Forbidden"}');
});

test('a custom domain serves the API when the default endpoint is disabled', async () => {
  const url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Api', {
    code,
    handler: 'index.lambda_handler',
    customDomain: {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    },
    disableExecuteApiEndpoint: true,
  })));
  expect((await request(url)).status).toBe(404);
  const viaDomain = await getWithHost(url, 'api.example.com');
  expect(viaDomain.status).toBe(200);
  expect(viaDomain.body).toBe('"GET /"');
});

/** A GET with its own Host header (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
    });
    req.on('error', reject);
  });
}
