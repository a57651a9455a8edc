import { randomUUID } from 'node:crypto';
import { DefinitionError, StateMachineDefinition, parseDefinition } from './state-machine-definition';
import { ExecutionControl, ExecutionOutcome, TaskInvoker, runExecution } from './state-machine-execution';
import { statesApiEndpoint, statesError } from './states-api';
import { randomSuffix } from '../cloudformation/physical-name';
import { DeployError, NotSupportedError, ProvisionRequest, ProvisionedResource, ResourceProvider } from '../cloudformation/resource-provider';
import { ServiceEndpoint } from '../service-endpoint';

export interface StepFunctionsServiceOptions {
  /** How Task states invoke their Lambda functions. */
  readonly lambda: TaskInvoker;
  /** IAM as Step Functions meets it: assuming the state machine's role, and what the role may invoke. */
  readonly iam: StatesIam;
  readonly log: (line: string) => void;
}

/** What Step Functions asks IAM. */
export interface StatesIam {
  /** Whether the role trusts `states.amazonaws.com`. */
  canAssume(roleArn: string): boolean;
  /** Whether the role may invoke the function (its own policies, or the function's resource policy). */
  mayInvoke(roleArn: string, functionArn: string): boolean;
}

/** A Lambda API error as Step Functions reports it (`Lambda.<name>`). */
class LambdaCallError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

interface StoredStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly definition: StateMachineDefinition;
}

interface Execution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  outcome?: ExecutionOutcome;
  stopDate?: number;
}

// Properties of AWS::StepFunctions::StateMachine that change nothing in how the offline cloud runs it.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
const IGNORED_PROPERTIES = ['RoleArn', 'StateMachineName', 'StateMachineType', 'Tags', 'LoggingConfiguration', 'TracingConfiguration'];
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_INPUT_BYTES = 262_144;

/**
 * The offline cloud's Step Functions: deploys `AWS::StepFunctions::StateMachine` (the subset of
 * the States Language in state-machine-definition.ts) and runs executions started through its
 * API (StartExecution, DescribeExecution), invoking the Lambda functions of their Task states.
 */
export class StepFunctionsService {
  readonly stateMachineProvider: ResourceProvider = { create: (request) => this.createStateMachine(request) };
  private readonly stateMachines = new Map<string, StoredStateMachine>();
  private readonly executions = new Map<string, Execution>();
  private readonly running = new Set<Promise<void>>();
  private readonly sleeping = new Set<() => void>();
  /** The Step Functions API (StartExecution, DescribeExecution), for `AWS_ENDPOINT_URL_SFN`; the cloud starts and closes it. */
  readonly api: ServiceEndpoint = statesApiEndpoint({
    StartExecution: (input) => this.startExecution(input),
    DescribeExecution: (input) => this.describeExecution(input),
  });
  private stopped = false;

  constructor(private readonly options: StepFunctionsServiceOptions) {}

  /** True while an execution runs (it may still send a custom resource its answer). */
  hasRunningExecutions(): boolean {
    return this.running.size > 0;
  }

  /**
   * Ends every execution: none starts another state, those waiting between retries end at once,
   * and a Task in progress gets `graceMs` to finish (the waiter's isComplete function has sent
   * its answer and is returning) before the caller stops Lambda under it; idempotent.
   */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    this.sleeping.forEach((wake) => wake());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.running]), new Promise((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
  }

  private async createStateMachine(request: ProvisionRequest): Promise<ProvisionedResource> {
    const { properties, logicalId, environment } = request;
    const unsupported = Object.keys(properties).filter((key) => !IGNORED_PROPERTIES.includes(key) && key !== 'DefinitionString' && key !== 'Definition');
    if (unsupported.length > 0) {
      throw new NotSupportedError(`AWS::StepFunctions::StateMachine property ${unsupported.join(', ')} (the offline cloud reads DefinitionString or Definition)`, logicalId);
    }
    if (typeof properties.RoleArn !== 'string') {
      throw new DeployError('Properties validation failed for resource: required key [RoleArn] not found');
    }
    // https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
    if (!this.options.iam.canAssume(properties.RoleArn)) {
      throw new DeployError('Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role. '
        + `(Service: AWSStepFunctions; Status Code: 400; Error Code: AccessDeniedException) (role ${properties.RoleArn})`);
    }
    let definition: StateMachineDefinition;
    try {
      definition = parseDefinition(properties.DefinitionString ?? properties.Definition);
    } catch (error) {
      if (error instanceof DefinitionError && error.message.startsWith('not supported: ')) {
        throw new NotSupportedError(error.message.slice('not supported: '.length), logicalId);
      }
      throw new DeployError(`Invalid State Machine Definition: ${(error as Error).message}`);
    }
    const name = typeof properties.StateMachineName === 'string' ? properties.StateMachineName : `${logicalId}-${randomSuffix()}`.slice(0, 80);
    const arn = `arn:${environment.partition}:states:${environment.region}:${environment.accountId}:stateMachine:${name}`;
    this.stateMachines.set(arn, { arn, name, roleArn: properties.RoleArn, definition });
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html#aws-resource-stepfunctions-statemachine-return-values
    return { ref: arn, attributes: { Arn: arn, Name: name, StateMachineRevisionId: arn } };
  }

  /** https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html */
  private startExecution(body: Record<string, unknown>): object {
    const stateMachineArn = String(body.stateMachineArn ?? '');
    const stateMachine = this.stateMachines.get(stateMachineArn);
    if (!stateMachine) {
      if (!/^arn:[^:]+:states:[^:]+:\d{12}:stateMachine:[^:]+$/.test(stateMachineArn)) throw statesError('InvalidArn', `Invalid Arn: '${stateMachineArn}'`);
      throw statesError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    const name = body.name === undefined ? randomUUID() : String(body.name);
    if (!EXECUTION_NAME.test(name)) throw statesError('InvalidName', `Invalid Name: '${name}'`);
    const inputText = body.input === undefined ? '{}' : String(body.input);
    if (Buffer.byteLength(inputText) > MAX_INPUT_BYTES) throw statesError('InvalidExecutionInput', `Input is larger than ${MAX_INPUT_BYTES} bytes`);
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw statesError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${inputText.slice(0, 100)}'`);
    }
    const executionArn = stateMachineArn.replace(':stateMachine:', ':execution:') + `:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // The same name and input while it runs is the same execution; anything else is refused.
      if (existing.outcome === undefined && existing.input === inputText) return { executionArn, startDate: existing.startDate };
      throw statesError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    if (this.stopped) throw statesError('ServiceException', 'offline cloud: Step Functions is stopping');
    const execution: Execution = { executionArn, stateMachineArn, name, input: inputText, startDate: Date.now() / 1000 };
    this.executions.set(executionArn, execution);
    this.options.log(`[states] execution ${stateMachine.name}:${name} started`);
    const run = runExecution(stateMachine.definition, input, this.invokerFor(stateMachine), this.control())
      .catch((error): ExecutionOutcome => ({ status: 'FAILED', error: 'States.Runtime', cause: `offline cloud: ${(error as Error).message}` }))
      .then((outcome) => {
        execution.outcome = outcome;
        execution.stopDate = Date.now() / 1000;
        this.options.log(`[states] execution ${stateMachine.name}:${name} ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}`);
      });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return { executionArn, startDate: execution.startDate };
  }

  /** https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html */
  private describeExecution(body: Record<string, unknown>): object {
    const executionArn = String(body.executionArn ?? '');
    const execution = this.executions.get(executionArn);
    if (!execution) throw statesError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return {
      executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.outcome?.status ?? 'RUNNING',
      startDate: execution.startDate,
      stopDate: execution.stopDate,
      input: execution.input,
      output: execution.outcome?.output,
      error: execution.outcome?.error,
      cause: execution.outcome?.cause,
    };
  }

  /**
   * Lambda as the state machine's role reaches it: a function the role may not invoke fails the
   * task with Lambda's AccessDeniedException, as `Lambda.AWSLambdaException`.
   * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
   */
  private invokerFor(stateMachine: StoredStateMachine): TaskInvoker {
    return {
      invoke: async (functionArn, payload) => {
        if (!this.options.iam.mayInvoke(stateMachine.roleArn, functionArn)) {
          const roleName = stateMachine.roleArn.split('/').pop();
          throw new LambdaCallError('AWSLambdaException', `User: ${stateMachine.roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${roleName} `
            + `is not authorized to perform: lambda:InvokeFunction on resource: ${functionArn} (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException)`);
        }
        return this.options.lambda.invoke(functionArn, payload);
      },
    };
  }

  /** Lets an execution wait between retries, and be woken and ended when the service stops. */
  private control(): ExecutionControl {
    const service = this;
    return {
      get aborted() { return service.stopped; },
      sleep: (ms) => new Promise<void>((resolve) => {
        if (service.stopped) return resolve();
        const wake = () => {
          clearTimeout(timer);
          service.sleeping.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        service.sleeping.add(wake);
      }),
    };
  }
}
