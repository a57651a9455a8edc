import * as http from 'http';
import { BAD_REQUEST, GatewayError, REQUEST_HEADER_FIELDS_TOO_LARGE } from './error-responses';

/**
 * The checks a request passes before API Gateway selects a stage and a route: the size of its
 * request line and headers, its method and its path. Requests the HTTP parser cannot read at all
 * are answered in malformed-requests.ts.
 */

/**
 * "Total combined size of request line and header values": 10,240 bytes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const MAX_REQUEST_LINE_AND_HEADER_BYTES = 10_240;

/**
 * The methods a route key can name; `ANY` stands for all of them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
export const HTTP_API_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Why a request is refused before routing: the answer and a line for the log. */
export interface RequestProblem {
  readonly error: GatewayError;
  readonly reason: string;
}

/** The problem of a request API Gateway would refuse before routing it, or `undefined`. */
export function requestProblem(req: http.IncomingMessage): RequestProblem | undefined {
  const size = requestLineAndHeaderBytes(req);
  if (size > MAX_REQUEST_LINE_AND_HEADER_BYTES) {
    return {
      error: REQUEST_HEADER_FIELDS_TOO_LARGE,
      reason: `request line and header values are ${size} bytes, over the quota of ${MAX_REQUEST_LINE_AND_HEADER_BYTES}`,
    };
  }
  const method = req.method ?? '';
  if (!HTTP_API_METHODS.includes(method)) {
    // (unconfirmed) AWS does not document the answer to other methods; none can match a route.
    return { error: BAD_REQUEST, reason: `method ${method} is none of ${HTTP_API_METHODS.join(', ')}` };
  }
  const pathProblem = pathProblemOf(requestPath(req.url ?? ''));
  return pathProblem ? { error: BAD_REQUEST, reason: pathProblem } : undefined;
}

/** Bytes of the request line plus the header values, as the quota counts them. */
export function requestLineAndHeaderBytes(req: http.IncomingMessage): number {
  // Node's parser gives the bytes it read as latin1 strings: one character per byte.
  let size = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}`, 'latin1');
  for (let i = 1; i < req.rawHeaders.length; i += 2) {
    size += Buffer.byteLength(req.rawHeaders[i], 'latin1');
  }
  return size;
}

/** The path part of a request target: origin form `/p?q`, absolute form `http://h/p?q`, or `*`. */
function requestPath(target: string): string {
  const withoutAuthority = target.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  return withoutAuthority.split(/[?#]/)[0];
}

/**
 * A path the offline cloud refuses (unconfirmed what AWS answers; it never reaches a function
 * here): not starting with `/`, percent-encoding that is malformed or not UTF-8, and `.` or `..`
 * segments, raw or encoded (`%2e%2e`, `..%2f`, `..%5c`), so no traversal reaches a handler.
 */
function pathProblemOf(path: string): string | undefined {
  if (!path.startsWith('/')) {
    return `the request target ${JSON.stringify(path)} is not a path`;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return `the path ${JSON.stringify(path)} has percent-encoding that is malformed or not UTF-8`;
  }
  if (decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..')) {
    return `the path ${JSON.stringify(path)} has a . or .. segment`;
  }
  return undefined;
}
