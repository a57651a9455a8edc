import * as fs from 'fs';
import * as path from 'path';
import { TestIssuer, TestKey, signToken, startTestIssuer, testKey } from './apigatewayv2/authorization/jwt-test-keys';
import { presignedUrl, signedHeaders, testCredential } from './apigatewayv2/authorization/sigv4-test-signer';
import { deployOneApi, newCloud, removeTempDirs, request, tempDir, writeTemplate } from './local-cloud-support';
import { graviton, servedUrl, stopGravitonProcesses } from './serve-process';
import { reference } from './templates';
import { DeployError } from '../../src/local/cloudformation/resource-provider';
import { LocalCloud } from '../../src/local/local-cloud';

/**
 * Route authorization over real HTTP on the offline cloud: Lambda (CUSTOM) authorizers run as real
 * Python and Node.js processes, JWT authorizers, and AWS_IAM routes (requests signed with the AWS
 * SDK's signer, keys made in the test); the integration is a real
 * Python function that answers what API Gateway passed it in `requestContext.authorizer`.
 */
jest.setTimeout(60_000);

const UNAUTHORIZED = '{"message":"Unauthorized"}';
const FORBIDDEN = '{"message":"Forbidden"}';
const INTERNAL_SERVER_ERROR = '{"message":"Internal Server Error"}';

// The integration: echoes the authorizer fields of its 2.0 event.
const ECHO = 'import json\n\ndef lambda_handler(event, context):\n    return {"authorizer": event["requestContext"].get("authorizer")}\n';

// The Lambda authorizer: records each call (one line per call in CALLS_FILE), then decides by the token.
const PYTHON_AUTHORIZER = [
  'import os',
  '',
  'def handler(event, context):',
  '    token = event["identitySource"][0]',
  '    with open(os.environ["CALLS_FILE"], "a") as calls:',
  '        calls.write(event["type"] + " " + event["routeArn"] + " " + token + "\\n")',
  '    if token == "throw":',
  '        raise ValueError("authorizer broke")',
  '    if token == "garbage":',
  '        return {"allowed": "maybe"}',
  '    return {"isAuthorized": token.startswith("allow"), "context": {"user": token, "level": 3}}',
].join('\n');

// A payload 1.0 authorizer in Node.js answering an IAM policy for the method ARN it was given.
const NODE_POLICY_AUTHORIZER = [
  'exports.handler = async (event) => ({',
  '  principalId: "node-user",',
  '  policyDocument: { Version: "2012-10-17", Statement: [{',
  '    Action: "execute-api:Invoke",',
  '    Effect: event.authorizationToken === "let-me-in" ? "Allow" : "Deny",',
  '    Resource: event.methodArn,',
  '  }] },',
  '  context: { runtime: "node", version: event.version },',
  '});',
].join('\n');

let cloud: LocalCloud;
let logs: string[];
beforeEach(() => ({ cloud, logs } = newCloud()));
afterEach(() => cloud.stop());
afterAll(removeTempDirs);

interface LambdaAuthorizerOptions {
  /** `AuthorizerResultTtlInSeconds`. @default - none */
  readonly ttl?: number;
  /** How API Gateway may invoke the authorizer. @default 'permission' */
  readonly grant?: 'permission' | 'permission-wildcard' | 'role' | 'none';
}

/**
 * The reference template with ECHO behind `GET /`, guarded by a Python Lambda authorizer (payload
 * 2.0, simple responses, `$request.header.Authorization`) that appends to `callsFile`.
 */
function lambdaAuthorizerTemplate(callsFile: string, options: LambdaAuthorizerOptions = {}): any {
  const template = reference();
  const resources = template.Resources;
  resources.Function.Properties.Code.ZipFile = ECHO;
  resources.AuthorizerFunction = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Code: { ZipFile: PYTHON_AUTHORIZER },
      Handler: 'index.handler',
      Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
      Runtime: 'python3.12',
      Environment: { Variables: { CALLS_FILE: callsFile } },
    },
  };
  const grant = options.grant ?? 'permission';
  resources.Authorizer = {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      Name: 'python-authorizer',
      AuthorizerType: 'REQUEST',
      AuthorizerUri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthorizerFunction.Arn}/invocations' },
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      ...(options.ttl !== undefined ? { AuthorizerResultTtlInSeconds: options.ttl } : {}),
      ...(grant === 'role' ? { AuthorizerCredentialsArn: { 'Fn::GetAtt': ['InvokeRole', 'Arn'] } } : {}),
    },
  };
  if (grant === 'role') {
    const statement = resources.InvokeRole.Properties.Policies[0].PolicyDocument.Statement[0];
    statement.Resource = [statement.Resource, { 'Fn::GetAtt': ['AuthorizerFunction', 'Arn'] }];
  }
  if (grant === 'permission' || grant === 'permission-wildcard') {
    resources.AuthorizerPermission = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': ['AuthorizerFunction', 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: grant === 'permission'
          ? { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/authorizers/${Authorizer}' }
          : { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/authorizers/*' },
      },
    };
  }
  Object.assign(resources.Route.Properties, { AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: 'Authorizer' } });
  return template;
}

/** The calls the Python authorizer recorded: `<type> <routeArn> <token>` each. */
function calls(callsFile: string): string[] {
  return fs.existsSync(callsFile) ? fs.readFileSync(callsFile, 'utf-8').split('\n').filter((line) => line !== '') : [];
}

describe('a Lambda authorizer (payload 2.0, simple responses)', () => {
  let callsFile: string;
  beforeEach(() => {
    callsFile = path.join(tempDir(), 'calls.txt');
  });

  test('allows: the integration sees the authorizer context in requestContext.authorizer.lambda', async () => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile)));

    const response = await request(url, { headers: { Authorization: 'allow-alice' } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ authorizer: { lambda: { user: 'allow-alice', level: 3 } } });
    // One call, of type REQUEST, for the route ARN of GET / on the $default stage.
    const apiId = cloud.apis.list()[0].apiId;
    expect(calls(callsFile)).toEqual([`REQUEST arn:aws:execute-api:us-east-1:123456789012:${apiId}/$default/GET/ allow-alice`]);
  });

  test('denies with 403 {"message":"Forbidden"}, and the integration is not invoked', async () => {
    const template = lambdaAuthorizerTemplate(callsFile);
    // Had the integration run, it would fail: its code does not even import.
    template.Resources.Function.Properties.Code.ZipFile = 'import no_such_module\n';
    const url = await deployOneApi(cloud, writeTemplate(template));

    const response = await request(url, { headers: { Authorization: 'deny-bob' } });
    expect(response.status).toBe(403);
    expect(response.body).toBe(FORBIDDEN);
    expect(calls(callsFile)).toHaveLength(1);
    expect(logs.join('\n')).toContain('403 Forbidden: Lambda authorizer python-authorizer: isAuthorized is false');
  });

  test('a request without the identity source gets 401 {"message":"Unauthorized"} and the authorizer is not invoked', async () => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile)));

    const missing = await request(url);
    expect(missing.status).toBe(401);
    expect(missing.body).toBe(UNAUTHORIZED);
    const empty = await request(url, { headers: { Authorization: '' } });
    expect(empty.status).toBe(401);
    expect(calls(callsFile)).toEqual([]);
  });

  test.each([
    ['throws', 'throw', 'the function answered an error'],
    ['answers without isAuthorized', 'garbage', 'malformed answer: a simple response needs a boolean isAuthorized'],
  ])('an authorizer that %s answers 500 and logs why; the next request is authorized', async (_name, token, why) => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile)));

    const failed = await request(url, { headers: { Authorization: token } });
    expect(failed.status).toBe(500);
    expect(failed.body).toBe(INTERNAL_SERVER_ERROR);
    expect(logs.join('\n')).toContain('500 Internal Server Error: Lambda authorizer python-authorizer');
    expect(logs.join('\n')).toContain(why);
    expect((await request(url, { headers: { Authorization: 'allow-carol' } })).status).toBe(200);
  });

  test('with AuthorizerResultTtlInSeconds, the decision is cached by identity source value', async () => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile, { ttl: 300 })));

    const first = await request(url, { headers: { Authorization: 'allow-dave' } });
    const second = await request(url, { headers: { Authorization: 'allow-dave' } });
    expect([first.status, second.status]).toEqual([200, 200]);
    // The cached answer carries its context too.
    expect(JSON.parse(second.body)).toEqual({ authorizer: { lambda: { user: 'allow-dave', level: 3 } } });
    expect(calls(callsFile)).toHaveLength(1);
    // Denials are cached as well; another token is another cache key.
    expect((await request(url, { headers: { Authorization: 'deny-erin' } })).status).toBe(403);
    expect((await request(url, { headers: { Authorization: 'deny-erin' } })).status).toBe(403);
    expect(calls(callsFile)).toHaveLength(2);
  });

  test('without caching, every request invokes the authorizer', async () => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile)));
    await request(url, { headers: { Authorization: 'allow-frank' } });
    await request(url, { headers: { Authorization: 'allow-frank' } });
    expect(calls(callsFile)).toHaveLength(2);
  });

  test('without a grant to invoke the authorizer function: 500, a log line that says so, and no invocation', async () => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile, { grant: 'none' })));

    const response = await request(url, { headers: { Authorization: 'allow-grace' } });
    expect(response.status).toBe(500);
    expect(response.body).toBe(INTERNAL_SERVER_ERROR);
    expect(logs.join('\n')).toMatch(/Lambda authorizer python-authorizer \(arn:aws:lambda:[^)]+\): cannot invoke: no resource-policy statement allows apigateway.amazonaws.com.*\/authorizers\//);
    expect(calls(callsFile)).toEqual([]);
  });

  test.each([
    ['a permission for .../authorizers/*', 'permission-wildcard' as const],
    ['AuthorizerCredentialsArn (a role API Gateway assumes)', 'role' as const],
  ])('the authorizer may be invoked through %s', async (_name, grant) => {
    const url = await deployOneApi(cloud, writeTemplate(lambdaAuthorizerTemplate(callsFile, { grant })));
    expect((await request(url, { headers: { Authorization: 'allow-heidi' } })).status).toBe(200);
  });

  test('access logs show $context.authorizer.error, .latency, the context keys and $context.error.responseType', async () => {
    const template = lambdaAuthorizerTemplate(callsFile);
    template.Resources.DefaultStage.Properties.AccessLogSettings = {
      DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
      Format: '$context.status $context.error.responseType $context.authorizer.user $context.authorizer.latency $context.authorizer.error',
    };
    const url = await deployOneApi(cloud, writeTemplate(template));

    await request(url, { headers: { Authorization: 'allow-ivan' } });
    await request(url, { headers: { Authorization: 'deny-judy' } });
    await request(url);
    const accessLog = logs.filter((line) => line.startsWith('[api-access] '));
    expect(accessLog).toHaveLength(3);
    expect(accessLog[0]).toMatch(/^\[api-access\] 200 - allow-ivan \d+ -$/);
    expect(accessLog[1]).toMatch(/^\[api-access\] 403 ACCESS_DENIED deny-judy \d+ Lambda authorizer python-authorizer: isAuthorized is false$/);
    expect(accessLog[2]).toMatch(/^\[api-access\] 401 UNAUTHORIZED - - Lambda authorizer python-authorizer: identity source \$request.header.Authorization missing/);
  });

  test('a payload 1.0 Node.js authorizer answering an IAM policy: Allow lets through with its context, Deny answers 403', async () => {
    const template = lambdaAuthorizerTemplate(callsFile);
    Object.assign(template.Resources.AuthorizerFunction.Properties, { Code: { ZipFile: NODE_POLICY_AUTHORIZER }, Runtime: 'nodejs20.x' });
    Object.assign(template.Resources.Authorizer.Properties, { AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: false });
    const url = await deployOneApi(cloud, writeTemplate(template));

    const allowed = await request(url, { headers: { Authorization: 'let-me-in' } });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body)).toEqual({ authorizer: { principalId: 'node-user', lambda: { runtime: 'node', version: '1.0' } } });
    const denied = await request(url, { headers: { Authorization: 'not-me' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toBe(FORBIDDEN);
  });
});

/** A JWT with an RSA header and a made-up signature (passes only with --jwt-unverified). */
function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'key-1', typ: 'JWT' }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${Buffer.from('not a real signature').toString('base64url')}`;
}

const ISSUER = 'https://issuer.example.com';

/** The reference template with ECHO behind a JWT authorizer of `issuer` (audience my-client) on `GET /`, and `GET /orders` needing scope orders/read. */
function jwtTemplate(issuer: string): string {
  const template = reference();
  const resources = template.Resources;
  resources.Function.Properties.Code.ZipFile = ECHO;
  resources.JwtAuthorizer = {
    Type: 'AWS::ApiGatewayV2::Authorizer',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      Name: 'jwt',
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['my-client'] },
    },
  };
  Object.assign(resources.Route.Properties, { AuthorizationType: 'JWT', AuthorizerId: { Ref: 'JwtAuthorizer' } });
  resources.ScopedRoute = {
    Type: 'AWS::ApiGatewayV2::Route',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      RouteKey: 'GET /orders',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: 'JwtAuthorizer' },
      AuthorizationScopes: ['orders/read'],
      Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'Integration' }]] },
    },
  };
  return writeTemplate(template);
}

const now = () => Math.floor(Date.now() / 1000);
const validClaims = (iss = ISSUER) => ({ iss, aud: 'my-client', sub: 'alice', exp: now() + 600, iat: now() - 5, scope: 'orders/read profile' });

let signingKey: TestKey;
let otherKey: TestKey;
beforeAll(async () => {
  [signingKey, otherKey] = await Promise.all([testKey('key-1'), testKey('key-2')]);
});

describe('a JWT authorizer, its keys given with --jwks <issuer>=<file>', () => {
  let url: string;
  beforeEach(async () => {
    await cloud.stop();
    const jwksFile = path.join(tempDir(), 'jwks.json');
    fs.writeFileSync(jwksFile, JSON.stringify(signingKey.jwks));
    ({ cloud, logs } = newCloud({ jwks: { [ISSUER]: jwksFile } }));
    url = await deployOneApi(cloud, jwtTemplate(ISSUER));
  });

  const valid = () => validClaims();
  const signed = (claims: Record<string, unknown>) => signToken(signingKey, claims);

  test('a valid token (with or without "Bearer ") reaches the integration with its claims; scopes are null on a route without scopes', async () => {
    const claims = valid();
    const token = await signed(claims);
    for (const authorization of [`Bearer ${token}`, token]) {
      const response = await request(url, { headers: { Authorization: authorization } });
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({
        authorizer: {
          jwt: {
            claims: { iss: ISSUER, aud: 'my-client', sub: 'alice', exp: String(claims.exp), iat: String(claims.iat), scope: 'orders/read profile' },
            scopes: null,
          },
        },
      });
    }
    expect(logs.filter((line) => line.includes('signature not verified'))).toEqual([]);
  });

  test('a token signed by another key (same kid): 401 invalid_token, and the log says why', async () => {
    const response = await request(url, { headers: { Authorization: `Bearer ${await signToken(otherKey, valid(), { kid: 'key-1' })}` } });
    expect(response.status).toBe(401);
    expect(response.body).toBe(UNAUTHORIZED);
    expect(response.headers.get('www-authenticate')).toBe('Bearer scope="" error="invalid_token" error_description="the token signature is invalid"');
    expect(logs).toContainEqual(expect.stringContaining('401 Unauthorized: JWT authorizer jwt: the signature does not verify with key "key-1" of '));
  });

  test('a token whose kid is not in the key set: 401, no valid key id', async () => {
    const response = await request(url, { headers: { Authorization: await signToken(otherKey, valid()) } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer scope="" error="invalid_token" error_description="the token does not have a valid key id"');
  });

  test('an unsigned token with the right claims: 401', async () => {
    const response = await request(url, { headers: { Authorization: jwt(valid()) } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer scope="" error="invalid_token" error_description="the token signature is invalid"');
  });

  test('no token: 401 {"message":"Unauthorized"}', async () => {
    const response = await request(url);
    expect(response.status).toBe(401);
    expect(response.body).toBe(UNAUTHORIZED);
  });

  test('a token for another audience: 401 with the www-authenticate header AWS documents', async () => {
    const response = await request(url, { headers: { Authorization: `Bearer ${await signed({ ...valid(), aud: 'someone-else' })}` } });
    expect(response.status).toBe(401);
    expect(response.body).toBe(UNAUTHORIZED);
    expect(response.headers.get('www-authenticate')).toBe('Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"');
  });

  test.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 10 }, 'the token has expired'],
    ['from another issuer', { iss: 'https://evil.example.com' }, 'the token does not have a valid issuer'],
    ['not valid yet', { nbf: Math.floor(Date.now() / 1000) + 3600 }, 'the token is not valid yet'],
  ])('a token %s: 401 invalid_token', async (_name, change, description) => {
    const response = await request(url, { headers: { Authorization: await signed({ ...valid(), ...change }) } });
    expect(response.status).toBe(401);
    expect(response.body).toBe(UNAUTHORIZED);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
  });

  test('a malformed token or one not signed with RSA: 401', async () => {
    for (const token of ['not-a-jwt', 'a.b', jwt(valid(), { alg: 'HS256', kid: 'key-1' }), jwt(valid(), { alg: 'none' })]) {
      const response = await request(url, { headers: { Authorization: token } });
      expect(response.status).toBe(401);
    }
  });

  test('the client_id claim stands for the audience when aud is absent', async () => {
    const { aud: _aud, ...withoutAud } = valid();
    expect((await request(url, { headers: { Authorization: await signed({ ...withoutAud, client_id: 'my-client' }) } })).status).toBe(200);
  });

  test('a route with AuthorizationScopes: a token with one of them passes with its scopes, one without gets 403 insufficient_scope', async () => {
    const allowed = await request(`${url}orders`, { headers: { Authorization: await signed(valid()) } });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body).authorizer.jwt.scopes).toEqual(['orders/read', 'profile']);

    const scp = await request(`${url}orders`, { headers: { Authorization: await signed({ ...valid(), scope: undefined, scp: ['orders/read'] }) } });
    expect(scp.status).toBe(200);

    const denied = await request(`${url}orders`, { headers: { Authorization: await signed({ ...valid(), scope: 'profile' }) } });
    expect(denied.status).toBe(403);
    expect(denied.body).toBe(FORBIDDEN);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer scope="orders/read" error="insufficient_scope" error_description="expected scopes: [orders/read]"');
  });
});

describe('a JWT authorizer without --jwks', () => {
  let issuer: TestIssuer;
  beforeEach(async () => {
    issuer = await startTestIssuer(signingKey.jwks);
  });
  afterEach(() => issuer.close());

  test('finds the keys through the issuer\'s OpenID discovery document, once: a signed token 200, a forged one 401', async () => {
    const url = await deployOneApi(cloud, jwtTemplate(issuer.issuer));
    const claims = validClaims(issuer.issuer);
    expect((await request(url, { headers: { Authorization: await signToken(signingKey, claims) } })).status).toBe(200);
    expect((await request(url, { headers: { Authorization: await signToken(otherKey, claims, { kid: 'key-1' }) } })).status).toBe(401);
    expect((await request(url, { headers: { Authorization: await signToken(signingKey, claims) } })).status).toBe(200);
    expect(issuer.requests).toEqual(['/.well-known/openid-configuration', '/jwks']);
  });

  test('an issuer that cannot be reached: 401, and one log line saying how to give its keys', async () => {
    const unreachable = issuer.issuer;
    await issuer.close();
    const url = await deployOneApi(cloud, jwtTemplate(unreachable));
    for (let i = 0; i < 2; i++) {
      const response = await request(url, { headers: { Authorization: await signToken(signingKey, validClaims(unreachable)) } });
      expect(response.status).toBe(401);
      expect(response.body).toBe(UNAUTHORIZED);
    }
    expect(logs.filter((line) => line.includes(`--jwks ${unreachable}=<file>`))).toEqual([
      `[apigateway] JWT issuer ${unreachable}: no signing keys (fetch failed (ECONNREFUSED)); its tokens are refused with 401. `
      + `Give them with --jwks ${unreachable}=<file> (a JWKS JSON file, or a URL serving one), or check claims only with --jwt-unverified`,
    ]);
    issuer = await startTestIssuer(signingKey.jwks); // for afterEach
  });
});

describe('a JWT authorizer with --jwt-unverified', () => {
  test('checks claims only: an unsigned token with the right claims passes, a wrong audience does not; the deploy says so', async () => {
    await cloud.stop();
    ({ cloud, logs } = newCloud({ jwtUnverified: true }));
    const url = await deployOneApi(cloud, jwtTemplate(ISSUER));
    expect((await request(url, { headers: { Authorization: jwt(validClaims()) } })).status).toBe(200);
    expect((await request(url, { headers: { Authorization: jwt({ ...validClaims(), aud: 'someone-else' }) } })).status).toBe(401);
    expect(logs.filter((line) => line.includes('JWT authorizer jwt: signature not verified (--jwt-unverified); issuer, audience, expiry and scopes are checked')))
      .toHaveLength(1);
  });
});

/** An Authorization header in SigV4's form, with a made-up signature (for the malformed cases, refused before any key). */
function sigV4Header(accessKey = 'AKIDEXAMPLE', region = 'us-east-1'): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return {
    'x-amz-date': amzDate,
    'authorization': `AWS4-HMAC-SHA256 Credential=${accessKey}/${amzDate.slice(0, 8)}/${region}/execute-api/aws4_request, `
      + `SignedHeaders=host;x-amz-date, Signature=${'a1'.repeat(32)}`,
  };
}

const ACCOUNT = '123456789012';
const ALLOWED_ROLE = `arn:aws:iam::${ACCOUNT}:role/AllowedCaller`;
const DENIED_ROLE = `arn:aws:iam::${ACCOUNT}:role/DeniedCaller`;
const INVOKER_USER = `arn:aws:iam::${ACCOUNT}:user/invoker`;

/** A role or user statement on this API's execute-api ARNs, `<apiId>/<resource>`. */
function invokeStatement(effect: 'Allow' | 'Deny', resource: string) {
  return {
    Effect: effect,
    Action: 'execute-api:Invoke',
    Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${HttpApi}/${resource}` },
  };
}

/**
 * The reference template with ECHO behind an AWS_IAM `GET /`, and the callers: a role allowed
 * execute-api:Invoke on the whole API, a role allowed everything but denied GET, and a user
 * allowed GET through an AWS::IAM::Policy.
 */
function iamTemplate(): string {
  const template = reference();
  const resources = template.Resources;
  resources.Function.Properties.Code.ZipFile = ECHO;
  resources.Route.Properties.AuthorizationType = 'AWS_IAM';
  resources.DefaultStage.Properties.AccessLogSettings = {
    DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api-access:*',
    Format: '$context.status $context.error.responseType $context.identity.accountId $context.identity.userArn',
  };
  const trustAccount = { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  resources.AllowedCaller = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'AllowedCaller',
      AssumeRolePolicyDocument: trustAccount,
      Policies: [{ PolicyName: 'invoke', PolicyDocument: { Statement: [invokeStatement('Allow', '*')] } }],
    },
  };
  resources.DeniedCaller = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: 'DeniedCaller',
      AssumeRolePolicyDocument: trustAccount,
      Policies: [{ PolicyName: 'invoke', PolicyDocument: { Statement: [invokeStatement('Allow', '*'), invokeStatement('Deny', '*/GET/*')] } }],
    },
  };
  resources.Invoker = { Type: 'AWS::IAM::User', Properties: { UserName: 'invoker' } };
  resources.InvokerPolicy = {
    Type: 'AWS::IAM::Policy',
    Properties: { PolicyName: 'invoke-get', Users: [{ Ref: 'Invoker' }], PolicyDocument: { Statement: [invokeStatement('Allow', '$default/GET/')] } },
  };
  return writeTemplate(template);
}

describe('an AWS_IAM route, its keys given to the offline cloud', () => {
  const allowed = testCredential({ arn: ALLOWED_ROLE });
  const denied = testCredential({ arn: DENIED_ROLE });
  const user = testCredential({ arn: INVOKER_USER });
  const session = testCredential({ arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AllowedCaller/ci-session`, sessionToken: 'session-token' });
  const noIdentity = testCredential();
  const outsider = testCredential({ arn: `arn:aws:iam::${ACCOUNT}:role/NotDeployedHere` });
  let url: string;
  beforeEach(async () => {
    await cloud.stop();
    ({ cloud, logs } = newCloud({ iamCredentials: [allowed, denied, user, session, noIdentity, outsider] }));
    url = await deployOneApi(cloud, iamTemplate());
  });

  test('an unsigned request: 403 {"message":"Forbidden"}', async () => {
    const response = await request(url);
    expect(response.status).toBe(403);
    expect(response.body).toBe(FORBIDDEN);
    expect(logs.join('\n')).toContain('AWS_IAM route: the request is not signed');
  });

  test.each([
    ['another algorithm', { authorization: 'Bearer abc' }, 'algorithm "Bearer" is not AWS4-HMAC-SHA256'],
    ['no Credential', { authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc' }, 'has no Credential='],
    ['another service', { ...sigV4Header(), authorization: sigV4Header().authorization.replace('/execute-api/', '/s3/') }, 'service s3 is not execute-api'],
    ['another Region', sigV4Header('AKIDEXAMPLE', 'eu-west-1'), 'Region eu-west-1 is not this API\'s Region us-east-1'],
    ['a short signature', { ...sigV4Header(), authorization: sigV4Header().authorization.replace(/Signature=\w+/, 'Signature=abc') }, 'is not 64 hex digits'],
  ])('a malformed signature (%s): 403 and a log line that says what is wrong', async (_name, headers, why) => {
    const response = await request(url, { headers });
    expect(response.status).toBe(403);
    expect(response.body).toBe(FORBIDDEN);
    expect(logs.join('\n')).toContain(why);
  });

  test('signed by a role whose policy allows execute-api:Invoke: 200, and the integration gets the caller in authorizer.iam', async () => {
    const response = await request(url, { headers: await signedHeaders(url, allowed) });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).authorizer.iam).toEqual({
      accessKey: allowed.accessKeyId,
      accountId: ACCOUNT,
      userArn: ALLOWED_ROLE,
      callerId: null,
      cognitoIdentity: null,
      principalOrgId: null,
      userId: null,
    });
    expect(logs).toContainEqual(expect.stringContaining('AWS_IAM routes verify SigV4 signatures for execute-api in us-east-1 with the 6 access key(s) known'));
  });

  test('access logs show $context.identity.accountId and .userArn of the caller, and the response type of a refusal', async () => {
    await request(url, { headers: await signedHeaders(url, allowed) });
    await request(url, { headers: await signedHeaders(url, noIdentity) });
    await request(url, { headers: await signedHeaders(url, denied) });
    await request(url, { headers: await signedHeaders(url, allowed, { date: new Date(Date.now() - 6 * 60_000) }) });
    expect(logs.filter((line) => line.startsWith('[api-access] '))).toEqual([
      `[api-access] 200 - ${ACCOUNT} ${ALLOWED_ROLE}`,
      '[api-access] 200 - - -',
      '[api-access] 403 ACCESS_DENIED - -',
      '[api-access] 403 EXPIRED_TOKEN - -',
    ]);
  });

  test('a session of that role (temporary credentials with their token): 200', async () => {
    const response = await request(url, { headers: await signedHeaders(url, session) });
    expect(response.status).toBe(200);
  });

  test('signed by a user allowed GET / by an AWS::IAM::Policy: 200', async () => {
    expect((await request(url, { headers: await signedHeaders(url, user) })).status).toBe(200);
  });

  test('a tampered request (the query changed after signing): 403 with AWS\'s signature-mismatch message', async () => {
    const headers = await signedHeaders(`${url}?page=1`, allowed);
    const response = await request(`${url}?page=2`, { headers });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(JSON.parse(response.body).message).toMatch(/^The request signature we calculated does not match the signature you provided\. .*\n\nThe Canonical String for this request should have been\n'GET\n\/\npage=2\n/s);
  });

  test('an access key the offline cloud does not know: 403 "The security token included in the request is invalid."', async () => {
    const stranger = testCredential();
    const response = await request(url, { headers: await signedHeaders(url, stranger) });
    expect(response.status).toBe(403);
    expect(response.body).toBe('{"message":"The security token included in the request is invalid."}');
    expect(logs).toContainEqual(expect.stringContaining(`access key ${stranger.accessKeyId} is not one the offline cloud knows`));
  });

  test('a signature made more than five minutes ago: 403 "Signature expired"', async () => {
    const response = await request(url, { headers: await signedHeaders(url, allowed, { date: new Date(Date.now() - 6 * 60_000) }) });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  test('a role whose policy denies GET: 403 {"message":"Forbidden"}, and the log names the caller and the route ARN', async () => {
    const response = await request(url, { headers: await signedHeaders(url, denied) });
    expect(response.status).toBe(403);
    expect(response.body).toBe(FORBIDDEN);
    expect(logs).toContainEqual(expect.stringMatching(
      new RegExp(`User: ${DENIED_ROLE} is not authorized to perform: execute-api:Invoke `
        + `on resource: arn:aws:execute-api:us-east-1:${ACCOUNT}:\\w+/\\$default/GET/ with an explicit deny`)));
  });

  test('a presigned URL of an allowed role: 200', async () => {
    const response = await request(await presignedUrl(url, allowed, { expiresIn: 60 }));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).authorizer.iam.accessKey).toBe(allowed.accessKeyId);
  });

  test('a key without an identity, or one of a role no template deployed: 200 on its signature alone, logged once each', async () => {
    for (const credential of [noIdentity, noIdentity, outsider, outsider]) {
      expect((await request(url, { headers: await signedHeaders(url, credential) })).status).toBe(200);
    }
    expect(logs.filter((line) => line.includes(`access key ${noIdentity.accessKeyId} of the test has no known identity`))).toHaveLength(1);
    expect(logs.filter((line) => line.includes('NotDeployedHere (the test) is not a role or user of the deployed templates'))).toHaveLength(1);
  });
});

describe('an AWS_IAM route with no key known', () => {
  test('says so at deploy, and a signed request gets 403 "The security token included in the request is invalid."', async () => {
    const url = await deployOneApi(cloud, iamTemplate());
    expect(logs).toContainEqual(expect.stringContaining('AWS_IAM routes know no access key, so every signed request gets 403; give keys with --iam-credentials <file>'));
    const response = await request(url, { headers: await signedHeaders(url, testCredential()) });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).message).toBe('The security token included in the request is invalid.');
  });
});

describe('graviton-local serve with AWS_IAM routes', () => {
  afterEach(stopGravitonProcesses);

  test('knows the keys of --iam-credentials and its own environment\'s: both verify, any other key gets 403', async () => {
    const listed = testCredential({ arn: ALLOWED_ROLE });
    const own = testCredential();
    const file = path.join(tempDir(), 'credentials.json');
    fs.writeFileSync(file, JSON.stringify([{ accessKeyId: listed.accessKeyId, secretAccessKey: listed.secretAccessKey, arn: listed.arn }]));
    const run = graviton(['serve', iamTemplate(), '--iam-credentials', file],
      { ...process.env, AWS_ACCESS_KEY_ID: own.accessKeyId, AWS_SECRET_ACCESS_KEY: own.secretAccessKey, AWS_SESSION_TOKEN: '' });
    const url = await servedUrl(run);
    expect((await request(url, { headers: await signedHeaders(url, listed) })).status).toBe(200);
    expect((await request(url, { headers: await signedHeaders(url, own) })).status).toBe(200);
    expect((await request(url, { headers: await signedHeaders(url, testCredential()) })).status).toBe(403);
  });

  test('a credentials file it cannot use: exit 2 and what is wrong with it', async () => {
    const file = path.join(tempDir(), 'credentials.json');
    fs.writeFileSync(file, JSON.stringify([{ accessKeyId: 'AKIAONLY' }]));
    const run = graviton(['serve', iamTemplate(), '--iam-credentials', file]);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain(`graviton-local: --iam-credentials ${file} entry 1 has no secretAccessKey`);
  });
});

describe('invalid authorizer settings fail the deploy as API Gateway refuses them', () => {
  function withAuthorizer(change: (authorizer: any, route: any) => void): string {
    const template = lambdaAuthorizerTemplate('/dev/null');
    change(template.Resources.Authorizer.Properties, template.Resources.Route.Properties);
    return writeTemplate(template);
  }

  test.each([
    ['a REQUEST authorizer without AuthorizerUri', (a: any) => delete a.AuthorizerUri, 'AuthorizerUri is required for a REQUEST authorizer'],
    ['an AuthorizerUri that is no Lambda function URI', (a: any) => { a.AuthorizerUri = 'https://example.com/auth'; }, 'is not a Lambda function URI'],
    ['a REQUEST authorizer without AuthorizerPayloadFormatVersion', (a: any) => delete a.AuthorizerPayloadFormatVersion,
      'AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for a Lambda authorizer, got (none)'],
    ['EnableSimpleResponses with payload 1.0', (a: any) => { a.AuthorizerPayloadFormatVersion = '1.0'; },
      'EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion 2.0'],
    ['a cache TTL over an hour', (a: any) => { a.AuthorizerResultTtlInSeconds = 3601; }, 'AuthorizerResultTtlInSeconds must be a whole number from 0 to 3600'],
    ['an identity source that is no selection expression', (a: any) => { a.IdentitySource = ['Authorization']; },
      'IdentitySource "Authorization" is not a selection expression'],
    ['a TOKEN authorizer (REST only)', (a: any) => { a.AuthorizerType = 'TOKEN'; }, 'AuthorizerType must be REQUEST or JWT for an HTTP API, got TOKEN'],
    ['a JWT authorizer without JwtConfiguration', (a: any) => {
      for (const key of ['AuthorizerUri', 'AuthorizerPayloadFormatVersion', 'EnableSimpleResponses']) delete a[key];
      a.AuthorizerType = 'JWT';
    }, 'a JWT authorizer needs JwtConfiguration with an Issuer'],
    ['a JWT authorizer with AuthorizerUri', (a: any) => {
      a.AuthorizerType = 'JWT';
      a.JwtConfiguration = { Issuer: ISSUER };
    }, 'AuthorizerUri is supported only for REQUEST authorizers, not JWT'],
    ['a CUSTOM route without AuthorizerId', (_a: any, r: any) => delete r.AuthorizerId, 'AuthorizationType CUSTOM needs an AuthorizerId'],
    ['a JWT route whose authorizer is a Lambda authorizer', (_a: any, r: any) => { r.AuthorizationType = 'JWT'; },
      'AuthorizationType JWT needs a JWT authorizer, but python-authorizer'],
    ['AuthorizationScopes on a CUSTOM route', (_a: any, r: any) => { r.AuthorizationScopes = ['read']; },
      'Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types'],
    ['an AuthorizationType HTTP APIs do not have', (_a: any, r: any) => { r.AuthorizationType = 'COGNITO_USER_POOLS'; },
      'AuthorizationType must be NONE, AWS_IAM, CUSTOM or JWT for an HTTP API'],
  ])('%s', async (_name, change, message) => {
    const error = await cloud.deploy(withAuthorizer(change)).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toContain(message);
  });

  test('a JWT authorizer whose identity source is a context variable', async () => {
    const template = reference();
    template.Resources.Jwt = {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: { ApiId: { Ref: 'HttpApi' }, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$context.routeKey'], JwtConfiguration: { Issuer: ISSUER } },
    };
    await expect(cloud.deploy(writeTemplate(template))).rejects.toThrow('a JWT authorizer needs exactly one IdentitySource');
  });
});
