import * as net from 'net';
import { deployOneApi, newCloud, removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { rawRequest } from './raw-http';
import { waitFor } from './serve-process';
import { addFunction, reference } from './templates';
import { MAX_REQUEST_LINE_AND_HEADER_BYTES } from '../../src/local/apigatewayv2/request-checks';
import { LocalCloud } from '../../src/local/local-cloud';

/**
 * Bad input over raw sockets: malformed HTTP, headers over the quota, bodies over 10 MB, path
 * traversal, invalid UTF-8, methods HTTP APIs do not have. Each gets a status and API Gateway's
 * JSON body (what AWS answers is partly unconfirmed: see error-responses.ts), never reaches a
 * function it should not, and the server keeps serving. (The 10 MB body with a Content-Length is
 * in serve-stages.test.ts.)
 */
const BAD_REQUEST = { status: 400, body: '{"message":"Bad Request"}' };
const HEADERS_TOO_LARGE = { status: 431, body: '{"message":"Request Header Fields Too Large"}' };
// Echoes what the function received.
const ECHO = [
  'import time',
  'def handler(event, context):',
  '    time.sleep(float(event.get("queryStringParameters", {}).get("sleep", 0)))',
  '    return {"rawPath": event["rawPath"], "body": event.get("body"), "isBase64Encoded": event["isBase64Encoded"],',
  '            "bad": event["headers"].get("x-bad")}',
].join('\n');

jest.setTimeout(30_000);

let cloud: LocalCloud;
let logs: string[];
let url: string;

beforeAll(async () => {
  ({ cloud, logs } = newCloud());
  const template = reference();
  addFunction(template, 'Echo', { runtime: 'python3.11', code: ECHO, routeKey: 'ANY /echo/{proxy+}' });
  url = await deployOneApi(cloud, writeTemplate(template));
});

afterAll(async () => {
  await cloud.stop();
  removeTempDirs();
});

/** A request with the given request line, extra header lines and body (Content-Length set when there is a body). */
function http11(requestLine: string | Buffer, headerLines: Array<string | Buffer> = [], body?: Buffer): Buffer {
  const head = [Buffer.from(requestLine), ...headerLines.map((line) => Buffer.from(line)), Buffer.from('Host: localhost')];
  if (body) head.push(Buffer.from(`Content-Length: ${body.length}`));
  return Buffer.concat([...head.flatMap((line) => [line, Buffer.from('\r\n')]), Buffer.from('\r\n'), body ?? Buffer.alloc(0)]);
}

/** The function invocations (START lines) logged so far. */
function invocations(): number {
  return logs.filter((line) => / START RequestId: /.test(line)).length;
}

/** A request line plus one header whose values total exactly `size` bytes, as the quota counts them. */
function headersOfSize(size: number): Buffer {
  const requestLine = 'GET / HTTP/1.1';
  const fixed = requestLine.length + 'localhost'.length;
  return http11(requestLine, [`X-Pad: ${'p'.repeat(size - fixed)}`]);
}

describe('refused before any function runs, with API Gateway\'s JSON body', () => {
  test.each([
    ['garbage instead of a request line', Buffer.from('HELLO\r\n\r\n'), BAD_REQUEST],
    ['an unknown HTTP version', http11('GET / HTTP/9.9'), BAD_REQUEST],
    ['a Content-Length that is not a number', http11('POST /echo/x HTTP/1.1', ['Content-Length: abc']), BAD_REQUEST],
    ['a header line without a colon', http11('GET / HTTP/1.1', ['NoColonHere']), BAD_REQUEST],
    ['an unknown method', http11('FOO / HTTP/1.1'), BAD_REQUEST],
    ['PROPFIND, a method HTTP APIs do not have', http11('PROPFIND /echo/x HTTP/1.1'), BAD_REQUEST],
    ['TRACE', http11('TRACE /echo/x HTTP/1.1'), BAD_REQUEST],
    ['CONNECT', http11('CONNECT example.com:443 HTTP/1.1'), BAD_REQUEST],
    ['raw invalid UTF-8 bytes in the path', http11(Buffer.concat([Buffer.from('GET /echo/'), Buffer.from([0xc3, 0x28]), Buffer.from(' HTTP/1.1')])), BAD_REQUEST],
    ['percent-encoded invalid UTF-8 in the path', http11('GET /echo/%C3%28 HTTP/1.1'), BAD_REQUEST],
    ['a lone percent-encoded 0xFF', http11('GET /echo/%FF HTTP/1.1'), BAD_REQUEST],
    ['malformed percent-encoding', http11('GET /echo/%zz HTTP/1.1'), BAD_REQUEST],
    ['/../ traversal', http11('GET /../../etc/passwd HTTP/1.1'), BAD_REQUEST],
    ['/../ traversal under a greedy route', http11('GET /echo/../../etc/passwd HTTP/1.1'), BAD_REQUEST],
    ['encoded dots %2e%2e', http11('GET /echo/%2e%2e/%2E%2E/etc/passwd HTTP/1.1'), BAD_REQUEST],
    ['dots with encoded slashes ..%2f', http11('GET /echo/..%2f..%2fetc%2fpasswd HTTP/1.1'), BAD_REQUEST],
    ['dots with encoded backslashes ..%5c', http11('GET /echo/..%5c..%5cwindows HTTP/1.1'), BAD_REQUEST],
    ['a ./ segment', http11('GET /echo/./x HTTP/1.1'), BAD_REQUEST],
    ['a request target that is not a path', http11('OPTIONS * HTTP/1.1'), BAD_REQUEST],
    [`a header block one byte over ${MAX_REQUEST_LINE_AND_HEADER_BYTES} bytes`, headersOfSize(MAX_REQUEST_LINE_AND_HEADER_BYTES + 1), HEADERS_TOO_LARGE],
    ['a 20 KB header (over the parser\'s own limit)', http11('GET / HTTP/1.1', [`X-Big: ${'b'.repeat(20_000)}`]), HEADERS_TOO_LARGE],
  ])('%s', async (_name, data, expected) => {
    const before = invocations();
    const response = await rawRequest(url, data);

    expect({ status: response.status, body: response.body }).toEqual(expected);
    expect(response.headers['content-type']).toBe('application/json');
    expect(invocations()).toBe(before);
  });
});

test(`a header block of exactly ${MAX_REQUEST_LINE_AND_HEADER_BYTES} bytes is served`, async () => {
  const response = await rawRequest(url, headersOfSize(MAX_REQUEST_LINE_AND_HEADER_BYTES));
  expect(response.status).toBe(200);
  expect(response.body).toBe('"Hello form Awstut !"');
});

test('a chunked body over 10 MB (no Content-Length) answers 413', async () => {
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const chunks = Array.from({ length: 11 }, () => [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]).flat();
  const data = Buffer.concat([
    Buffer.from('POST /echo/upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n'), ...chunks, Buffer.from('0\r\n\r\n'),
  ]);
  const response = await rawRequest(url, data);
  expect({ status: response.status, body: response.body }).toEqual({ status: 413, body: '{"message":"Request Entity Too Large"}' });
});

test('an invalid chunked body answers 400', async () => {
  const response = await rawRequest(url, Buffer.from('POST /echo/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'));
  expect({ status: response.status, body: response.body }).toEqual(BAD_REQUEST);
});

test('invalid UTF-8 in a body reaches the function base64-encoded, byte for byte', async () => {
  const bytes = Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0x62]);
  const response = await rawRequest(url, http11('POST /echo/x HTTP/1.1', ['Content-Type: text/plain'], bytes));
  expect(response.status).toBe(200);
  const echoed = JSON.parse(response.body);
  expect(echoed.isBase64Encoded).toBe(true);
  expect(Buffer.from(echoed.body, 'base64')).toEqual(bytes);
});

test('invalid UTF-8 in a header value is passed on, one character per byte, as Node reads it', async () => {
  const response = await rawRequest(url, http11('GET /echo/x HTTP/1.1', [Buffer.concat([Buffer.from('X-Bad: a'), Buffer.from([0xff, 0xfe])])]));
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body).bad).toBe('a\u00ff\u00fe');
});

test('dots and encoded characters inside a segment, and in the query, are not traversal', async () => {
  const response = await rawRequest(url, http11('GET /echo/v1.2/a%20b/.hidden?next=..%2Fx HTTP/1.1'));
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body).rawPath).toBe('/echo/v1.2/a%20b/.hidden');
});

/** Sends `data`, then hangs up after `ms` without waiting for an answer. */
function hangUpAfter(data: string, ms: number): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(data);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, ms);
    });
  });
}

test('after all of it, and clients that hang up mid-body or mid-invocation, the server keeps serving and never failed itself', async () => {
  await hangUpAfter('POST /echo/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nonly part', 100);
  await hangUpAfter('GET /echo/x?sleep=0.5 HTTP/1.1\r\nHost: localhost\r\n\r\n', 100);
  await waitFor(() => logs.filter((line) => line.includes(' END RequestId: ')).length === invocations(), 'the abandoned invocation to end', 5000);

  const responses = await Promise.all([request(url), request(`${url}echo/still`)]);
  expect(responses.map((response) => response.status)).toEqual([200, 200]);
  expect(logs).toContainEqual(expect.stringContaining('the client\'s connection failed before its request body arrived'));
  // An exception in the emulator itself is logged with its stack ("[apigateway] <api>: Error: ...").
  expect(logs.filter((line) => /^\[apigateway\] [^:]+: \w*Error\b/.test(line))).toEqual([]);
});
