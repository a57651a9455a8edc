import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { FUNCTION_READ_CALLS } from './function-api';
import { InvokeOptions, InvokeResult } from './function-invoker';
import { LambdaServiceException, RequestTooLargeException } from './lambda-errors';

/** Runs one Invoke call: the Lambda service's `invoke`. */
export type InvokeFunction = (functionName: string, payload: Buffer, options: InvokeOptions) => Promise<InvokeResult>;

/** Answers the read calls (function-api.ts): a JSON body, or undefined when the request is none of them. */
export type ReadFunctionApi = (method: string, url: URL) => object | undefined;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
// The most bytes any invocation type accepts; the invoker checks each type's own limit.
const MAX_BODY_BYTES = 6_291_456;

/**
 * The Lambda API over HTTP, as SDKs call it with a custom `endpoint` (signatures are not
 * checked): Invoke, `POST /2015-03-31/functions/{FunctionName}/invocations`, and the read calls of
 * function-api.ts. Nothing else of the Lambda API.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class InvokeApiServer {
  private readonly server: http.Server;

  constructor(private readonly invoke: InvokeFunction, private readonly read: ReadFunctionApi = () => undefined) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error) => sendError(res, serviceError(error)));
    });
  }

  /** Listens (loopback and a free port by default); resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
  start(host = '127.0.0.1', port = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${urlHost}:${address.port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      req.resume();
      const answer = this.read(req.method ?? 'GET', url);
      if (answer !== undefined) return sendJson(res, 200, answer);
      sendJson(res, 404, {
        message: `not supported: ${req.method} ${url.pathname} in the offline cloud's Lambda API; it answers Invoke (POST /2015-03-31/functions/{FunctionName}/invocations), `
          + FUNCTION_READ_CALLS.join(', '),
      });
      return;
    }
    const body = await readBody(req);
    if (body === undefined) return sendError(res, new RequestTooLargeException(MAX_BODY_BYTES));

    let result: InvokeResult;
    try {
      result = await this.invoke(decodeURIComponent(match[1]), body, {
        invocationType: header(req, 'x-amz-invocation-type') as InvokeOptions['invocationType'],
        logType: logTypeOf(header(req, 'x-amz-log-type')),
        clientContext: header(req, 'x-amz-client-context'),
        traceHeader: header(req, 'x-amzn-trace-id'),
        qualifier: url.searchParams.get('Qualifier') ?? undefined,
      });
    } catch (error) {
      return sendError(res, serviceError(error));
    }
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': result.payload.length,
      'X-Amz-Executed-Version': result.executedVersion,
      'x-amzn-RequestId': result.requestId,
    };
    if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
    if (result.logResult !== undefined) headers['X-Amz-Log-Result'] = result.logResult;
    res.writeHead(result.statusCode, headers);
    res.end(result.payload);
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function logTypeOf(value: string | undefined): InvokeOptions['logType'] {
  if (value === undefined || value === 'None' || value === 'Tail') return value;
  throw new LambdaServiceException('ValidationException', 400,
    `1 validation error detected: Value '${value}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`);
}

/** The body, or undefined when it is over the largest payload Lambda accepts (the rest is drained). */
function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/** Any failure as a Lambda error; one that is not a Lambda API error is the emulator's (500). */
function serviceError(error: unknown): LambdaServiceException {
  if (error instanceof LambdaServiceException) return error;
  return new LambdaServiceException('ServiceException', 500, `offline cloud: ${(error as Error)?.message ?? String(error)}`);
}

// Errors carry their type in x-amzn-ErrorType, which the SDKs read, and {"Type","message"}.
function sendError(res: http.ServerResponse, error: LambdaServiceException): void {
  if (res.headersSent) return void res.destroy();
  sendJson(res, error.statusCode, error.toJSON(), { 'x-amzn-ErrorType': error.name });
}

function sendJson(res: http.ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
