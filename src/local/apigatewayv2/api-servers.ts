import * as http from 'http';
import { AddressInfo } from 'net';
import { StoredApi } from './http-api-model';
import { answerClientError, answerConnect } from './malformed-requests';
import { RequestHandler } from './request-handler';
import { DeployError } from '../cloudformation/resource-provider';

export interface ApiServersOptions {
  /** The interface every API server binds. */
  readonly host: string;
  /** The port of the first API; later ones take any free port. 0 = any free port. */
  readonly firstPort?: number;
  readonly log: (line: string) => void;
}

/**
 * The local HTTP servers of the APIs, one per API: opened when the API resource is created (so
 * its `ApiEndpoint` is known), then handed to the request handler.
 */
export class ApiServers {
  private opened = 0;

  constructor(private readonly options: ApiServersOptions, private readonly handler: RequestHandler) {}

  /** A new server listening on the first port (for the first API) or any free one, and its endpoint. */
  async open(): Promise<{ server: http.Server; endpoint: string }> {
    const { host, firstPort } = this.options;
    const server = http.createServer();
    const port = this.opened++ === 0 ? firstPort ?? 0 : 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
        ? new DeployError(`port ${port} on ${host} is already in use; choose another --port or stop what listens there`)
        : error));
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    return { server, endpoint: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}` };
  }

  /** Answers the requests that reach `api`'s server, and those Node's HTTP parser cannot read. */
  serve(api: StoredApi): void {
    api.server.on('request', (req, res) => {
      this.handler.handle(api, req, res).catch((error) => {
        this.options.log(`[apigateway] ${api.displayName}: ${(error as Error).stack ?? error}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
        }
        res.end('{"message":"Internal Server Error"}');
      });
    });
    api.server.on('clientError', answerClientError);
    api.server.on('connect', (_req, socket) => answerConnect(socket));
  }

  /** Closes the servers of these APIs, cutting open connections. */
  async close(apis: readonly StoredApi[]): Promise<void> {
    await Promise.all(apis.map((api) => new Promise<void>((resolve) => {
      api.server.closeAllConnections();
      api.server.close(() => resolve());
    })));
  }
}
