/**
 * The fixed test issuer of integ.authorization.ts: `https://issuer.example.com`, which serves
 * nothing. Its public key set (jwt-test-issuer.jwks.json) and two long-lived tokens
 * (jwt-test-issuer.tokens.json: one signed with its key, one forged with another key under the
 * same `kid`) are generated once by running this file and committed, so the integ snapshot stays
 * the same from one synth to the next; the private key is thrown away.
 *
 * Offline, `graviton-local integ --jwks https://issuer.example.com=integ/jwt-test-issuer.jwks.json`
 * (the `integ:offline` task) gives the JWT authorizer the key set, so the signed token passes and
 * the forged one gets 401. On AWS, API Gateway fetches the keys from the issuer's discovery
 * document, which example.com does not serve: there both tokens get 401 (see the README).
 *
 *   npx ts-node integ/jwt-test-issuer.ts   # writes new keys and tokens; then update the integ snapshot
 */
import * as fs from 'fs';
import * as path from 'path';
import { KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';

export const TEST_ISSUER = 'https://issuer.example.com';
export const TEST_AUDIENCE = 'integ-client';
export const TEST_SUBJECT = 'jwt-integ-user';
const KID = 'integ-key-1';
/** 2100-01-01T00:00:00Z: the tokens outlive the tests. */
const EXPIRES = 4102444800;

export const JWKS_FILE = path.join(__dirname, 'jwt-test-issuer.jwks.json');
export const TOKENS_FILE = path.join(__dirname, 'jwt-test-issuer.tokens.json');

/** The committed tokens: `signed` verifies with the committed key set, `forged` does not. */
export interface TestTokens {
  readonly signed: string;
  readonly forged: string;
}

export function testTokens(): TestTokens {
  return JSON.parse(fs.readFileSync(TOKENS_FILE, 'utf-8'));
}

async function generate(): Promise<void> {
  const issuerKey = await generateKeyPair('RS256');
  const forgerKey = await generateKeyPair('RS256');
  const claims = { sub: TEST_SUBJECT, iat: Math.floor(Date.now() / 1000), exp: EXPIRES };
  const sign = (privateKey: KeyLike) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).sign(privateKey);
  const jwks = { keys: [{ ...await exportJWK(issuerKey.publicKey), kid: KID, alg: 'RS256', use: 'sig' }] };
  const tokens: TestTokens = { signed: await sign(issuerKey.privateKey), forged: await sign(forgerKey.privateKey) };
  fs.writeFileSync(JWKS_FILE, `${JSON.stringify(jwks, undefined, 2)}\n`);
  fs.writeFileSync(TOKENS_FILE, `${JSON.stringify(tokens, undefined, 2)}\n`);
}

if (require.main === module) {
  generate().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
