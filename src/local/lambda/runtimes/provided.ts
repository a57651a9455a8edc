import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeArchitecture, executableKind, hostArchitecture, LambdaArchitecture } from './elf-architecture';
import { LocalRuntime, RUNTIME_CLIENTS_DIR, RuntimeHost, RuntimeLaunch, RuntimeTarget } from './local-runtime';
import { DeployError } from '../../cloudformation/resource-provider';

/** The qemu-user emulators that run a binary of each architecture, in the order they are looked for. */
const EMULATORS: Readonly<Record<LambdaArchitecture, readonly string[]>> = {
  arm64: ['qemu-aarch64-static', 'qemu-aarch64'],
  x86_64: ['qemu-x86_64-static', 'qemu-x86_64'],
};

/**
 * OS-only runtimes (`provided.al2023`, `provided.al2`): the code's own `bootstrap` is the runtime
 * and speaks Lambda's HTTP Runtime API, as on AWS. A binary of the other architecture than this
 * machine's runs through qemu-user; without it the function deploys and each invocation fails
 * with the reason.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
 */
export const PROVIDED: LocalRuntime = {
  name: 'custom runtime',
  identifiers: 'provided.al2023, provided.al2',
  matches: (runtime) => runtime === 'provided.al2023' || runtime === 'provided.al2',
  async launch(target, host) {
    const bootstrap = checkedBootstrap(target);
    const kind = executableKind(bootstrap);
    if (kind.kind === 'script') return { command: bootstrap, args: [], runtimeApi: 'http' };
    if (kind.kind === 'other') {
      throw new DeployError(`${target.logicalId}: ${bootstrap} is neither an ELF executable nor a script starting with #!; `
        + `runtime ${target.runtime} needs a Linux x86_64 or arm64 binary, or a script, named bootstrap`);
    }
    if (!kind.architecture) {
      throw new DeployError(`${target.logicalId}: ${bootstrap} is an ELF binary for machine 0x${kind.machine.toString(16)}; `
        + 'Lambda runs x86_64 (0x3e) and arm64 (0xb7, aarch64) binaries');
    }
    if (kind.architecture !== target.architecture) {
      host.log(`[${target.functionName}] warning: ${target.logicalId} has Architectures ["${target.architecture}"] but its bootstrap is an `
        + `${describeArchitecture(kind.architecture)} binary: on AWS it fails to start (Runtime.InvalidEntrypoint); it runs here as ${kind.architecture}`);
    }
    const hostArch = hostArchitecture();
    if (kind.architecture === hostArch) return { command: bootstrap, args: [], runtimeApi: 'http' };
    return emulated(target, host, bootstrap, kind.architecture, hostArch);
  },
};

/** The code's `bootstrap`, which must be an executable file. */
function checkedBootstrap(target: RuntimeTarget): string {
  const bootstrap = path.join(target.codeDir, 'bootstrap');
  const expected = `runtime ${target.runtime} runs the executable file bootstrap at the root of the function's code`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(bootstrap);
  } catch {
    throw new DeployError(`${target.logicalId}: ${expected}, and ${target.codeDir} has none `
      + '(Go: CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o bootstrap)');
  }
  if (!stat.isFile()) throw new DeployError(`${target.logicalId}: ${expected}; ${bootstrap} is not a file`);
  try {
    fs.accessSync(bootstrap, fs.constants.X_OK);
  } catch {
    throw new DeployError(`${target.logicalId}: ${expected}; ${bootstrap} is not executable `
      + `(mode ${stat.mode.toString(8).slice(-3)}): chmod +x it before packaging, as Lambda needs it too`);
  }
  return bootstrap;
}

/** A bootstrap of another architecture: through qemu-user when it is on PATH, else a stand-in that fails each invocation. */
async function emulated(
  target: RuntimeTarget, host: RuntimeHost, bootstrap: string, architecture: LambdaArchitecture, hostArch: LambdaArchitecture | undefined,
): Promise<RuntimeLaunch> {
  const emulators = EMULATORS[architecture];
  const qemu = await host.once(`qemu:${architecture}`, async () => findOnPath(emulators));
  if (qemu) return { command: qemu, args: [bootstrap], runtimeApi: 'http' };
  const machine = hostArch ? describeArchitecture(hostArch) : process.arch;
  const reason = `bootstrap is an ${describeArchitecture(architecture)} binary and this ${machine} machine has no ${emulators.join(' or ')} on PATH to run it: `
    + `install qemu-user (apt-get install qemu-user-static), or build the bootstrap for ${machine} for local runs`;
  host.warnOnce(`qemu-missing:${architecture}`, `warning: ${target.functionName} (and any other ${architecture} bootstrap) cannot run here: ${reason}; `
    + 'its invocations fail with Runtime.InvalidEntrypoint');
  return { command: process.execPath, args: [path.join(RUNTIME_CLIENTS_DIR, 'cannot-run.js'), `${target.functionName}: ${reason}`], runtimeApi: 'http' };
}

/** The first of `names` that is an executable file in a folder of PATH. */
function findOnPath(names: readonly string[]): string | undefined {
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const folder of folders) {
      const candidate = path.join(folder, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
