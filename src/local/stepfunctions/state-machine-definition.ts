/**
 * The part of the Amazon States Language the offline cloud runs: `Task` states whose `Resource`
 * is a Lambda function ARN, with `Retry` and `Catch`, and `Pass`, `Succeed` and `Fail`. That is
 * what integ-tests-alpha's `waitForAssertions` deploys (its waiter state machine); anything else
 * is refused at deploy time, naming the state and the field.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
 */

/** One retrier of a state's `Retry`. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error */
export interface Retrier {
  readonly errorEquals: readonly string[];
  /** Seconds before the first retry. @default 1 */
  readonly intervalSeconds: number;
  /** Retries at most (0 = none). @default 3 */
  readonly maxAttempts: number;
  /** The multiplier of the interval at each retry. @default 2 */
  readonly backoffRate: number;
  /** The longest wait between retries. @default - no limit */
  readonly maxDelaySeconds?: number;
}

/** One catcher of a state's `Catch`. */
export interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
}

interface StateBase {
  readonly name: string;
  /** The next state's name; undefined where the state ends the execution. */
  readonly next?: string;
}

export interface TaskState extends StateBase {
  readonly type: 'Task';
  /** The Lambda function ARN the task invokes. */
  readonly resource: string;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
}

export interface PassState extends StateBase {
  readonly type: 'Pass';
  readonly result?: unknown;
}

export interface SucceedState extends StateBase { readonly type: 'Succeed' }

export interface FailState extends StateBase {
  readonly type: 'Fail';
  readonly error?: string;
  readonly cause?: string;
}

export type State = TaskState | PassState | SucceedState | FailState;

export interface StateMachineDefinition {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, State>;
}

/** A definition the offline cloud cannot run or that Step Functions would refuse. */
export class DefinitionError extends Error {}

// Fields every state may have that change nothing in what the offline cloud runs.
const COMMENT_FIELDS = ['Type', 'Comment', 'Next', 'End'];
const FIELDS: Record<string, string[]> = {
  Task: [...COMMENT_FIELDS, 'Resource', 'Retry', 'Catch'],
  Pass: [...COMMENT_FIELDS, 'Result'],
  Succeed: ['Type', 'Comment'],
  Fail: ['Type', 'Comment', 'Error', 'Cause'],
};
const LAMBDA_ARN = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

/** Parses and checks a definition (`DefinitionString` text or `Definition` object). */
export function parseDefinition(source: unknown): StateMachineDefinition {
  let document: any = source;
  if (typeof source === 'string') {
    try {
      document = JSON.parse(source);
    } catch (error) {
      throw new DefinitionError(`the definition is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DefinitionError('the definition must be a JSON object with StartAt and States');
  }
  const unknownTop = Object.keys(document).filter((key) => !['StartAt', 'States', 'Comment', 'Version'].includes(key));
  if (unknownTop.length > 0) {
    throw new DefinitionError(`not supported: ${unknownTop.join(', ')} at the top of the definition; the offline cloud supports StartAt, States, Comment and Version`);
  }
  if (typeof document.StartAt !== 'string' || typeof document.States !== 'object' || document.States === null) {
    throw new DefinitionError('the definition needs StartAt (a state name) and States (an object of states)');
  }
  const states = new Map<string, State>();
  for (const [name, raw] of Object.entries<any>(document.States)) {
    states.set(name, parseState(name, raw));
  }
  const check = (target: string | undefined, where: string) => {
    if (target !== undefined && !states.has(target)) {
      throw new DefinitionError(`${where} names "${target}", which is not a state of the definition`);
    }
  };
  check(document.StartAt, 'StartAt');
  for (const state of states.values()) {
    check(state.next, `state "${state.name}" Next`);
    if (state.type === 'Task') state.catch.forEach((catcher, i) => check(catcher.next, `state "${state.name}" Catch[${i}].Next`));
  }
  return { startAt: document.StartAt, states };
}

function parseState(name: string, raw: any): State {
  const type = raw?.Type;
  const fields = FIELDS[type];
  if (!fields) {
    throw new DefinitionError(`not supported: state "${name}" of Type ${JSON.stringify(type)}; the offline cloud runs Task (Lambda functions), Pass, Succeed and Fail`);
  }
  const extra = Object.keys(raw).filter((key) => !fields.includes(key));
  if (extra.length > 0) {
    throw new DefinitionError(`not supported: ${extra.join(', ')} in ${type} state "${name}"; the offline cloud supports ${fields.join(', ')}`);
  }
  const terminal = type === 'Succeed' || type === 'Fail';
  if (!terminal && (raw.End === true) === (typeof raw.Next === 'string')) {
    throw new DefinitionError(`state "${name}" must have either "Next" or "End": true`);
  }
  const next = terminal ? undefined : raw.Next as string | undefined;
  switch (type) {
    case 'Task':
      if (typeof raw.Resource !== 'string' || !LAMBDA_ARN.test(raw.Resource)) {
        throw new DefinitionError(`not supported: Task state "${name}" Resource ${JSON.stringify(raw.Resource)}; the offline cloud runs Lambda function ARNs `
          + '(arn:aws:lambda:<region>:<account>:function:<name>)');
      }
      return {
        type,
        name,
        next,
        resource: raw.Resource,
        retry: list(raw.Retry, `state "${name}" Retry`).map((item, i) => parseRetrier(item, `state "${name}" Retry[${i}]`)),
        catch: list(raw.Catch, `state "${name}" Catch`).map((item, i) => parseCatcher(item, `state "${name}" Catch[${i}]`)),
      };
    case 'Pass':
      return { type, name, next, result: raw.Result };
    case 'Succeed':
      return { type, name };
    default:
      return { type: 'Fail', name, error: raw.Error, cause: raw.Cause };
  }
}

function list(value: unknown, where: string): any[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DefinitionError(`${where} must be an array`);
  return value;
}

function errorEquals(raw: any, where: string): string[] {
  if (!Array.isArray(raw?.ErrorEquals) || raw.ErrorEquals.length === 0 || raw.ErrorEquals.some((e: unknown) => typeof e !== 'string')) {
    throw new DefinitionError(`${where} needs ErrorEquals, a non-empty array of error names`);
  }
  return raw.ErrorEquals;
}

function parseRetrier(raw: any, where: string): Retrier {
  const extra = Object.keys(raw ?? {}).filter((key) => !['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'Comment'].includes(key));
  if (extra.length > 0) {
    throw new DefinitionError(`not supported: ${extra.join(', ')} in ${where}; the offline cloud supports ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate and MaxDelaySeconds`);
  }
  const retrier: Retrier = {
    errorEquals: errorEquals(raw, where),
    intervalSeconds: raw.IntervalSeconds ?? 1,
    maxAttempts: raw.MaxAttempts ?? 3,
    backoffRate: raw.BackoffRate ?? 2,
    maxDelaySeconds: raw.MaxDelaySeconds,
  };
  // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error
  if (!Number.isInteger(retrier.intervalSeconds) || retrier.intervalSeconds < 1) {
    throw new DefinitionError(`${where} IntervalSeconds ${raw.IntervalSeconds}: must be a whole number of 1 or more`);
  }
  if (!Number.isInteger(retrier.maxAttempts) || retrier.maxAttempts < 0) {
    throw new DefinitionError(`${where} MaxAttempts ${raw.MaxAttempts}: must be a whole number of 0 or more`);
  }
  if (typeof retrier.backoffRate !== 'number' || retrier.backoffRate < 1) {
    throw new DefinitionError(`${where} BackoffRate ${raw.BackoffRate}: must be a number of 1.0 or more`);
  }
  return retrier;
}

function parseCatcher(raw: any, where: string): Catcher {
  const extra = Object.keys(raw ?? {}).filter((key) => !['ErrorEquals', 'Next', 'Comment'].includes(key));
  if (extra.length > 0) {
    throw new DefinitionError(`not supported: ${extra.join(', ')} in ${where}; the offline cloud supports ErrorEquals and Next (the error output replaces the state's input, as ResultPath "$" does)`);
  }
  if (typeof raw.Next !== 'string') throw new DefinitionError(`${where} needs Next, the state to go to`);
  return { errorEquals: errorEquals(raw, where), next: raw.Next };
}

/**
 * Whether a retrier's or catcher's ErrorEquals matches an error name: the name itself, or
 * `States.ALL` (any error but `States.Runtime`), or `States.TaskFailed` (any error of a task but a timeout).
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-error-representation
 */
export function errorMatches(errorEqualsList: readonly string[], error: string): boolean {
  return errorEqualsList.some((name) => name === error
    || (name === 'States.ALL' && error !== 'States.Runtime')
    || (name === 'States.TaskFailed' && error !== 'States.Timeout' && error !== 'States.Runtime'));
}
