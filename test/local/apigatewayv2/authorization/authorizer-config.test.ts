import {
  authorizerFromProperties, AuthorizerConfig, identityValues, parseIdentitySource, routeAuthorizationFromProperties,
} from '../../../../src/local/apigatewayv2/authorization/authorizer-config';
import { DeployError, NotSupportedError } from '../../../../src/local/cloudformation/resource-provider';
import { apiRequest } from '../api-request-builder';

const REQUEST = apiRequest({
  stage: 'prod',
  routeKey: 'GET /pets',
  method: 'GET',
  rawPath: '/prod/pets',
  rawQueryString: 'token=a&token=b&empty=',
  headers: [['X-Api-Key', 'k1'], ['x-api-key', 'k2'], ['X-Blank', '']],
  stageVariables: { tenant: 't1' },
});
const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';

test('parses the four kinds of identity source and nothing else', () => {
  expect(parseIdentitySource('$request.header.Authorization')).toEqual({ expression: '$request.header.Authorization', kind: 'header', name: 'Authorization' });
  expect(parseIdentitySource('$request.querystring.token')?.kind).toBe('querystring');
  expect(parseIdentitySource('$context.routeKey')?.kind).toBe('context');
  expect(parseIdentitySource('$stageVariables.tenant')?.kind).toBe('stageVariables');
  expect(parseIdentitySource('route.request.header.Auth')).toBeUndefined();
  expect(parseIdentitySource('$request.body.x')).toBeUndefined();
});

test('identity values: headers case-insensitive and comma-joined, query strings case-sensitive, context and stage variables', () => {
  const sources = ['$request.header.x-API-key', '$request.querystring.token', '$context.routeKey', '$stageVariables.tenant'].map((s) => parseIdentitySource(s)!);
  expect(identityValues(sources, REQUEST)).toEqual(['k1,k2', 'a,b', 'GET /pets', 't1']);
});

test.each(['$request.header.X-Blank', '$request.header.Missing', '$request.querystring.empty', '$request.querystring.Token', '$stageVariables.nope'])(
  'a missing or empty identity source (%s) gives no values', (expression) => {
    expect(identityValues([parseIdentitySource(expression)!], REQUEST)).toBeUndefined();
  });

describe('authorizerFromProperties', () => {
  test('a Lambda authorizer as the construct emits it', () => {
    expect(authorizerFromProperties({
      Name: 'lambda',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: URI,
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: 'true',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: '300',
    }, 'a1', 0, 'Auth')).toMatchObject({
      type: 'REQUEST', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:auth', simpleResponses: true, ttlSeconds: 300,
    });
  });

  test('caching needs an identity source; a REQUEST authorizer may have none without caching', () => {
    const base = { Name: 'n', AuthorizerType: 'REQUEST', AuthorizerUri: URI, AuthorizerPayloadFormatVersion: '2.0' };
    expect(authorizerFromProperties(base, 'a1', 0, 'Auth')).toMatchObject({ identitySources: [], ttlSeconds: 0 });
    expect(() => authorizerFromProperties({ ...base, AuthorizerResultTtlInSeconds: 60 }, 'a1', 0, 'Auth')).toThrow('needs at least one IdentitySource');
  });

  test('an API has at most 10 authorizers', () => {
    expect(() => authorizerFromProperties({ Name: 'n' }, 'a1', 10, 'Auth')).toThrow('an HTTP API has at most 10 authorizers');
  });

  test('a context variable the offline cloud does not provide is refused as not supported', () => {
    expect(() => authorizerFromProperties({
      Name: 'n', AuthorizerType: 'REQUEST', AuthorizerUri: URI, AuthorizerPayloadFormatVersion: '2.0', IdentitySource: ['$context.identity.clientCert.subjectDN'],
    }, 'a1', 0, 'Auth')).toThrow(NotSupportedError);
  });

  test('a JWT authorizer with a query string token and up to 50 audiences', () => {
    expect(authorizerFromProperties({
      Name: 'j', AuthorizerType: 'JWT', IdentitySource: ['$request.querystring.access_token'], JwtConfiguration: { Issuer: 'https://i', Audience: ['a'] },
    }, 'j1', 0, 'Jwt')).toMatchObject({ type: 'JWT', issuer: 'https://i', audiences: ['a'], identitySource: { kind: 'querystring' } });
    expect(() => authorizerFromProperties({
      Name: 'j', AuthorizerType: 'JWT', IdentitySource: ['$request.header.A'], JwtConfiguration: { Issuer: 'https://i', Audience: Array(51).fill('a') },
    }, 'j1', 0, 'Jwt')).toThrow('at most 50 are allowed');
  });
});

describe('routeAuthorizationFromProperties', () => {
  const authorizers = new Map<string, AuthorizerConfig>([
    ['jwt1', { type: 'JWT', authorizerId: 'jwt1', name: 'jwt', issuer: 'i', audiences: [], identitySource: { expression: '$request.header.A', kind: 'header', name: 'A' } }],
  ]);

  test('defaults to NONE; JWT takes scopes; AWS_IAM needs no authorizer', () => {
    expect(routeAuthorizationFromProperties({ RouteKey: 'GET /' }, authorizers)).toEqual({ authorizationType: 'NONE', authorizationScopes: [] });
    expect(routeAuthorizationFromProperties({ RouteKey: 'GET /', AuthorizationType: 'JWT', AuthorizerId: 'jwt1', AuthorizationScopes: ['s'] }, authorizers))
      .toEqual({ authorizationType: 'JWT', authorizerId: 'jwt1', authorizationScopes: ['s'] });
    expect(routeAuthorizationFromProperties({ RouteKey: 'GET /', AuthorizationType: 'AWS_IAM' }, authorizers).authorizationType).toBe('AWS_IAM');
  });

  test.each([
    [{ AuthorizationType: 'JWT', AuthorizerId: 'other' }, 'Invalid authorizer identifier specified other'],
    [{ AuthorizationType: 'CUSTOM', AuthorizerId: 'jwt1' }, 'AuthorizationType CUSTOM needs a REQUEST authorizer, but jwt (jwt1) is JWT'],
    [{ AuthorizationType: 'AWS_IAM', AuthorizerId: 'jwt1' }, 'AuthorizerId jwt1 needs AuthorizationType CUSTOM or JWT, got AWS_IAM'],
    [{ AuthorizationType: 'JWT', AuthorizerId: 'jwt1', AuthorizationScopes: Array(11).fill('s') }, 'at most 10 are allowed'],
  ])('refuses %j', (properties, message) => {
    expect(() => routeAuthorizationFromProperties({ RouteKey: 'GET /', ...properties }, authorizers)).toThrow(DeployError);
    expect(() => routeAuthorizationFromProperties({ RouteKey: 'GET /', ...properties }, authorizers)).toThrow(message);
  });
});
