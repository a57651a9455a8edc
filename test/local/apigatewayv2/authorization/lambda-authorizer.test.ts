import {
  answerAllows, authorizerEventV1, authorizerEventV2, MalformedAuthorizerAnswer, parseAuthorizerAnswer,
} from '../../../../src/local/apigatewayv2/authorization/lambda-authorizer';
import { apiRequest } from '../api-request-builder';

// The request behind the 2.0 authorizer example of AWS's documentation.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
// The 2.0 test compares the whole event, so every field is given here.
const REQUEST = apiRequest({
  requestId: 'id',
  apiId: 'abcdef123',
  accountId: '123456789012',
  stage: 'test',
  routeKey: 'GET /request',
  method: 'GET',
  rawPath: '/test/request',
  rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
  headers: [['Header1', 'value1'], ['Authorization', 'user1'], ['Cookie', 'cookie1; cookie2'], ['User-Agent', 'agent']],
  body: Buffer.from('a body the authorizer never sees'),
  sourceIp: '192.0.2.1',
  protocol: 'HTTP/1.1',
  domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
  time: new Date(1583348638390),
  pathParameters: {},
  stageVariables: { stageVariable1: 'value1' },
  routedPath: '/request',
});
const ROUTE_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request';

test('the 2.0 event is the 2.0 request without its body, with type, routeArn and identitySource', () => {
  expect(authorizerEventV2(REQUEST, ['user1', '123'], ROUTE_ARN)).toEqual({
    version: '2.0',
    type: 'REQUEST',
    routeArn: ROUTE_ARN,
    identitySource: ['user1', '123'],
    routeKey: 'GET /request',
    rawPath: '/test/request',
    rawQueryString: 'parameter1=value1&parameter1=value2&parameter2=value',
    cookies: ['cookie1', 'cookie2'],
    headers: { 'header1': 'value1', 'authorization': 'user1', 'user-agent': 'agent' },
    queryStringParameters: { parameter1: 'value1,value2', parameter2: 'value' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abcdef123',
      http: { method: 'GET', path: '/test/request', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'agent' },
      requestId: 'id',
      routeKey: 'GET /request',
      stage: 'test',
      time: '04/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    stageVariables: { stageVariable1: 'value1' },
  });
});

test('the 1.0 event carries methodArn and the identity source values joined by commas', () => {
  const event = authorizerEventV1(REQUEST, ['user1', '123'], ROUTE_ARN, '/request');
  expect(event).toMatchObject({
    version: '1.0',
    type: 'REQUEST',
    methodArn: ROUTE_ARN,
    identitySource: 'user1,123',
    authorizationToken: 'user1,123',
    resource: '/request',
    path: '/test/request',
    httpMethod: 'GET',
    // A repeated parameter's first value, as in payload 1.0 (payload-v1.ts).
    queryStringParameters: { parameter1: 'value1', parameter2: 'value' },
    stageVariables: { stageVariable1: 'value1' },
    requestContext: { stage: 'test', resourcePath: '/request', httpMethod: 'GET' },
  });
  expect(event).not.toHaveProperty('body');
});

describe('parseAuthorizerAnswer', () => {
  const parse = (answer: unknown, simple: boolean) => parseAuthorizerAnswer(Buffer.from(JSON.stringify(answer)), simple);

  test('reads a simple response, with or without context', () => {
    expect(parse({ isAuthorized: true, context: { k: 'v' } }, true)).toEqual({ kind: 'simple', isAuthorized: true, context: { k: 'v' } });
    expect(parse({ isAuthorized: false }, true)).toEqual({ kind: 'simple', isAuthorized: false, context: undefined });
  });

  test.each([
    ['not JSON', Buffer.from('nope'), true],
    ['a bare boolean', Buffer.from('true'), true],
    ['isAuthorized as a string', Buffer.from('{"isAuthorized":"true"}'), true],
    ['a context that is a list', Buffer.from('{"isAuthorized":true,"context":[1]}'), true],
    ['a policy answer without policyDocument', Buffer.from('{"principalId":"p"}'), false],
    ['a policy statement without Effect', Buffer.from('{"policyDocument":{"Statement":[{"Action":"execute-api:Invoke"}]}}'), false],
  ])('refuses %s', (_name, payload, simple) => {
    expect(() => parseAuthorizerAnswer(payload, simple)).toThrow(MalformedAuthorizerAnswer);
  });

  test('a policy answer allows exactly the route ARNs its statements allow', () => {
    const answer = parse({
      principalId: 'abcdef',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/*' },
          { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/admin' },
        ],
      },
    }, false);
    expect(answer).toMatchObject({ kind: 'policy', principalId: 'abcdef' });
    expect(answerAllows(answer, ROUTE_ARN)).toBe(true);
    expect(answerAllows(answer, 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/admin')).toBe(false);
    expect(answerAllows(answer, 'arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/POST/request')).toBe(false);
  });
});
