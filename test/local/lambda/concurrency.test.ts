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

  test('reserved concurrency 1 throttles the second concurrent invocation and lets the next one run', async () => {
    ({ service } = newService());
    const { ref } = await deployFunction(service, 'One', inlinePython('import time\ndef handler(e, c):\n    time.sleep(0.3)\n    return 1\n', { ReservedConcurrentExecutions: 1 }));

    const outcomes = await Promise.allSettled([invokeJson(service, ref), invokeJson(service, ref)]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      name: 'TooManyRequestsException', statusCode: 429, message: 'Rate Exceeded.', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
    expect((await invokeJson(service, ref)).body).toBe(1);
  });

  test('reserved concurrency is taken from the account\'s unreserved pool: other functions are throttled at what is left', async () => {
    // Lambda keeps at least 100 unreserved: 200 - 100 reserved leaves 100 for the others.
    ({ service } = newService({ concurrencyLimit: 200, workerLimit: 2 }));
    const { ref: reserved } = await deployFunction(service, 'Reserved', inlinePython('def handler(e, c):\n    return "reserved"\n', { ReservedConcurrentExecutions: 100 }));
    const { ref: other } = await deployFunction(service, 'Other', inlinePython('def handler(e, c):\n    return "other"\n'));

    // All are in progress at once (those waiting for a worker count too).
    const others = Array.from({ length: 101 }, () => invokeJson(service!, other));
    const outcomes = await Promise.allSettled([...others, invokeJson(service, reserved)]);

    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(outcomes[100].status).toBe('rejected');
    expect(rejected[0].reason).toMatchObject({ reason: 'ConcurrentInvocationLimitExceeded' });
    expect(outcomes[101]).toMatchObject({ status: 'fulfilled', value: { body: 'reserved' } });
  });

  test('a reservation that would leave the account fewer than 100 unreserved fails the deploy with Lambda\'s message', async () => {
    ({ service } = newService({ concurrencyLimit: 150 }));
    await deployFunction(service, 'First', inlinePython('def handler(e, c):\n    return 1\n', { ReservedConcurrentExecutions: 50 }));

    await expect(deployFunction(service, 'Second', inlinePython('def handler(e, c):\n    return 1\n', { ReservedConcurrentExecutions: 1 })))
      .rejects.toThrow('Second: Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [100]. '
        + '(Service: Lambda, Status Code: 400, Error Code: InvalidParameterValueException)');
  });

  test('a function with reserved concurrency 0 is always throttled', async () => {
    ({ service } = newService());
    const { ref } = await deployFunction(service, 'Off', inlinePython('def handler(e, c):\n    return 1\n', { ReservedConcurrentExecutions: 0 }));

    for (let i = 0; i < 3; i++) {
      await expect(service.invoke(ref, Buffer.from('{}'))).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      });
    }
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
