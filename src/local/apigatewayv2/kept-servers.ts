import * as http from 'http';

/** An API's listening server and the endpoint clients use. */
export interface ListeningServer {
  readonly server: http.Server;
  readonly endpoint: string;
}

/**
 * The API servers of `serve --watch`, kept by API name (`<StackName>/<LogicalId>`) from one
 * deployment to the next: a redeployed API gets the server, so the port and URL, it had. Each
 * deployment attaches its handlers to them while it serves (api-servers.ts); only this keeps
 * and closes them.
 */
export class KeptServers {
  private readonly servers = new Map<string, ListeningServer>();

  get(name: string): ListeningServer | undefined {
    return this.servers.get(name);
  }

  set(name: string, server: ListeningServer): void {
    this.servers.set(name, server);
  }

  /** The names kept, in the order first served. */
  names(): string[] {
    return [...this.servers.keys()];
  }

  /** Closes the servers of every name not in `names` (APIs the new deployment no longer has). */
  async closeAllBut(names: ReadonlySet<string>): Promise<void> {
    await Promise.all([...this.servers].filter(([name]) => !names.has(name)).map(([name, { server }]) => {
      this.servers.delete(name);
      return closeServer(server);
    }));
  }

  async closeAll(): Promise<void> {
    await this.closeAllBut(new Set());
  }
}

/** Closes a server, cutting its open connections. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
