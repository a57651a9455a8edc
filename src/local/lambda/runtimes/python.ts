import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { LocalRuntime, RUNTIME_CLIENTS_DIR, RuntimeHost, RuntimeTarget, warnOnVersionMismatch } from './local-runtime';
import { warnOnForeignNativeExtensions } from './native-extensions';
import { resolvePythonSdk } from './python-sdk';
import { DeployError } from '../../cloudformation/resource-provider';

interface Interpreter {
  readonly executable: string;
  readonly version: string;
}

/** `python3.*` functions, on this machine's python3 with the offline cloud's own runtime client. */
export const PYTHON: LocalRuntime = {
  name: 'Python',
  identifiers: 'python3.*',
  matches: (runtime) => /^python3\.\d+$/.test(runtime),
  inlineCodeFile: 'index.py',
  async launch(target, host) {
    const python = await host.once('python3', probePython);
    if (typeof python === 'string') {
      throw new DeployError(`${target.logicalId}: runtime ${target.runtime} needs python3 on PATH to run locally: ${python}`);
    }
    warnOnVersionMismatch(host, target, 'Python', python);
    warnOnForeignNativeExtensions(host, target);
    const environment = await sdkEnvironment(target, host, python.executable);
    // Unbuffered output, and no .pyc files written into the code folder.
    const args = ['-u', '-B', path.join(RUNTIME_CLIENTS_DIR, 'bootstrap.py')];
    const debugPort = host.options.debugPythonPort;
    if (debugPort === undefined) return { command: python.executable, args, runtimeApi: 'pipe', environment };
    // debugpy as the function's process finds it: on this python's path or the function's PYTHONPATH.
    const pythonPath = target.environment?.PYTHONPATH;
    const missing = await host.once(`debugpy:${pythonPath ?? ''}`, () => probeDebugpy(python.executable, pythonPath));
    if (missing !== undefined) {
      host.warnOnce(`debugpy:${target.functionName}`, `[${target.functionName}] --debug-python: debugpy is not importable by ${python.executable} (${missing}); `
        + `run pip install debugpy (or put it on the function's PYTHONPATH). ${target.functionName} runs without the debugger`);
      return { command: python.executable, args, runtimeApi: 'pipe', environment };
    }
    return {
      command: python.executable,
      args,
      runtimeApi: 'pipe',
      environment,
      debugger: {
        firstPort: debugPort,
        args: () => args,
        // bootstrap.py calls debugpy.listen() on it before the handler loads.
        environment: (address, port) => ({ GRAVITON_LOCAL_DEBUGPY: `${address}:${port}` }),
        describe: (address, port) => `debugger: debugpy on ${address}:${port} (attach with a debugpy client, e.g. VS Code's Python remote attach)`,
      },
    };
  },
};

/**
 * boto3 on the function's path after its own code (bootstrap.py puts LAMBDA_TASK_ROOT first) and
 * its PYTHONPATH, before this machine's site-packages: a function that packages its own boto3
 * gets that one, as on Lambda. Without it (no pip, no network): a warning, and the function runs.
 */
async function sdkEnvironment(target: RuntimeTarget, host: RuntimeHost, python: string): Promise<Record<string, string> | undefined> {
  const sdk = await host.once(`boto3:${python}`, () => resolvePythonSdk(python, host.log));
  if ('problem' in sdk) {
    host.warnOnce('boto3', `warning: Python functions have no boto3 (Lambda's Python runtimes include it): ${sdk.problem}`);
    return undefined;
  }
  return { PYTHONPATH: [target.environment?.PYTHONPATH, sdk.dir].filter((entry) => entry).join(path.delimiter) };
}

/** Undefined when `python` imports debugpy (with `pythonPath` as PYTHONPATH), else why not. */
function probeDebugpy(python: string, pythonPath: string | undefined): Promise<string | undefined> {
  const env = { ...process.env };
  if (pythonPath !== undefined) env.PYTHONPATH = pythonPath;
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import debugpy'], { env }, (error, _stdout, stderr) => {
      if (!error) resolve(undefined);
      else resolve(stderr.trim().split('\n').pop() || error.message);
    });
  });
}

/** The python3 on PATH, or why there is none. */
function probePython(): Promise<Interpreter | string> {
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
