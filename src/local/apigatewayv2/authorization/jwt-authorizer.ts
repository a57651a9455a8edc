import { JSONWebKeySet, createLocalJWKSet, errors, jwtVerify } from 'jose';
import { JwtAuthorizerConfig } from './authorizer-config';
import { IssuerKeys } from './jwt-keys';
import { FORBIDDEN, GatewayError, UNAUTHORIZED } from '../error-responses';

/**
 * The checks a JWT authorizer makes: the token is decoded, its algorithm and signature are
 * verified against the issuer's keys (`verifyJwt`, with jose), then its issuer, audience, times
 * and scopes are checked. `checkJwt` makes every check but the signature's (`--jwt-unverified`).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */

/**
 * "Currently, only RSA-based algorithms are supported" (HTTP API JWT authorizers); jose's names
 * of them. (REST API JWT authorizers also accept ES256/384/512; HTTP APIs do not.)
 */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

/** jose's key selector of each key set (by `kid` and algorithm), kept while the key set is. */
const keySelectors = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

function keySelector(keys: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let selector = keySelectors.get(keys);
  if (!selector) {
    selector = createLocalJWKSet(keys);
    keySelectors.set(keys, selector);
  }
  return selector;
}

/** A token that passed: its claims, and its scopes (`scope` or `scp`). */
export interface JwtAccepted {
  readonly ok: true;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly tokenScopes: readonly string[];
}

/** A token that failed: the answer, its `www-authenticate` header, and why (for the log). */
export interface JwtRefused {
  readonly ok: false;
  readonly error: GatewayError;
  readonly wwwAuthenticate?: string;
  readonly reason: string;
}

export type JwtCheck = JwtAccepted | JwtRefused;

/** A decoded token, or why it cannot be decoded. */
export type DecodedJwt = { readonly header: Record<string, unknown>; readonly payload: Record<string, unknown> } | string;

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function decodePart(part: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(part)) {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf-8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a compact JWS: three base64url parts, the first two JSON objects. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    return `the token has ${parts.length} non-empty dot-separated parts, a JWT has 3`;
  }
  const header = decodePart(parts[0]);
  if (!header) {
    return 'the token header is not base64url-encoded JSON';
  }
  const payload = decodePart(parts[1]);
  if (!payload) {
    return 'the token payload is not base64url-encoded JSON';
  }
  return { header, payload };
}

/** The token in an identity source value: the value itself, or what follows `Bearer `. */
export function tokenOf(value: string): string {
  return value.replace(/^Bearer\s+/i, '');
}

/** The scopes a token grants: `scope` (space-separated) or `scp` (a list or a space-separated string). */
export function tokenScopes(payload: Readonly<Record<string, unknown>>): string[] {
  const claim = payload.scope ?? payload.scp;
  if (Array.isArray(claim)) {
    return claim.filter((s): s is string => typeof s === 'string');
  }
  return typeof claim === 'string' ? claim.split(' ').filter((s) => s !== '') : [];
}

/**
 * Checks a token for a route with `routeScopes`, at `nowSeconds`, but not its signature (that is
 * `verifyJwt`; this alone is `--jwt-unverified`). Every failure but missing
 * scopes answers 401 with a `www-authenticate` header in the form AWS documents; only the
 * audience description is documented, the others are worded alike (unconfirmed).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 */
export function checkJwt(token: string, authorizer: JwtAuthorizerConfig, routeScopes: readonly string[], nowSeconds: number): JwtCheck {
  const decoded = checkJwtHeader(token, routeScopes);
  return 'ok' in decoded ? decoded : checkJwtClaims(decoded.payload, authorizer, routeScopes, nowSeconds);
}

/**
 * `checkJwt`, after verifying the token's signature with the keys of the authorizer's issuer (the
 * key its `kid` names), as API Gateway does before it checks the claims. jose checks only the
 * signature here: where its own claim checks disagree, the answers of `checkJwtClaims` (AWS's)
 * are kept.
 */
export async function verifyJwt(
  token: string, authorizer: JwtAuthorizerConfig, routeScopes: readonly string[], nowSeconds: number,
  keysFor: (issuer: string) => Promise<IssuerKeys>,
): Promise<JwtCheck> {
  const decoded = checkJwtHeader(token, routeScopes);
  if ('ok' in decoded) {
    return decoded;
  }
  const invalid = refusal(routeScopes);
  const keys = await keysFor(authorizer.issuer);
  if (!keys.ok) {
    // (unconfirmed) The description AWS gives when it cannot fetch the issuer's keys.
    return invalid('the token signing keys could not be retrieved', `no signing keys for issuer ${authorizer.issuer}: ${keys.reason}`);
  }
  const kid = JSON.stringify(decoded.header.kid);
  try {
    await jwtVerify(token, keySelector(keys.keys), { algorithms: JWT_ALGORITHMS, currentDate: new Date(nowSeconds * 1000) });
  } catch (error) {
    // Thrown only once the signature is verified: the claims are checked below, as AWS answers.
    if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired) {
      return checkJwtClaims(decoded.payload, authorizer, routeScopes, nowSeconds);
    }
    // "kid – The token must have a header claim that matches the key in the jwks_uri that signed the token."
    if (error instanceof errors.JWKSNoMatchingKey) {
      return invalid('the token does not have a valid key id', `kid ${kid} is no ${decoded.header.alg} key of ${keys.from}`);
    }
    // (unconfirmed) The description of a signature that does not verify.
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return invalid('the token signature is invalid', `the signature does not verify with key ${kid} of ${keys.from}`);
    }
    return invalid('the token signature is invalid', `key ${kid} of ${keys.from}: ${(error as Error).message}`);
  }
  return checkJwtClaims(decoded.payload, authorizer, routeScopes, nowSeconds);
}

/** A 401 refusal with the `www-authenticate` header AWS documents. */
function refusal(routeScopes: readonly string[]): (description: string, reason?: string) => JwtRefused {
  const scopeList = routeScopes.join(' ');
  return (description, reason = description) => ({
    ok: false,
    error: UNAUTHORIZED,
    wwwAuthenticate: `Bearer scope="${scopeList}" error="invalid_token" error_description="${description}"`,
    reason,
  });
}

/** Decodes the token and checks its algorithm and key id: the decoded token, or the refusal. */
function checkJwtHeader(token: string, routeScopes: readonly string[]): JwtRefused | Exclude<DecodedJwt, string> {
  const invalid = refusal(routeScopes);
  const decoded = decodeJwt(token);
  if (typeof decoded === 'string') {
    return invalid('the token is malformed', decoded);
  }
  const { header } = decoded;
  // "Currently, only RSA-based algorithms are supported."
  if (typeof header.alg !== 'string' || !JWT_ALGORITHMS.includes(header.alg)) {
    return invalid('the token is signed with an unsupported algorithm', `alg ${JSON.stringify(header.alg)} is not an RSA algorithm (RS256/384/512, PS256/384/512)`);
  }
  // The kid must name a key of the issuer's JWKS (verifyJwt); here its presence is checked.
  if (typeof header.kid !== 'string' || header.kid === '') {
    return invalid('the token does not have a valid key id', 'the token header has no kid');
  }
  return decoded;
}

/** The claim checks: issuer, audience, times and scopes. */
function checkJwtClaims(
  payload: Record<string, unknown>, authorizer: JwtAuthorizerConfig, routeScopes: readonly string[], nowSeconds: number,
): JwtCheck {
  const scopeList = routeScopes.join(' ');
  const invalid = refusal(routeScopes);
  if (payload.iss !== authorizer.issuer) {
    return invalid('the token does not have a valid issuer', `iss ${JSON.stringify(payload.iss)} is not the issuer ${authorizer.issuer}`);
  }
  // "API Gateway validates client_id only if aud is not present."
  const audienceClaim = payload.aud !== undefined ? payload.aud : payload.client_id;
  const tokenAudiences = (Array.isArray(audienceClaim) ? audienceClaim : [audienceClaim]).filter((a): a is string => typeof a === 'string');
  // (unconfirmed) An authorizer without audiences is taken to accept any audience.
  if (authorizer.audiences.length > 0 && !tokenAudiences.some((a) => authorizer.audiences.includes(a))) {
    return invalid('the token does not have a valid audience',
      `${payload.aud !== undefined ? 'aud' : 'client_id'} ${JSON.stringify(audienceClaim)} is none of ${JSON.stringify(authorizer.audiences)}`);
  }
  // (unconfirmed) A time claim that is absent is not checked; one that is not a number is invalid.
  for (const claim of ['exp', 'nbf', 'iat']) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') {
      return invalid('the token is malformed', `${claim} ${JSON.stringify(payload[claim])} is not a number`);
    }
  }
  if (typeof payload.exp === 'number' && payload.exp <= nowSeconds) {
    return invalid('the token has expired', `exp ${payload.exp} is not after now (${nowSeconds})`);
  }
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) {
    return invalid('the token is not valid yet', `nbf ${payload.nbf} is after now (${nowSeconds})`);
  }
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds) {
    return invalid('the token was issued in the future', `iat ${payload.iat} is after now (${nowSeconds})`);
  }
  const scopes = tokenScopes(payload);
  // "If you configure scopes for a route, the token must include at least one of the route's scopes."
  if (routeScopes.length > 0 && !scopes.some((s) => routeScopes.includes(s))) {
    // (unconfirmed) 403 Forbidden and this header for a token without the route's scopes.
    return {
      ok: false,
      error: FORBIDDEN,
      wwwAuthenticate: `Bearer scope="${scopeList}" error="insufficient_scope" error_description="expected scopes: [${scopeList}]"`,
      reason: `the token's scopes ${JSON.stringify(scopes)} include none of the route's ${JSON.stringify(routeScopes)}`,
    };
  }
  return { ok: true, claims: payload, tokenScopes: scopes };
}

/**
 * Claims as the integration receives them in `requestContext.authorizer.jwt.claims`: values as
 * strings (obs: `"exp": "1787996002"`), lists as `[a b]` (obs, unconfirmed).
 */
export function integrationClaims(claims: Readonly<Record<string, unknown>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    result[name] = typeof value === 'string' ? value
      : Array.isArray(value) ? `[${value.map(String).join(' ')}]`
        : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  return result;
}
