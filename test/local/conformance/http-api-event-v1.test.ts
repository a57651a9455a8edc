import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  ECHO_EVENT_PYTHON, LocalApi, SHAPE, asMultiValue, deployApi, echoedEvent, expectRecent, gatewayAddedHeaders, httpRequest,
} from './conformance-support';
import { GravitonHttpLambdaApi } from '../../../src';
import { LocalCloud } from '../../../src/local/local-cloud';
import { newCloud, removeTempDirs } from '../local-cloud-support';

/**
 * AWS's example of the payload 1.0 event of an HTTP API's Lambda integration, from
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * (tab "1.0" under "Payload format structure"; the page's source, with this example, is
 * https://github.com/awsdocs/amazon-api-gateway-developer-guide/blob/main/doc_source/http-api-develop-integrations-lambda.md),
 * with header names lower-cased as the current page shows them ("All header names are
 * lowercased") and without the mutual TLS `identity.clientCert` (no client certificate here).
 */
const AWS_EXAMPLE = {
  version: '1.0',
  resource: '/my/path',
  path: '/my/path',
  httpMethod: 'GET',
  headers: {
    header1: 'value1',
    header2: 'value2',
  },
  multiValueHeaders: {
    header1: ['value1'],
    header2: ['value1', 'value2'],
  },
  queryStringParameters: {
    parameter1: 'value1',
    parameter2: 'value',
  },
  multiValueQueryStringParameters: {
    parameter1: ['value1', 'value2'],
    parameter2: ['value'],
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'id',
    authorizer: {
      claims: null,
      scopes: null,
    },
    domainName: 'id.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'id',
    extendedRequestId: 'request-id',
    httpMethod: 'GET',
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: 'IP',
      user: null,
      userAgent: 'user-agent',
      userArn: null,
    },
    path: '/my/path',
    protocol: 'HTTP/1.1',
    requestId: 'id=',
    requestTime: '04/Mar/2020:19:15:17 +0000',
    requestTimeEpoch: 1583349317135,
    resourceId: null as string | null,
    resourcePath: '/my/path',
    stage: '$default',
  },
  pathParameters: null,
  stageVariables: null,
  body: 'Hello from Lambda!',
  isBase64Encoded: false,
};

/**
 * The request the example describes: `GET /my/path` with its query string, `header2` twice and
 * its body, from a client whose User-Agent is `user-agent`. Header names are sent lower-case, as
 * the example shows them: which case AWS gives a 1.0 header name is not settled (the page says
 * all are lower-cased; 1.0 events captured from real HTTP APIs show `Host`, `User-Agent`,
 * `X-Forwarded-For` title-cased next to a lower-case `accept`, e.g. the v1 event in
 * https://github.com/mantil-io/go-lambda-examples/blob/f9be1ba345b018c5a57160d950d1128cc9a5790e/pt2/README.md), and the offline
 * cloud keeps the client's (unconfirmed).
 */
function exampleRequest(api: LocalApi): string {
  return httpRequest('GET /my/path?parameter1=value1&parameter1=value2&parameter2=value HTTP/1.1', [
    `host: ${api.host}`,
    'user-agent: user-agent',
    'header1: value1',
    'header2: value1',
    'header2: value2',
    `content-length: ${AWS_EXAMPLE.body.length}`,
  ], AWS_EXAMPLE.body);
}

/**
 * The example with the values of this request, API and machine, and the headers every request
 * carries (which the example leaves out): the client's `host`, `user-agent` and `content-length`,
 * and those API Gateway adds.
 */
function byShape(event: typeof AWS_EXAMPLE, api: LocalApi) {
  const headers = {
    ...event.headers,
    'host': api.host,
    'user-agent': event.requestContext.identity.userAgent,
    'content-length': String(event.body.length),
    ...gatewayAddedHeaders(api, undefined),
  };
  const { authorizer: _noAuthorizer, ...requestContext } = event.requestContext;
  return {
    ...event,
    headers,
    multiValueHeaders: { ...asMultiValue(headers), header2: event.multiValueHeaders.header2 },
    requestContext: {
      // The example's `authorizer: {claims: null, scopes: null}` is left out: its route has no
      // authorizer, and 1.0 events captured from HTTP API routes without one have no
      // `authorizer` (obs; the v1 event in https://github.com/mantil-io/go-lambda-examples/blob/f9be1ba345b018c5a57160d950d1128cc9a5790e/pt2/README.md).
      ...requestContext,
      apiId: api.apiId,
      domainName: api.domainName,
      domainPrefix: api.apiId,
      extendedRequestId: SHAPE.requestId(),
      identity: {
        ...event.requestContext.identity,
        // (obs) `cognitoAmr: null` is in every captured 1.0 event (the one above), not in the example.
        cognitoAmr: null,
        sourceIp: api.sourceIp,
      },
      requestId: SHAPE.requestId(),
      requestTime: SHAPE.clfTime(),
      requestTimeEpoch: SHAPE.epochMillis(),
      // The example's `resourceId` is null; captured 1.0 events carry the route key there
      // (obs: `"resourceId": "ANY /handler/{proxy+}"` in the event above).
      resourceId: 'GET /my/path',
    },
  };
}

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

test('payload 1.0: the request AWS\'s 1.0 example describes gives that event key for key, per-request values by shape', async () => {
  const api = await deployApi(cloud, (stack) => new GravitonHttpLambdaApi(stack, 'Echo', {
    code: lambda.Code.fromInline(ECHO_EVENT_PYTHON),
    handler: 'index.lambda_handler',
    routeKeys: ['GET /my/path'],
    payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0,
  }));

  const event = await echoedEvent(api, exampleRequest(api));

  expect(event).toEqual(byShape(AWS_EXAMPLE, api));
  // One request, one id: captured 1.0 events carry the same value in both.
  expect(event.requestContext.extendedRequestId).toBe(event.requestContext.requestId);
  expectRecent(event.requestContext.requestTimeEpoch);
});
