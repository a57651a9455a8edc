import { apiRequest } from './api-request-builder';
import { MalformedResponseError } from '../../../src/local/apigatewayv2/api-request';
import { eventV2, responseV2 } from '../../../src/local/apigatewayv2/payload-v2';

// The request behind the 2.0 example event of AWS's documentation.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
// The test compares the whole event, so every field is given here.
const DOC_REQUEST = apiRequest({
  requestId: 'id',
  apiId: 'api-id',
  accountId: '123456789012',
  stage: '$default',
  routeKey: '$default',
  method: 'POST',
  rawPath: '/my/path',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  headers: [['Header1', 'value1'], ['Header2', 'value1'], ['Header2', 'value2'], ['Cookie', 'cookie1; cookie2'], ['User-Agent', 'agent']],
  body: Buffer.from('Hello from Lambda'),
  sourceIp: '192.0.2.1',
  protocol: 'HTTP/1.1',
  domainName: 'id.execute-api.us-east-1.amazonaws.com',
  time: new Date(1583348638390),
  pathParameters: { parameter1: 'value1' },
  stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
});

describe('eventV2', () => {
  test('matches the documented example field by field (authorizer fields aside)', () => {
    expect(eventV2(DOC_REQUEST)).toEqual({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/my/path',
      rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
      cookies: ['cookie1', 'cookie2'],
      headers: { 'header1': 'value1', 'header2': 'value1,value2', 'user-agent': 'agent' },
      queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api-id',
        domainName: 'id.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'id',
        http: { method: 'POST', path: '/my/path', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
        requestId: 'id',
        routeKey: '$default',
        stage: '$default',
        time: '04/Mar/2020:19:03:58 +0000',
        timeEpoch: 1583348638390,
      },
      body: 'Hello from Lambda',
      pathParameters: { parameter1: 'value1' },
      isBase64Encoded: false,
      stageVariables: { stageVariable1: 'value1', stageVariable2: 'value2' },
    });
  });

  test('leaves out empty optional fields', () => {
    const event = eventV2(apiRequest({ rawQueryString: '', headers: [], body: Buffer.alloc(0), pathParameters: {}, stageVariables: {} }));
    for (const field of ['cookies', 'queryStringParameters', 'body', 'pathParameters', 'stageVariables']) {
      expect(event).not.toHaveProperty(field);
    }
    expect(event.rawQueryString).toBe('');
  });

  test('base64-encodes a binary body', () => {
    const body = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    const event = eventV2(apiRequest({ headers: [['content-type', 'application/octet-stream']], body }));
    expect(event).toMatchObject({ body: body.toString('base64'), isBase64Encoded: true });
  });
});

describe('responseV2', () => {
  const answer = (value: unknown) => responseV2(Buffer.from(JSON.stringify(value)));

  test('a response with statusCode keeps its status, headers and body', () => {
    const response = answer({ statusCode: 201, headers: { 'X-Custom': 'a', 'Content-Type': 'text/plain' }, body: 'created' });
    expect(response.status).toBe(201);
    expect(response.headers).toEqual(expect.arrayContaining([['x-custom', 'a'], ['content-type', 'text/plain']]));
    expect(response.body.toString()).toBe('created');
  });

  test('the reference body json.dumps("Hello form Awstut !") is sent byte for byte', () => {
    expect(answer({ statusCode: 200, body: '"Hello form Awstut !"' }).body.toString()).toBe('"Hello form Awstut !"');
  });

  test('a bare object is inferred as 200 application/json with its JSON as body', () => {
    const response = answer({ hello: 'world' });
    expect(response.status).toBe(200);
    expect(response.headers).toContainEqual(['content-type', 'application/json']);
    expect(response.body.toString()).toBe('{"hello":"world"}');
  });

  test('a bare string is inferred as 200 with the string itself as body', () => {
    expect(answer('Hello').body.toString()).toBe('Hello');
  });

  test('cookies become one set-cookie header each; a base64 body is decoded', () => {
    const response = answer({ statusCode: 200, cookies: ['a=1', 'b=2'], body: Buffer.from('bin').toString('base64'), isBase64Encoded: true });
    expect(response.headers.filter(([name]) => name === 'set-cookie')).toEqual([['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    expect(response.body.toString()).toBe('bin');
  });

  test('null headers, multiValueHeaders and cookies are none, as aws-lambda-go\'s APIGatewayV2HTTPResponse sends them', () => {
    const response = answer({ statusCode: 200, headers: null, multiValueHeaders: null, body: 'hi', isBase64Encoded: false, cookies: null });
    expect(response.status).toBe(200);
    expect(response.headers).toEqual([['content-type', 'application/json']]);
    expect(response.body.toString()).toBe('hi');
  });

  test.each([
    ['not JSON', Buffer.from('not json')],
    ['a status that is not a number', Buffer.from(JSON.stringify({ statusCode: 'teapot' }))],
    ['a body that is not a string', Buffer.from(JSON.stringify({ statusCode: 200, body: { a: 1 } }))],
    ['headers that are not an object', Buffer.from(JSON.stringify({ statusCode: 200, headers: ['a'] }))],
  ])('%s is a malformed response', (_name, payload) => {
    expect(() => responseV2(payload)).toThrow(MalformedResponseError);
  });
});
