import * as fs from 'node:fs';

/** The two architectures Lambda runs, as templates name them. */
export type LambdaArchitecture = 'x86_64' | 'arm64';

/** What an executable file is, as far as running it on this machine goes. */
export type ExecutableKind =
  /** An ELF binary; `architecture` is absent for machines Lambda does not run (`machine` says which). */
  | { readonly kind: 'elf'; readonly machine: number; readonly architecture?: LambdaArchitecture }
  /** A `#!` script: its interpreter is this machine's, so it runs natively. */
  | { readonly kind: 'script' }
  | { readonly kind: 'other' };

// e_machine values of the ELF specification (elf.h: EM_X86_64, EM_AARCH64).
const MACHINES: Readonly<Record<number, LambdaArchitecture>> = { 0x3e: 'x86_64', 0xb7: 'arm64' };

/** Reads the first bytes of `file`: an ELF header's machine, a script's `#!`, or neither. */
export function executableKind(file: string): ExecutableKind {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  let length: number;
  try {
    length = fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (length >= 2 && header[0] === 0x23 && header[1] === 0x21) return { kind: 'script' };
  if (length < 20 || header.readUInt32BE(0) !== 0x7f454c46) return { kind: 'other' };
  // e_machine is at offset 18, in the byte order EI_DATA (offset 5) names: 1 little-endian, 2 big-endian.
  const machine = header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
  return { kind: 'elf', machine, architecture: MACHINES[machine] };
}

/** This machine's architecture in Lambda's words; undefined on one Lambda does not run. */
export function hostArchitecture(arch: string = process.arch): LambdaArchitecture | undefined {
  if (arch === 'x64') return 'x86_64';
  if (arch === 'arm64') return 'arm64';
  return undefined;
}

/** How messages name an architecture: Lambda's name and the ELF one where they differ. */
export function describeArchitecture(architecture: LambdaArchitecture): string {
  return architecture === 'arm64' ? 'arm64 (aarch64)' : 'x86_64';
}
