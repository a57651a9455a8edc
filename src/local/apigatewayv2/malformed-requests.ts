import { STATUS_CODES } from 'http';
import { Socket } from 'net';
import { Duplex } from 'stream';
import { BAD_REQUEST, GatewayError, REQUEST_HEADER_FIELDS_TOO_LARGE } from './error-responses';

/**
 * Answers for what Node's HTTP parser refuses before any request exists (bad request line,
 * unknown method token, bad header syntax, invalid chunked body, headers over its own limit) and
 * for CONNECT, which Node would otherwise drop without a word. Every client gets a status and
 * API Gateway's JSON body, then the connection closes; the server keeps serving.
 * (unconfirmed: AWS does not document its answers to malformed HTTP.)
 */

// Node's requestTimeout (300 s) ended a request that never finished arriving.
const REQUEST_TIMEOUT: GatewayError = { status: 408, message: 'Request Timeout' };

/** The `clientError` listener of an API server. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = error.code === 'HPE_HEADER_OVERFLOW' ? REQUEST_HEADER_FIELDS_TOO_LARGE
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? REQUEST_TIMEOUT
      : BAD_REQUEST;
  closeWith(socket, answer);
}

/** The `connect` listener of an API server: HTTP APIs have no CONNECT method. */
export function answerConnect(socket: Duplex): void {
  closeWith(socket, BAD_REQUEST);
}

function closeWith(socket: Duplex, answer: GatewayError): void {
  const body = JSON.stringify({ message: answer.message });
  socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n`
    + 'content-type: application/json\r\n'
    + `content-length: ${Buffer.byteLength(body)}\r\n`
    + 'connection: close\r\n\r\n'
    + body);
  // Read and drop whatever else the client sends (closing on unread data would reset the
  // connection before the client reads the answer), and close once it goes quiet.
  socket.resume();
  if (socket instanceof Socket) {
    socket.setTimeout(1000, () => socket.destroy());
  }
}
