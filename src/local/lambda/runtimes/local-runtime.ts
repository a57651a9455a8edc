import * as path from 'node:path';

/** The folder of the offline cloud's own runtime clients (`LAMBDA_RUNTIME_DIR`), in `src/` (ts-jest) and `lib/` (compiled). */
export const RUNTIME_CLIENTS_DIR = path.join(__dirname, '..', 'runtime-clients');

/** A function as its runtime sees it at deploy, once its code is in a local folder. */
export interface RuntimeTarget {
  /** The Lambda runtime identifier, e.g. `python3.12`. */
  readonly runtime: string;
  readonly handler: string;
  /** The local folder of the code (`LAMBDA_TASK_ROOT`). */
  readonly codeDir: string;
  /** The function's architecture in the template. */
  readonly architecture: 'x86_64' | 'arm64';
  /** MemorySize in MB: runtimes that size their heap by it (Java) read it. */
  readonly memorySize: number;
  readonly functionName: string;
  readonly logicalId: string;
  /** The template's `Environment.Variables` (a runtime may look at `PYTHONPATH`). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** How the workers of one function start: the command, and how it reaches the Runtime API. */
export interface RuntimeLaunch {
  readonly command: string;
  readonly args: readonly string[];
  /**
   * `pipe`: the offline cloud's own runtime clients (runtime-pipe.ts); `http`: Lambda's HTTP
   * Runtime API (runtime-api-server.ts), for any runtime client that is not ours.
   */
  readonly runtimeApi: 'pipe' | 'http';
  /** The debugger each worker starts under (`--inspect`, `--debug-python`); absent = none. */
  readonly debugger?: RuntimeDebugger;
  /** Variables the runtime itself sets (e.g. where its SDK is), over the template's. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** How a worker's process starts under a debugger listening on a port of its own. */
export interface RuntimeDebugger {
  /** The port of the first worker; the next free ones after it for the others; 0 = any free port. */
  readonly firstPort: number;
  /** The arguments of `launch.args` with the debugger listening on `host:port`. */
  args(host: string, port: number): readonly string[];
  /** Variables the worker's process gets besides its own. */
  environment?(host: string, port: number): Readonly<Record<string, string>>;
  /** The log line (after `[<FunctionName>] `) naming where to attach. */
  describe(host: string, port: number): string;
}

/**
 * One family of Lambda runtimes on this machine: which runtime identifiers it runs, the file
 * inline code is written to, and how to start a function's process. Adding a runtime is one
 * module that implements this, registered in `runtimes/index.ts`.
 */
export interface LocalRuntime {
  /** The family as messages name it, e.g. `Python`. */
  readonly name: string;
  /** The runtime identifiers it runs, as messages list them, e.g. `python3.*`. */
  readonly identifiers: string;
  /** The file CloudFormation writes `Code.ZipFile` to; absent for runtimes that take no inline code. */
  readonly inlineCodeFile?: string;
  matches(runtime: string): boolean;
  /**
   * Checks the function against this machine (what runs it, its version, its architecture) and
   * says how to start it. Throws a DeployError when it cannot run here; warns through `host`.
   */
  launch(target: RuntimeTarget, host: RuntimeHost): Promise<RuntimeLaunch>;
}

/** What the user told the offline cloud about the runtimes' own parts. */
export interface RuntimeHostOptions {
  /**
   * The jar of the Java runtime interface client (`--java-ric`), its dependencies beside it as
   * its manifest's Class-Path names them.
   * @default - fetched from Maven Central on first use (java-runtime-client.ts)
   */
  readonly javaRic?: string;
  /**
   * Node.js functions run under the inspector (`--inspect[=port]`): the port of the first
   * worker, the next free ones for the others; 0 = any free port.
   * @default - no inspector
   */
  readonly inspectPort?: number;
  /**
   * Python functions run under debugpy when it is importable (`--debug-python[=port]`), as
   * `inspectPort`. @default - no debugger
   */
  readonly debugPythonPort?: number;
}

/**
 * What the runtimes of one offline cloud share: discoveries made once (an interpreter's path and
 * version), warnings given once, the user's options, and the log.
 */
export class RuntimeHost {
  private readonly found = new Map<string, Promise<unknown>>();
  private readonly warned = new Set<string>();

  constructor(readonly log: (line: string) => void, readonly options: RuntimeHostOptions = {}) {}

  /** `find()`'s result, computed on the first call for `key` and shared after. */
  once<T>(key: string, find: () => Promise<T>): Promise<T> {
    let result = this.found.get(key) as Promise<T> | undefined;
    if (!result) {
      result = find();
      this.found.set(key, result);
    }
    return result;
  }

  /** Logs `line` the first time `key` is warned about. */
  warnOnce(key: string, line: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.log(line);
  }
}

/**
 * Warns once per runtime when the local version differs from the one the runtime identifier
 * names (`3.12` of `python3.12`, `20` of `nodejs20.x`): the function still runs.
 */
export function warnOnVersionMismatch(
  host: RuntimeHost, target: RuntimeTarget, language: string, local: { executable: string; version: string },
): void {
  const requested = /^[a-z]+(\d+(?:\.\d+)*)/.exec(target.runtime)?.[1];
  const localParts = local.version.split('.');
  if (!requested || requested.split('.').every((part, i) => localParts[i] === part)) return;
  host.warnOnce(`version:${target.runtime}`, `[${target.functionName}] warning: runtime ${target.runtime} asks for ${language} ${requested}; `
    + `this machine runs it with ${language} ${local.version} (${local.executable})`);
}
