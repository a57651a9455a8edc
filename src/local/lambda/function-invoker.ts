import { randomUUID } from 'node:crypto';
import { LambdaFunctionConfig } from './function-config';
import { FunctionRegistry, QualifiedTarget, RegisteredFunction } from './function-registry';
import {
  InvalidParameterValueException, InvalidRequestContentException, LambdaServiceException,
  RequestTooLargeException, ResourceNotFoundException, TooManyRequestsException,
} from './lambda-errors';
import { WorkerResult } from './runtime-worker';
import { pooledRandomBytes } from '../random-ids';
import { WorkerBudget } from './worker-budget';
import { WorkerPool, WorkerPoolOptions } from './worker-pool';

/** The Invoke API's request parameters besides the function and the payload. */
export interface InvokeOptions {
  /** @default 'RequestResponse' */
  readonly invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** A version (`3`, `$LATEST`) or alias (`live`); one in the function name must be the same. */
  readonly qualifier?: string;
  /** `Tail` returns the last 4 KB of the log (RequestResponse only). @default 'None' */
  readonly logType?: 'Tail' | 'None';
  /** Base64-encoded JSON passed to the handler as its context's client context. */
  readonly clientContext?: string;
  /**
   * The caller's X-Ray trace header (`X-Amzn-Trace-Id`, as API Gateway sends it): the invocation
   * keeps its `Root`. @default - a new trace
   */
  readonly traceHeader?: string;
}

/** The Invoke API's response. */
export interface InvokeResult {
  /** 200 (RequestResponse), 202 (Event) or 204 (DryRun). */
  readonly statusCode: number;
  readonly payload: Buffer;
  /** Set when the function failed; the payload is then the error document. */
  readonly functionError?: 'Unhandled';
  /** Base64 of the last 4 KB of the invocation's log, when `logType` is `Tail`. */
  readonly logResult?: string;
  /** The version that ran (`$LATEST`, or the number an alias picked). */
  readonly executedVersion: string;
  /** The invocation's request id (`x-amzn-RequestId`). */
  readonly requestId: string;
}

// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const MAX_SYNC_PAYLOAD_BYTES = 6_291_456;
const MAX_ASYNC_PAYLOAD_BYTES = 1_048_576;
const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'];

/** What the invoker needs from the Lambda service. */
export interface InvokerOptions extends WorkerPoolOptions {
  /** The most invocations in progress (running or queued) at once across all functions: the account's concurrency. */
  readonly concurrencyLimit: number;
  /** The most function processes at once across all functions (see WorkerBudget). */
  readonly workerLimit: number;
}

/**
 * Lambda's Invoke: validates the request as Lambda does, applies the concurrency limits, and runs
 * the invocation on the function's workers, synchronously or (Event) in the background. Lambda's
 * concurrency (what is throttled) and the host's workers (what runs at once) are two limits: an
 * invocation within the first waits for the second.
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class FunctionInvoker {
  private readonly pools = new Map<string, WorkerPool>();
  private readonly background = new Set<Promise<void>>();
  private readonly retryTimers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private readonly budget: WorkerBudget;
  /** Invocations in progress (running or waiting for a worker) per function, all versions together. */
  private readonly inFlight = new Map<string, number>();
  /** Invocations in progress of functions without reserved concurrency. */
  private unreservedRunning = 0;
  private stopped = false;

  constructor(private readonly registry: FunctionRegistry, private readonly options: InvokerOptions) {
    this.budget = new WorkerBudget(options.workerLimit);
  }

  /**
   * @param serviceEvent the payload is an event an AWS service built (API Gateway's), JSON by
   * construction: Lambda's check that it parses is skipped, since it would cost a parse per request
   */
  async invoke(functionName: string, payload: Buffer, options: InvokeOptions = {}, serviceEvent = false): Promise<InvokeResult> {
    if (this.stopped) throw new Error('the Lambda service is stopped');
    const target = this.resolve(functionName, options.qualifier);
    const config = versionToRun(target);
    const invocationType = options.invocationType ?? 'RequestResponse';
    if (!INVOCATION_TYPES.includes(invocationType)) {
      throw new LambdaServiceException('ValidationException', 400, `1 validation error detected: Value '${invocationType}' at 'invocationType' `
        + `failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`);
    }
    const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
    if (payload.length > limit) throw new RequestTooLargeException(limit);
    const event = serviceEvent ? payload : eventOf(payload);
    const clientContext = options.clientContext !== undefined ? decodeClientContext(options.clientContext) : undefined;
    const invocation: Invocation = { requestId: randomUUID(), clientContext, traceId: traceId(options.traceHeader) };
    const { requestId } = invocation;
    const base = { payload: Buffer.alloc(0), executedVersion: config.version, requestId };
    const run: Run = { registered: target.registered, config, invokedArn: target.invokedArn };

    if (invocationType === 'DryRun') return { ...base, statusCode: 204 };
    if (invocationType === 'Event') {
      // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
      const task: Promise<void> = this.runInBackground(run, event, invocation).finally(() => this.background.delete(task));
      this.background.add(task);
      return { ...base, statusCode: 202 };
    }
    const result = await this.run(run, event, invocation);
    return {
      ...base,
      statusCode: 200,
      payload: result.payload,
      ...(result.functionError ? { functionError: 'Unhandled' as const } : {}),
      ...(options.logType === 'Tail' ? { logResult: result.logTail() } : {}),
    };
  }

  /** Stops background retries and every worker; resolves when all processes are gone. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const retry of [...this.retryTimers]) retry.wake();
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
    await Promise.all([...this.background]);
  }

  /**
   * Starts up to `count` workers of a version ahead of traffic (provisioned concurrency), as many
   * as the host's worker limit has room for; resolves with how many are ready.
   */
  provision(config: LambdaFunctionConfig, count: number): Promise<number> {
    return this.poolOf(config).prestart(count);
  }

  /** The function and the version or alias a FunctionName and Qualifier name; ResourceNotFound for one that does not exist. */
  private resolve(functionName: string, qualifier: string | undefined): QualifiedTarget {
    const reference = this.registry.parse(functionName);
    if (!reference) {
      throw new LambdaServiceException('ValidationException', 400, `1 validation error detected: Value '${functionName}' at 'functionName' `
        + 'failed to satisfy constraint: Member must satisfy regular expression pattern: '
        + '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?');
    }
    if (reference.qualifier !== undefined && qualifier !== undefined && reference.qualifier !== qualifier) {
      throw new InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
    }
    const effectiveQualifier = reference.qualifier ?? qualifier;
    const found = this.registry.qualified(functionName, qualifier);
    if (!found) {
      const unqualified = reference.qualifier !== undefined ? reference.arn.slice(0, -(reference.qualifier.length + 1)) : reference.arn;
      throw new ResourceNotFoundException(effectiveQualifier !== undefined ? `${unqualified}:${effectiveQualifier}` : unqualified);
    }
    return found;
  }

  /**
   * One synchronous run, within the function's reserved concurrency when it has one, else within
   * the account's unreserved concurrency (the account's limit less every function's reservation).
   * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
   */
  private async run(run: Run, event: Buffer, invocation: Invocation): Promise<WorkerResult> {
    const { name, reservedConcurrency } = run.registered.config;
    const inFlight = this.inFlight.get(name) ?? 0;
    if (reservedConcurrency !== undefined) {
      if (inFlight >= reservedConcurrency) throw new TooManyRequestsException('ReservedFunctionConcurrentInvocationLimitExceeded');
    } else if (this.unreservedRunning >= this.unreservedLimit()) {
      throw new TooManyRequestsException('ConcurrentInvocationLimitExceeded');
    }
    this.inFlight.set(name, inFlight + 1);
    if (reservedConcurrency === undefined) this.unreservedRunning++;
    try {
      return await this.poolOf(run.config).run({ ...invocation, event, invokedFunctionArn: run.invokedArn });
    } finally {
      this.inFlight.set(name, this.inFlight.get(name)! - 1);
      if (reservedConcurrency === undefined) this.unreservedRunning--;
    }
  }

  /** The account's concurrency less what functions reserve. */
  private unreservedLimit(): number {
    let reserved = 0;
    for (const { config } of this.registry.all()) reserved += config.reservedConcurrency ?? 0;
    return this.options.concurrencyLimit - reserved;
  }

  /**
   * An Event invocation: throttled events wait and retry, as Lambda's queue does; a function
   * error is logged (the offline cloud does not retry failed events).
   */
  private async runInBackground(run: Run, event: Buffer, invocation: Invocation): Promise<void> {
    const { name } = run.config;
    const { requestId } = invocation;
    for (let delayMs = 50; !this.stopped; delayMs = Math.min(delayMs * 2, 1000)) {
      try {
        const result = await this.run(run, event, invocation);
        if (result.functionError) {
          this.options.log(`[${name}] async invocation ${requestId} failed: ${result.payload.toString('utf8')}`);
        }
        return;
      } catch (error) {
        if (!(error instanceof TooManyRequestsException)) {
          if (this.stopped) return;
          this.options.log(`[${name}] async invocation ${requestId} could not run: ${(error as Error).message}`);
          return;
        }
        await this.sleep(delayMs);
      }
    }
  }

  /** Waits before a retry; stop() wakes every waiter at once. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(retry.timer);
        this.retryTimers.delete(retry);
        resolve();
      };
      const retry = { timer: setTimeout(wake, ms), wake };
      this.retryTimers.add(retry);
    });
  }

  /** Each version has execution environments of its own. */
  private poolOf(config: LambdaFunctionConfig): WorkerPool {
    const key = `${config.name}:${config.version}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new WorkerPool(config, this.options, this.budget);
      this.pools.set(key, pool);
    }
    return pool;
  }
}

/** What runs: the function (for its concurrency), the version's configuration, and the ARN it was invoked by. */
interface Run {
  readonly registered: RegisteredFunction;
  readonly config: LambdaFunctionConfig;
  readonly invokedArn: string;
}

/**
 * The version an invocation runs: the one its qualifier names, or for an alias with a routing
 * configuration the additional version with the probability of its weight, else the alias's.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
 */
function versionToRun(target: QualifiedTarget): LambdaFunctionConfig {
  if (target.config) return target.config;
  const alias = target.alias!;
  const { versions, config } = target.registered;
  const additional = alias.additionalVersion;
  const version = additional && Math.random() < additional.weight ? additional.version : alias.functionVersion;
  return version === '$LATEST' ? config : versions.get(version)!.config;
}

/** The event a payload carries: JSON, with an empty payload meaning `{}`. */
function eventOf(payload: Buffer): Buffer {
  if (payload.length === 0) return Buffer.from('{}');
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new InvalidRequestContentException(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
  }
  return payload;
}

/** The decoded client context JSON (non-ASCII escaped, as it travels in a header). */
function decodeClientContext(encoded: string): string {
  try {
    const document = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new Error('not an object');
    return JSON.stringify(document).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  } catch {
    throw new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
  }
}

/** What one invocation carries to its worker besides the event. */
interface Invocation {
  readonly requestId: string;
  readonly clientContext?: string;
  readonly traceId: string;
}

/**
 * The X-Ray trace header Lambda passes to an invocation (`_X_AMZN_TRACE_ID`): the caller's
 * `Root` (and `Sampled`) when it sent one, else a new root; a new `Parent` either way.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
function traceId(callerHeader?: string): string {
  const field = (name: string) => callerHeader?.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${name}=`))?.slice(name.length + 1);
  const root = field('Root') ?? newTraceRoot();
  const sampled = field('Sampled') ?? '0';
  return `Root=${root};Parent=${pooledRandomBytes(8).toString('hex')};Sampled=${sampled}`;
}

/** A new X-Ray trace id: `1-<epoch seconds, 8 hex digits>-<24 hex digits>`. */
export function newTraceRoot(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `1-${epoch}-${pooledRandomBytes(12).toString('hex')}`;
}
