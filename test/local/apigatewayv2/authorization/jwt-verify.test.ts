import { TestKey, signToken, testKey } from './jwt-test-keys';
import { JwtAuthorizerConfig } from '../../../../src/local/apigatewayv2/authorization/authorizer-config';
import { JwtCheck, verifyJwt } from '../../../../src/local/apigatewayv2/authorization/jwt-authorizer';
import { IssuerKeys } from '../../../../src/local/apigatewayv2/authorization/jwt-keys';

/** verifyJwt: the signature against the issuer's keys (by kid), then the claim checks of checkJwt. */

const ISSUER = 'https://issuer.example.com';
const AUTHORIZER: JwtAuthorizerConfig = {
  type: 'JWT',
  authorizerId: 'abc123',
  name: 'jwt',
  issuer: ISSUER,
  audiences: ['client-a'],
  identitySource: { expression: '$request.header.Authorization', kind: 'header', name: 'Authorization' },
};
const NOW = 1_700_000_000;
const CLAIMS = { iss: ISSUER, aud: 'client-a', sub: 'u1', exp: NOW + 60, iat: NOW - 60, scope: 'read' };

let key: TestKey;
let other: TestKey;
beforeAll(async () => {
  [key, other] = await Promise.all([testKey('key-1'), testKey('key-2')]);
});

const keysOf = (keys: IssuerKeys) => async () => keys;
const withKey = () => keysOf({ ok: true, keys: key.jwks, from: 'jwks.json' });

async function verify(token: string, scopes: string[] = [], keys = withKey()): Promise<JwtCheck> {
  return verifyJwt(token, AUTHORIZER, scopes, NOW, keys);
}

function expectInvalid(result: JwtCheck, description: string): void {
  expect(result).toMatchObject({
    ok: false,
    error: { status: 401 },
    wwwAuthenticate: expect.stringContaining(`error="invalid_token" error_description="${description}"`),
  });
}

test('a token signed with the issuer\'s key passes with its claims and scopes', async () => {
  expect(await verify(await signToken(key, CLAIMS), ['read'])).toEqual({ ok: true, claims: CLAIMS, tokenScopes: ['read'] });
});

test('every RSA algorithm API Gateway accepts verifies (RS384, PS256)', async () => {
  for (const alg of ['RS384', 'PS256']) {
    const algKey = await testKey(`k-${alg}`, alg);
    const result = await verify(await signToken(algKey, CLAIMS, { alg }), [], keysOf({ ok: true, keys: algKey.jwks, from: 'x' }));
    expect(result.ok).toBe(true);
  }
});

test('a token signed by another key under the same kid: 401, the signature is invalid', async () => {
  const forged = await signToken(other, CLAIMS, { kid: 'key-1' });
  const result = await verify(forged);
  expectInvalid(result, 'the token signature is invalid');
  expect(result).toMatchObject({ reason: 'the signature does not verify with key "key-1" of jwks.json' });
});

test('a token whose kid is not in the key set: 401, no valid key id', async () => {
  const result = await verify(await signToken(other, CLAIMS));
  expectInvalid(result, 'the token does not have a valid key id');
  expect(result).toMatchObject({ reason: 'kid "key-2" is no RS256 key of jwks.json' });
});

test('a tampered payload no longer verifies', async () => {
  const [header, , signature] = (await signToken(key, CLAIMS)).split('.');
  const payload = Buffer.from(JSON.stringify({ ...CLAIMS, sub: 'admin' })).toString('base64url');
  expectInvalid(await verify(`${header}.${payload}.${signature}`), 'the token signature is invalid');
});

test('claims are checked after the signature, with the offline cloud\'s answers (not jose\'s)', async () => {
  expectInvalid(await verify(await signToken(key, { ...CLAIMS, exp: NOW - 1 })), 'the token has expired');
  expectInvalid(await verify(await signToken(key, { ...CLAIMS, aud: 'client-z' })), 'the token does not have a valid audience');
  expectInvalid(await verify(await signToken(key, { ...CLAIMS, nbf: NOW + 600 })), 'the token is not valid yet');
  expectInvalid(await verify(await signToken(key, { ...CLAIMS, exp: 'tomorrow' } as never)), 'the token is malformed');
  // A forged token is refused for its signature, before its claims are read.
  expectInvalid(await verify(await signToken(other, { ...CLAIMS, exp: NOW - 1 }, { kid: 'key-1' })), 'the token signature is invalid');
});

test('a token without the route\'s scopes: 403 insufficient_scope', async () => {
  expect(await verify(await signToken(key, CLAIMS), ['write'])).toMatchObject({
    ok: false,
    error: { status: 403 },
    wwwAuthenticate: 'Bearer scope="write" error="insufficient_scope" error_description="expected scopes: [write]"',
  });
});

test('no keys for the issuer: 401, with the reason', async () => {
  const result = await verify(await signToken(key, CLAIMS), [], keysOf({ ok: false, reason: 'connect ECONNREFUSED' }));
  expectInvalid(result, 'the token signing keys could not be retrieved');
  expect(result).toMatchObject({ reason: `no signing keys for issuer ${ISSUER}: connect ECONNREFUSED` });
});

test('header checks come first: an unsupported algorithm or no kid is refused without asking for keys', async () => {
  const keys = jest.fn(withKey());
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  expectInvalid(await verify(`${part({ alg: 'HS256', kid: 'key-1' })}.${part(CLAIMS)}.c2ln`, [], keys), 'the token is signed with an unsupported algorithm');
  expectInvalid(await verify(`${part({ alg: 'RS256' })}.${part(CLAIMS)}.c2ln`, [], keys), 'the token does not have a valid key id');
  expect(keys).not.toHaveBeenCalled();
});
