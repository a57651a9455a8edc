import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeArchitecture, executableKind, hostArchitecture } from './elf-architecture';
import { RuntimeHost, RuntimeTarget } from './local-runtime';

/** The most entries of a code folder looked at: an asset with node_modules can hold many more. */
export const NATIVE_SCAN_LIMIT = 5000;
/** The most files a warning names. */
const NAMED = 5;

/**
 * Warns once per code folder when it carries native extensions (`.so`, `.so.N`, `.node`) built
 * for another architecture than this machine's: the interpreter runs, but importing them fails
 * (a wheel or prebuilt addon for arm64 Lambda, installed on an x86_64 machine, or the reverse).
 */
export function warnOnForeignNativeExtensions(host: RuntimeHost, target: RuntimeTarget, hostArch = hostArchitecture()): void {
  if (!hostArch) return;
  const foreign = foreignNativeFiles(target.codeDir, hostArch);
  if (foreign.length === 0) return;
  const named = foreign.slice(0, NAMED).map(({ file }) => file).join(', ');
  const more = foreign.length > NAMED ? ` and ${foreign.length - NAMED} more` : '';
  const built = [...new Set(foreign.map(({ architecture }) => architecture))].join(', ');
  host.warnOnce(`native:${target.codeDir}`, `[${target.functionName}] warning: native extensions in the code are built for ${built} `
    + `and this machine is ${describeArchitecture(hostArch)}, so importing them fails locally: ${named}${more}; `
    + `install them for ${describeArchitecture(hostArch)} for local runs`);
}

/** Native files under `dir` (relative paths) built for another architecture, within NATIVE_SCAN_LIMIT entries. */
export function foreignNativeFiles(dir: string, hostArch: string, limit = NATIVE_SCAN_LIMIT): Array<{ file: string; architecture: string }> {
  const found: Array<{ file: string; architecture: string }> = [];
  const pending = [''];
  let seen = 0;
  while (pending.length > 0 && seen < limit) {
    const relative = pending.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > limit) break;
      const file = path.join(relative, entry.name);
      // Symbolic links are not followed: a link may point out of the code folder, or in a loop.
      if (entry.isDirectory()) {pending.push(file);} else if (entry.isFile() && /\.(so(\.\d+)*|node)$/.test(entry.name)) {
        const kind = safeKind(path.join(dir, file));
        if (kind?.kind === 'elf') {
          const architecture = kind.architecture ?? `ELF machine 0x${kind.machine.toString(16)}`;
          if (architecture !== hostArch) {
            found.push({ file, architecture: kind.architecture ? describeArchitecture(kind.architecture) : architecture });
          }
        }
      }
    }
  }
  return found;
}

function safeKind(file: string): ReturnType<typeof executableKind> | undefined {
  try {
    return executableKind(file);
  } catch {
    return undefined;
  }
}
