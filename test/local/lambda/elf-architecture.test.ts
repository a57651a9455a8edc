import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployEnvironment, deployFunction, newService, tempFolder } from './lambda-test-support';
import { GO_BUILD_TIMEOUT_MS, goHandlers } from './runtime-families';
import { executableKind, hostArchitecture } from '../../../src/local/lambda/runtimes/elf-architecture';
import { foreignNativeFiles } from '../../../src/local/lambda/runtimes/native-extensions';

/** The ELF header reader on real binaries, and the native extensions warning it serves. */
let arm64Binary: string;
let x86Binary: string;
beforeAll(() => {
  arm64Binary = path.join(goHandlers('arm64'), 'bootstrap');
  x86Binary = path.join(goHandlers('amd64'), 'bootstrap');
}, 2 * GO_BUILD_TIMEOUT_MS);

describe('executableKind', () => {
  test('reads the machine of real ELF binaries: Go for arm64 and amd64, and the running Node.js', () => {
    expect(executableKind(arm64Binary)).toEqual({ kind: 'elf', machine: 0xb7, architecture: 'arm64' });
    expect(executableKind(x86Binary)).toEqual({ kind: 'elf', machine: 0x3e, architecture: 'x86_64' });
    expect(executableKind(process.execPath)).toMatchObject({ kind: 'elf', architecture: hostArchitecture() });
  });

  test('a #! script is a script; other files are neither; a big-endian header is read in its byte order', () => {
    const dir = tempFolder();
    try {
      fs.writeFileSync(path.join(dir.dir, 'script'), '#!/bin/sh\necho hi\n');
      fs.writeFileSync(path.join(dir.dir, 'text'), 'just some text that is long enough');
      fs.writeFileSync(path.join(dir.dir, 'short'), '\x7fELF');
      // An ELF header whose EI_DATA says big-endian (2), for machine 0x0016 (s390).
      const header = Buffer.alloc(64);
      header.write('\x7fELF', 0, 'latin1');
      header[4] = 2;
      header[5] = 2;
      header.writeUInt16BE(0x16, 18);
      fs.writeFileSync(path.join(dir.dir, 'bigendian'), header);

      expect(executableKind(path.join(dir.dir, 'script'))).toEqual({ kind: 'script' });
      expect(executableKind(path.join(dir.dir, 'text'))).toEqual({ kind: 'other' });
      expect(executableKind(path.join(dir.dir, 'short'))).toEqual({ kind: 'other' });
      expect(executableKind(path.join(dir.dir, 'bigendian'))).toEqual({ kind: 'elf', machine: 0x16, architecture: undefined });
    } finally {
      dir.remove();
    }
  });

  test('hostArchitecture names Node.js architectures as Lambda does', () => {
    expect(hostArchitecture('x64')).toBe('x86_64');
    expect(hostArchitecture('arm64')).toBe('arm64');
    expect(hostArchitecture('ia32')).toBeUndefined();
  });
});

describe('native extensions built for another architecture', () => {
  // Real aarch64 and x86_64 ELF files stand in for a wheel's .so and an addon's .node.
  function codeWithExtensions(dir: string): void {
    fs.mkdirSync(path.join(dir, 'pkg', 'sub'), { recursive: true });
    fs.copyFileSync(arm64Binary, path.join(dir, 'pkg', '_speedups.cpython-312-aarch64-linux-gnu.so'));
    fs.copyFileSync(arm64Binary, path.join(dir, 'pkg', 'sub', 'libcrypto.so.3'));
    fs.copyFileSync(x86Binary, path.join(dir, 'pkg', 'native_x86.node'));
    fs.writeFileSync(path.join(dir, 'pkg', 'notes.so'), 'not an ELF file');
  }

  test.each([
    ['Python', 'python3.12', 'index.py', 'def handler(e, c):\n    return 1\n'],
    ['Node.js', 'nodejs20.x', 'index.js', 'exports.handler = async () => 1;'],
  ])('a %s function whose code carries arm64 extensions on this x86_64 machine deploys with a warning naming them', async (_family, runtime, file, source) => {
    const { service, lines } = newService();
    const code = tempFolder();
    try {
      fs.writeFileSync(path.join(code.dir, file), source);
      codeWithExtensions(code.dir);

      const { ref } = await deployFunction(service, 'Native', {
        Runtime: runtime,
        Handler: 'index.handler',
        Role: 'arn:aws:iam::123456789012:role/fn',
        Architectures: ['arm64'],
        Code: { S3Bucket: 'assets', S3Key: 'code' },
      }, deployEnvironment({ code: code.dir }));

      expect(lines.filter((line) => line.includes('native extensions'))).toEqual([
        `[${ref}] warning: native extensions in the code are built for arm64 (aarch64) and this machine is x86_64, so importing them fails locally: `
        + 'pkg/_speedups.cpython-312-aarch64-linux-gnu.so, pkg/sub/libcrypto.so.3; install them for x86_64 for local runs',
      ]);
    } finally {
      code.remove();
      await service.stop();
    }
  });

  test('the scan is bounded: entries past the limit are not looked at', () => {
    const code = tempFolder();
    try {
      codeWithExtensions(code.dir);

      expect(foreignNativeFiles(code.dir, 'x86_64').map(({ file }) => file).sort())
        .toEqual(['pkg/_speedups.cpython-312-aarch64-linux-gnu.so', 'pkg/sub/libcrypto.so.3']);
      // The root holds pkg, pkg holds four entries: a limit of 3 stops before pkg/sub is read.
      expect(foreignNativeFiles(code.dir, 'x86_64', 3).length).toBeLessThan(2);
      expect(foreignNativeFiles(code.dir, 'arm64').map(({ file }) => file)).toEqual(['pkg/native_x86.node']);
    } finally {
      code.remove();
    }
  });
});
