import { Socket } from 'node:net';
import { RuntimeApiListener, RuntimeInvocation, RuntimeReport } from './runtime-api-server';

/**
 * The file descriptor of the pipe in a runtime client's process, announced to it in
 * `GRAVITON_LOCAL_RUNTIME_FD`.
 */
export const RUNTIME_PIPE_FD = 3;

/** A frame's header: one line of JSON, then `length` bytes of body. */
interface FrameHeader {
  readonly type?: string;
  readonly length: number;
  readonly [key: string]: unknown;
}

/**
 * The offline cloud's own runtime clients (bootstrap.py, bootstrap.js) speak the Runtime API's
 * calls over a pipe instead of HTTP: the same exchange (`next`, then the invocation's response or
 * error, or an init error) without two HTTP round trips per invocation. Each message is a line of
 * JSON naming the call, then the body's bytes. A custom runtime's `bootstrap` keeps the HTTP
 * Runtime API (runtime-api-server.ts).
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
export class RuntimePipe {
  private buffered: Buffer = Buffer.alloc(0);
  private header?: FrameHeader;
  /** An invocation waiting for the runtime's next `next`. */
  private queued?: RuntimeInvocation;
  private waiting = false;

  constructor(private readonly socket: Socket, private readonly listener: RuntimeApiListener & RuntimePipeListener) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // The process's end is noticed by the worker (its exit); a broken pipe only follows it.
    socket.on('error', () => {});
  }

  /** Hands an invocation to the runtime: now if it waits for one, else on its next `next`. */
  deliver(invocation: RuntimeInvocation): void {
    if (this.waiting) {
      this.waiting = false;
      this.send(invocation);
    } else {
      this.queued = invocation;
    }
  }

  close(): void {
    this.queued = undefined;
    this.socket.destroy();
  }

  private send(invocation: RuntimeInvocation): void {
    const header = JSON.stringify({
      requestId: invocation.requestId,
      deadlineMs: invocation.deadlineMs,
      invokedFunctionArn: invocation.invokedFunctionArn,
      traceId: invocation.traceId,
      clientContext: invocation.clientContext,
      length: invocation.event.length,
    });
    // One write: the header line and the event together.
    this.socket.write(Buffer.concat([Buffer.from(`${header}\n`), invocation.event]));
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      if (!this.header) {
        const newline = this.buffered.indexOf(0x0a);
        if (newline < 0) return;
        try {
          this.header = JSON.parse(this.buffered.subarray(0, newline).toString('utf8')) as FrameHeader;
        } catch {
          this.listener.onProtocolError(`not a runtime message: ${this.buffered.subarray(0, Math.min(newline, 200)).toString('utf8')}`);
          this.close();
          return;
        }
        this.buffered = this.buffered.subarray(newline + 1);
      }
      const length = Number(this.header.length ?? 0);
      if (this.buffered.length < length) return;
      const body = this.buffered.subarray(0, length);
      this.buffered = this.buffered.subarray(length);
      const header = this.header;
      this.header = undefined;
      // No copy: `buffered` is never written to, only replaced.
      this.dispatch(header, body);
    }
  }

  private dispatch(header: FrameHeader, body: Buffer): void {
    const errorType = typeof header.errorType === 'string' ? header.errorType : undefined;
    if (typeof header.maxRssKb === 'number') this.listener.onMemoryUsed(header.maxRssKb);
    switch (header.type) {
      case 'next':
        this.listener.onNext();
        if (this.queued) {
          const invocation = this.queued;
          this.queued = undefined;
          this.send(invocation);
        } else {
          this.waiting = true;
        }
        return;
      case 'response':
      case 'error': {
        const requestId = String(header.requestId);
        const report: RuntimeReport = header.type === 'response' ? { kind: 'response', requestId, body } : { kind: 'error', requestId, body, errorType };
        this.listener.onReport(report);
        return;
      }
      case 'initError':
        this.listener.onReport({ kind: 'initError', body, errorType });
        return;
      default:
        this.listener.onProtocolError(`unknown runtime message type ${JSON.stringify(header.type)}`);
    }
  }
}

/** What only the pipe tells: the client's own peak memory, and messages it could not read. */
export interface RuntimePipeListener {
  /** The runtime client's peak resident memory (`ru_maxrss`), sent with each result. */
  onMemoryUsed(maxRssKb: number): void;
  /** The client sent something that is not a runtime message; the pipe is closed. */
  onProtocolError(message: string): void;
}
