import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AWS_EXAMPLE_V2_REQUEST_CONTEXT, ECHO_EVENT_PYTHON, LocalApi, SHAPE, V1_NULL_IDENTITY, deployApi, echoedEvent, expectRecent, gatewayAddedHeaders,
  httpRequest,
} from './conformance-support';
import { GravitonHttpLambdaApi } from '../../../src';
import { LocalCloud } from '../../../src/local/local-cloud';
import { newCloud, removeTempDirs } from '../local-cloud-support';

/**
 * One request with a repeated query parameter, a repeated header, two Cookie headers and a JSON
 * body, end to end through the construct on the offline cloud, in payload 2.0 and 1.0, against
 * the field rules of https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * ("Payload format differences"):
 * - 2.0: "Duplicate headers are combined with commas and included in the headers field.
 *   Duplicate query strings are combined with commas and included in the queryStringParameters
 *   field." and "All cookie headers in the request are combined with commas and added to the
 *   cookies field"; header names lower-cased;
 * - 1.0: `multiValueHeaders` and `multiValueQueryStringParameters` keep every value; cookies stay
 *   headers (the cookies field is 2.0's);
 * - both: a text body (here `application/json`) as is, with `isBase64Encoded: false`
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html;
 *   other content types are base64-encoded, the offline cloud's TEXT_TYPES in api-request.ts).
 */

/** The body of aws-lambda-go's events/testdata/apigw-v2-request.json (https://github.com/aws/aws-lambda-go). */
const JSON_BODY = '{\r\n\t"a": 1\r\n}';

/** The stage variables of AWS's 2.0 example (the page above). */
const STAGE_VARIABLES = { stageVariable1: 'value1', stageVariable2: 'value2' };

/**
 * AWS's 2.0 example event (the page above, tab "2.0"; header names lower-cased as the current
 * page shows them), with the JSON body and its content type in place of the example's text body,
 * and without what this route does not have: the mutual TLS `authentication`, an `authorizer`,
 * and `pathParameters`, which a `$default` route has none of.
 */
const AWS_EXAMPLE_V2 = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  cookies: ['cookie1', 'cookie2'],
  headers: {
    'header1': 'value1',
    'header2': 'value1,value2',
    'content-type': 'application/json',
  },
  queryStringParameters: {
    parameter1: 'value1,value2',
    parameter2: 'value',
  },
  requestContext: AWS_EXAMPLE_V2_REQUEST_CONTEXT,
  body: JSON_BODY,
  isBase64Encoded: false,
  stageVariables: STAGE_VARIABLES,
};

/** The request: the example's query string, headers and cookies, the JSON body; header names in a client's usual case. */
function request(api: LocalApi): string {
  return httpRequest('POST /my/path?parameter1=value1&parameter1=value2&parameter2=value HTTP/1.1', [
    `Host: ${api.host}`,
    'User-Agent: agent',
    'Cookie: cookie1',
    'Header1: value1',
    'Header2: value1',
    'Header2: value2',
    'Cookie: cookie2',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(JSON_BODY)}`,
  ], JSON_BODY);
}

function deployEcho(cloud: LocalCloud, routeKey: string, payloadFormatVersion: apigwv2.PayloadFormatVersion): Promise<LocalApi> {
  return deployApi(cloud, (stack) => {
    const echo = new GravitonHttpLambdaApi(stack, 'Echo', {
      code: lambda.Code.fromInline(ECHO_EVENT_PYTHON),
      handler: 'index.lambda_handler',
      routeKeys: [routeKey],
      payloadFormatVersion,
    });
    (echo.stage.node.defaultChild as apigwv2.CfnStage).stageVariables = STAGE_VARIABLES;
  });
}

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

test('payload 2.0: repeated query parameter and header comma-joined, both Cookie headers in cookies, the JSON body as is', async () => {
  const api = await deployEcho(cloud, '$default', apigwv2.PayloadFormatVersion.VERSION_2_0);

  const event = await echoedEvent(api, request(api));

  expect(event).toEqual({
    ...AWS_EXAMPLE_V2,
    headers: {
      ...AWS_EXAMPLE_V2.headers,
      'host': api.host,
      'user-agent': 'agent',
      'content-length': String(Buffer.byteLength(JSON_BODY)),
      ...gatewayAddedHeaders(api, undefined),
    },
    requestContext: {
      ...AWS_EXAMPLE_V2.requestContext,
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      http: { ...AWS_EXAMPLE_V2.requestContext.http, sourceIp: api.sourceIp },
      requestId: SHAPE.requestId(),
      time: SHAPE.clfTime(),
      timeEpoch: SHAPE.epochMillis(),
    },
  });
  expect(event).not.toHaveProperty('headers.cookie');
  expectRecent(event.requestContext.timeEpoch);
});

test('payload 1.0: the same request keeps every value in the multi-value maps, cookies as headers, the JSON body as is', async () => {
  // A route with a path, as AWS's 1.0 example has (`"resource": "/my/path"`).
  const api = await deployEcho(cloud, 'POST /my/path', apigwv2.PayloadFormatVersion.VERSION_1_0);

  const event = await echoedEvent(api, request(api));

  // The header names as the client sent them (see http-api-event-v1.test.ts on their case); a
  // repeated header's last value in `headers`, a repeated parameter's first in
  // `queryStringParameters`, as AWS's 1.0 example shows (the page above, tab "1.0").
  const single = {
    'Host': api.host,
    'User-Agent': 'agent',
    'Cookie': 'cookie2',
    'Header1': 'value1',
    'Header2': 'value2',
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(JSON_BODY)),
    ...gatewayAddedHeaders(api, undefined),
  };
  expect(event).toEqual({
    version: '1.0',
    resource: '/my/path',
    path: '/my/path',
    httpMethod: 'POST',
    headers: single,
    multiValueHeaders: {
      ...Object.fromEntries(Object.entries(single).map(([name, value]) => [name, [value]])),
      Cookie: ['cookie1', 'cookie2'],
      Header2: ['value1', 'value2'],
    },
    queryStringParameters: { parameter1: 'value1', parameter2: 'value' },
    multiValueQueryStringParameters: { parameter1: ['value1', 'value2'], parameter2: ['value'] },
    requestContext: {
      accountId: '123456789012',
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      extendedRequestId: SHAPE.requestId(),
      httpMethod: 'POST',
      identity: { ...V1_NULL_IDENTITY, sourceIp: api.sourceIp, userAgent: 'agent' },
      path: '/my/path',
      protocol: 'HTTP/1.1',
      requestId: SHAPE.requestId(),
      requestTime: SHAPE.clfTime(),
      requestTimeEpoch: SHAPE.epochMillis(),
      // (obs) the route key, as in captured 1.0 events (http-api-event-v1.test.ts).
      resourceId: 'POST /my/path',
      resourcePath: '/my/path',
      stage: '$default',
    },
    pathParameters: null,
    stageVariables: STAGE_VARIABLES,
    body: JSON_BODY,
    isBase64Encoded: false,
  });
  expect(event).not.toHaveProperty('cookies');
  expectRecent(event.requestContext.requestTimeEpoch);
});
