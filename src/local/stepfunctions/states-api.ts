import * as http from 'node:http';
import { AddressInfo } from 'node:net';

/** A Step Functions API error: its `__type` and message, answered with status 400. */
export class StatesApiError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/** The operations served, by name (the `X-Amz-Target` after `AWSStepFunctions.`). */
export type StatesOperations = Record<string, (body: Record<string, unknown>) => object>;

const TARGET_PREFIX = 'AWSStepFunctions.';

/**
 * The Step Functions API over HTTP as SDKs call it with a custom endpoint: AWS JSON 1.0, a POST
 * to `/` naming the operation in `X-Amz-Target` (signatures are not checked); errors as
 * `{"__type","message"}` with status 400.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html
 */
export class StatesApiServer {
  private readonly server: http.Server;

  constructor(private readonly operations: StatesOperations) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  start(host = '127.0.0.1', port = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
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

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operationName = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const operation = Object.prototype.hasOwnProperty.call(this.operations, operationName) ? this.operations[operationName] : undefined;
      try {
        if (req.method !== 'POST' || !operation) {
          throw new StatesApiError('UnknownOperationException',
            `not supported: ${operationName || `${req.method} ${req.url}`}; the offline cloud's Step Functions API answers ${Object.keys(this.operations).join(' and ')}`);
        }
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf-8') || '{}');
        } catch {
          throw new StatesApiError('SerializationException', 'the request body is not JSON');
        }
        send(res, 200, operation(body));
      } catch (error) {
        if (error instanceof StatesApiError) send(res, 400, { __type: error.type, message: error.message });
        else send(res, 500, { __type: 'ServiceException', message: `offline cloud: ${(error as Error).message}` });
      }
    });
  }
}

function send(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
