import * as http from 'http';
import { AddressInfo } from 'net';
import { Duplex } from 'stream';
import { StoredApi } from './http-api-model';
import { closeServer, KeptServers, ListeningServer } from './kept-servers';
import { answerClientError, answerConnect } from './malformed-requests';
import { RequestHandler } from './request-handler';
import { DeployError } from '../cloudformation/resource-provider';

export interface ApiServersOptions {
  /** The interface every API server binds. */
  readonly host: string;
  /** The port of the first API; later ones take any free port. 0 = any free port. */
  readonly firstPort?: number;
  readonly log: (line: string) => void;
  /**
   * Servers kept across deployments (`serve --watch`): an API of a name served before gets its
   * server back, and this deployment's handlers are attached only by `attach()`.
   */
  readonly keptServers?: KeptServers;
}

/** A handler this deployment added to a server, to take off again. */
type Attached = readonly [server: http.Server, event: string, listener: (...args: any[]) => void];

/**
 * The local HTTP servers of the APIs, one per API: opened when the API resource is created (so
 * its `ApiEndpoint` is known), then handed to the request handler.
 */
export class ApiServers {
  private opened = 0;
  /** Every handler of this deployment's APIs, attached or waiting for `attach()`. */
  private readonly handlers: Attached[] = [];
  private attached = false;
  private inFlight = 0;
  private readonly drained: Array<() => void> = [];

  constructor(private readonly options: ApiServersOptions, private readonly handler: RequestHandler) {
    // Without kept servers, handlers answer as soon as an API exists.
    this.attached = options.keptServers === undefined;
  }

  /**
   * The server of the API `name`: the one it had in an earlier deployment (kept servers), else a
   * new one listening on the first port (for the first API) or any free one.
   */
  async open(name: string): Promise<ListeningServer> {
    const kept = this.options.keptServers?.get(name);
    if (kept) return kept;
    const { host, firstPort } = this.options;
    const server = http.createServer();
    const port = this.opened++ === 0 && (this.options.keptServers?.names().length ?? 0) === 0 ? firstPort ?? 0 : 0;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
        ? new DeployError(`port ${port} on ${host} is already in use; choose another --port or stop what listens there`)
        : error));
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const listening = { server, endpoint: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}` };
    this.options.keptServers?.set(name, listening);
    return listening;
  }

  /** Answers the requests that reach `api`'s server, and those Node's HTTP parser cannot read. */
  serve(api: StoredApi): void {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.inFlight++;
      res.once('close', () => this.requestEnded());
      this.handler.handle(api, req, res).catch((error) => {
        this.options.log(`[apigateway] ${api.displayName}: ${(error as Error).stack ?? error}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
        }
        res.end('{"message":"Internal Server Error"}');
      });
    };
    const added: Attached[] = [
      [api.server, 'request', onRequest],
      [api.server, 'clientError', answerClientError],
      [api.server, 'connect', (_req: http.IncomingMessage, socket: Duplex) => answerConnect(socket)],
    ];
    this.handlers.push(...added);
    if (this.attached) added.forEach(([server, event, listener]) => server.on(event, listener));
  }

  /** With kept servers: starts answering on them (the deployment before this one detached first). */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.handlers.forEach(([server, event, listener]) => server.on(event, listener));
  }

  /** Stops answering: takes this deployment's handlers off its servers. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.handlers.forEach(([server, event, listener]) => server.off(event, listener));
  }

  /** Resolves once the requests in progress have been answered, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Closes the servers of these APIs, cutting open connections; kept servers are only detached
   * (the next deployment, or the kept servers' owner, has them).
   */
  async close(apis: readonly StoredApi[]): Promise<void> {
    this.detach();
    if (this.options.keptServers) return;
    await Promise.all(apis.map((api) => closeServer(api.server)));
  }

  private requestEnded(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.drained.splice(0).forEach((resolve) => resolve());
  }
}
