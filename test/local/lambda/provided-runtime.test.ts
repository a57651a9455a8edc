import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployEnvironment, deployFunction, invokeJson, newService, tempFolder } from './lambda-test-support';
import { GO_BUILD_TIMEOUT_MS, goDeployEnvironment, goFunction, goHandlers } from './runtime-families';
import { DeployEnvironment } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';

/** What only custom runtimes (provided.*) do: the bootstrap file, its architecture, qemu-user. */

/** The first qemu-user for aarch64 on PATH, as the runtime looks for it. */
function qemuOnPath(): string | undefined {
  for (const name of ['qemu-aarch64-static', 'qemu-aarch64']) {
    for (const folder of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(folder, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

const QEMU = qemuOnPath();
// In CI qemu is installed (.ci/run): there its absence fails the test instead of skipping it.
const withQemu = QEMU || process.env.CI ? test : test.skip;
if (!QEMU && !process.env.CI) {
  console.log('skipped: the arm64 bootstrap through qemu-user needs qemu-aarch64-static or qemu-aarch64 on PATH (apt-get install qemu-user-static)');
}

describe('custom runtime (provided.al2023)', () => {
  let service: LambdaService;
  let lines: string[];
  let environment: DeployEnvironment;

  beforeAll(() => {
    ({ service, lines } = newService());
    environment = goDeployEnvironment('amd64', 'arm64');
  }, 2 * GO_BUILD_TIMEOUT_MS);
  afterAll(async () => {
    await service.stop();
  });

  withQemu('an arm64 (aarch64) Go bootstrap on this x86_64 machine runs through qemu-user', async () => {
    expect(QEMU).toBeDefined();
    const { ref } = await deployFunction(service, 'Graviton', goFunction('counter', {}, 'arm64'), environment);

    const first = await invokeJson(service, ref);
    const second = await invokeJson(service, ref);
    const greeting = await deployFunction(service, 'GravitonHello', goFunction('greeting', {}, 'arm64'), environment);

    expect(service.getFunction(ref)!.launch).toMatchObject({ command: QEMU, args: [path.join(goHandlers('arm64'), 'bootstrap')], runtimeApi: 'http' });
    expect(first).toEqual({ functionError: undefined, body: { count: 1, pid: expect.any(Number) } });
    expect(second.body).toEqual({ count: 2, pid: first.body.pid });
    expect(await invokeJson(service, greeting.ref, { name: 'arm64' })).toEqual({ functionError: undefined, body: { statusCode: 200, body: '"Hello arm64"' } });
    expect(lines.filter((line) => line.includes('warning'))).toEqual([]);
  }, 30_000);

  test('a bootstrap of another architecture than Architectures says is a deploy warning, and runs', async () => {
    const { ref } = await deployFunction(service, 'Mismatch', goFunction('greeting', { Architectures: ['arm64'] }, 'amd64'), environment);

    expect(lines).toContainEqual(`[${ref}] warning: Mismatch has Architectures ["arm64"] but its bootstrap is an x86_64 binary: `
      + 'on AWS it fails to start (Runtime.InvalidEntrypoint); it runs here as x86_64');
    expect((await invokeJson(service, ref, { name: 'x' })).body).toEqual({ statusCode: 200, body: '"Hello x"' });
  });

  test('a bootstrap script runs on this machine as it is', async () => {
    const code = tempFolder();
    try {
      fs.writeFileSync(path.join(code.dir, 'bootstrap'), `#!/bin/sh\nexec ${path.join(goHandlers('amd64'), 'bootstrap')}\n`, { mode: 0o755 });
      const { ref } = await deployFunction(service, 'Script', goFunction('greeting', { Code: { S3Bucket: 'assets', S3Key: 'script' } }),
        deployEnvironment({ script: code.dir }));

      expect(service.getFunction(ref)!.launch).toEqual({ command: path.join(code.dir, 'bootstrap'), args: [], runtimeApi: 'http' });
      expect((await invokeJson(service, ref, { name: 'sh' })).body).toEqual({ statusCode: 200, body: '"Hello sh"' });
    } finally {
      code.remove();
    }
  });

  test('code without a bootstrap, or with one that is not executable, fails the deploy saying what Lambda runs', async () => {
    const code = tempFolder();
    try {
      const where = deployEnvironment({ code: code.dir });
      const properties = goFunction('greeting', { Code: { S3Bucket: 'assets', S3Key: 'code' } });
      fs.writeFileSync(path.join(code.dir, 'main'), 'not the bootstrap');

      await expect(deployFunction(service, 'NoBootstrap', properties, where)).rejects.toThrow(
        `NoBootstrap: runtime provided.al2023 runs the executable file bootstrap at the root of the function's code, and ${code.dir} has none `
        + '(Go: CGO_ENABLED=0 GOOS=linux GOARCH=arm64 go build -tags lambda.norpc -o bootstrap)');

      fs.copyFileSync(path.join(goHandlers('amd64'), 'bootstrap'), path.join(code.dir, 'bootstrap'));
      fs.chmodSync(path.join(code.dir, 'bootstrap'), 0o644);
      await expect(deployFunction(service, 'NotExecutable', properties, where)).rejects.toThrow(
        `NotExecutable: runtime provided.al2023 runs the executable file bootstrap at the root of the function's code; ${code.dir}/bootstrap `
        + 'is not executable (mode 644): chmod +x it before packaging, as Lambda needs it too');

      fs.writeFileSync(path.join(code.dir, 'bootstrap'), 'echo no interpreter line');
      fs.chmodSync(path.join(code.dir, 'bootstrap'), 0o755);
      await expect(deployFunction(service, 'NotABinary', properties, where)).rejects.toThrow(
        `NotABinary: ${code.dir}/bootstrap is neither an ELF executable nor a script starting with #!; `
        + 'runtime provided.al2023 needs a Linux x86_64 or arm64 binary, or a script, named bootstrap');
    } finally {
      code.remove();
    }
  });

  test('provided.al2 runs the same way', async () => {
    const { ref } = await deployFunction(service, 'Al2', goFunction('greeting', { Runtime: 'provided.al2' }), environment);

    expect((await invokeJson(service, ref, { name: 'al2' })).body).toEqual({ statusCode: 200, body: '"Hello al2"' });
  });
});

describe('custom runtime without qemu-user', () => {
  let service: LambdaService;
  let lines: string[];
  let environment: DeployEnvironment;
  const originalPath = process.env.PATH;
  const emptyBin = tempFolder();

  beforeAll(() => {
    ({ service, lines } = newService());
    environment = goDeployEnvironment('arm64');
  }, GO_BUILD_TIMEOUT_MS);
  afterAll(async () => {
    process.env.PATH = originalPath;
    emptyBin.remove();
    await service.stop();
  });

  test('an arm64 bootstrap deploys with one line saying what to install; each invocation is a function error with that reason in its log', async () => {
    // A PATH with no qemu on it (and nothing else: the deploy needs nothing from PATH).
    process.env.PATH = emptyBin.dir;
    let first: string;
    let second: string;
    try {
      ({ ref: first } = await deployFunction(service, 'Arm', goFunction('greeting', {}, 'arm64'), environment));
      ({ ref: second } = await deployFunction(service, 'ArmToo', goFunction('counter', {}, 'arm64'), environment));
    } finally {
      process.env.PATH = originalPath;
    }
    const reason = 'bootstrap is an arm64 (aarch64) binary and this x86_64 machine has no qemu-aarch64-static or qemu-aarch64 on PATH to run it: '
      + 'install qemu-user (apt-get install qemu-user-static), or build the bootstrap for x86_64 for local runs';

    const failed = await service.invoke(first, Buffer.from('{"name":"x"}'), { logType: 'Tail' });
    const again = await invokeJson(service, second);

    expect(lines.filter((line) => line.includes('warning'))).toEqual([
      `warning: ${first} (and any other arm64 bootstrap) cannot run here: ${reason}; its invocations fail with Runtime.InvalidEntrypoint`,
    ]);
    expect(failed.functionError).toBe('Unhandled');
    expect(JSON.parse(failed.payload.toString())).toEqual({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: `${first}: ${reason}` });
    expect(Buffer.from(failed.logResult!, 'base64').toString()).toContain(`${first}: ${reason}`);
    expect(again).toEqual({ functionError: 'Unhandled', body: { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `${second}: ${reason}` } });
  });
});
