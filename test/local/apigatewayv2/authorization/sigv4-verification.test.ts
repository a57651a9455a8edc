import { ApiRequest } from '../../../../src/local/apigatewayv2/api-request';
import { SigV4Signature, parseSigV4 } from '../../../../src/local/apigatewayv2/authorization/iam-authorization';
import { KnownCredential } from '../../../../src/local/apigatewayv2/authorization/iam-credentials';
import { verifySigV4 } from '../../../../src/local/apigatewayv2/authorization/sigv4-verification';
import { apiRequest } from '../api-request-builder';
import { SigningOptions, presignedUrl, signedHeaders, testCredential } from './sigv4-test-signer';

/**
 * SigV4 verification against requests signed by the AWS SDK's own signer (as a client signs them),
 * at a fixed time: what verifies, and each way API Gateway refuses.
 */

const SIGNED_AT = new Date('2026-03-04T05:06:07Z');
const minutes = (n: number) => new Date(SIGNED_AT.getTime() + n * 60_000);
const URL_BASE = 'https://abc123.execute-api.us-east-1.amazonaws.com';

/** The request API Gateway receives for `url` with the client's headers (signed or not) and body. */
function received(url: string, headers: Record<string, string>, options: { method?: string; body?: string } = {}): ApiRequest {
  const target = new URL(url);
  return apiRequest({
    method: options.method ?? 'GET',
    rawPath: target.pathname,
    rawQueryString: target.search.replace(/^\?/, ''),
    headers: Object.entries(headers),
    body: Buffer.from(options.body ?? ''),
  });
}

function signatureOf(request: ApiRequest): SigV4Signature {
  const parsed = parseSigV4(request, 'us-east-1');
  if (!parsed.ok) throw new Error(`not a well-formed signature: ${parsed.reason}`);
  return parsed.signature;
}

async function signed(url: string, credential: KnownCredential, options: SigningOptions = {}): Promise<ApiRequest> {
  const headers = await signedHeaders(url, credential, { date: SIGNED_AT, ...options });
  return received(url, headers, options);
}

async function verify(request: ApiRequest, credential: KnownCredential, now = SIGNED_AT) {
  return verifySigV4(request, signatureOf(request), credential, now);
}

describe('a request signed in the Authorization header', () => {
  const credential = testCredential();
  const url = `${URL_BASE}/orders/42?status=open&tag=a%20b&tag=c`;
  const options = { method: 'POST', body: '{"quantity":3}', headers: { 'content-type': 'application/json' } };

  test('verifies with the secret key of the access key it names', async () => {
    expect(await verify(await signed(url, credential, options), credential)).toEqual({ ok: true });
  });

  test('verifies with unsigned headers added on the way (user-agent, x-forwarded-for)', async () => {
    const request = await signed(url, credential, options);
    const withProxyHeaders = { ...request, headers: [...request.headers, ['user-agent', 'curl/8'], ['x-forwarded-for', '192.0.2.1']] as const };
    expect(await verify(withProxyHeaders, credential)).toEqual({ ok: true });
  });

  test.each([
    ['another body', (r: ApiRequest) => ({ ...r, body: Buffer.from('{"quantity":300}') }), 'x-amz-content-sha256'],
    ['another path', (r: ApiRequest) => ({ ...r, rawPath: '/orders/43' }), 'does not match'],
    ['another query', (r: ApiRequest) => ({ ...r, rawQueryString: r.rawQueryString.replace('open', 'closed') }), 'does not match'],
    ['another method', (r: ApiRequest) => ({ ...r, method: 'PUT' }), 'does not match'],
    ['a signed header changed', (r: ApiRequest) => ({
      ...r, headers: r.headers.map(([n, v]) => [n, n === 'content-type' ? 'text/plain' : v] as const),
    }), 'does not match'],
  ])('with %s: 403 "The request signature we calculated does not match ..."', async (_name, tamper, reason) => {
    const result = await verify(tamper(await signed(url, credential, options)), credential);
    expect(result).toMatchObject({ ok: false, kind: 'signature', errorType: 'InvalidSignatureException', error: { status: 403 } });
    expect(result.ok ? '' : result.error.message).toMatch(/^The request signature we calculated does not match the signature you provided\. /);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  test('signed with another secret key for the same access key id: 403, and the body shows the canonical request AWS expected', async () => {
    const forger = { ...credential, secretAccessKey: testCredential().secretAccessKey };
    const result = await verify(await signed(url, forger, options), credential);
    expect(result).toMatchObject({ ok: false, kind: 'signature' });
    const message = result.ok ? '' : result.error.message;
    expect(message).toContain("The Canonical String for this request should have been\n'POST\n/orders/42\nstatus=open&tag=a%20b&tag=c\n");
    expect(message).toContain('The String-to-Sign should have been\n\'AWS4-HMAC-SHA256\n20260304T050607Z\n20260304/us-east-1/execute-api/aws4_request\n');
  });

  test('a path with encoded characters verifies (segments are encoded twice, as for every service but S3)', async () => {
    const encodedUrl = `${URL_BASE}/files/my%20report%2B1.txt`;
    expect(await verify(await signed(encodedUrl, credential), credential)).toEqual({ ok: true });
  });

  test('within five minutes of the signature time either way, it verifies', async () => {
    const request = await signed(url, credential, options);
    expect(await verify(request, credential, minutes(4.9))).toEqual({ ok: true });
    expect(await verify(request, credential, minutes(-4.9))).toEqual({ ok: true });
  });

  test('more than five minutes later: 403 "Signature expired", in AWS\'s words', async () => {
    const result = await verify(await signed(url, credential, options), credential, minutes(6));
    expect(result).toEqual({
      ok: false,
      kind: 'expired',
      errorType: 'InvalidSignatureException',
      error: { status: 403, message: 'Signature expired: 20260304T050607Z is now earlier than 20260304T050707Z (20260304T051207Z - 5 min.)' },
      reason: 'Signature expired: 20260304T050607Z is now earlier than 20260304T050707Z (20260304T051207Z - 5 min.)',
    });
  });

  test('signed more than five minutes in the future: 403 "Signature not yet current"', async () => {
    const result = await verify(await signed(url, credential, options), credential, minutes(-6));
    expect(result.ok ? '' : result.error.message)
      .toBe('Signature not yet current: 20260304T050607Z is still later than 20260304T050507Z (20260304T050007Z + 5 min.)');
  });
});

describe('temporary credentials', () => {
  const credential = testCredential({ sessionToken: 'session-token-1' });

  test('verify when the request carries the session token (the SDK signs it as X-Amz-Security-Token)', async () => {
    expect(await verify(await signed(`${URL_BASE}/`, credential), credential)).toEqual({ ok: true });
  });

  test('without their session token: 403 "The security token included in the request is invalid."', async () => {
    const result = await verify(await signed(`${URL_BASE}/`, { ...credential, sessionToken: undefined }), credential);
    expect(result).toMatchObject({
      ok: false,
      kind: 'token',
      errorType: 'AccessDeniedException',
      error: { status: 403, message: 'The security token included in the request is invalid.' },
    });
  });
});

describe('a presigned URL', () => {
  const credential = testCredential();

  test('verifies until X-Amz-Expires has passed, then answers 403 "Signature expired"', async () => {
    const url = await presignedUrl(`${URL_BASE}/reports?month=2026-03`, credential, { date: SIGNED_AT, expiresIn: 600 });
    const request = received(url, { host: new URL(url).host });
    expect(await verify(request, credential, minutes(9))).toEqual({ ok: true });
    const result = await verify(request, credential, minutes(11));
    expect(result).toMatchObject({ ok: false, kind: 'expired', errorType: 'InvalidSignatureException' });
    expect(result.ok ? '' : result.error.message).toMatch(/^Signature expired: 20260304T050607Z is now earlier than /);
  });

  test('with a changed query parameter: 403, the signature does not match', async () => {
    const url = await presignedUrl(`${URL_BASE}/reports?month=2026-03`, credential, { date: SIGNED_AT });
    const request = received(url.replace('month=2026-03', 'month=2026-04'), { host: new URL(url).host });
    expect(await verify(request, credential)).toMatchObject({ ok: false, kind: 'signature' });
  });
});
