import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { DeployError, NotSupportedError } from '../cloudformation/resource-provider';

/** How the functions of one language run locally: their runtime client and inline code file. */
export interface RuntimeFamily {
  readonly language: 'python' | 'nodejs';
  /** The runtime client script, in `runtime-clients/`. */
  readonly clientScript: string;
  /** The file CloudFormation writes `Code.ZipFile` to. */
  readonly inlineCodeFile: string;
  /**
   * How the runtime client reaches the Runtime API: our own clients use a pipe (runtime-pipe.ts),
   * anything else Lambda's HTTP Runtime API (runtime-api-server.ts).
   */
  readonly runtimeApi: 'pipe' | 'http';
}

const PYTHON: RuntimeFamily = { language: 'python', clientScript: 'bootstrap.py', inlineCodeFile: 'index.py', runtimeApi: 'pipe' };
const NODEJS: RuntimeFamily = { language: 'nodejs', clientScript: 'bootstrap.js', inlineCodeFile: 'index.js', runtimeApi: 'pipe' };

/** The folder of the runtime clients, next to this module in `src/` (ts-jest) and in `lib/` (compiled). */
export const RUNTIME_CLIENTS_DIR = path.join(__dirname, 'runtime-clients');

/**
 * The family of a Lambda runtime identifier; only Python and Node.js run locally.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function runtimeFamilyOf(runtime: string, logicalId: string): RuntimeFamily {
  if (/^python3\.\d+$/.test(runtime)) return PYTHON;
  if (/^nodejs(\d+(\.\d+)*(\.x)?)?$/.test(runtime)) return NODEJS;
  throw new NotSupportedError(`runtime ${runtime} (the offline cloud runs python3.* and nodejs* functions)`, logicalId);
}

/** A local interpreter: the executable to spawn and the language version it runs. */
export interface LocalInterpreter {
  readonly executable: string;
  readonly version: string;
}

/**
 * Finds the local interpreter of each runtime once, and says once per runtime when its version
 * differs from the one the template asks for (a warning: the function still runs).
 */
export class LocalInterpreters {
  private python?: Promise<LocalInterpreter | string>;
  private readonly checkedRuntimes = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  /** The interpreter for a function; a DeployError when none is installed. */
  async forRuntime(runtime: string, family: RuntimeFamily, functionName: string, logicalId: string): Promise<LocalInterpreter> {
    const interpreter = family.language === 'python'
      ? await this.findPython(logicalId, runtime)
      : { executable: process.execPath, version: process.versions.node };
    if (!this.checkedRuntimes.has(runtime)) {
      this.checkedRuntimes.add(runtime);
      const requested = requestedVersion(runtime);
      if (requested && !sameVersion(requested, interpreter.version)) {
        const language = family.language === 'python' ? 'Python' : 'Node.js';
        this.log(`[${functionName}] warning: runtime ${runtime} asks for ${language} ${requested}; `
          + `this machine runs it with ${language} ${interpreter.version} (${interpreter.executable})`);
      }
    }
    return interpreter;
  }

  private async findPython(logicalId: string, runtime: string): Promise<LocalInterpreter> {
    const found = await (this.python ??= probePython());
    if (typeof found === 'string') throw new DeployError(`${logicalId}: runtime ${runtime} needs python3 on PATH to run locally: ${found}`);
    return found;
  }
}

/** The python3 on PATH, or why there is none. */
function probePython(): Promise<LocalInterpreter | string> {
  // `python3` may be a launcher (pyenv shim); the real executable starts faster, so ask it.
  const script = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])';
  return new Promise((resolve) => {
    execFile('python3', ['-c', script], (error, stdout) => {
      const [executable, version] = stdout.trim().split('\n');
      if (error || !executable || !version) resolve(error?.message ?? 'python3 printed no version');
      else resolve({ executable, version });
    });
  });
}

/** `3.12` of `python3.12`, `20` of `nodejs20.x`; undefined for the unversioned `nodejs`. */
function requestedVersion(runtime: string): string | undefined {
  const match = /^(?:python|nodejs)(\d+(?:\.\d+)*)/.exec(runtime);
  return match?.[1];
}

/** True when the local version starts with every part the runtime names (`3.12` ~ `3.12.4`). */
function sameVersion(requested: string, local: string): boolean {
  const localParts = local.split('.');
  return requested.split('.').every((part, i) => localParts[i] === part);
}
