import * as http from 'http';
import { ApiResponse } from '../api-request';
import { withCorsHeaders } from '../cors';
import { GatewayError } from '../error-responses';
import { RequestRecord } from './request-record';

/** API Gateway's own answer: `{"message": ...}` with the error's status, and any extra headers (e.g. `www-authenticate`). */
export function errorResponse(error: GatewayError, extraHeaders: ReadonlyArray<readonly [string, string]> = []): ApiResponse {
  return {
    status: error.status,
    headers: [['content-type', 'application/json'], ...extraHeaders.map(([name, value]): [string, string] => [name, value])],
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}

/**
 * Step 8, shape the answer and send it: the API's CORS headers on answers to cross-origin
 * requests (preflights carry their own), `content-length` as API Gateway computes it whatever
 * the function said, and `apigw-requestid`. Returns what was sent, for the access log.
 */
export function sendAnswer(req: http.IncomingMessage, res: http.ServerResponse, record: RequestRecord, answer: ApiResponse): ApiResponse {
  const { cors } = record.api;
  const origin = req.headers.origin;
  const response = cors && origin && !record.preflight ? withCorsHeaders(cors, origin, answer) : answer;
  const headers = response.headers.filter(([name]) => name !== 'content-length');
  headers.push(['content-length', String(response.body.length)], ['apigw-requestid', record.requestId]);
  res.writeHead(response.status, headers.flat());
  res.end(response.body);
  return response;
}
