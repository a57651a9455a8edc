import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ECHO_EVENT_PYTHON, LocalApi, SHAPE, deployApi, echoedEvent, expectRecent } from './conformance-support';
import { GravitonHttpLambdaApi } from '../../../src';
import { LocalCloud } from '../../../src/local/local-cloud';
import { newCloud, removeTempDirs } from '../local-cloud-support';

/**
 * AWS's example of the payload 2.0 event API Gateway sends for `curl https://<api>/` on a
 * `$default` route, as published with the Lambda Go library (events/testdata/
 * apigw-v2-request-no-authorizer.json, https://github.com/aws/aws-lambda-go), without its mutual
 * TLS `authentication` block (no client certificate is involved here). The same shape is on
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html.
 */
const AWS_EXAMPLE = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/',
  rawQueryString: '',
  headers: {
    'accept': '*/*',
    'content-length': '0',
    'host': 'aaaaaaaaaa.execute-api.us-west-2.amazonaws.com',
    'user-agent': 'curl/7.58.0',
    'x-amzn-trace-id': 'Root=1-5e9f0c65-1de4d666d4dd26aced652b6c',
    'x-forwarded-for': '1.2.3.4',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'aaaaaaaaaa',
    domainName: 'aaaaaaaaaa.execute-api.us-west-2.amazonaws.com',
    domainPrefix: 'aaaaaaaaaa',
    http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '1.2.3.4', userAgent: 'curl/7.58.0' },
    requestId: 'LV7fzho-PHcEJPw=',
    routeKey: '$default',
    stage: '$default',
    time: '21/Apr/2020:15:08:21 +0000',
    timeEpoch: 1587481701067,
  },
  isBase64Encoded: false,
};

/** Replaces each value that differs per request, API or machine by a matcher of its shape. */
function byShape(event: typeof AWS_EXAMPLE, local: LocalApi) {
  return {
    ...event,
    headers: {
      ...event.headers,
      // Offline the client reaches a local server; the host header stays what it sent (README).
      'host': local.host,
      'x-amzn-trace-id': SHAPE.traceHeader(),
      'x-forwarded-for': local.sourceIp,
    },
    requestContext: {
      ...event.requestContext,
      apiId: local.apiId,
      domainName: local.domainName,
      domainPrefix: local.apiId,
      http: { ...event.requestContext.http, sourceIp: local.sourceIp },
      requestId: SHAPE.requestId(),
      time: SHAPE.clfTime(),
      timeEpoch: SHAPE.epochMillis(),
    },
  };
}

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

test('curl\'s GET / on a $default route: the event matches AWS\'s example key for key, per-request values by shape', async () => {
  const api = await deployApi(cloud, (stack) => new GravitonHttpLambdaApi(stack, 'Echo', {
    code: lambda.Code.fromInline(ECHO_EVENT_PYTHON),
    handler: 'index.lambda_handler',
    routeKeys: ['$default'],
  }));
  // Exactly what curl 7.58 sends, so the headers compare one for one.
  const event = await echoedEvent(api, `GET / HTTP/1.1\r\nHost: ${api.host}\r\nUser-Agent: curl/7.58.0\r\nAccept: */*\r\n\r\n`);

  expect(event).toEqual(byShape(AWS_EXAMPLE, api));
  expectRecent(event.requestContext.timeEpoch);
});
