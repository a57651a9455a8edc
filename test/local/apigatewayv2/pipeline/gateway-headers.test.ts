import { gatewayHeaders, traceHeaderOf } from '../../../../src/local/apigatewayv2/pipeline/gateway-headers';

const headerMap = (pairs: ReadonlyArray<readonly [string, string]>) => Object.fromEntries(pairs);

describe('gatewayHeaders', () => {
  test('adds what API Gateway adds to every request: forwarding, trace and content-length headers', () => {
    const headers = headerMap(gatewayHeaders([['Host', '127.0.0.1:3000'], ['user-agent', 'curl/8']], '192.0.2.7', 0));
    expect(headers).toEqual({
      'Host': '127.0.0.1:3000',
      'user-agent': 'curl/8',
      'content-length': '0',
      'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      'x-forwarded-for': '192.0.2.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    });
    // The trace root starts with the current epoch second.
    const epoch = parseInt(headers['x-amzn-trace-id'].slice('Root=1-'.length, 'Root=1-'.length + 8), 16);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(60);
  });

  test('appends the client address to the client\'s x-forwarded-for and keeps its trace header and length', () => {
    const pairs = gatewayHeaders([
      ['X-Forwarded-For', '203.0.113.1'], ['x-forwarded-proto', 'http'], ['X-Amzn-Trace-Id', 'Root=1-00000001-000000000000000000000001'],
      ['content-length', '5'],
    ], '192.0.2.7', 5);
    expect(pairs).toEqual([
      ['X-Amzn-Trace-Id', 'Root=1-00000001-000000000000000000000001'],
      ['content-length', '5'],
      ['x-forwarded-for', '203.0.113.1, 192.0.2.7'],
      ['x-forwarded-port', '443'],
      ['x-forwarded-proto', 'https'],
    ]);
    expect(traceHeaderOf(pairs)).toBe('Root=1-00000001-000000000000000000000001');
  });

  test('a chunked body gets the content-length of what was read', () => {
    expect(headerMap(gatewayHeaders([['transfer-encoding', 'chunked']], '192.0.2.7', 1024))['content-length']).toBe('1024');
  });
});
