import { Retrier, State, StateMachineDefinition, TaskState, errorMatches } from './state-machine-definition';

/** How an execution reaches Lambda: invoke a function synchronously with the state's input. */
export interface TaskInvoker {
  /**
   * Resolves with the function's answer, or with `functionError` set and the error document
   * (`{"errorType","errorMessage",...}`) as payload; throws a Lambda API error (with its `name`).
   */
  invoke(functionArn: string, payload: Buffer): Promise<{ payload: Buffer; functionError?: string }>;
}

/** An execution's end. https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html */
export interface ExecutionOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** A state's failure: the error name and cause Step Functions records. */
class StateError extends Error {
  constructor(readonly error: string, readonly cause: string) {
    super(`${error}: ${cause}`);
  }
}

/** What a running execution can be told: stop waiting and end (the cloud is stopping). */
export interface ExecutionControl {
  readonly aborted: boolean;
  /** Resolves after `ms`, or at once when aborted. */
  sleep(ms: number): Promise<void>;
}

/**
 * Runs one execution of a state machine, state by state, as Step Functions' Standard workflows
 * do: a Task invokes its Lambda function with the state's input and its answer is the state's
 * output; a failing Task is retried per its first matching retrier (`IntervalSeconds`, then
 * times `BackoffRate` at each retry, at most `MaxAttempts` retries), then caught by its first
 * matching catcher, whose `Next` state receives `{"Error","Cause"}`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export async function runExecution(
  definition: StateMachineDefinition, input: unknown, lambda: TaskInvoker, control: ExecutionControl,
): Promise<ExecutionOutcome> {
  let state: State | undefined = definition.states.get(definition.startAt);
  let data = input;
  while (state) {
    if (control.aborted) return { status: 'ABORTED' };
    if (state.type === 'Succeed') return { status: 'SUCCEEDED', output: JSON.stringify(data) };
    if (state.type === 'Fail') return { status: 'FAILED', error: state.error, cause: state.cause };
    if (state.type === 'Pass') {
      data = state.result === undefined ? data : state.result;
    } else {
      try {
        data = await runTask(state, data, lambda, control);
      } catch (error) {
        if (!(error instanceof StateError)) throw error;
        if (control.aborted) return { status: 'ABORTED' };
        const catcher = state.catch.find((candidate) => errorMatches(candidate.errorEquals, error.error));
        if (!catcher) return { status: 'FAILED', error: error.error, cause: error.cause };
        // With no ResultPath, the error output replaces the input of the catcher's Next state.
        data = { Error: error.error, Cause: error.cause };
        state = definition.states.get(catcher.next);
        continue;
      }
    }
    if (state.next === undefined) return { status: 'SUCCEEDED', output: JSON.stringify(data) };
    state = definition.states.get(state.next);
  }
  throw new Error('unreachable: the definition was checked at deploy time');
}

/** One Task: its attempts, the retries its retriers allow. */
async function runTask(state: TaskState, input: unknown, lambda: TaskInvoker, control: ExecutionControl): Promise<unknown> {
  // Each retrier counts its own retries.
  const retries = new Map<Retrier, number>();
  for (;;) {
    try {
      return await invokeOnce(state.resource, input, lambda);
    } catch (error) {
      if (!(error instanceof StateError)) throw error;
      const retrier = state.retry.find((candidate) => errorMatches(candidate.errorEquals, error.error));
      const done = retrier ? retries.get(retrier) ?? 0 : 0;
      if (!retrier || done >= retrier.maxAttempts || control.aborted) throw error;
      retries.set(retrier, done + 1);
      await control.sleep(retryDelaySeconds(retrier, done) * 1000);
      // Woken because the cloud stops: no further attempt.
      if (control.aborted) throw error;
    }
  }
}

/** The wait before retry number `done + 1`: `IntervalSeconds × BackoffRate^done`, capped by `MaxDelaySeconds`. */
export function retryDelaySeconds(retrier: Retrier, done: number): number {
  const delay = retrier.intervalSeconds * Math.pow(retrier.backoffRate, done);
  return retrier.maxDelaySeconds === undefined ? delay : Math.min(delay, retrier.maxDelaySeconds);
}

/**
 * Invokes the task's function. A function error is the state's error named after its
 * `errorType`, with the error document as the cause; a Lambda API error is `Lambda.<Exception>`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
async function invokeOnce(functionArn: string, input: unknown, lambda: TaskInvoker): Promise<unknown> {
  let result: { payload: Buffer; functionError?: string };
  try {
    result = await lambda.invoke(functionArn, Buffer.from(JSON.stringify(input ?? {})));
  } catch (error) {
    const name = (error as Error).name && (error as Error).name !== 'Error' ? (error as Error).name : 'ServiceException';
    throw new StateError(`Lambda.${name}`, (error as Error).message);
  }
  const text = result.payload.toString('utf-8');
  if (result.functionError) {
    let errorType = 'Lambda.Unknown';
    try {
      errorType = String(JSON.parse(text).errorType ?? errorType);
    } catch {
      // Not an error document: the name stays Lambda.Unknown.
    }
    throw new StateError(errorType, text);
  }
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new StateError('States.Runtime', `the function's answer is not JSON: ${text.slice(0, 200)}`);
  }
}
