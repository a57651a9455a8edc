import { apiRequest } from './api-request-builder';
import { MalformedResponseError } from '../../../src/local/apigatewayv2/api-request';
import { eventV1, responseV1 } from '../../../src/local/apigatewayv2/payload-v1';

const REQUEST = apiRequest({
  stage: '$default',
  routeKey: 'GET /items/{id}',
  method: 'GET',
  rawPath: '/items/42',
  rawQueryString: 'a=1&a=2&b=3',
  headers: [['Accept', 'text/html'], ['X-Multi', 'x'], ['X-Multi', 'y']],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  pathParameters: { id: '42' },
  stageVariables: {},
});

describe('eventV1', () => {
  test('is the REST proxy shape: resource template, single and multi-value maps, null for empty maps', () => {
    const event = eventV1(REQUEST, '/items/{id}');
    expect(event).toMatchObject({
      version: '1.0',
      resource: '/items/{id}',
      path: '/items/42',
      httpMethod: 'GET',
      headers: { 'Accept': 'text/html', 'X-Multi': 'y' },
      multiValueHeaders: { 'Accept': ['text/html'], 'X-Multi': ['x', 'y'] },
      // A repeated parameter's first value, a repeated header's last, as AWS's 1.0 example of an HTTP API shows.
      queryStringParameters: { a: '1', b: '3' },
      multiValueQueryStringParameters: { a: ['1', '2'], b: ['3'] },
      pathParameters: { id: '42' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { resourcePath: '/items/{id}', httpMethod: 'GET', stage: '$default', identity: { sourceIp: '127.0.0.1' } },
    });
  });
});

test('eventV1 passes an authorizer\'s 1.0 fields: requestContext.authorizer and the IAM identity', () => {
  const event = eventV1({
    ...REQUEST,
    authorization: { v2: {}, v1: { claims: { sub: 'u' }, scopes: null }, v1Identity: { accessKey: 'AKID', userArn: null } },
  }, '/items/{id}');
  const context = event.requestContext as Record<string, any>;
  expect(context.authorizer).toEqual({ claims: { sub: 'u' }, scopes: null });
  // The IAM fields over the null caller fields of every 1.0 event.
  expect(context.identity).toEqual({
    accessKey: 'AKID',
    accountId: null,
    caller: null,
    cognitoAmr: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: '127.0.0.1',
    user: null,
    userAgent: '',
    userArn: null,
  });
  expect(eventV1(REQUEST, '/items/{id}').requestContext).not.toHaveProperty('authorizer');
});

describe('responseV1', () => {
  test('merges headers and multiValueHeaders', () => {
    const response = responseV1(Buffer.from(JSON.stringify({
      statusCode: 200, headers: { 'Content-Type': 'text/plain' }, multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] }, body: 'ok',
    })));
    expect(response.status).toBe(200);
    expect(response.headers).toEqual([['content-type', 'text/plain'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(response.body.toString()).toBe('ok');
  });

  test('has no inference: an answer without statusCode is malformed', () => {
    expect(() => responseV1(Buffer.from(JSON.stringify({ hello: 'world' })))).toThrow(MalformedResponseError);
    expect(() => responseV1(Buffer.from('"Hello"'))).toThrow(MalformedResponseError);
  });
});
