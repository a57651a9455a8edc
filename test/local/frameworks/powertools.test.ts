/**
 * A real Powertools for AWS Lambda (Python) app behind the offline cloud, probed as its users'
 * clients would: the same Router under APIGatewayHttpResolver on payload format 2.0 (the
 * construct's default) and under APIGatewayRestResolver on payload format 1.0. Powertools is
 * installed from PyPI by install-frameworks.sh (handlers/powertools_app.py is the app).
 */
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ALL_BYTES, INSTALL_TIMEOUT_MS, assetDir, fetchBytes, installFramework, jsonOf } from './framework-support';
import { GravitonHttpLambdaApi } from '../../../src';
import { LocalCloud } from '../../../src/local/local-cloud';
import { deployOneApi, newCloud, removeTempDirs, synthesize } from '../local-cloud-support';
import { rawRequest } from '../raw-http';

jest.setTimeout(60_000);

let packages: string;
beforeAll(() => {
  packages = installFramework('powertools');
}, INSTALL_TIMEOUT_MS);
afterAll(removeTempDirs);

const RESOLVERS = [
  {
    resolver: 'APIGatewayHttpResolver',
    payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    handler: 'powertools_app.http_handler',
    routeKey: '$default',
    // Payload 2.0 comma-joins a repeated query key (http-api-develop-integrations-lambda.html).
    query: { tag: 'a,b', q: 'x y' },
  },
  {
    resolver: 'APIGatewayRestResolver',
    payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0,
    handler: 'powertools_app.rest_handler',
    routeKey: 'ANY /{proxy+}',
    // What payload 1.0's single-value map holds for a repeated key is not asserted (see resolvedQuery).
    query: expect.objectContaining({ q: 'x y' }),
  },
];

describe.each(RESOLVERS)('Powertools $resolver on payload $payloadFormatVersion.version behind $routeKey', (setup) => {
  let cloud: LocalCloud;
  let url: string;
  beforeAll(async () => {
    ({ cloud } = newCloud());
    url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Powertools', {
      code: lambda.Code.fromAsset(assetDir(packages, 'powertools_app.py')),
      handler: setup.handler,
      // No runtime: the construct's default (the newest Python); offline it runs on this machine's python3.
      payloadFormatVersion: setup.payloadFormatVersion,
      routeKeys: [setup.routeKey],
    })));
  });
  afterAll(() => cloud?.stop());

  test('path parameter and query parameters, a repeated key among them', async () => {
    const response = await fetchBytes(`${url}items/42?tag=a&q=x%20y&tag=b`);
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual({ id: '42', query: setup.query, resolvedQuery: { tag: ['a', 'b'], q: ['x y'] } });
  });

  test('cookies in from the Cookie header, two Set-Cookie headers out', async () => {
    const response = await fetchBytes(`${url}session`, { headers: { cookie: 'user=ann; cart=3' } });
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual({ cookies: { user: 'ann', cart: '3' } });
    // Powertools' Cookie is Secure unless told otherwise.
    expect(response.headers.getSetCookie()).toEqual(['session=s3cr3t; Path=/; HttpOnly; Secure', 'theme=dark; Max-Age=3600; Secure']);
  });

  test('the Cookie header as curl writes it, name capitalized, reaches the app as well', async () => {
    const response = await rawRequest(url, `GET /session HTTP/1.1\r\nHost: ${new URL(url).host}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nCookie: user=ann; cart=3\r\n\r\n`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ cookies: { user: 'ann', cart: '3' } });
  });

  test('a JSON body in and a JSON body out, with the status the app chose', async () => {
    const response = await fetchBytes(`${url}orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'Zoë ☕', lines: [{ price: 3, quantity: 2 }, { price: 5, quantity: 1 }] }),
    });
    expect(response.status).toBe(201);
    expect(jsonOf(response)).toEqual({ customer: 'Zoë ☕', lines: 2, total: 11 });
  });

  test('a binary body in and out: every byte 0x00-0xff arrives base64-encoded and comes back decoded', async () => {
    const response = await fetchBytes(`${url}blobs`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: ALL_BYTES });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-request-base64')).toBe('true');
    expect(response.headers.get('content-length')).toBe('256');
    expect(response.body.equals(Buffer.from(ALL_BYTES).reverse())).toBe(true);
  });

  test('an unknown path gets Powertools\' own 404, not API Gateway\'s', async () => {
    const response = await fetchBytes(`${url}no/such/thing`);
    expect(response.status).toBe(404);
    expect(jsonOf(response)).toEqual({ statusCode: 404, message: 'Not found' });
  });
});
