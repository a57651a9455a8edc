import { ApiRequest } from '../../../../src/local/apigatewayv2/api-request';
import { parseSigV4 } from '../../../../src/local/apigatewayv2/authorization/iam-authorization';
import { apiRequest } from '../api-request-builder';

/** A `GET /` whose signature, if any, is in these headers or this query string. */
function requestWith(headers: Array<[string, string]>, rawQueryString = ''): ApiRequest {
  return apiRequest({ routeKey: 'GET /', method: 'GET', rawPath: '/', headers, rawQueryString });
}
const SIGNATURE = 'f'.repeat(64);
// The shape of a signed request as the IAM User Guide shows it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html
const HEADER = `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=${SIGNATURE}`;

test('a well-formed header gives the access key, the scope, the time and what is signed', () => {
  expect(parseSigV4(requestWith([['Authorization', HEADER], ['X-Amz-Date', '20150830T123600Z']]), 'us-east-1')).toEqual({
    ok: true,
    signature: {
      accessKey: 'AKIDEXAMPLE',
      presented: 'header',
      scope: { date: '20150830', region: 'us-east-1', service: 'execute-api' },
      amzDate: '20150830T123600Z',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: SIGNATURE,
      securityToken: undefined,
    },
  });
});

test('an HTTP Date header stands for X-Amz-Date', () => {
  const parsed = parseSigV4(requestWith([['Authorization', HEADER], ['Date', 'Sun, 30 Aug 2015 12:36:00 GMT']]), 'us-east-1');
  expect(parsed.ok && parsed.signature.amzDate).toBe('20150830T123600Z');
});

test('nothing signed is missing, not malformed', () => {
  expect(parseSigV4(requestWith([]), 'us-east-1')).toMatchObject({ ok: false, missing: true });
});

test.each([
  ['no date', [['Authorization', HEADER]], 'no X-Amz-Date'],
  ['a date other than the scope\'s', [['Authorization', HEADER], ['X-Amz-Date', '20150831T000000Z']], 'is not on the credential scope date 20150830'],
  ['SignedHeaders without host', [['Authorization', HEADER.replace('content-type;host;x-amz-date', 'x-amz-date')], ['X-Amz-Date', '20150830T123600Z']],
    'does not include host'],
  ['a scope with four parts', [['Authorization', HEADER.replace('/aws4_request', '')], ['X-Amz-Date', '20150830T123600Z']], 'is not <access key>'],
])('a header with %s is malformed', (_name, headers, reason) => {
  const parsed = parseSigV4(requestWith(headers as Array<[string, string]>), 'us-east-1');
  expect(parsed).toMatchObject({ ok: false, missing: false });
  expect(parsed.ok ? '' : parsed.reason).toContain(reason);
});

describe('a presigned query', () => {
  const presigned = () => new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIDQUERY/20150830/us-east-1/execute-api/aws4_request',
    'X-Amz-Date': '20150830T123600Z',
    'X-Amz-Expires': '300',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': SIGNATURE,
    'X-Amz-Security-Token': 'token',
  });

  test('gives the access key, its lifetime and the session token', () => {
    expect(parseSigV4(requestWith([], presigned().toString()), 'us-east-1')).toMatchObject({
      ok: true, signature: { accessKey: 'AKIDQUERY', presented: 'query', expiresSeconds: 300, securityToken: 'token', signedHeaders: ['host'] },
    });
  });

  test.each([
    ['no signature', (q: URLSearchParams) => q.delete('X-Amz-Signature'), 'Signature "" is not 64 hex digits'],
    ['no X-Amz-Expires', (q: URLSearchParams) => q.delete('X-Amz-Expires'), 'has no X-Amz-Expires'],
    ['an X-Amz-Expires over seven days', (q: URLSearchParams) => q.set('X-Amz-Expires', '604801'), 'from 1 to 604800 (seven days)'],
    ['an X-Amz-Date that is no time', (q: URLSearchParams) => q.set('X-Amz-Date', 'yesterday'), 'is not yyyymmddThhmmssZ'],
  ])('with %s is malformed', (_name, change, reason) => {
    const query = presigned();
    change(query);
    const parsed = parseSigV4(requestWith([], query.toString()), 'us-east-1');
    expect(parsed).toMatchObject({ ok: false, missing: false });
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});
