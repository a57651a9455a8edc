import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AWS_EXAMPLE_V2_REQUEST_CONTEXT, ECHO_EVENT_PYTHON, LocalApi, SHAPE, V1_NULL_IDENTITY, deployApi, expectRecent, gatewayAddedHeaders, httpRequest,
  recordedEvent,
} from './conformance-support';
import { GravitonHttpLambdaApi, RouteAuthorization } from '../../../src';
import { LocalCloud } from '../../../src/local/local-cloud';
import { newCloud, removeTempDirs, tempDir } from '../local-cloud-support';
import { rawRequest } from '../raw-http';

/**
 * The events a Lambda (`REQUEST`) authorizer receives, payload 2.0 and 1.0, as AWS publishes them
 * on https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
 * (tabs "2.0" and "1.0" under "Payload format version"). The authorizer is the construct's Lambda
 * authorization, a real function that writes the event it received to a file the test reads, and
 * lets the request through.
 */

jest.setTimeout(60_000);

/**
 * AWS's 2.0 authorizer event (the page above; the same as aws-lambda-go
 * events/testdata/apigw-v2-custom-authorizer-v2-request.json, https://github.com/aws/aws-lambda-go),
 * with header names lower-cased as the current page shows them and without the mutual TLS
 * `requestContext.authentication` (no client certificate here).
 */
const AWS_EXAMPLE_V2 = {
  version: '2.0',
  type: 'REQUEST',
  routeArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
  identitySource: ['user1', '123'],
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1', 'cookie2'],
  headers: {
    header1: 'value1',
    header2: 'value2',
  },
  queryStringParameters: {
    parameter1: 'value1,value2',
    parameter2: 'value',
  },
  requestContext: AWS_EXAMPLE_V2_REQUEST_CONTEXT,
  pathParameters: { parameter1: 'value1' } as Record<string, string> | undefined,
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
};

/**
 * AWS's 1.0 authorizer event (the page above; the same as aws-lambda-go
 * events/testdata/apigw-v2-custom-authorizer-v1-request.json), without the mutual TLS
 * `identity.clientCert`. It is a shortened copy of REST APIs' REQUEST authorizer example (the same
 * values: aws-lambda-go events/testdata/apigw-custom-auth-request-type-request.json), which is why
 * it carries CloudFront headers, a REST resource id and an API key; see byShapeV1 for those.
 */
const AWS_EXAMPLE_V1 = {
  version: '1.0',
  type: 'REQUEST',
  methodArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request',
  identitySource: 'user1,123',
  authorizationToken: 'user1,123',
  resource: '/request',
  path: '/request',
  httpMethod: 'GET',
  headers: {
    'X-AMZ-Date': '20170718T062915Z',
    'Accept': '*/*',
    'HeaderAuth1': 'headerValue1',
    'CloudFront-Viewer-Country': 'US',
    'CloudFront-Forwarded-Proto': 'https',
    'CloudFront-Is-Tablet-Viewer': 'false',
    'CloudFront-Is-Mobile-Viewer': 'false',
    'User-Agent': '...',
  },
  queryStringParameters: {
    QueryString1: 'queryValue1',
  },
  pathParameters: {},
  stageVariables: {
    StageVar1: 'stageValue1',
  },
  requestContext: {
    path: '/request',
    accountId: '123456789012',
    resourceId: '05c7jb',
    stage: 'test',
    requestId: '...',
    identity: {
      apiKey: '...' as string | undefined,
      sourceIp: '...',
    },
    resourcePath: '/request',
    httpMethod: 'GET',
    apiId: 'abcdef123',
  },
};

/** A Python authorizer (simple responses) that records its event and allows. */
const RECORDING_AUTHORIZER_PYTHON = [
  'import json',
  'import os',
  '',
  'def handler(event, context):',
  '    with open(os.environ["EVENT_FILE"], "w") as recorded:',
  '        json.dump(event, recorded)',
  '    return {"isAuthorized": True}',
].join('\n');

/** A Node.js authorizer (payload 1.0, an IAM policy) that records its event and allows its method ARN. */
const RECORDING_POLICY_AUTHORIZER_NODE = [
  'const fs = require("fs");',
  'exports.handler = async (event) => {',
  '  fs.writeFileSync(process.env.EVENT_FILE, JSON.stringify(event));',
  '  return { principalId: "user", policyDocument: { Version: "2012-10-17", Statement: [',
  '    { Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }] } };',
  '};',
].join('\n');

let cloud: LocalCloud;
let eventFile: string;
beforeEach(() => {
  ({ cloud } = newCloud());
  eventFile = path.join(tempDir(), 'authorizer-event.json');
});
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

/** The construct behind one route, guarded by a Lambda authorization with `identitySource` and no caching. */
function apiWithAuthorizer(stack: Stack, routeKey: string, authorizer: lambda.Function, identitySource: string[]): GravitonHttpLambdaApi {
  return new GravitonHttpLambdaApi(stack, 'Echo', {
    code: lambda.Code.fromInline(ECHO_EVENT_PYTHON),
    handler: 'index.lambda_handler',
    routeKeys: [routeKey],
    authorization: RouteAuthorization.lambdaAuthorizer({ function: authorizer, identitySource, resultsCacheTtl: Duration.seconds(0) }),
  });
}

/**
 * The 2.0 example with this request's values. The example's `routeArn` and `identitySource` name
 * another request than its own (`GET /request` on a `test` stage; `user1` and `123` are in none of
 * its request's parts), so they are this request's: its route ARN, and the values of the
 * identity sources the test chose from the example's own request (`header1`, `parameter2`).
 */
function byShapeV2(event: typeof AWS_EXAMPLE_V2, api: LocalApi) {
  const { pathParameters: _none, ...rest } = event;
  return {
    // The example's `pathParameters` cannot come from its `$default` route, which has no path
    // variables; API Gateway leaves out empty optional fields (as in the 2.0 integration event).
    ...rest,
    routeArn: SHAPE.routeArn(api, '$default/POST/my/path'),
    identitySource: ['value1', 'value'],
    headers: {
      ...event.headers,
      'host': api.host,
      'user-agent': event.requestContext.http.userAgent,
      ...gatewayAddedHeaders(api, 0),
    },
    requestContext: {
      ...event.requestContext,
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      http: { ...event.requestContext.http, sourceIp: api.sourceIp },
      requestId: SHAPE.requestId(),
      time: SHAPE.clfTime(),
      timeEpoch: SHAPE.epochMillis(),
    },
  };
}

/**
 * The 1.0 example with this request's values, and where it is REST's rather than an HTTP API's:
 * - `identitySource`/`authorizationToken`: as for 2.0, the values of identity sources from the
 *   example's own request (`HeaderAuth1`, `QueryString1`), joined by commas as the example does;
 * - `path`, `requestContext.path`: the path as received, with the named stage's prefix, as 2.0's
 *   `rawPath` keeps it (obs for 2.0; for 1.0 unconfirmed, but the 1.0 integration page says to
 *   "use format 1.0 and path to access the API mapping" of a custom domain: 1.0's path is not
 *   cut); REST's drop the stage;
 * - `requestContext.resourceId`: an HTTP API's is the route key (obs in a 1.0 integration event:
 *   `"resourceId": "ANY /handler/{proxy+}"` in the v1 event of
 *   https://github.com/mantil-io/go-lambda-examples/blob/f9be1ba345b018c5a57160d950d1128cc9a5790e/pt2/README.md;
 *   for authorizers unconfirmed), REST's a resource id like `05c7jb`;
 * - `identity.apiKey`: REST's API key; HTTP APIs have no API keys, and the identity of that
 *   captured 1.0 event has no `apiKey` (obs);
 * - the other `requestContext` fields are the 1.0 integration event's (the page
 *   http-api-develop-integrations-lambda.html, tab 1.0), which the example, copied from REST's,
 *   lists fewer of (unconfirmed for authorizers).
 * The headers are the example's, sent in its case, plus `Host` and those API Gateway adds.
 */
function byShapeV1(event: typeof AWS_EXAMPLE_V1, api: LocalApi) {
  const { apiKey: _restOnly, ...identity } = event.requestContext.identity;
  return {
    ...event,
    methodArn: SHAPE.routeArn(api, 'test/GET/request'),
    identitySource: 'headerValue1,queryValue1',
    authorizationToken: 'headerValue1,queryValue1',
    path: '/test/request',
    headers: { ...event.headers, Host: api.host, ...gatewayAddedHeaders(api, 0) },
    requestContext: {
      ...event.requestContext,
      path: '/test/request',
      resourceId: 'GET /request',
      requestId: SHAPE.requestId(),
      identity: { ...V1_NULL_IDENTITY, ...identity, sourceIp: api.sourceIp, userAgent: event.headers['User-Agent'] },
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      extendedRequestId: SHAPE.requestId(),
      protocol: 'HTTP/1.1',
      requestTime: SHAPE.clfTime(),
      requestTimeEpoch: SHAPE.epochMillis(),
    },
  };
}

test('payload 2.0: the request AWS\'s 2.0 authorizer example describes gives the authorizer that event key for key', async () => {
  const api = await deployApi(cloud, (stack) => {
    const authorizer = new lambda.Function(stack, 'Authorizer', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline(RECORDING_AUTHORIZER_PYTHON),
      environment: { EVENT_FILE: eventFile },
    });
    const echo = apiWithAuthorizer(stack, '$default', authorizer, ['$request.header.header1', '$request.querystring.parameter2']);
    // The example's stage variables, on the construct's $default stage.
    (echo.stage.node.defaultChild as apigwv2.CfnStage).stageVariables = AWS_EXAMPLE_V2.stageVariables;
  });

  const response = await rawRequest(api.url, httpRequest('POST /my/path?parameter1=value1&parameter1=value2&parameter2=value HTTP/1.1', [
    `Host: ${api.host}`,
    'User-Agent: agent',
    'Cookie: cookie1; cookie2',
    'Header1: value1',
    'Header2: value2',
  ]));
  expect(response.status).toBe(200);
  const event = recordedEvent(eventFile);

  expect(event).toEqual(byShapeV2(AWS_EXAMPLE_V2, api));
  expectRecent(event.requestContext.timeEpoch);
});

test('payload 1.0: the request AWS\'s 1.0 authorizer example describes gives the authorizer that event key for key', async () => {
  const api = await deployApi(cloud, (stack) => {
    const authorizer = new lambda.Function(stack, 'Authorizer', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(RECORDING_POLICY_AUTHORIZER_NODE),
      environment: { EVENT_FILE: eventFile },
    });
    const echo = apiWithAuthorizer(stack, 'GET /request', authorizer, ['$request.header.HeaderAuth1', '$request.querystring.QueryString1']);
    // The construct's Lambda authorization is 2.0 with simple responses; the example's is 1.0.
    echo.authorizers[0].authorizerPayloadFormatVersion = '1.0';
    echo.authorizers[0].enableSimpleResponses = false;
    // The example's stage `test`, with its stage variable.
    new apigwv2.CfnStage(stack, 'TestStage', {
      apiId: echo.httpApi.apiId, stageName: 'test', autoDeploy: true, stageVariables: AWS_EXAMPLE_V1.stageVariables,
    });
  });

  const response = await rawRequest(api.url, httpRequest('GET /test/request?QueryString1=queryValue1 HTTP/1.1', [
    `Host: ${api.host}`,
    ...Object.entries(AWS_EXAMPLE_V1.headers).map(([name, value]) => `${name}: ${value}`),
  ]));
  expect(response.status).toBe(200);
  const event = recordedEvent(eventFile);

  expect(event).toEqual(byShapeV1(AWS_EXAMPLE_V1, api));
  // One request, one id, as in captured 1.0 events.
  expect(event.requestContext.extendedRequestId).toBe(event.requestContext.requestId);
  expectRecent(event.requestContext.requestTimeEpoch);
});
