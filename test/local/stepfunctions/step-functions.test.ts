import { WaiterStateMachine } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { generatedName } from '../../../src/local/cloudformation/physical-name';
import { parseDefinition } from '../../../src/local/stepfunctions/state-machine-definition';
import { ExecutionControl, TaskInvoker, runExecution } from '../../../src/local/stepfunctions/state-machine-execution';
import { newCloud, removeTempDirs, synthesize } from '../local-cloud-support';

const IS_COMPLETE = 'arn:aws:lambda:us-east-1:123456789012:function:isComplete';
const ON_TIMEOUT = 'arn:aws:lambda:us-east-1:123456789012:function:onTimeout';

/** The definition integ-tests-alpha's WaiterStateMachine writes for these options, with its two functions' ARNs filled in. */
function waiterDefinition(options: ConstructorParameters<typeof WaiterStateMachine>[2]): string {
  const stack = new Stack(new App(), 'Waiter');
  new WaiterStateMachine(stack, 'WaitFor', options);
  const [machine] = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
  const parts: unknown[] = machine.Properties.DefinitionString['Fn::Join'][1];
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    const logicalId: string = (part as any)['Fn::GetAtt'][0];
    return logicalId.startsWith('SingletonFunction76b3e830') ? IS_COMPLETE : ON_TIMEOUT;
  }).join('');
}

/** Lambda as the execution sees it: isComplete fails `failures` times (as integ-tests-alpha's does, with the request as message), then answers. */
function waiterFunctions(failures: number) {
  const calls: Array<{ arn: string; input: any }> = [];
  const invoker: TaskInvoker = {
    invoke: async (arn, payload) => {
      const input = JSON.parse(payload.toString());
      calls.push({ arn, input });
      if (arn === IS_COMPLETE && calls.filter((call) => call.arn === IS_COMPLETE).length <= failures) {
        const document = { errorType: 'Error', errorMessage: JSON.stringify(input), trace: [] };
        return { payload: Buffer.from(JSON.stringify(document)), functionError: 'Unhandled' };
      }
      return { payload: Buffer.from(JSON.stringify({ done: arn })) };
    },
  };
  return { invoker, calls };
}

/** Records the waits between retries instead of waiting. */
function recordedWaits(): ExecutionControl & { waits: number[] } {
  const waits: number[] = [];
  return { waits, aborted: false, sleep: async (ms) => { waits.push(ms); } };
}

afterAll(removeTempDirs);

describe('the waiter state machine of waitForAssertions', () => {
  test.each([
    // totalTimeout, interval, backoffRate → the waits integ-tests-alpha's MaxAttempts and Step Functions' retry rule give
    [30, 5, 1, [5, 5, 5, 5, 5, 5]],
    [4, 1, 2, [1, 2]],
    [20, 2, 1.5, [2, 3, 4.5]],
  ])('totalTimeout %i s, interval %i s, backoffRate %d: retries wait %j seconds, then the timeout task gets the error', async (total, interval, backoff, waits) => {
    const options = { totalTimeout: Duration.seconds(total), interval: Duration.seconds(interval), backoffRate: backoff };
    const definition = parseDefinition(waiterDefinition(options));
    const { invoker, calls } = waiterFunctions(Infinity);
    const control = recordedWaits();
    const outcome = await runExecution(definition, { RequestId: 'r1' }, invoker, control);
    expect(control.waits).toEqual(waits.map((seconds) => seconds * 1000));
    expect(calls.filter((call) => call.arn === IS_COMPLETE)).toHaveLength(waits.length + 1);
    const timeoutCall = calls[calls.length - 1];
    expect(timeoutCall.arn).toBe(ON_TIMEOUT);
    // onTimeout reads JSON.parse(JSON.parse(Cause).errorMessage): the request isComplete was given.
    expect(timeoutCall.input.Error).toBe('Error');
    expect(JSON.parse(JSON.parse(timeoutCall.input.Cause).errorMessage)).toEqual({ RequestId: 'r1' });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: JSON.stringify({ done: ON_TIMEOUT }) });
  });

  test('an answer ends the retries: the timeout task never runs', async () => {
    const definition = parseDefinition(waiterDefinition({ totalTimeout: Duration.seconds(30), interval: Duration.seconds(5) }));
    const { invoker, calls } = waiterFunctions(2);
    const control = recordedWaits();
    const outcome = await runExecution(definition, {}, invoker, control);
    expect(calls.map((call) => call.arn)).toEqual([IS_COMPLETE, IS_COMPLETE, IS_COMPLETE]);
    expect(control.waits).toEqual([5000, 5000]);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: JSON.stringify({ done: IS_COMPLETE }) });
  });
});

describe('state machine definitions the offline cloud cannot run', () => {
  const task = (extra: object) => JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: IS_COMPLETE, End: true, ...extra } } });
  test.each([
    [JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Map', End: true } } }), /not supported: state "A" of Type "Map"; the offline cloud runs Task \(Lambda functions\), Pass, Succeed and Fail/],
    [task({ ResultPath: '$.x' }), /not supported: ResultPath in Task state "A"/],
    [JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } }), /not supported: Task state "A" Resource "arn:aws:states:::sqs:sendMessage"/],
    [task({ Retry: [{ ErrorEquals: ['States.ALL'], JitterStrategy: 'FULL' }] }), /not supported: JitterStrategy in state "A" Retry\[0\]/],
    [task({ Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 0 }] }), /state "A" Retry\[0\] IntervalSeconds 0: must be a whole number of 1 or more/],
    [task({ Next: 'B', End: undefined }), /state "A" Next names "B", which is not a state of the definition/],
    ['{"StartAt":', /the definition is not JSON/],
  ])('%s is refused: %p', (definition, message) => {
    expect(() => parseDefinition(definition)).toThrow(message);
  });
});

/** One call of the Step Functions API as the SDK makes it: AWS JSON 1.0, the operation in X-Amz-Target. */
async function statesCall(url: string, operation: string, body: object): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A stack of one function that doubles `n` and a state machine whose one Task invokes it, with a role trusting `trustedBy`. */
function doublingMachine(options: { grant: boolean; trustedBy: string }) {
  return (stack: Stack) => {
    const fn = new lambda.Function(stack, 'Double', {
      runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async (e) => ({ n: e.n * 2 });'),
    });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal(options.trustedBy) });
    if (options.grant) fn.grantInvoke(role);
    const machine = new sfn.CfnStateMachine(stack, 'Machine', {
      roleArn: role.roleArn,
      definitionString: stack.toJsonString({ StartAt: 'Double', States: { Double: { Type: 'Task', Resource: fn.functionArn, End: true } } }),
    });
    machine.node.addDependency(role);
    new CfnOutput(stack, 'MachineArn', { value: machine.ref });
  };
}

/** DescribeExecution until the execution is no longer RUNNING. */
async function finished(url: string, executionArn: string): Promise<any> {
  for (;;) {
    const described = (await statesCall(url, 'DescribeExecution', { executionArn })).body;
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the offline Step Functions API', () => {
  test('StartExecution runs a deployed state machine whose Task invokes a real function; DescribeExecution reports its output', async () => {
    const { cloud } = newCloud();
    try {
      const [deployed] = await cloud.deploy(synthesize(doublingMachine({ grant: true, trustedBy: 'states.amazonaws.com' })));
      const stateMachineArn = deployed.outputs.MachineArn;
      expect(stateMachineArn).toMatch(/^arn:aws:states:us-east-1:123456789012:stateMachine:Machine-\w{12}$/);
      const url = (await cloud.startServiceApis()).AWS_ENDPOINT_URL_SFN;

      const started = await statesCall(url, 'StartExecution', { stateMachineArn, name: 'run-1', input: '{"n":21}' });
      expect(started).toEqual({ status: 200, body: { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:run-1`, startDate: expect.any(Number) } });
      expect(await finished(url, started.body.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"n":42}', input: '{"n":21}', name: 'run-1' });

      // AWS's errors, with status 400 and the __type SDKs read.
      expect(await statesCall(url, 'StartExecution', { stateMachineArn, name: 'run-1', input: '{"n":1}' }))
        .toEqual({ status: 400, body: { __type: 'ExecutionAlreadyExists', message: expect.stringContaining('run-1') } });
      expect(await statesCall(url, 'StartExecution', { stateMachineArn: `${stateMachineArn}x` }))
        .toEqual({ status: 400, body: { __type: 'StateMachineDoesNotExist', message: expect.stringContaining('State Machine Does Not Exist') } });
      expect(await statesCall(url, 'StartExecution', { stateMachineArn, input: 'not json' }))
        .toEqual({ status: 400, body: { __type: 'InvalidExecutionInput', message: expect.any(String) } });
      expect(await statesCall(url, 'StartExecution', { stateMachineArn, name: 'with space' }))
        .toEqual({ status: 400, body: { __type: 'InvalidName', message: "Invalid Name: 'with space'" } });
      expect(await statesCall(url, 'ListExecutions', { stateMachineArn })).toEqual({
        status: 501,
        body: {
          __type: 'NotSupported',
          message: 'not supported: Step Functions AWSStepFunctions.ListExecutions in the offline cloud; it answers AWSStepFunctions.StartExecution, AWSStepFunctions.DescribeExecution',
        },
      });
    } finally {
      await cloud.stop();
    }
  }, 60_000);
});

describe('stopping the offline cloud', () => {
  test('ends an execution waiting an hour between retries, and no state runs after', async () => {
    const { cloud, logs } = newCloud();
    let stopped = false;
    try {
      const [deployed] = await cloud.deploy(synthesize((stack) => {
        const fn = new lambda.Function(stack, 'Fails', {
          runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => { throw new Error("not yet"); };'),
        });
        const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
        fn.grantInvoke(role);
        const machine = new sfn.CfnStateMachine(stack, 'Machine', {
          roleArn: role.roleArn,
          definitionString: stack.toJsonString({
            StartAt: 'Poll',
            States: { Poll: { Type: 'Task', Resource: fn.functionArn, End: true, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 3600, MaxAttempts: 5 }] } },
          }),
        });
        machine.node.addDependency(role);
        new CfnOutput(stack, 'MachineArn', { value: machine.ref });
      }));
      const url = (await cloud.startServiceApis()).AWS_ENDPOINT_URL_SFN;
      await statesCall(url, 'StartExecution', { stateMachineArn: deployed.outputs.MachineArn });
      // The first attempt failed: the execution now waits for its first retry.
      await new Promise<void>((resolve) => {
        const poll = () => (logs.some((line) => line.includes('not yet')) ? resolve() : setTimeout(poll, 20));
        poll();
      });
      expect(cloud.stepFunctions.hasRunningExecutions()).toBe(true);
      await cloud.stop();
      stopped = true;
      expect(cloud.stepFunctions.hasRunningExecutions()).toBe(false);
      expect(logs.filter((line) => line.includes('START RequestId'))).toHaveLength(1);
      expect(logs).toContainEqual(expect.stringMatching(/\[states\] execution Machine-\w+:\S+ ABORTED/));
    } finally {
      if (!stopped) await cloud.stop();
    }
  }, 30_000);
});

describe('IAM between Step Functions and Lambda', () => {
  test('a Task whose role may not invoke the function fails with Lambda.AWSLambdaException naming the role and the function', async () => {
    const { cloud } = newCloud();
    try {
      const [deployed] = await cloud.deploy(synthesize(doublingMachine({ grant: false, trustedBy: 'states.amazonaws.com' })));
      const url = (await cloud.startServiceApis()).AWS_ENDPOINT_URL_SFN;
      const started = await statesCall(url, 'StartExecution', { stateMachineArn: deployed.outputs.MachineArn, input: '{"n":1}' });
      const described = await finished(url, started.body.executionArn);
      expect(described).toMatchObject({ status: 'FAILED', error: 'Lambda.AWSLambdaException' });
      expect(described.cause).toMatch(/^User: arn:aws:sts::123456789012:assumed-role\/\S+ is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:/);
    } finally {
      await cloud.stop();
    }
  }, 60_000);

  test('a state machine whose role does not trust states.amazonaws.com fails to deploy, as CreateStateMachine refuses it', async () => {
    const { cloud } = newCloud();
    try {
      await expect(cloud.deploy(synthesize(doublingMachine({ grant: true, trustedBy: 'lambda.amazonaws.com' }))))
        .rejects.toThrow(/Machine \(AWS::StepFunctions::StateMachine\): Neither the global service principal states\.amazonaws\.com, nor the regional one is authorized to assume the provided role/);
    } finally {
      await cloud.stop();
    }
  }, 60_000);
});

describe('generatedName', () => {
  test('keeps the random part when the stack name and logical id are long, so two functions of one stack never share a name', () => {
    const stack = 'ReadyAfterPollsTestDefaultTestDeployAssert129F89BD';
    const a = generatedName(stack, 'SingletonFunction76b3e830a873425f8453eddd85c86925Handler81461ECE', 64);
    const b = generatedName(stack, 'SingletonFunction1488541a7b23466481b69b4408076b81HandlerCD40AE9F', 64);
    expect(a).toHaveLength(64);
    expect(a).toMatch(/^ReadyAfterPollsTest\w*-SingletonFunction\w*-[A-Za-z0-9]{12}$/);
    expect(a).not.toBe(b);
    expect(generatedName('Short', 'Id', 64)).toMatch(/^Short-Id-[A-Za-z0-9]{12}$/);
  });
});
