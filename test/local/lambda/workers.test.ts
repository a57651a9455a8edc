import { deployFunction, inlinePython, invokeJson, newService, processExists, tempFolder } from './lambda-test-support';
import { FAMILY_SETUP_TIMEOUT_MS, RUNTIME_FAMILIES } from './runtime-families';
import { LambdaService } from '../../../src/local/lambda';
import { RuntimeWorker } from '../../../src/local/lambda/runtime-worker';
import { RECLAIM_IDLE_MS } from '../../../src/local/lambda/worker-budget';
import { waitFor } from '../serve-process';

/**
 * The host's workers (the function processes that really run) apart from Lambda's concurrency:
 * invocations beyond the workers wait, init has its own limit, idle workers are stopped.
 */
describe('workers', () => {
  let service: LambdaService | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  const TIMES = inlinePython([
    'import os, time',
    'def handler(event, context):',
    '    started = time.time()',
    '    time.sleep(event.get("sleep", 0))',
    '    return {"pid": os.getpid(), "started": started, "ended": time.time()}',
  ].join('\n'));

  test('with one worker, two slow invocations at once both succeed, the second after the first, in the same process', async () => {
    ({ service } = newService({ workerLimit: 1 }));
    const { ref } = await deployFunction(service, 'Slow', TIMES);

    const [first, second] = await Promise.all([invokeJson(service, ref, { sleep: 0.3 }), invokeJson(service, ref, { sleep: 0.3 })]);
    const [earlier, later] = [first.body, second.body].sort((a, b) => a.started - b.started);

    expect([first.functionError, second.functionError]).toEqual([undefined, undefined]);
    expect(later.pid).toBe(earlier.pid);
    expect(later.started).toBeGreaterThanOrEqual(earlier.ended);
  });

  test('invocations beyond the workers wait in a queue instead of starting a process each: 40 at once on 3 workers, 3 processes', async () => {
    ({ service } = newService({ workerLimit: 3 }));
    const { ref } = await deployFunction(service, 'Queued', TIMES);

    const results = await Promise.all(Array.from({ length: 40 }, () => invokeJson(service!, ref, { sleep: 0.01 })));

    expect(results.filter((result) => result.functionError === undefined)).toHaveLength(40);
    expect(new Set(results.map((result) => result.body.pid)).size).toBeLessThanOrEqual(3);
  });

  test('a function with no worker starts one even when the others hold every worker, so it never waits for them', async () => {
    ({ service } = newService({ workerLimit: 1 }));
    const slow = await deployFunction(service, 'Holder', TIMES);
    const quick = await deployFunction(service, 'Other', TIMES);

    const holding = invokeJson(service, slow.ref, { sleep: 1 });
    const other = await invokeJson(service, quick.ref);
    const held = await holding;

    expect(other.functionError).toBeUndefined();
    expect(held.functionError).toBeUndefined();
    expect(other.body.ended).toBeLessThan(held.body.ended);
  });

  test('at the worker limit, a new worker first stops the one idle the longest, whatever its function', async () => {
    ({ service } = newService({ workerLimit: 2 }));
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((id) => deployFunction(service!, id, TIMES)));

    const pidA = (await invokeJson(service, a.ref)).body.pid;
    const pidB = (await invokeJson(service, b.ref)).body.pid;
    const pidC = (await invokeJson(service, c.ref)).body.pid;

    expect(processExists(pidA)).toBe(false);
    expect(processExists(pidC)).toBe(true);
    expect((await invokeJson(service, b.ref)).body.pid).toBe(pidB);
  });

  test('two busy functions share the workers instead of trading places on every invocation: 4 clients each on 4 workers', async () => {
    ({ service } = newService({ workerLimit: 4 }));
    const [a, b] = await Promise.all(['SteadyA', 'SteadyB'].map((id) => deployFunction(service!, id, TIMES)));
    const pids = new Map<string, Set<number>>([[a.ref, new Set()], [b.ref, new Set()]]);
    const client = async (ref: string) => {
      for (let n = 0; n < 50; n++) {
        pids.get(ref)!.add((await invokeJson(service!, ref, { sleep: 0.005 })).body.pid);
        // A client's round trip: the worker is idle a moment before the next invocation.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };

    await Promise.all([a.ref, b.ref].flatMap((ref) => Array.from({ length: 4 }, () => client(ref))));

    // Trading places would start a process for many of the 400 invocations; sharing
    // starts the 4 workers and a few more while the shares even out.
    expect(pids.get(a.ref)!.size + pids.get(b.ref)!.size).toBeLessThanOrEqual(8);
  });

  test('an idle worker of a function with as many workers as the asker keeps its place for a while, then gives it up', async () => {
    ({ service } = newService({ workerLimit: 2 }));
    const [a, b] = await Promise.all(['Keeper', 'Asker'].map((id) => deployFunction(service!, id, TIMES)));
    const pidA = (await invokeJson(service, a.ref)).body.pid;
    const slow = invokeJson(service, b.ref, { sleep: 1.5 });

    // B holds one worker, busy; A's one is idle: B's second invocation waits for its own worker.
    const waited = await invokeJson(service, b.ref);
    expect(processExists(pidA)).toBe(true);
    expect(waited.body.started).toBeGreaterThanOrEqual((await slow).body.ended);

    // Idle past RECLAIM_IDLE_MS, A's worker goes to B's next invocation that finds none free.
    await new Promise((resolve) => setTimeout(resolve, RECLAIM_IDLE_MS));
    const busy = invokeJson(service, b.ref, { sleep: 0.5 });
    const second = await invokeJson(service, b.ref);
    await busy;
    expect(processExists(pidA)).toBe(false);
    expect(second.body.pid).not.toBe(pidA);
  });

  test('workers idle past the idle timeout are stopped, but for the function\'s last one', async () => {
    ({ service } = newService({ workerLimit: 4, idleWorkerTimeoutMs: 200 }));
    const { ref } = await deployFunction(service, 'Burst', TIMES);

    const results = await Promise.all(Array.from({ length: 4 }, () => invokeJson(service!, ref, { sleep: 0.3 })));
    const pids = [...new Set(results.map((result) => result.body.pid as number))];
    await waitFor(() => pids.filter(processExists).length === 1, 'the idle workers but one to stop');
    const survivor = pids.find(processExists);

    expect(pids).toHaveLength(4);
    expect((await invokeJson(service, ref)).body.pid).toBe(survivor);
  });

  test('init has its own limit: a 1 s function timeout after a 2 s init answers, and REPORT gives the init duration', async () => {
    const { service: slowInit, lines } = newService();
    service = slowInit;
    const { ref } = await deployFunction(slowInit, 'SlowInit', inlinePython([
      'import time',
      'time.sleep(2)',
      'def handler(event, context):',
      '    return "ready"',
    ].join('\n'), { Timeout: 1 }));

    const result = await slowInit.invoke(ref, Buffer.from('{}'));
    const report = lines.find((line) => line.startsWith(`[${ref}] REPORT RequestId: ${result.requestId}`));

    expect(result.functionError).toBeUndefined();
    expect(result.payload.toString()).toBe('"ready"');
    expect(Number(/Init Duration: ([\d.]+) ms/.exec(report ?? '')?.[1])).toBeGreaterThanOrEqual(2000);
    expect(Number(/\tDuration: ([\d.]+) ms/.exec(report ?? '')?.[1])).toBeLessThan(1000);
  });

  test('an init past 10 s is retried within the invocation, bounded by the function timeout, as Lambda does', async () => {
    const { service: slowInit, lines } = newService();
    service = slowInit;
    const marks = tempFolder();
    try {
      // Slow only the first time: the retried init is quick and the invocation answers.
      const onceSlow = inlinePython([
        'import os, time',
        'mark = os.path.join(os.environ["MARKS"], os.environ["AWS_LAMBDA_FUNCTION_NAME"])',
        'if not os.path.exists(mark):',
        '    open(mark, "w").close()',
        '    time.sleep(11)',
        'def handler(event, context):',
        '    return "retried"',
      ].join('\n'), { Timeout: 1, Environment: { Variables: { MARKS: marks.dir } } });
      const alwaysSlow = inlinePython('import time\ntime.sleep(11)\ndef handler(event, context):\n    return "never"\n', { Timeout: 1 });
      const [once, always] = await Promise.all([deployFunction(slowInit, 'OnceSlow', onceSlow), deployFunction(slowInit, 'AlwaysSlow', alwaysSlow)]);

      const [retried, failed] = await Promise.all([once.ref, always.ref].map((ref) => slowInit.invoke(ref, Buffer.from('{}'))));
      const failure = JSON.parse(failed.payload.toString());

      expect(retried.functionError).toBeUndefined();
      expect(retried.payload.toString()).toBe('"retried"');
      expect(lines.some((line) => line.startsWith(`[${once.ref}] INIT_REPORT Init Duration: `) && line.endsWith('Phase: init\tStatus: timeout'))).toBe(true);
      expect(failed.functionError).toBe('Unhandled');
      expect(failure.errorType).toBe('Sandbox.Timedout');
      expect(failure.errorMessage).toMatch(/Task timed out after 1.00 seconds$/);
      expect(lines.some((line) => line.startsWith(`[${always.ref}] INIT_REPORT`) && line.endsWith('Phase: invoke\tStatus: timeout'))).toBe(true);
    } finally {
      marks.remove();
    }
  }, 30_000);

  test('REPORT gives the worker\'s real peak memory', async () => {
    const { service: memory, lines } = newService();
    service = memory;
    const { ref } = await deployFunction(memory, 'Hungry', inlinePython([
      'def handler(event, context):',
      '    block = bytearray(80 * 1024 * 1024)',
      '    return len(block)',
    ].join('\n'), { MemorySize: 512 }));

    const result = await memory.invoke(ref, Buffer.from('{}'));
    const report = lines.find((line) => line.startsWith(`[${ref}] REPORT RequestId: ${result.requestId}`)) ?? '';

    expect(report).toContain('Memory Size: 512 MB');
    expect(Number(/Max Memory Used: (\d+) MB/.exec(report)?.[1])).toBeGreaterThanOrEqual(80);
  });

  test.each(RUNTIME_FAMILIES)('the $family runtime client also speaks the HTTP Runtime API, which custom runtimes use', async ({ inline, handlers, deployEnvironment }) => {
    const { service: http } = newService();
    service = http;
    const { ref } = await deployFunction(http, 'OverHttp', inline(handlers.runtimeApi), await deployEnvironment());
    const config = http.getFunction(ref)!;
    const lines: string[] = [];
    const worker = await RuntimeWorker.start({ ...config, launch: { ...config.launch, runtimeApi: 'http' } }, { log: (line) => lines.push(line) }, 'init', () => {});
    try {
      const result = await worker.invoke({ requestId: 'req-1', event: Buffer.from('{}'), invokedFunctionArn: config.arn, traceId: 'Root=1-00000000-000000000000000000000000' });

      expect(result.functionError).toBe(false);
      expect(JSON.parse(result.payload.toString())).toEqual({ api: expect.stringMatching(/^127\.0\.0\.1:\d+$/), id: 'req-1' });
      expect(lines.some((line) => line.includes('REPORT RequestId: req-1') && line.includes('Max Memory Used'))).toBe(true);
    } finally {
      await worker.stop();
    }
  }, FAMILY_SETUP_TIMEOUT_MS);
});
