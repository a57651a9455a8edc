import * as http from 'http';
import { AddressInfo } from 'net';
import { JSONWebKeySet, JWTPayload, KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';

/** An RSA signing key made in the test, its public half as a JWK with `kid`. */
export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyLike;
  readonly jwks: JSONWebKeySet;
}

export async function testKey(kid: string, alg = 'RS256'): Promise<TestKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { kid, privateKey, jwks: { keys: [{ ...await exportJWK(publicKey), kid, alg, use: 'sig' }] } };
}

/** A token signed with `key` (header `kid` = the key's, unless `kid` is given). */
export function signToken(key: TestKey, claims: JWTPayload, options: { kid?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/**
 * An OpenID provider on 127.0.0.1 (a free port): its URL is the issuer; it serves
 * `/.well-known/openid-configuration` (jwks_uri → `/jwks`) and the key set, and counts requests.
 */
export interface TestIssuer {
  readonly issuer: string;
  readonly requests: string[];
  /** What `/jwks` serves; change it to rotate keys. */
  jwks: JSONWebKeySet;
  /** `Cache-Control` of `/jwks`. */
  cacheControl?: string;
  close(): Promise<void>;
}

export async function startTestIssuer(jwks: JSONWebKeySet): Promise<TestIssuer> {
  const server = http.createServer((request, response) => {
    state.requests.push(request.url ?? '');
    const json = (value: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(200, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(value));
    };
    if (request.url === '/.well-known/openid-configuration') {
      json({ issuer: state.issuer, jwks_uri: `${state.issuer}/jwks` });
    } else if (request.url === '/jwks') {
      json(state.jwks, state.cacheControl ? { 'cache-control': state.cacheControl } : {});
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: TestIssuer = {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    jwks,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return state;
}
