import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { LocalCloud } from '../../../src/local/local-cloud';
import { deployOneApi, synthesize } from '../local-cloud-support';
import { rawRequest } from '../raw-http';

/**
 * What the conformance tests share: deploying a construct on the offline cloud, sending an exact
 * raw request, and matchers for the values AWS's published example events carry that differ per
 * request, API or machine (ids, times, addresses), which are compared by their shape.
 */

/** An API deployed on the offline cloud, as a client reaches it. */
export interface LocalApi {
  /** The local URL of the API's `$default` stage, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** The `host` a client sends (`127.0.0.1:<port>`). */
  readonly host: string;
  readonly apiId: string;
  /** Where the test's requests come from. */
  readonly sourceIp: string;
  /** `requestContext.domainName`: the API's execute-api host name on AWS, in the offline cloud's default Region. */
  readonly domainName: string;
}

/** Synthesizes `build` into one stack, deploys it and returns its only API. */
export async function deployApi(cloud: LocalCloud, build: (stack: Stack) => void): Promise<LocalApi> {
  const url = await deployOneApi(cloud, synthesize(build));
  const apiId = cloud.apis.list()[0].apiId;
  return { url, host: new URL(url).host, apiId, sourceIp: '127.0.0.1', domainName: `${apiId}.execute-api.us-east-1.amazonaws.com` };
}

/**
 * A Python function answering, as its body, the event it received (a payload 1.0 answer, which
 * payload 2.0 reads the same way).
 */
export const ECHO_EVENT_PYTHON = 'import json\n\ndef lambda_handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(event)}\n';

/** The bytes of an HTTP/1.1 request: its request line, header lines and body, exactly as given. */
export function httpRequest(requestLine: string, headerLines: readonly string[], body = ''): string {
  return `${requestLine}\r\n${headerLines.map((line) => `${line}\r\n`).join('')}\r\n${body}`;
}

/** Sends `request` as is and returns the event the echo function answered. */
export async function echoedEvent(api: LocalApi, request: string): Promise<any> {
  const response = await rawRequest(api.url, request);
  if (response.status !== 200) {
    throw new Error(`expected 200, got ${response.status}: ${response.body}`);
  }
  return JSON.parse(response.body);
}

/** The JSON a function wrote to `file` (an authorizer recording the event it received). */
export function recordedEvent(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf-8'));
}

/**
 * Matchers for per-request values, by the shape AWS gives them.
 * - requestId: `LV7fzho-PHcEJPw=` in AWS's 2.0 example (aws-lambda-go events/testdata/
 *   apigw-v2-request-no-authorizer.json); the offline cloud's are 15 URL-safe characters and `=`.
 * - clfTime: `21/Apr/2020:15:08:21 +0000` (`requestContext.time`, 1.0's `requestTime`).
 * - traceHeader: `Root=1-5e9f0c65-1de4d666d4dd26aced652b6c` (`x-amzn-trace-id`).
 */
export const SHAPE = {
  requestId: () => expect.stringMatching(/^[A-Za-z0-9_-]{15}=$/),
  clfTime: () => expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
  epochMillis: () => expect.any(Number),
  traceHeader: () => expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
  /** A route ARN of `api` for a stage and route path: the example's names another API's. */
  routeArn: (api: LocalApi, stageAndRoute: string) => `arn:aws:execute-api:us-east-1:123456789012:${api.apiId}/${stageAndRoute}`,
};

/**
 * The headers API Gateway adds to every request, with the values a request from `api`'s client
 * gets: AWS's 2.0 example event (aws-lambda-go events/testdata/apigw-v2-request-no-authorizer.json,
 * the same shape as https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * carries `content-length`, `x-amzn-trace-id`, `x-forwarded-for` (the client's address),
 * `x-forwarded-port: 443` and `x-forwarded-proto: https` beside the client's own headers.
 * AWS's examples of other requests leave them out; a real request always has them.
 * `contentLength` undefined: the client sent its own (it is kept, in the client's case).
 */
export function gatewayAddedHeaders(api: LocalApi, contentLength: number | undefined): Record<string, unknown> {
  return {
    ...(contentLength === undefined ? {} : { 'content-length': String(contentLength) }),
    'x-amzn-trace-id': SHAPE.traceHeader(),
    'x-forwarded-for': api.sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
}

/** Each header as payload 1.0's `multiValueHeaders` carries a header sent once. */
export function asMultiValue(headers: Record<string, unknown>): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
}

/** The event's time is now, not a copy of the example's. */
export function expectRecent(epochMillis: number): void {
  expect(Math.abs(epochMillis - Date.now())).toBeLessThan(60_000);
}

/**
 * The `requestContext` of AWS's 2.0 example events: the same on the HTTP API Lambda integration
 * page (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
 * tab 2.0) and the Lambda authorizer page (http-api-lambda-authorizer.html, tab 2.0), without the
 * mutual TLS `authentication` (no client certificate here).
 */
export const AWS_EXAMPLE_V2_REQUEST_CONTEXT = {
  accountId: '123456789012',
  apiId: 'api-id',
  domainName: 'id.execute-api.us-east-1.amazonaws.com',
  domainPrefix: 'id',
  http: {
    method: 'POST',
    path: '/my/path',
    protocol: 'HTTP/1.1',
    sourceIp: 'IP',
    userAgent: 'agent',
  },
  requestId: 'id',
  routeKey: '$default',
  stage: '$default',
  time: '12/Mar/2020:19:03:58 +0000',
  timeEpoch: 1583348638390,
};

/**
 * The caller fields of payload 1.0's `requestContext.identity` that are null on a request without
 * IAM or Cognito: AWS's 1.0 example (the integration page, tab 1.0), plus `cognitoAmr: null`,
 * which every captured 1.0 event carries (obs: the v1 event of
 * https://github.com/mantil-io/go-lambda-examples/blob/f9be1ba345b018c5a57160d950d1128cc9a5790e/pt2/README.md).
 */
export const V1_NULL_IDENTITY = {
  accessKey: null,
  accountId: null,
  caller: null,
  cognitoAmr: null,
  cognitoAuthenticationProvider: null,
  cognitoAuthenticationType: null,
  cognitoIdentityId: null,
  cognitoIdentityPoolId: null,
  principalOrgId: null,
  user: null,
  userArn: null,
};
