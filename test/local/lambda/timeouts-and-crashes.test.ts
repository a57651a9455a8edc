import { deployFunction, inlinePython, invokeJson, newService, processExists } from './lambda-test-support';
import { FAMILY_SETUP_TIMEOUT_MS, RUNTIME_FAMILIES } from './runtime-families';
import { DeployEnvironment } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';

describe.each(RUNTIME_FAMILIES)('timeouts and crashes, $family', ({ inline, handlers, deployEnvironment }) => {
  let service: LambdaService;
  let lines: string[];
  let environment: DeployEnvironment;

  beforeAll(async () => {
    ({ service, lines } = newService());
    environment = await deployEnvironment();
  }, FAMILY_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await service.stop();
  });

  test('a handler running past its timeout is killed and answers Sandbox.Timedout; the next invoke gets a new process', async () => {
    const { ref } = await deployFunction(service, 'Sleeper', inline(handlers.sleeper, { Timeout: 1 }), environment);
    const { body: before } = await invokeJson(service, ref);

    const started = Date.now();
    const timedOut = await service.invoke(ref, Buffer.from('{"sleep": 5}'), { logType: 'Tail' });
    const elapsed = Date.now() - started;
    const document = JSON.parse(timedOut.payload.toString());
    const after = await invokeJson(service, ref);

    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(2500);
    expect(timedOut.statusCode).toBe(200);
    expect(timedOut.functionError).toBe('Unhandled');
    expect(document.errorType).toBe('Sandbox.Timedout');
    expect(document.errorMessage).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z ${timedOut.requestId} Task timed out after 1.00 seconds$`));
    expect(Buffer.from(timedOut.logResult!, 'base64').toString()).toContain('Task timed out after 1.00 seconds');
    expect(lines.some((line) => line === `[${ref}] ${document.errorMessage}`)).toBe(true);
    expect(after).toEqual({ functionError: undefined, body: { pid: expect.any(Number) } });
    expect(after.body.pid).not.toBe(before.pid);
    expect(processExists(before.pid)).toBe(false);
  });

  test('a process that exits mid-invoke is a Runtime.ExitError; the next invoke works', async () => {
    const { ref } = await deployFunction(service, 'Exits', inline(handlers.exits), environment);

    const crashed = await service.invoke(ref, Buffer.from('{"exit": true}'));

    expect(crashed.functionError).toBe('Unhandled');
    expect(JSON.parse(crashed.payload.toString())).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${crashed.requestId} Error: Runtime exited with error: exit status 1`,
    });
    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: 'alive' });
  });
});

describe('init errors, Python', () => {
  let service: LambdaService;
  let lines: string[];

  beforeAll(() => {
    ({ service, lines } = newService());
  });
  afterAll(async () => {
    await service.stop();
  });

  test('an init error fails every invoke with the init error document, each time from a new process', async () => {
    const { ref } = await deployFunction(service, 'InitFails', inlinePython([
      'import os',
      'print("init in", os.getpid())',
      'raise RuntimeError("no config")',
      'def handler(e, c):',
      '    return 1',
    ].join('\n')));

    const first = await invokeJson(service, ref);
    const second = await invokeJson(service, ref);
    const initLines = new Set(lines.filter((line) => line.startsWith(`[${ref}] init in `)));

    expect(first).toEqual({ functionError: 'Unhandled', body: expect.objectContaining({ errorType: 'RuntimeError', errorMessage: 'no config' }) });
    expect(second.body).toMatchObject({ errorType: 'RuntimeError', errorMessage: 'no config' });
    expect(initLines.size).toBe(2);
  });
});
