/**
 * HEAD requests, served by the offline cloud over real HTTP. API Gateway matches a route by
 * method as for any other method (a `GET` route does not answer `HEAD`; `ANY` and `$default` do;
 * unconfirmed: AWS documents route matching by method and no fallback from `HEAD` to `GET`),
 * the function sees the method `HEAD`, and the answer is the head alone (RFC 9110 §9.3.2): the
 * headers of the function's answer, its `content-length`, no body bytes.
 */
import { PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { deployOneApi, newCloud, removeTempDirs, synthesize } from './local-cloud-support';
import { rawPipelined } from './raw-http';
import { GravitonHttpLambdaApi } from '../../src';
import { LocalCloud } from '../../src/local/local-cloud';

// Answers with the method it saw (payload 2.0 or 1.0) in a header and as the body.
const code = lambda.Code.fromInline([
  'def lambda_handler(event, context):',
  '    method = event["requestContext"]["http"]["method"] if event.get("version") == "2.0" else event["httpMethod"]',
  '    return {"statusCode": 200, "headers": {"x-seen-method": method, "content-type": "text/plain"}, "body": "seen " + method}',
  '',
].join('\n'));

let cloud: LocalCloud;
beforeEach(() => ({ cloud } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

async function serve(routeKeys: string[], payloadFormatVersion?: PayloadFormatVersion): Promise<string> {
  return deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Api', {
    code, handler: 'index.lambda_handler', routeKeys, payloadFormatVersion,
  })));
}

/** A HEAD then a GET of the same path on one connection: the GET's answer must follow the HEAD's head directly. */
async function headThenGet(url: string, path: string) {
  const host = new URL(url).host;
  const [head, get] = await rawPipelined(url, [
    `HEAD ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
  ]);
  return { head, get };
}

test.each([
  ['ANY /items/{id}', '/items/7'],
  ['$default', '/anything'],
  ['HEAD /items/{id}', '/items/7'],
])('a %s route invokes the function with HEAD; the answer is its head: headers and content-length, no body', async (routeKey, path) => {
  const url = await serve(routeKey.startsWith('HEAD ') ? [routeKey, 'GET /items/{id}'] : [routeKey]);
  const { head, get } = await headThenGet(url, path);

  expect(head.status).toBe(200);
  expect(head.headers['x-seen-method']).toBe('HEAD');
  expect(head.headers['content-type']).toBe('text/plain');
  // The length of the body the function returned ("seen HEAD"), as a GET's would be (unconfirmed:
  // AWS documents no HEAD handling for HTTP APIs; this is what an HTTP/1.1 server does).
  expect(head.headers['content-length']).toBe(String('seen HEAD'.length));
  expect(head.body).toBe('');
  // Had any body bytes followed the HEAD's head, this answer would not parse as a response.
  expect(get.status).toBe(200);
  expect(get.body).toBe('seen GET');
});

test('payload 1.0: the function sees httpMethod HEAD', async () => {
  const url = await serve(['ANY /items/{id}'], PayloadFormatVersion.VERSION_1_0);
  const { head, get } = await headThenGet(url, '/items/7');
  expect(head.status).toBe(200);
  expect(head.headers['x-seen-method']).toBe('HEAD');
  expect(head.body).toBe('');
  expect(get.body).toBe('seen GET');
});

test('a GET route does not answer HEAD: API Gateway\'s 404, as a head alone', async () => {
  const url = await serve(['GET /items/{id}']);
  const { head, get } = await headThenGet(url, '/items/7');
  expect(head.status).toBe(404);
  expect(head.headers['content-type']).toBe('application/json');
  expect(head.headers['content-length']).toBe(String('{"message":"Not Found"}'.length));
  expect(head.headers['x-seen-method']).toBeUndefined();
  expect(get.status).toBe(200);
  expect(get.body).toBe('seen GET');
});
