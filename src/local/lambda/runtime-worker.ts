import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { DEBUG_HOST, DebugPorts } from './debug-ports';
import { LambdaFunctionConfig } from './function-config';
import { InvocationLog, LineSplitter, reportLine } from './invocation-log';
import { MAX_RESPONSE_BYTES, RuntimeApiListener, RuntimeApiServer, RuntimeInvocation, RuntimeReport } from './runtime-api-server';
import { RUNTIME_PIPE_FD, RuntimePipe, RuntimePipeListener } from './runtime-pipe';
import { functionLogGroup, logStreamName, workerEnvironment } from './worker-environment';

/** What a worker needs besides the function's configuration. */
export interface WorkerOptions {
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Receives every log line, already prefixed with `[<FunctionName>] `. */
  readonly log: (line: string) => void;
  /** Where workers that start under a debugger take their ports. @default - ports of this worker's own */
  readonly debugPorts?: DebugPorts;
  /** Receives every log line with its log group and stream, as CloudWatch Logs stores it. @default - not stored */
  readonly logSink?: FunctionLogSink;
}

/** Stores one line of a function's log: its group, the execution environment's stream, the time it was written. */
export type FunctionLogSink = (logGroupName: string, logStreamName: string, message: string, timestamp: number) => void;

/**
 * What a debugger's process writes on stderr when a client attaches (Node.js's inspector, and
 * bootstrap.py under debugpy), and when it leaves (bootstrap.py only: Node.js says nothing).
 */
const DEBUGGER_ATTACHED = 'Debugger attached.';
const DEBUGGER_DETACHED = 'Debugger detached.';

/**
 * Lambda's Init phase limit. Past it, Lambda retries Init within the first invocation, bounded
 * by the function's timeout.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib
 */
export const INIT_TIMEOUT_MS = 10_000;

/**
 * How a worker's init is bounded: `init` is Lambda's Init phase (INIT_TIMEOUT_MS, apart from the
 * first invocation's timeout); `invoke` is the retry after an Init that timed out, which runs
 * inside the first invocation and counts toward its timeout.
 */
export type InitPhase = 'init' | 'invoke';

/** One invocation for a worker: the Runtime API's view of it, without the deadline (set at start). */
export type WorkerInvocation = Omit<RuntimeInvocation, 'deadlineMs'>;

/** How an invocation ended. */
export interface WorkerResult {
  readonly payload: Buffer;
  /** True for a function error (the handler's error, an init error, a timeout, a crash). */
  readonly functionError: boolean;
  /**
   * The invocation never reached the runtime, and the worker is gone: it is to be run again on a
   * new worker whose init is in this phase. `invoke` when the worker's Init phase ran past
   * INIT_TIMEOUT_MS; `init` when the runtime exited between invocations, before taking it.
   */
  readonly rerun?: InitPhase;
  /** The invocation's log, base64 of its last 4 KB (made only when asked: `LogType: Tail`). */
  logTail(): string;
}

type Outcome =
  | { readonly kind: 'result'; readonly payload: Buffer; readonly functionError: boolean; readonly errorType?: string }
  /** The execution environment is gone (timeout, crash, init error): the next invocation gets a new one. */
  | { readonly kind: 'ended'; readonly payload: Buffer; readonly errorType: string; readonly status: 'timeout' | 'error'; readonly logLines: string[] }
  /** Nothing of the invocation ran (init past its limit, or the runtime gone before taking it): run it again. */
  | { readonly kind: 'rerun'; readonly phase: InitPhase };

interface CurrentInvocation {
  readonly invocation: WorkerInvocation;
  readonly log: InvocationLog;
  /** `performance.now()` when the invocation was handed to the runtime (undefined while init runs). */
  startedAt?: number;
  /** True once the runtime took it (its `next` was answered with it). */
  takenByRuntime?: boolean;
  /** True once its timeout was suspended for a debugger. */
  timeoutSuspended?: boolean;
  /** Settles the invocation once; later calls are ignored. */
  readonly finish: (outcome: Outcome) => void;
}

/** How the worker talks to its runtime: the pipe of our own clients, or an HTTP Runtime API server. */
interface RuntimeChannel {
  deliver(invocation: RuntimeInvocation): void;
  close(): Promise<void>;
}

type ChannelListener = RuntimeApiListener & RuntimePipeListener;

/**
 * One execution environment of a function: a local process of its runtime running its runtime
 * client. It initializes once (Init phase), then runs one invocation at a time and stays warm
 * between them; a timeout, a crash or an init error ends it.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export class RuntimeWorker {
  /**
   * Starts the process; it initializes while `invoke` may already be called with the invocation
   * that is waiting for it (the function's timeout starts once init is done, in the `init` phase).
   */
  static async start(
    config: LambdaFunctionConfig, options: WorkerOptions, initPhase: InitPhase, onEnd: (worker: RuntimeWorker) => void,
  ): Promise<RuntimeWorker> {
    let server: RuntimeApiServer | undefined;
    let address: string | undefined;
    const relay: { target?: ChannelListener } = {};
    if (config.launch.runtimeApi === 'http') {
      server = new RuntimeApiServer({
        onNext: () => relay.target?.onNext(),
        onReport: (report) => relay.target?.onReport(report) ?? false,
      });
      address = await server.start();
    }
    let debug: { ports: DebugPorts; port: number } | undefined;
    if (config.launch.debugger) {
      const ports = options.debugPorts ?? new DebugPorts();
      try {
        debug = { ports, port: await ports.take(config.launch.debugger.firstPort) };
      } catch (error) {
        await server?.close();
        throw error;
      }
    }
    const worker = new RuntimeWorker(config, options, initPhase, onEnd, address, debug?.port);
    if (debug) void worker.exited.then(() => debug!.ports.release(debug!.port));
    relay.target = worker.listener;
    worker.channel = server
      ? { deliver: (invocation) => server!.deliver(invocation), close: () => server!.close() }
      : worker.pipeChannel();
    return worker;
  }

  private state: 'initializing' | 'idle' | 'busy' | 'ended' = 'initializing';
  private readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** True while a debugger's client is attached to the process: the function's timeout is suspended. */
  private debuggerAttached = false;
  private channel!: RuntimeChannel;
  private channelClosed?: Promise<void>;
  private current?: CurrentInvocation;
  private readonly spawnedAt = performance.now();
  /** This execution environment's log stream, `YYYY/MM/DD/[$LATEST]<32 hex>`. */
  private readonly logStreamName = logStreamName();
  private idleAt = this.spawnedAt;
  private initDurationMs?: number;
  private initReported = false;
  /** True while the runtime waits on `next` with nothing handed to it. */
  private runtimeWaiting = false;
  private readonly initTimer?: NodeJS.Timeout;
  /** The function's timeout for the invocation in progress. */
  private invocationTimer?: NodeJS.Timeout;
  /**
   * The result an HTTP runtime posted, held until it asks for its next invocation: that is when
   * Lambda ends the invocation, so what the client logs after posting (the Java client logs a
   * handler's error after reporting it) stays in the invocation's log, as on AWS.
   */
  private posted?: Outcome;
  /** The client's own peak memory, when it reports it (our clients, over the pipe). */
  private maxRssKb?: number;
  private readonly listener: ChannelListener = {
    onNext: () => this.onNext(),
    onReport: (report) => this.onReport(report),
    onMemoryUsed: (kb) => { this.maxRssKb = kb; },
    onProtocolError: (message) => this.protocolError(message),
  };

  private constructor(
    private readonly config: LambdaFunctionConfig,
    private readonly options: WorkerOptions,
    private readonly initPhase: InitPhase,
    private readonly onEnd: (worker: RuntimeWorker) => void,
    runtimeApiAddress: string | undefined,
    debugPort: number | undefined,
  ) {
    const debug = debugPort !== undefined ? config.launch.debugger : undefined;
    const env = workerEnvironment(config, {
      runtimeApi: runtimeApiAddress !== undefined ? { address: runtimeApiAddress } : { pipeFd: RUNTIME_PIPE_FD },
      logStreamName: this.logStreamName,
      extraEnvironment: { ...options.extraEnvironment, ...debug?.environment?.(DEBUG_HOST, debugPort!) },
    });
    const args = debug ? debug.args(DEBUG_HOST, debugPort!) : config.launch.args;
    this.child = spawn(config.launch.command, args, {
      cwd: config.codeDir,
      env,
      // fd 3 (RUNTIME_PIPE_FD) is a socket pair: the pipe of our own runtime clients.
      stdio: runtimeApiAddress !== undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', 'pipe'],
      // Its own process group, so that stopping it also stops what the handler started.
      detached: process.platform !== 'win32',
    });
    const stdout = new LineSplitter((line) => this.emit(line));
    const stderr = new LineSplitter((line) => {
      this.emit(line);
      if (debug) this.debuggerLine(line);
    });
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
    if (initPhase === 'init') {
      this.initTimer = setTimeout(() => this.initTimedOut(), INIT_TIMEOUT_MS);
    }
    if (debug) this.emit(debug.describe(DEBUG_HOST, debugPort!));
  }

  /** True while the worker waits for its next invocation (init done). */
  get idle(): boolean {
    return this.state === 'idle';
  }

  /** True once the worker is gone (timeout, crash, init error, stop). */
  get ended(): boolean {
    return this.state === 'ended';
  }

  /** `performance.now()` when the worker last finished an invocation (or was spawned). */
  get idleSince(): number {
    return this.idleAt;
  }

  /**
   * Runs one invocation; the worker must be idle, or initializing with no invocation yet (the
   * invocation that waits for it). Resolves however the invocation ends.
   */
  invoke(invocation: WorkerInvocation): Promise<WorkerResult> {
    if (this.current || (this.state !== 'idle' && this.state !== 'initializing')) {
      throw new Error(`worker of ${this.config.name} is ${this.current ? 'busy' : this.state}`);
    }
    if (this.state === 'idle') this.state = 'busy';
    const log = new InvocationLog();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(this.invocationTimer);
        const durationMs = current.startedAt !== undefined ? performance.now() - current.startedAt : 0;
        if (outcome.kind !== 'result') this.end();
        // Let output the process wrote before its result reach the log first: it was readable
        // no later than the result, so it is read in the same turn of the event loop.
        setImmediate(() => resolve(this.complete(outcome, durationMs)));
      };
      const current: CurrentInvocation = { invocation, log, finish };
      this.current = current;
      // Init in the `invoke` phase counts toward the invocation: it starts now.
      if (this.state === 'busy' || this.initPhase === 'invoke') this.startInvocation();
    });
  }

  /** Kills the process (and its group), closes the channel; resolves once the process is gone. */
  async stop(): Promise<void> {
    this.end();
    await Promise.all([this.exited, this.closeChannel()]);
  }

  /** Hands the current invocation to the runtime; its timeout starts now. */
  private startInvocation(): void {
    const current = this.current!;
    const timeoutMs = this.config.timeout * 1000;
    current.startedAt = performance.now();
    this.emit(`START RequestId: ${current.invocation.requestId} Version: $LATEST`);
    if (this.debuggerAttached) this.suspendTimeout();
    else this.invocationTimer = setTimeout(() => this.timedOut(), timeoutMs);
    current.takenByRuntime = this.runtimeWaiting;
    this.runtimeWaiting = false;
    this.channel.deliver({ ...current.invocation, deadlineMs: Date.now() + timeoutMs });
  }

  /** A line of the debugged process's stderr: a client attached or left. */
  private debuggerLine(line: string): void {
    if (line === DEBUGGER_DETACHED) this.debuggerAttached = false;
    if (line !== DEBUGGER_ATTACHED) return;
    this.debuggerAttached = true;
    // Attached while an invocation runs (at a breakpoint it would never meet its deadline).
    if (this.current?.startedAt !== undefined) this.suspendTimeout();
  }

  /** The invocation in progress runs without its timeout, once said in its log. */
  private suspendTimeout(): void {
    const current = this.current!;
    clearTimeout(this.invocationTimer);
    this.invocationTimer = undefined;
    if (current.timeoutSuspended) return;
    current.timeoutSuspended = true;
    this.emit('timeout suspended: a debugger is attached');
  }

  private onNext(): void {
    // A `next` takes the invocation the channel holds for it, or waits for one.
    if (this.current?.startedAt !== undefined && !this.current.takenByRuntime) this.current.takenByRuntime = true;
    else this.runtimeWaiting = true;
    if (this.posted && this.current) {
      // An HTTP runtime's `next` after its post ends that invocation; the runtime now waits.
      this.current.finish(this.posted);
      return;
    }
    if (this.state !== 'initializing') return;
    // The first `next`: init is done.
    clearTimeout(this.initTimer);
    this.initDurationMs = performance.now() - this.spawnedAt;
    if (!this.current) {
      this.state = 'idle';
      this.idleAt = performance.now();
      return;
    }
    this.state = 'busy';
    if (this.current.startedAt === undefined) this.startInvocation();
  }

  /** Init ran past Lambda's limit: the environment is dropped, and the waiting invocation retried. */
  private initTimedOut(): void {
    if (this.state !== 'initializing') return;
    this.emit(`INIT_REPORT Init Duration: ${(performance.now() - this.spawnedAt).toFixed(2)} ms\tPhase: init\tStatus: timeout`);
    if (this.current) this.current.finish({ kind: 'rerun', phase: 'invoke' });
    else this.end();
  }

  private onReport(report: RuntimeReport): boolean {
    const current = this.current;
    if (report.kind === 'initError') {
      // https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-initerror
      const errorType = report.errorType ?? errorTypeOf(report.body) ?? 'Runtime.Unknown';
      if (current) {
        if (current.startedAt === undefined) this.emit(`START RequestId: ${current.invocation.requestId} Version: $LATEST`);
        current.finish({ kind: 'ended', payload: report.body, errorType, status: 'error', logLines: [] });
      } else {
        this.end();
      }
      return true;
    }
    if (!current || current.startedAt === undefined || current.invocation.requestId !== report.requestId || this.posted) return false;
    let outcome: Outcome;
    if (report.kind === 'response' && report.body.length > MAX_RESPONSE_BYTES) {
      const payload = jsonBuffer({
        errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: 'Function.ResponseSizeTooLarge',
      });
      outcome = { kind: 'result', payload, functionError: true, errorType: 'Function.ResponseSizeTooLarge' };
    } else if (report.kind === 'response') {
      outcome = { kind: 'result', payload: report.body, functionError: false };
    } else {
      outcome = { kind: 'result', payload: report.body, functionError: true, errorType: report.errorType ?? errorTypeOf(report.body) };
    }
    if (this.config.launch.runtimeApi === 'http') this.posted = outcome;
    else current.finish(outcome);
    return true;
  }

  /** The timeout counts from the start of the invocation; the process is killed. */
  private timedOut(): void {
    const current = this.current;
    if (!current) return;
    if (this.posted) {
      // The result stands; a runtime that never asks for more work is not reused.
      current.finish(this.posted);
      this.end();
      return;
    }
    if (this.state === 'initializing') {
      // An init retried in the invoke phase that did not finish within the function's timeout.
      this.emit(`INIT_REPORT Init Duration: ${(performance.now() - this.spawnedAt).toFixed(2)} ms\tPhase: invoke\tStatus: timeout`, current.log);
    }
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
    const message = `${new Date().toISOString()} ${current.invocation.requestId} Task timed out after ${this.config.timeout.toFixed(2)} seconds`;
    current.finish({
      kind: 'ended',
      payload: jsonBuffer({ errorType: 'Sandbox.Timedout', errorMessage: message }),
      errorType: 'Sandbox.Timedout',
      status: 'timeout',
      logLines: [message],
    });
  }

  private protocolError(message: string): void {
    this.emit(`runtime client error: ${message}`);
    this.processEnded(`Runtime exited with error: ${message}`);
  }

  private processEnded(description: string, cleanExit = false): void {
    const current = this.current;
    if (current && this.posted) {
      // It exited after posting its result (aws-lambda-go does when the Runtime API refuses a
      // post): the result stands, the environment is gone.
      current.finish(this.posted);
      this.end();
      return;
    }
    if (current && current.startedAt !== undefined && !current.takenByRuntime && this.initDurationMs !== undefined) {
      // A warm runtime that exited after its last answer: the invocation handed to it meanwhile
      // never ran, and gets a new environment.
      this.emit(`the runtime exited before taking RequestId: ${current.invocation.requestId} (${description}); it runs in a new execution environment`);
      current.finish({ kind: 'rerun', phase: 'init' });
      this.end();
      return;
    }
    if (current) {
      if (current.startedAt === undefined) this.emit(`START RequestId: ${current.invocation.requestId} Version: $LATEST`);
      // https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html (the runtime must not exit mid-invoke)
      const message = `RequestId: ${current.invocation.requestId} Error: ${cleanExit ? 'Runtime exited without providing a reason' : description}`;
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
    this.posted = undefined;
    if (outcome.kind === 'rerun') {
      return { payload: Buffer.alloc(0), functionError: true, logTail: () => log.tailBase64(), rerun: outcome.phase };
    }
    const { requestId } = current.invocation;
    if (outcome.kind === 'ended') {
      for (const line of outcome.logLines) this.emit(line, log);
    } else if (this.state === 'busy') {
      this.state = 'idle';
      this.idleAt = performance.now();
    }
    this.emit(`END RequestId: ${requestId}`, log);
    this.emit(reportLine({
      requestId,
      durationMs,
      memorySizeMb: this.config.memorySize,
      maxMemoryUsedMb: this.maxMemoryUsedMb(),
      initDurationMs: this.initReported ? undefined : this.initDurationMs,
      status: outcome.kind === 'ended' ? outcome.status : undefined,
      errorType: outcome.kind === 'ended' && outcome.status === 'error' ? outcome.errorType : undefined,
    }), log);
    this.initReported = true;
    return { payload: outcome.payload, functionError: outcome.kind === 'ended' || outcome.functionError, logTail: () => log.tailBase64() };
  }

  /** Ends the execution environment: no more invocations, the process group is killed. */
  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.initTimer);
    killProcessGroup(this.child);
    void this.closeChannel();
    this.onEnd(this);
  }

  private closeChannel(): Promise<void> {
    this.channelClosed ??= this.channel ? this.channel.close() : Promise.resolve();
    return this.channelClosed;
  }

  /** Our own clients' pipe on fd 3 of the process. */
  private pipeChannel(): RuntimeChannel {
    const pipe = new RuntimePipe(this.child.stdio[RUNTIME_PIPE_FD] as Socket, this.listener);
    return {
      deliver: (invocation) => pipe.deliver(invocation),
      close: async () => pipe.close(),
    };
  }

  private emit(line: string, log = this.current?.log): void {
    log?.append(line);
    this.options.log(`[${this.config.name}] ${line}`);
    this.options.logSink?.(functionLogGroup(this.config), this.logStreamName, line, Date.now());
  }

  /**
   * Peak resident memory of the runtime process: as our clients report it (`ru_maxrss`, which is
   * the kernel's VmHWM), else from /proc where there is one.
   */
  private maxMemoryUsedMb(): number | undefined {
    if (this.maxRssKb !== undefined) return Math.ceil(this.maxRssKb / 1024);
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match ? Math.ceil(Number(match[1]) / 1024) : undefined;
    } catch {
      return undefined;
    }
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
