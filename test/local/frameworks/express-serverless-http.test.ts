/**
 * A real Express 5 app under serverless-http behind the offline cloud, probed as its users'
 * clients would: on payload format 2.0 (the construct's default) behind `ANY /{proxy+}`, and on
 * payload format 1.0 behind `$default`; serverless-http reads and answers both.
 * Express and serverless-http are installed from npm by install-frameworks.sh
 * (handlers/express_app.js is the app).
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
  packages = installFramework('express');
}, INSTALL_TIMEOUT_MS);
afterAll(removeTempDirs);

const PAYLOADS = [
  { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0, routeKey: 'ANY /{proxy+}' },
  { payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0, routeKey: '$default' },
];

describe.each(PAYLOADS)('Express 5 under serverless-http on payload $payloadFormatVersion.version behind $routeKey', (setup) => {
  let cloud: LocalCloud;
  let url: string;
  beforeAll(async () => {
    ({ cloud } = newCloud());
    url = await deployOneApi(cloud, synthesize((stack) => new GravitonHttpLambdaApi(stack, 'Express', {
      code: lambda.Code.fromAsset(assetDir(packages, 'express_app.js')),
      handler: 'express_app.handler',
      // Offline it runs on this machine's Node.js, whatever the version.
      runtime: lambda.Runtime.NODEJS_24_X,
      payloadFormatVersion: setup.payloadFormatVersion,
      routeKeys: [setup.routeKey],
    })));
  });
  afterAll(() => cloud?.stop());

  test('path parameter and query parameters, a repeated key among them', async () => {
    const response = await fetchBytes(`${url}items/42?tag=a&q=x%20y&tag=b`);
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual({ id: '42', query: { tag: ['a', 'b'], q: 'x y' } });
  });

  test('cookies in from the Cookie header, two Set-Cookie headers out', async () => {
    const response = await fetchBytes(`${url}session`, { headers: { cookie: 'user=ann; cart=3' } });
    expect(response.status).toBe(200);
    expect(jsonOf(response)).toEqual({ cookies: { user: 'ann', cart: '3' } });
    const [session, theme, ...more] = response.headers.getSetCookie();
    expect(session).toBe('session=s3cr3t; Path=/; HttpOnly; Secure');
    expect(theme).toMatch(/^theme=dark; Max-Age=3600; Path=\/; Expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(more).toEqual([]);
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
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(jsonOf(response)).toEqual({ customer: 'Zoë ☕', lines: 2, total: 11 });
  });

  test('a binary body in and out: every byte 0x00-0xff arrives and comes back unchanged', async () => {
    const response = await fetchBytes(`${url}blobs`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: ALL_BYTES });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-length')).toBe('256');
    expect(response.body.equals(Buffer.from(ALL_BYTES).reverse())).toBe(true);
  });

  test('an unknown path gets Express\'s own 404 page, not API Gateway\'s', async () => {
    const response = await fetchBytes(`${url}no/such/thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-powered-by')).toBe('Express');
    expect(response.body.toString('utf-8')).toContain('<pre>Cannot GET /no/such/thing</pre>');
  });
});
