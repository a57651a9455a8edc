import { deployFunction, inlinePython, invokeJson, newService, processExists } from './lambda-test-support';
import { LambdaService, TooManyRequestsException } from '../../../src/local/lambda';

const SLOW_HANDLER = inlinePython([
  'import os, time',
  'def handler(event, context):',
  '    time.sleep(0.3)',
  '    return os.getpid()',
].join('\n'));

describe('concurrency', () => {
  let service: LambdaService | undefined;

  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  test('parallel invokes run in one process each, at the same time, and the processes are reused afterwards', async () => {
    ({ service } = newService());
    const { ref } = await deployFunction(service, 'Slow', SLOW_HANDLER);
    const parallel = 4;

    const started = Date.now();
    const results = await Promise.all(Array.from({ length: parallel }, () => invokeJson(service!, ref)));
    const elapsed = Date.now() - started;
    const pids = new Set(results.map((result) => result.body));
    const again = await Promise.all(Array.from({ length: parallel }, () => invokeJson(service!, ref)));

    expect(pids.size).toBe(parallel);
    // Far less than 4 sleeps of 300 ms in a row.
    expect(elapsed).toBeLessThan(parallel * 300);
    expect(again.every((result) => pids.has(result.body))).toBe(true);
  });

  test('beyond the concurrency limit an invoke is rejected with TooManyRequestsException (429)', async () => {
    ({ service } = newService({ concurrencyLimit: 1 }));
    const { ref } = await deployFunction(service, 'Slow', SLOW_HANDLER);

    const outcomes = await Promise.allSettled([invokeJson(service, ref), invokeJson(service, ref)]);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(TooManyRequestsException);
    expect(rejected[0].reason).toMatchObject({ statusCode: 429, message: 'Rate Exceeded.', reason: 'ConcurrentInvocationLimitExceeded' });
  });

  test('the limit caps the processes of all functions together: a new one first stops the one idle the longest', async () => {
    ({ service } = newService({ concurrencyLimit: 2 }));
    const pidHandler = inlinePython('import os\ndef handler(event, context):\n    return os.getpid()\n');
    const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((id) => deployFunction(service!, id, pidHandler)));

    const pidA = (await invokeJson(service, a.ref)).body;
    const pidB = (await invokeJson(service, b.ref)).body;
    const pidC = (await invokeJson(service, c.ref)).body;

    expect(processExists(pidA)).toBe(false);
    expect(processExists(pidC)).toBe(true);
    expect((await invokeJson(service, b.ref)).body).toBe(pidB);
  });

  test('a function with reserved concurrency 0 is always throttled', async () => {
    ({ service } = newService());
    const { ref } = await deployFunction(service, 'Off', inlinePython('def handler(e, c):\n    return 1\n', { ReservedConcurrentExecutions: 0 }));

    await expect(service.invoke(ref, Buffer.from('{}'))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
  });

  test('an Event invoke answers 202 at once and runs in the background', async () => {
    const { service: events, lines } = newService();
    service = events;
    const { ref } = await deployFunction(events, 'Background', inlinePython('def handler(event, context):\n    print("ran with", event["n"])\n'));

    const result = await events.invoke(ref, Buffer.from('{"n": 7}'), { invocationType: 'Event' });

    expect(result.statusCode).toBe(202);
    expect(result.payload.length).toBe(0);
    await waitFor(() => lines.includes(`[${ref}] ran with 7`));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
