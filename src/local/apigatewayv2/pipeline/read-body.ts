import * as http from 'http';
import { GatewayAnswer, PAYLOAD_TOO_LARGE } from '../error-responses';

/** Request payload quota of HTTP APIs. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

/** The client's connection failed before its body arrived (it hung up, or sent a malformed body). */
export class ClientGone extends Error {}

const NO_BODY = Buffer.alloc(0);

/**
 * Step 4, read the body: whole, up to the payload quota (a larger one answers 413, declared or
 * not). Rejects with ClientGone when the connection fails first.
 */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3):
  // nothing to wait for.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(NO_BODY);
  return new Promise((resolve, reject) => {
    const tooLarge = () => reject(new GatewayAnswer(PAYLOAD_TOO_LARGE));
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES) {
      tooLarge();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => (size > MAX_REQUEST_BODY_BYTES ? tooLarge() : resolve(Buffer.concat(chunks))));
    req.on('error', (error) => reject(new ClientGone(error.message)));
  });
}
