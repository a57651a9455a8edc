import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestIssuer, TestKey, startTestIssuer, testKey } from './jwt-test-keys';
import { JWKS_CACHE_SECONDS, JwtKeyStore, cacheSeconds } from '../../../../src/local/apigatewayv2/authorization/jwt-keys';

/** JwtKeyStore: --jwks files and URLs, OpenID discovery, caching, and the one log line per issuer without keys. */

let key: TestKey;
let issuer: TestIssuer;
let logs: string[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwt-keys-'));
beforeAll(async () => {
  key = await testKey('key-1');
});
beforeEach(async () => {
  issuer = await startTestIssuer(key.jwks);
  logs = [];
});
afterEach(() => issuer.close());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const store = (jwks?: Record<string, string>) => new JwtKeyStore({ jwks, log: (line) => logs.push(line) });

test('--jwks with a file: its key set, read on each request (an edited file applies at once)', async () => {
  const file = path.join(dir, 'jwks.json');
  fs.writeFileSync(file, JSON.stringify(key.jwks));
  const keys = store({ 'https://issuer.example.com': file });
  expect(await keys.keysFor('https://issuer.example.com')).toEqual({ ok: true, keys: key.jwks, from: file });
  fs.writeFileSync(file, JSON.stringify({ keys: [] }));
  expect(await keys.keysFor('https://issuer.example.com')).toMatchObject({ ok: true, keys: { keys: [] } });
  expect(logs).toEqual([]);
});

test('--jwks with a URL: fetched, and kept while its Cache-Control max-age lasts', async () => {
  issuer.cacheControl = 'public, max-age=600';
  const keys = store({ 'https://issuer.example.com': `${issuer.issuer}/jwks` });
  expect(await keys.keysFor('https://issuer.example.com')).toEqual({ ok: true, keys: key.jwks, from: `${issuer.issuer}/jwks` });
  await keys.keysFor('https://issuer.example.com');
  expect(issuer.requests).toEqual(['/jwks']);
});

test('without --jwks: the issuer\'s discovery document names jwks_uri; fetched once, and again once max-age=0 says so', async () => {
  const keys = store();
  expect(await keys.keysFor(issuer.issuer)).toEqual({ ok: true, keys: key.jwks, from: `${issuer.issuer}/jwks` });
  await Promise.all([keys.keysFor(issuer.issuer), keys.keysFor(issuer.issuer)]);
  expect(issuer.requests).toEqual(['/.well-known/openid-configuration', '/jwks']);

  const uncached = store();
  issuer.cacheControl = 'max-age=0';
  await uncached.keysFor(`${issuer.issuer}/`);
  await uncached.keysFor(`${issuer.issuer}/`);
  expect(issuer.requests.slice(2)).toEqual(['/.well-known/openid-configuration', '/jwks', '/.well-known/openid-configuration', '/jwks']);
});

test('no keys: the reason, and one log line per issuer saying how to give them', async () => {
  const keys = store({ 'https://broken.example.com': path.join(dir, 'missing.json') });
  const unreachable = issuer.issuer;
  await issuer.close();
  for (let i = 0; i < 3; i++) {
    expect(await keys.keysFor(unreachable)).toMatchObject({ ok: false, reason: expect.stringContaining('ECONNREFUSED') });
    expect(await keys.keysFor('https://broken.example.com')).toMatchObject({ ok: false, reason: expect.stringContaining('missing.json') });
    expect(await keys.keysFor('my-issuer')).toMatchObject({ ok: false, reason: 'the issuer is not an http(s) URL, so it has no discovery document' });
  }
  expect(logs).toHaveLength(3);
  expect(logs[0]).toBe(`[apigateway] JWT issuer ${unreachable}: no signing keys (fetch failed (ECONNREFUSED)); its tokens are refused with 401. `
    + `Give them with --jwks ${unreachable}=<file> (a JWKS JSON file, or a URL serving one), or check claims only with --jwt-unverified`);
  issuer = await startTestIssuer(key.jwks); // for afterEach
});

test('a file or answer that is not a JWKS has no keys', async () => {
  const file = path.join(dir, 'not-jwks.json');
  fs.writeFileSync(file, '{"kty":"RSA"}');
  expect(await store({ i: file }).keysFor('i')).toEqual({ ok: false, reason: `${file} is not a JWKS (a JSON object with a "keys" list of JWKs)` });
  expect(await store({ i: `${issuer.issuer}/nothing` }).keysFor('i')).toEqual({ ok: false, reason: `${issuer.issuer}/nothing answered 404` });
});

test('cacheSeconds: max-age, capped at the two hours API Gateway caches keys; no-store and no-cache: 0', () => {
  expect(cacheSeconds(null)).toBe(JWKS_CACHE_SECONDS);
  expect(cacheSeconds('public, max-age=300')).toBe(300);
  expect(cacheSeconds('max-age=86400')).toBe(7200);
  expect(cacheSeconds('no-store')).toBe(0);
  expect(cacheSeconds('private, no-cache')).toBe(0);
});
