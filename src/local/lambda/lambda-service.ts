import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugPorts } from './debug-ports';
import { readFunctionApi } from './function-api';
import { LambdaFunctionConfig } from './function-config';
import { FunctionInvoker, InvokeOptions, InvokeResult } from './function-invoker';
import { LambdaFunctionProvider } from './function-provider';
import { FunctionRegistry } from './function-registry';
import { InvokeApiServer } from './invoke-api';
import { LambdaPermissionProvider } from './permission-provider';
import { FunctionLogSink } from './runtime-worker';
import { RuntimeHost } from './runtimes';
import { ResourceProvider } from '../cloudformation/resource-provider';
import { PolicyStatement } from '../iam/policy-document';

/** Lambda's default concurrency quota per account and Region. https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const DEFAULT_CONCURRENCY_LIMIT = 1000;

const DEFAULT_IDLE_WORKER_TIMEOUT_MS = 30_000;

/**
 * The default number of function processes: twice the cores (a worker waits on its pipe part of
 * the time, so more workers than cores keep the cores busy), at least 2.
 */
export function defaultWorkerLimit(): number {
  return Math.max(2, 2 * os.availableParallelism());
}

/** Where the offline Lambda runs and how. */
export interface LambdaServiceOptions {
  /** The Region of the function ARNs and of `AWS_REGION`. */
  readonly region: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  /**
   * Receives every log line: function output and the platform's START/END/REPORT lines, each
   * prefixed with `[<FunctionName>] `.
   * @default - lines are written to process.stderr
   */
  readonly log?: (line: string) => void;
  /**
   * Lambda's concurrency: the most invocations in progress at once (running or waiting for a
   * worker), across all functions; beyond it Invoke answers TooManyRequestsException (429).
   * @default 1000 (a new account's concurrency quota)
   */
  readonly concurrencyLimit?: number;
  /**
   * The host's workers: the most function processes at once, across all functions (a function
   * with none may always start one). Invocations beyond them wait, first in first out, for a
   * worker of their function; at the limit, the worker idle the longest is stopped for a new one.
   * @default defaultWorkerLimit(): twice the cores, at least 2
   */
  readonly workerLimit?: number;
  /**
   * How long a function's workers beyond its last one may stay idle before they are stopped.
   * @default 30000
   */
  readonly idleWorkerTimeoutMs?: number;
  /**
   * Variables added to every function's environment after its own (they win), e.g. to point
   * the AWS SDKs at local endpoints.
   * @default - none
   */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /**
   * The folder under which the service makes its own temporary folder (inline code).
   * @default os.tmpdir()
   */
  readonly tempDir?: string;
  /**
   * The jar of the Java runtime interface client, its dependencies beside it.
   * @default - fetched from Maven Central into the user's cache on first use
   */
  readonly javaRic?: string;
  /**
   * Node.js functions run under the inspector on 127.0.0.1: this port for the first worker, the
   * next free ones for the others; 0 = any free port. While a client is attached the
   * function's timeout is suspended.
   * @default - no inspector
   */
  readonly inspectPort?: number;
  /**
   * Python functions run under debugpy (when importable) on 127.0.0.1, ports as `inspectPort`.
   * @default - no debugger
   */
  readonly debugPythonPort?: number;
  /** Receives every log line with its log group and stream (the offline CloudWatch Logs). @default - not stored */
  readonly logSink?: FunctionLogSink;
}

/**
 * The offline cloud's Lambda: deploys `AWS::Lambda::Function` and `AWS::Lambda::Permission`,
 * runs functions as warm local processes, and serves the Invoke API.
 */
export class LambdaService {
  /** Deploys `AWS::Lambda::Function`. */
  readonly functionProvider: ResourceProvider;
  /** Deploys `AWS::Lambda::Permission`. */
  readonly permissionProvider: ResourceProvider;
  /** The providers by CloudFormation resource type, ready to register with the deployer. */
  readonly providers: Readonly<Record<string, ResourceProvider>>;

  private readonly registry: FunctionRegistry;
  private readonly invoker: FunctionInvoker;
  private readonly invokeApis: InvokeApiServer[] = [];
  private ownTempDir?: string;
  private stopping?: Promise<void>;

  constructor(private readonly options: LambdaServiceOptions) {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const location = { region: options.region, accountId: options.accountId, partition: options.partition ?? 'aws' };
    this.registry = new FunctionRegistry(location);
    this.invoker = new FunctionInvoker(this.registry, {
      extraEnvironment: options.extraEnvironment,
      log,
      concurrencyLimit: options.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT,
      workerLimit: options.workerLimit ?? defaultWorkerLimit(),
      idleWorkerTimeoutMs: options.idleWorkerTimeoutMs ?? DEFAULT_IDLE_WORKER_TIMEOUT_MS,
      debugPorts: new DebugPorts(),
      logSink: options.logSink,
    });
    this.functionProvider = new LambdaFunctionProvider({
      registry: this.registry,
      runtimeHost: new RuntimeHost(log, { javaRic: options.javaRic, inspectPort: options.inspectPort, debugPythonPort: options.debugPythonPort }),
      tempDir: () => this.tempDir(),
      log,
    });
    this.permissionProvider = new LambdaPermissionProvider(this.registry);
    this.providers = {
      'AWS::Lambda::Function': this.functionProvider,
      'AWS::Lambda::Permission': this.permissionProvider,
    };
  }

  /** A deployed function by name, ARN or partial ARN (a qualifier is ignored); undefined when none. */
  getFunction(nameOrArn: string): LambdaFunctionConfig | undefined {
    return this.registry.find(nameOrArn)?.config;
  }

  /** The functions deployed so far. */
  listFunctions(): LambdaFunctionConfig[] {
    return this.registry.all().map((registered) => registered.config);
  }

  /**
   * The statements of a function's resource-based policy, in the form Lambda stores them; empty
   * when the function has none or does not exist, and for a version or alias ARN (their policies
   * are their own, and the offline cloud has no versions or aliases).
   */
  policyStatements(functionArn: string): PolicyStatement[] {
    const qualifier = this.registry.parse(functionArn)?.qualifier;
    if (qualifier !== undefined && qualifier !== '$LATEST') return [];
    return [...(this.registry.find(functionArn)?.policy.statements ?? [])];
  }

  /**
   * Invokes a function by name, ARN or partial ARN. Lambda API errors (unknown function,
   * payload too large, throttling, bad payload) are thrown as LambdaServiceException subclasses;
   * function errors are results with `functionError` set.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
   */
  invoke(nameOrArn: string, payload: Buffer, options?: InvokeOptions): Promise<InvokeResult> {
    return this.invoker.invoke(nameOrArn, payload, options);
  }

  /**
   * Invokes a function with an event an AWS service built (API Gateway's proxy and authorizer
   * events): as `invoke`, synchronously, without parsing the payload again to check it is JSON.
   */
  invokeServiceEvent(nameOrArn: string, event: Buffer, traceHeader?: string): Promise<InvokeResult> {
    return this.invoker.invoke(nameOrArn, event, { traceHeader }, true);
  }

  /** Serves the Invoke API over HTTP; resolves with its base URL, for an SDK's `endpoint`. */
  async startInvokeApi(host = '127.0.0.1', port = 0): Promise<string> {
    if (this.stopping) throw new Error('the Lambda service is stopped');
    const server = new InvokeApiServer(
      (name, payload, options) => this.invoke(name, payload, options),
      (method, url) => readFunctionApi(method, url,
        (reference) => this.registry.find(reference),
        (reference) => this.registry.parse(reference)?.arn ?? reference),
    );
    this.invokeApis.push(server);
    return server.start(host, port);
  }

  /** Stops every function process and server and removes the temporary files; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.all(this.invokeApis.map((server) => server.close()));
      await this.invoker.stop();
      if (this.ownTempDir) fs.rmSync(this.ownTempDir, { recursive: true, force: true });
    })();
    return this.stopping;
  }

  /** This service's temporary folder, made on first use. */
  private tempDir(): string {
    this.ownTempDir ??= fs.mkdtempSync(path.join(this.options.tempDir ?? os.tmpdir(), 'offline-lambda-'));
    return this.ownTempDir;
  }
}
