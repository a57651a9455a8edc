import { JwtAuthorizerConfig } from '../../../../src/local/apigatewayv2/authorization/authorizer-config';
import { checkJwt, decodeJwt, integrationClaims, tokenOf, tokenScopes } from '../../../../src/local/apigatewayv2/authorization/jwt-authorizer';

const AUTHORIZER: JwtAuthorizerConfig = {
  type: 'JWT',
  authorizerId: 'abc123',
  name: 'jwt',
  issuer: 'https://issuer.example.com',
  audiences: ['client-a', 'client-b'],
  identitySource: { expression: '$request.header.Authorization', kind: 'header', name: 'Authorization' },
};
const NOW = 1_700_000_000;

function token(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k' }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.c2ln`;
}
const CLAIMS = { iss: 'https://issuer.example.com', aud: 'client-b', sub: 'u1', exp: NOW + 60, nbf: NOW - 60, iat: NOW - 60 };

describe('decodeJwt', () => {
  test('gives header and payload of a compact JWS', () => {
    expect(decodeJwt(token({ a: 1 }))).toEqual({ header: { alg: 'RS256', kid: 'k' }, payload: { a: 1 } });
  });

  test.each([
    ['two parts', 'a.b', 'has 2 non-empty dot-separated parts'],
    ['an empty signature', `${token({}).split('.').slice(0, 2).join('.')}.`, 'has 3 non-empty'],
    ['a header that is not base64url', '%%%.e30.c2ln', 'header is not base64url-encoded JSON'],
    ['a payload that is a JSON array', `${Buffer.from('{}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.c2ln`, 'payload is not'],
  ])('says why a token with %s cannot be decoded', (_name, value, problem) => {
    expect(decodeJwt(value)).toEqual(expect.stringContaining(problem));
  });
});

test('tokenOf strips a Bearer prefix, tokenScopes reads scope or scp', () => {
  expect(tokenOf('Bearer abc')).toBe('abc');
  expect(tokenOf('abc')).toBe('abc');
  expect(tokenScopes({ scope: 'a  b' })).toEqual(['a', 'b']);
  expect(tokenScopes({ scp: ['a', 'b'] })).toEqual(['a', 'b']);
  expect(tokenScopes({ scp: 'a b' })).toEqual(['a', 'b']);
  expect(tokenScopes({})).toEqual([]);
});

describe('checkJwt', () => {
  test('accepts a token whose issuer, audience and times are right', () => {
    expect(checkJwt(token(CLAIMS), AUTHORIZER, [], NOW)).toEqual({ ok: true, claims: CLAIMS, tokenScopes: [] });
  });

  test('takes client_id as the audience only when aud is absent', () => {
    const { aud: _aud, ...withoutAud } = CLAIMS;
    expect(checkJwt(token({ ...withoutAud, client_id: 'client-a' }), AUTHORIZER, [], NOW).ok).toBe(true);
    expect(checkJwt(token({ ...CLAIMS, aud: 'other', client_id: 'client-a' }), AUTHORIZER, [], NOW).ok).toBe(false);
  });

  test('accepts an aud list with one of the audiences', () => {
    expect(checkJwt(token({ ...CLAIMS, aud: ['x', 'client-a'] }), AUTHORIZER, [], NOW).ok).toBe(true);
  });

  test.each([
    ['a wrong audience', { aud: 'x' }, 'the token does not have a valid audience'],
    ['a wrong issuer', { iss: 'https://other' }, 'the token does not have a valid issuer'],
    ['exp now', { exp: NOW }, 'the token has expired'],
    ['nbf in the future', { nbf: NOW + 1 }, 'the token is not valid yet'],
    ['iat in the future', { iat: NOW + 1 }, 'the token was issued in the future'],
    ['a non-numeric exp', { exp: 'tomorrow' }, 'the token is malformed'],
  ])('refuses %s with 401 and a www-authenticate header', (_name, change, description) => {
    const result = checkJwt(token({ ...CLAIMS, ...change }), AUTHORIZER, ['s1', 's2'], NOW);
    expect(result).toMatchObject({
      ok: false,
      error: { status: 401, message: 'Unauthorized' },
      wwwAuthenticate: `Bearer scope="s1 s2" error="invalid_token" error_description="${description}"`,
    });
  });

  test('refuses tokens not signed with an RSA algorithm, or without a key id', () => {
    expect(checkJwt(token(CLAIMS, { alg: 'HS256', kid: 'k' }), AUTHORIZER, [], NOW).ok).toBe(false);
    expect(checkJwt(token(CLAIMS, { alg: 'RS256' }), AUTHORIZER, [], NOW).ok).toBe(false);
    expect(checkJwt(token(CLAIMS, { alg: 'PS512', kid: 'k' }), AUTHORIZER, [], NOW).ok).toBe(true);
  });

  test('a route with scopes needs at least one of them: else 403 insufficient_scope', () => {
    expect(checkJwt(token({ ...CLAIMS, scope: 'read write' }), AUTHORIZER, ['write', 'admin'], NOW)).toMatchObject({ ok: true, tokenScopes: ['read', 'write'] });
    const refused = checkJwt(token({ ...CLAIMS, scope: 'read' }), AUTHORIZER, ['write'], NOW);
    expect(refused).toMatchObject({
      ok: false,
      error: { status: 403, message: 'Forbidden' },
      wwwAuthenticate: 'Bearer scope="write" error="insufficient_scope" error_description="expected scopes: [write]"',
    });
  });
});

test('integrationClaims gives every claim as a string, lists in brackets', () => {
  expect(integrationClaims({ sub: 'u', exp: 5, admin: true, groups: ['a', 'b'], address: { city: 'x' } }))
    .toEqual({ sub: 'u', exp: '5', admin: 'true', groups: '[a b]', address: '{"city":"x"}' });
});
