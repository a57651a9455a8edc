import { deployFunction, inlinePython, invokeJson, newService } from './lambda-test-support';
import { LambdaService, TooManyRequestsException } from '../../../src/local/lambda';
import { waitFor } from '../serve-process';

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

  test('parallel invokes within the workers run in one process each, at the same time, and the processes are reused afterwards', async () => {
    ({ service } = newService({ workerLimit: 4 }));
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

  test('invocations waiting for a worker count toward the concurrency: with 1 worker and a concurrency of 2, the third of three is throttled', async () => {
    ({ service } = newService({ concurrencyLimit: 2, workerLimit: 1 }));
    const { ref } = await deployFunction(service, 'Slow', SLOW_HANDLER);

    const outcomes = await Promise.allSettled([invokeJson(service, ref), invokeJson(service, ref), invokeJson(service, ref)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(TooManyRequestsException);
  });

  test('reserved concurrency throttles a function at its number, queued invocations included', async () => {
    ({ service } = newService({ workerLimit: 1 }));
    const { ref } = await deployFunction(service, 'Reserved', inlinePython('import time\ndef handler(e, c):\n    time.sleep(0.2)\n    return 1\n', { ReservedConcurrentExecutions: 2 }));

    const outcomes = await Promise.allSettled([invokeJson(service, ref), invokeJson(service, ref), invokeJson(service, ref)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
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
    await waitFor(() => lines.includes(`[${ref}] ran with 7`), 'the background invocation\'s log line');
  });
});
