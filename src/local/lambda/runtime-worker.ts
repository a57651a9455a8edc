import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LambdaFunctionConfig } from './function-config';
import { InvocationLog, LineSplitter, reportLine } from './invocation-log';
import { MAX_RESPONSE_BYTES, RuntimeApiServer, RuntimeInvocation, RuntimeReport } from './runtime-api-server';
import { RUNTIME_CLIENTS_DIR } from './runtime-family';
import { logStreamName, workerEnvironment } from './worker-environment';

/** What a worker needs besides the function's configuration. */
export interface WorkerOptions {
  readonly region: string;
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Receives every log line, already prefixed with `[<FunctionName>] `. */
  readonly log: (line: string) => void;
}

/** One invocation for a worker: the Runtime API's view of it, without the deadline (set at start). */
export type WorkerInvocation = Omit<RuntimeInvocation, 'deadlineMs'>;

/** How an invocation ended. */
export interface WorkerResult {
  readonly payload: Buffer;
  /** True for a function error (the handler's error, an init error, a timeout, a crash). */
  readonly functionError: boolean;
  /** The invocation's log, base64 of its last 4 KB. */
  readonly logTail: string;
}

type Outcome =
  | { readonly kind: 'result'; readonly payload: Buffer; readonly functionError: boolean; readonly errorType?: string }
  /** The execution environment is gone (timeout, crash, init error): the next invocation gets a new one. */
  | { readonly kind: 'ended'; readonly payload: Buffer; readonly errorType: string; readonly status: 'timeout' | 'error'; readonly logLines: string[] };

interface CurrentInvocation {
  readonly requestId: string;
  readonly log: InvocationLog;
  /** Settles the invocation once; later calls are ignored. */
  readonly finish: (outcome: Outcome) => void;
}

/**
 * One execution environment of a function: a local process of its runtime running our runtime
 * client, with a Runtime API server of its own. It runs one invocation at a time and stays warm
 * between them; a timeout, a crash or an init error ends it.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export class RuntimeWorker {
  /** Starts the Runtime API server and the process; the process initializes while the first invocation waits. */
  static async start(config: LambdaFunctionConfig, options: WorkerOptions, onEnd: (worker: RuntimeWorker) => void): Promise<RuntimeWorker> {
    const server = new RuntimeApiServerHolder();
    const runtimeApi = await server.start();
    return new RuntimeWorker(config, options, server, runtimeApi, onEnd);
  }

  private state: 'idle' | 'busy' | 'ended' = 'idle';
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private current?: CurrentInvocation;
  private readonly spawnedAt = performance.now();
  private idleAt = this.spawnedAt;
  private initDurationMs?: number;
  private initReported = false;

  private constructor(
    private readonly config: LambdaFunctionConfig,
    private readonly options: WorkerOptions,
    private readonly server: RuntimeApiServerHolder,
    runtimeApi: string,
    private readonly onEnd: (worker: RuntimeWorker) => void,
  ) {
    server.attach({ onNext: () => this.onNext(), onReport: (report) => this.onReport(report) });
    // Python: unbuffered output, and no .pyc files written into the code folder.
    const args = config.family.language === 'python' ? ['-u', '-B'] : [];
    const env = workerEnvironment(config, {
      region: options.region, runtimeApi, logStreamName: logStreamName(), extraEnvironment: options.extraEnvironment,
    });
    this.child = spawn(config.interpreter, [...args, path.join(RUNTIME_CLIENTS_DIR, config.family.clientScript)], {
      cwd: config.codeDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stopping it also stops what the handler started.
      detached: process.platform !== 'win32',
    });
    const stdout = new LineSplitter((line) => this.emit(line));
    const stderr = new LineSplitter((line) => this.emit(line));
    this.child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.processEnded(`Runtime exited with error: ${error.message}`);
        resolve();
      });
      this.child.once('close', (code, signal) => {
        stdout.flush();
        stderr.flush();
        this.processEnded(`Runtime exited with error: ${exitDescription(code, signal)}`, code === 0 && !signal);
        resolve();
      });
    });
  }

  get idle(): boolean {
    return this.state === 'idle';
  }

  /** `performance.now()` when the worker last finished an invocation (or was spawned). */
  get idleSince(): number {
    return this.idleAt;
  }

  /** Runs one invocation; the worker must be idle. Resolves however the invocation ends. */
  invoke(invocation: WorkerInvocation): Promise<WorkerResult> {
    if (this.state !== 'idle') throw new Error(`worker of ${this.config.name} is ${this.state}`);
    this.state = 'busy';
    const { requestId } = invocation;
    const log = new InvocationLog();
    const timeoutMs = this.config.timeout * 1000;
    const deadlineMs = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const startedAt = performance.now();
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const durationMs = performance.now() - startedAt;
        if (outcome.kind === 'ended') this.end();
        // Let output the process wrote before its result reach the log first.
        setImmediate(() => setImmediate(() => resolve(this.complete(outcome, durationMs))));
      };
      const timer = setTimeout(() => this.timedOut(), timeoutMs);
      this.current = { requestId, log, finish };
      this.emit(`START RequestId: ${requestId} Version: $LATEST`);
      this.server.deliver({ ...invocation, deadlineMs });
    });
  }

  /** Kills the process (and its group), closes the server; resolves once the process is gone. */
  async stop(): Promise<void> {
    this.end();
    await Promise.all([this.exited, this.server.close()]);
  }

  private onNext(): void {
    this.initDurationMs ??= performance.now() - this.spawnedAt;
  }

  private onReport(report: RuntimeReport): boolean {
    const current = this.current;
    if (report.kind === 'initError') {
      // https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-initerror
      const errorType = report.errorType ?? errorTypeOf(report.body) ?? 'Runtime.Unknown';
      if (current) current.finish({ kind: 'ended', payload: report.body, errorType, status: 'error', logLines: [] });
      else this.end();
      return true;
    }
    if (!current || current.requestId !== report.requestId) return false;
    if (report.kind === 'response' && report.body.length > MAX_RESPONSE_BYTES) {
      const payload = jsonBuffer({
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: 'Function.ResponseSizeTooLarge',
      });
      current.finish({ kind: 'result', payload, functionError: true, errorType: 'Function.ResponseSizeTooLarge' });
    } else if (report.kind === 'response') {
      current.finish({ kind: 'result', payload: report.body, functionError: false });
    } else {
      current.finish({ kind: 'result', payload: report.body, functionError: true, errorType: report.errorType ?? errorTypeOf(report.body) });
    }
    return true;
  }

  /** The timeout counts from the start of the invocation; the process is killed. */
  private timedOut(): void {
    const current = this.current;
    if (!current) return;
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
    const message = `${new Date().toISOString()} ${current.requestId} Task timed out after ${this.config.timeout.toFixed(2)} seconds`;
    current.finish({
      kind: 'ended',
      payload: jsonBuffer({ errorType: 'Sandbox.Timedout', errorMessage: message }),
      errorType: 'Sandbox.Timedout',
      status: 'timeout',
      logLines: [message],
    });
  }

  private processEnded(description: string, cleanExit = false): void {
    const current = this.current;
    if (current) {
      // https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html (the runtime must not exit mid-invoke)
      const message = `RequestId: ${current.requestId} Error: ${cleanExit ? 'Runtime exited without providing a reason' : description}`;
      current.finish({
        kind: 'ended',
        payload: jsonBuffer({ errorType: 'Runtime.ExitError', errorMessage: message }),
        errorType: 'Runtime.ExitError',
        status: 'error',
        logLines: [message, 'Runtime.ExitError'],
      });
    }
    this.end();
  }

  private complete(outcome: Outcome, durationMs: number): WorkerResult {
    const current = this.current!;
    const log = current.log;
    this.current = undefined;
    if (outcome.kind === 'ended') {
      for (const line of outcome.logLines) this.emit(line, log);
    } else if (this.state === 'busy') {
      this.state = 'idle';
      this.idleAt = performance.now();
    }
    this.emit(`END RequestId: ${current.requestId}`, log);
    this.emit(reportLine({
      requestId: current.requestId,
      durationMs,
      memorySizeMb: this.config.memorySize,
      maxMemoryUsedMb: this.maxMemoryUsedMb(),
      initDurationMs: this.initReported ? undefined : this.initDurationMs,
      status: outcome.kind === 'ended' ? outcome.status : undefined,
      errorType: outcome.kind === 'ended' && outcome.status === 'error' ? outcome.errorType : undefined,
    }), log);
    this.initReported = true;
    return { payload: outcome.payload, functionError: outcome.kind === 'ended' || outcome.functionError, logTail: log.tailBase64() };
  }

  /** Ends the execution environment: no more invocations, the process group is killed. */
  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    killProcessGroup(this.child);
    void this.server.close();
    this.onEnd(this);
  }

  private emit(line: string, log = this.current?.log): void {
    log?.append(line);
    this.options.log(`[${this.config.name}] ${line}`);
  }

  /** Peak resident memory of the process, from /proc where there is one. */
  private maxMemoryUsedMb(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Math.ceil(Number(match[1]) / 1024) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Holds the Runtime API server until the worker that listens to it exists. */
class RuntimeApiServerHolder {
  private readonly server: RuntimeApiServer;
  private listener?: { onNext(): void; onReport(report: RuntimeReport): boolean };
  private closed?: Promise<void>;

  constructor() {
    this.server = new RuntimeApiServer({
      onNext: () => this.listener?.onNext(),
      onReport: (report) => this.listener?.onReport(report) ?? false,
    });
  }

  start(): Promise<string> {
    return this.server.start();
  }

  attach(listener: { onNext(): void; onReport(report: RuntimeReport): boolean }): void {
    this.listener = listener;
  }

  deliver(invocation: RuntimeInvocation): void {
    this.server.deliver(invocation);
  }

  close(): Promise<void> {
    this.closed ??= this.server.close();
    return this.closed;
  }
}

function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** How Lambda words a process's end: `exit status 1`, `signal: killed`. */
function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const names: Partial<Record<NodeJS.Signals, string>> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted' };
    return `signal: ${names[signal] ?? signal}`;
  }
  return `exit status ${code}`;
}

function errorTypeOf(body: Buffer): string | undefined {
  try {
    const document = JSON.parse(body.toString('utf8'));
    return typeof document?.errorType === 'string' ? document.errorType : undefined;
  } catch {
    return undefined;
  }
}

function jsonBuffer(value: object): Buffer {
  return Buffer.from(JSON.stringify(value));
}
