import { createServer } from 'node:net';

/** The interface every debugger of a function listens on: this machine only. */
export const DEBUG_HOST = '127.0.0.1';

/**
 * The debugger ports of one offline cloud's workers: each worker gets the first port from the
 * one asked for that no worker holds and nothing else listens on (any free port when 0 is
 * asked), and gives it back when its process is gone.
 */
export class DebugPorts {
  private readonly held = new Set<number>();

  /** A free port: `first` or the next free one after it; any free port when `first` is 0. */
  async take(first: number): Promise<number> {
    // With 0, the system picks: ask again while it picks one a worker holds.
    for (let port = first, tries = 0; port <= 65535 && tries < 100; port += first === 0 ? 0 : 1, tries += first === 0 ? 1 : 0) {
      if (port !== 0 && this.held.has(port)) continue;
      const bound = await bindable(port);
      if (bound === undefined || this.held.has(bound)) continue;
      this.held.add(bound);
      return bound;
    }
    throw new Error(`no free debugger port from ${first} on ${DEBUG_HOST}`);
  }

  release(port: number): void {
    this.held.delete(port);
  }
}

/** The port a listener got on DEBUG_HOST (`port`, or any for 0), closed again; undefined when taken. */
function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: DEBUG_HOST, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}
