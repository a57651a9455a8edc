import { Annotations, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { INTEGRATION_TIMEOUT_SECONDS, RESERVED_ENVIRONMENT_KEYS } from '../aws-limits';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';
import { checkRuntime } from '../runtime-support';
import { functionLogging, validateFunctionLogging } from './function-logging';
import { logGroupOrNew } from './log-groups';
import { suppressNagRules } from './nag-suppressions';
import { synthesisDate } from './synthesis-date';
import { WRITE_TRACES_NAG_SUPPRESSION, sendsTraces, setTracingMode, validateTracing, writeTracesPolicy } from './tracing';

// The function behind the API: the checks of its props, then the function, its execution role and log group.

const DEFAULT_RUNTIME = lambda.Runtime.PYTHON_3_14;
const DEFAULT_ARCHITECTURE = lambda.Architecture.ARM_64;

const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]*$/;

// The props that only shape a function the construct creates.
const FUNCTION_KNOBS = [
  'runtime', 'architecture', 'memorySize', 'timeout', 'environment', 'description', 'functionLogGroup',
  'tracing', 'loggingFormat', 'applicationLogLevel', 'systemLogLevel', 'reservedConcurrentExecutions',
] as const;

/** The function, and what the construct created for it (nothing when `function` was given). */
export interface ApiFunction {
  readonly function: lambda.IFunction;
  readonly executionRole?: iam.IRole;
  readonly logGroup?: logs.ILogGroup;
}

/** `function` against `code` and `handler`; then, for a function the construct creates, its knobs. */
export function validateFunctionProps(scope: Construct, props: GravitonHttpLambdaApiProps): void {
  validateFunctionSource(props);
  if (!props.function) {
    validateFunctionKnobs(scope, props);
  }
}

function validateFunctionSource(props: GravitonHttpLambdaApiProps): void {
  if (props.function) {
    const given = [
      ...(props.code ? ['code'] : []),
      ...(props.handler !== undefined ? ['handler'] : []),
      ...FUNCTION_KNOBS.filter((knob) => props[knob] !== undefined),
    ];
    if (given.length > 0) {
      throw new Error(`function: cannot be combined with ${given.join(', ')}; these only shape a function the construct creates. Give either function, or code and handler`);
    }
    return;
  }
  if (!props.code && props.handler === undefined) {
    throw new Error('code and handler, or function: one is required (code + handler create a function, function uses an existing one)');
  }
  if (!props.code) {
    throw new Error(`handler "${props.handler}": code is required with it (e.g. lambda.Code.fromAsset("lambda"))`);
  }
  if (props.handler === undefined || props.handler === '') {
    throw new Error('handler: required with code, as module.function (e.g. "index.lambda_handler")');
  }
  if (props.code instanceof lambda.InlineCode && !Token.isUnresolved(props.handler) && !props.handler.startsWith('index.')) {
    throw new Error(`handler "${props.handler}": inline code is saved as index.py / index.js, so the handler must be "index.<function>"`);
  }
}

function validateFunctionKnobs(scope: Construct, props: GravitonHttpLambdaApiProps): void {
  const { memorySize, timeout, environment, description } = props;
  if (memorySize !== undefined && !Token.isUnresolved(memorySize)
    && (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)) {
    throw new Error(`memorySize ${memorySize}: must be a whole number of MiB from 128 to 10240`);
  }
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const seconds = timeout.toSeconds({ integral: false });
    if (seconds < 1 || seconds > 900 || !Number.isInteger(seconds)) {
      throw new Error(`timeout ${timeout.toHumanString()}: must be a whole number of seconds from 1 second to 15 minutes`);
    }
    if (seconds > INTEGRATION_TIMEOUT_SECONDS) {
      Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:timeout',
        `timeout ${timeout.toHumanString()}: API Gateway answers 503 after ${INTEGRATION_TIMEOUT_SECONDS} seconds, whatever the function's timeout`);
    }
  }
  for (const key of Object.keys(environment ?? {})) {
    if (RESERVED_ENVIRONMENT_KEYS.has(key)) {
      throw new Error(`environment "${key}": reserved by Lambda, which sets it itself; choose another name`);
    }
    if (!Token.isUnresolved(key) && !ENVIRONMENT_KEY.test(key)) {
      throw new Error(`environment "${key}": names must start with a letter and hold only letters, digits and "_"`);
    }
  }
  if (description !== undefined && !Token.isUnresolved(description) && description.length > 256) {
    throw new Error(`description: ${description.length} characters; Lambda accepts at most 256`);
  }
  validateTracing(props.tracing);
  validateFunctionLogging(props);

  const runtime = props.runtime ?? DEFAULT_RUNTIME;
  const architecture = props.architecture ?? DEFAULT_ARCHITECTURE;
  const verdict = checkRuntime(runtime.name, architecture.name, synthesisDate(scope));
  if (verdict.error) {
    throw new Error(verdict.error);
  }
  if (verdict.warning) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:runtime', verdict.warning);
  }
}

/** The function given in `function`, or one created with its execution role and log group. */
export function createFunction(scope: Construct, props: GravitonHttpLambdaApiProps, logRetention: logs.RetentionDays): ApiFunction {
  if (props.function) {
    return { function: props.function };
  }
  const logGroup = logGroupOrNew(props.functionLogGroup, scope, 'FunctionLogGroup', logRetention);
  const tracing = sendsTraces(props.tracing) ? props.tracing : undefined;
  // Least privilege: Lambda writes to this group only, which exists already (no logs:CreateLogGroup),
  // and sends traces only when tracing is on. Inline, so neither costs an extra resource.
  const executionRole = new iam.Role(scope, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: tracing ? 'Lets the function behind this HTTP API write its logs and traces' : 'Lets the function behind this HTTP API write its logs',
    inlinePolicies: {
      WriteLogs: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        })],
      }),
      ...(tracing ? { WriteTraces: writeTracesPolicy() } : {}),
    },
  });
  if (tracing) {
    suppressNagRules(executionRole.node.defaultChild as iam.CfnRole, [WRITE_TRACES_NAG_SUPPRESSION]);
  }
  const fn = new lambda.Function(scope, 'Function', {
    code: props.code!,
    handler: props.handler!,
    runtime: props.runtime ?? DEFAULT_RUNTIME,
    architecture: props.architecture ?? DEFAULT_ARCHITECTURE,
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: props.environment,
    description: props.description,
    role: executionRole,
    logGroup,
    ...functionLogging(props),
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
  });
  if (tracing) {
    setTracingMode(fn, tracing);
  }
  return { function: fn, executionRole, logGroup };
}
