import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The local HTTP endpoint of one AWS service API, for SDK clients pointed at it with
 * `AWS_ENDPOINT_URL_<SERVICE>` (signatures are not checked). Each service says how it reads a
 * request and words its errors (its protocol: JSON 1.1, REST-JSON or query); this class only
 * listens, reads the body and writes the answer.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 */

/** A request as a service API sees it: the body already read. */
export interface ServiceRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a service API answers. */
export interface ServiceResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/** An error an AWS API answers with: the code SDKs raise as the exception name, and its status. */
export class AwsApiError extends Error {
  constructor(readonly code: string, readonly statusCode: number, message: string, readonly fields: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = code;
  }
}

/** An error of the offline cloud itself, or a call it does not emulate: said as `not supported: ...`. */
export function notSupported(what: string, supported: readonly string[]): AwsApiError {
  return new AwsApiError('NotSupported', 501, `not supported: ${what} in the offline cloud; it answers ${supported.join(', ')}`);
}

export interface ServiceEndpointOptions {
  /** Answers one request; a thrown error goes to `renderError`. */
  readonly handle: (request: ServiceRequest) => Promise<ServiceResponse> | ServiceResponse;
  /** The error in the service protocol's shape; a non-AwsApiError is the emulator's own failure. */
  readonly renderError: (error: AwsApiError) => ServiceResponse;
  /** The largest body accepted; beyond it the request is refused with 413. @default 1 MiB */
  readonly maxBodyBytes?: number;
}

export class ServiceEndpoint {
  private readonly server: http.Server;

  constructor(private readonly options: ServiceEndpointOptions) {
    this.server = http.createServer((req, res) => {
      void this.answer(req).then((response) => send(res, response));
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

  private async answer(req: http.IncomingMessage): Promise<ServiceResponse> {
    try {
      const limit = this.options.maxBodyBytes ?? 1024 * 1024;
      const body = await readBody(req, limit);
      if (body === undefined) {
        throw new AwsApiError('RequestEntityTooLarge', 413, `request body over ${limit} bytes`);
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      return await this.options.handle({ method: req.method ?? 'GET', url, headers: req.headers, body });
    } catch (error) {
      const apiError = error instanceof AwsApiError
        ? error
        : new AwsApiError('InternalFailure', 500, `offline cloud: ${(error as Error)?.message ?? String(error)}`);
      return this.options.renderError(apiError);
    }
  }
}

function send(res: http.ServerResponse, response: ServiceResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': body.length });
  res.end(body);
}

/** The body, or undefined when it is over `limit` bytes (the rest is drained). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/** A JSON answer with `x-amzn-RequestId`, as every JSON protocol sends it. */
export function jsonResponse(status: number, body: unknown, contentType = 'application/json', headers: Record<string, string> = {}): ServiceResponse {
  return { status, headers: { 'Content-Type': contentType, 'x-amzn-RequestId': requestId(), ...headers }, body: JSON.stringify(body) };
}

/** A request id in AWS's UUID form. */
export function requestId(): string {
  return globalThis.crypto.randomUUID();
}
