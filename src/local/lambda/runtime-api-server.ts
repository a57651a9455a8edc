import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** An invocation as the Runtime API hands it to the runtime on `GET /runtime/invocation/next`. */
export interface RuntimeInvocation {
  readonly requestId: string;
  readonly event: Buffer;
  /** Epoch milliseconds at which the function times out. */
  readonly deadlineMs: number;
  readonly invokedFunctionArn: string;
  readonly traceId: string;
  /** The decoded client context JSON, when the caller gave one. */
  readonly clientContext?: string;
}

/** What the runtime posted back. */
export type RuntimeReport =
  | { readonly kind: 'response'; readonly requestId: string; readonly body: Buffer }
  | { readonly kind: 'error'; readonly requestId: string; readonly body: Buffer; readonly errorType?: string }
  | { readonly kind: 'initError'; readonly body: Buffer; readonly errorType?: string };

/** Receives the runtime's calls: each `next` (ready for work) and each report. */
export interface RuntimeApiListener {
  /** The runtime asked for its next invocation (the first time: it finished its init). */
  onNext(): void;
  /** The runtime posted a result; answer true when it is the invocation in progress. */
  onReport(report: RuntimeReport): boolean;
}

const API_PREFIX = '/2018-06-01/runtime';
/** Bytes the runtime may send as an invocation response (6 MB, with Lambda's 100 bytes of slack). */
export const MAX_RESPONSE_BYTES = 6_291_556;

/**
 * The Lambda Runtime API for one execution environment (one worker process): the runtime long-polls
 * `next`, then posts the invocation's response or error; init failures go to `init/error`.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
export class RuntimeApiServer {
  private readonly server: http.Server;
  private waitingNext?: http.ServerResponse;
  private queued?: RuntimeInvocation;

  constructor(private readonly listener: RuntimeApiListener) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    // `next` waits as long as there is no work: no request or header timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
  }

  /** Listens on a free loopback port; resolves with `host:port` for AWS_LAMBDA_RUNTIME_API. */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address() as AddressInfo;
        resolve(`127.0.0.1:${address.port}`);
      });
    });
  }

  /** Hands an invocation to the runtime: now if it is waiting on `next`, else on its next call. */
  deliver(invocation: RuntimeInvocation): void {
    const waiting = this.waitingNext;
    if (waiting && !waiting.destroyed) {
      this.waitingNext = undefined;
      sendInvocation(waiting, invocation);
    } else {
      this.queued = invocation;
    }
  }

  /** Stops listening and drops every connection (a pending `next` included). */
  close(): Promise<void> {
    this.queued = undefined;
    this.waitingNext = undefined;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => this.route(req, res, Buffer.concat(chunks)));
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const url = req.url ?? '';
    const errorType = header(req, 'lambda-runtime-function-error-type');
    if (req.method === 'GET' && url === `${API_PREFIX}/invocation/next`) {
      this.listener.onNext();
      if (this.queued) {
        const invocation = this.queued;
        this.queued = undefined;
        sendInvocation(res, invocation);
      } else {
        this.waitingNext = res;
      }
      return;
    }
    if (req.method === 'POST' && url === `${API_PREFIX}/init/error`) {
      this.listener.onReport({ kind: 'initError', body, errorType });
      sendJson(res, 202, { status: 'OK' });
      return;
    }
    const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
    if (req.method === 'POST' && match) {
      const requestId = decodeURIComponent(match[1]);
      if (match[2] === 'response' && body.length > MAX_RESPONSE_BYTES) {
        // The runtime is told, and the caller gets Function.ResponseSizeTooLarge (see the worker).
        this.listener.onReport({ kind: 'response', requestId, body });
        sendJson(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' });
        return;
      }
      const report: RuntimeReport = match[2] === 'response' ? { kind: 'response', requestId, body } : { kind: 'error', requestId, body, errorType };
      if (this.listener.onReport(report)) {
        sendJson(res, 202, { status: 'OK' });
      } else {
        sendJson(res, 400, { errorMessage: `Invalid request ID: ${requestId}`, errorType: 'InvalidRequestID' });
      }
      return;
    }
    sendJson(res, 404, { errorMessage: `${req.method} ${url} is not part of the Lambda Runtime API`, errorType: 'NotFound' });
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendInvocation(res: http.ServerResponse, invocation: RuntimeInvocation): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': invocation.event.length,
    'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
    'Lambda-Runtime-Deadline-Ms': invocation.deadlineMs,
    'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id': invocation.traceId,
  };
  if (invocation.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = invocation.clientContext;
  res.writeHead(200, headers);
  res.end(invocation.event);
}

function sendJson(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
