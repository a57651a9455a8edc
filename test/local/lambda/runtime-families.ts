import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { compileJavaFixtures, javaFunction } from './java-fixtures';
import { ACCOUNT, deployEnvironment, inlineNode, inlinePython } from './lambda-test-support';
import { DeployEnvironment } from '../../../src/local/cloudformation/resource-provider';

/**
 * The runtime families the offline Lambda runs, each with the same handler fixtures written in
 * its language and what its runtime answers where the families differ (error documents, log
 * lines, messages). Tests of a behaviour every family has run `describe.each(RUNTIME_FAMILIES)`;
 * what only one family has stays in its own file (python-runtime, nodejs-runtime, java-runtime,
 * provided-runtime).
 */
export interface RuntimeFamily {
  /** The family as test names call it. */
  readonly family: string;
  readonly runtime: string;
  /**
   * A function's properties: this handler fixture as `index.handler` (inline code; for Java the
   * compiled class `index`; for Go the handler of that name in the built program), with extra
   * properties.
   */
  readonly inline: (code: string, extra?: Record<string, any>) => Record<string, any>;
  /**
   * Builds the family's code assets if need be (Java compiles its fixtures, Go builds its
   * program) and says where they are: await it in `beforeAll`, within FAMILY_SETUP_TIMEOUT_MS.
   */
  readonly deployEnvironment: () => Promise<DeployEnvironment>;
  readonly handlers: {
    /** Answers `{ statusCode: 200, body: JSON of "Hello " + event.name }`. */
    readonly greeting: string;
    /**
     * Answers its context as `{ functionName, functionVersion, invokedFunctionArn, memoryLimitInMB,
     * awsRequestId, logGroupName, logStreamName, remaining, clientContextCustom, env, cwd }`, plus
     * the family's own context fields (`contextExtras`).
     */
    readonly context: string;
    /** Throws "bad input" (`thrownErrorType`) on line 3 when `event.fail`, else answers "fine". */
    readonly throws: string;
    /** Counts its invocations in module state: `{ count, pid }`. */
    readonly counter: string;
    /** Prints "hello from <runtime>" and answers nothing. */
    readonly printer: string;
    /** Answers nothing. */
    readonly nothing: string;
    /** Answers its HTTP_PROXY variable. */
    readonly proxy: string;
    /** Waits `event.sleep` seconds, then answers `{ pid }`. */
    readonly sleeper: string;
    /** Exits with status 1 when `event.exit`, else answers "alive". */
    readonly exits: string;
    /** Answers `{ api: its AWS_LAMBDA_RUNTIME_API variable, id: its request id }`. */
    readonly runtimeApi: string;
    /** Answers a string of 6 MB + 200 bytes, past Lambda's response limit. */
    readonly big: string;
  };
  /**
   * The function's AWS_LAMBDA_RUNTIME_API: absent for the offline cloud's own clients (they use a
   * pipe); where the HTTP Runtime API is for the others (Java's client, a custom runtime).
   */
  readonly runtimeApiVariable: unknown;
  /** The invocation's X-Ray trace header, as `handlers.context` answers it. */
  readonly traceHeader: (contextAnswer: any) => unknown;
  /** Context fields only this family has, as the context handler answers them. */
  readonly contextExtras: Record<string, unknown>;
  /** The error document of `handlers.throws` failing in the invocation with this id. */
  readonly thrownError: (requestId: string) => unknown;
  /** What the invocation's log tail holds when `handlers.throws` fails. */
  readonly thrownErrorLog: string;
  /** The log line of `handlers.printer`'s output (without the function name prefix). */
  readonly printedLine: (requestId: string) => unknown;
  /**
   * For runtimes that load the handler by its name (`module.function`, Java's `Class::method`):
   * what a wrong name answers.
   */
  readonly handlerLoading?: {
    /** The Handler of the function `handler` in `module` (a file, or a Java class). */
    readonly handlerIn: (module: string) => string;
    /** Defines no `handler`, only `other`. */
    readonly noHandler: string;
    /** The error document (matched) for a handler in a module that does not exist. */
    readonly missingModuleError: (module: string) => Record<string, unknown>;
    /** The error document (matched) for `noHandler`. */
    readonly missingHandlerError: Record<string, unknown>;
  };
}

const PYTHON: RuntimeFamily = {
  family: 'Python',
  runtime: 'python3.11',
  inline: inlinePython,
  deployEnvironment: async () => deployEnvironment(),
  handlers: {
    greeting: [
      'import json',
      'def handler(event, context):',
      '    return {"statusCode": 200, "body": json.dumps("Hello " + event["name"])}',
    ].join('\n'),
    context: [
      'import os',
      'def handler(event, context):',
      '    return {',
      '        "functionName": context.function_name,',
      '        "functionVersion": context.function_version,',
      '        "invokedFunctionArn": context.invoked_function_arn,',
      '        "memoryLimitInMB": context.memory_limit_in_mb,',
      '        "awsRequestId": context.aws_request_id,',
      '        "logGroupName": context.log_group_name,',
      '        "logStreamName": context.log_stream_name,',
      '        "remaining": context.get_remaining_time_in_millis(),',
      '        "clientContextCustom": context.client_context.custom if context.client_context else None,',
      '        "env": dict(os.environ),',
      '        "cwd": os.getcwd(),',
      '    }',
    ].join('\n'),
    throws: [
      'def handler(event, context):',
      '    if event.get("fail"):',
      '        raise ValueError("bad input")',
      '    return "fine"',
    ].join('\n'),
    counter: [
      'import os',
      'count = 0',
      'def handler(event, context):',
      '    global count',
      '    count += 1',
      '    return {"count": count, "pid": os.getpid()}',
    ].join('\n'),
    printer: 'def handler(event, context):\n    print("hello from python3.11")\n    return None\n',
    nothing: 'def handler(event, context):\n    pass\n',
    proxy: 'import os\ndef handler(e, c):\n    return os.environ["HTTP_PROXY"]\n',
    sleeper: [
      'import os, time',
      'def handler(event, context):',
      '    if event.get("sleep"):',
      '        time.sleep(event["sleep"])',
      '    return {"pid": os.getpid()}',
    ].join('\n'),
    exits: [
      'import os',
      'def handler(event, context):',
      '    if event.get("exit"):',
      '        os._exit(1)',
      '    return "alive"',
    ].join('\n'),
    runtimeApi: 'import os\ndef handler(event, context):\n    return {"api": os.environ.get("AWS_LAMBDA_RUNTIME_API"), "id": context.aws_request_id}\n',
    big: 'def handler(event, context):\n    return "x" * (6 * 1024 * 1024 + 200)\n',
  },
  runtimeApiVariable: undefined,
  traceHeader: (answer) => answer.env._X_AMZN_TRACE_ID,
  contextExtras: {},
  thrownError: (requestId) => ({
    errorMessage: 'bad input',
    errorType: 'ValueError',
    requestId,
    stackTrace: [expect.stringMatching(/index\.py", line 3, in handler\n/)],
  }),
  thrownErrorLog: '[ERROR] ValueError: bad input',
  printedLine: () => 'hello from python3.11',
  handlerLoading: {
    handlerIn: (module) => `${module}.handler`,
    noHandler: 'def other(e, c):\n    return 1\n',
    missingModuleError: (module) => ({ errorType: 'Runtime.ImportModuleError', errorMessage: `Unable to import module '${module}': No module named '${module}'` }),
    missingHandlerError: { errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'handler' missing on module 'index'" },
  },
};

const NODE: RuntimeFamily = {
  family: 'Node.js',
  runtime: 'nodejs20.x',
  inline: inlineNode,
  deployEnvironment: async () => deployEnvironment(),
  handlers: {
    greeting: 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(`Hello ${event.name}`) });',
    context: [
      'exports.handler = async (event, context) => ({',
      '  functionName: context.functionName,',
      '  functionVersion: context.functionVersion,',
      '  invokedFunctionArn: context.invokedFunctionArn,',
      '  memoryLimitInMB: context.memoryLimitInMB,',
      '  awsRequestId: context.awsRequestId,',
      '  logGroupName: context.logGroupName,',
      '  logStreamName: context.logStreamName,',
      '  remaining: context.getRemainingTimeInMillis(),',
      '  clientContextCustom: context.clientContext ? context.clientContext.custom : null,',
      '  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,',
      '  env: process.env,',
      '  cwd: process.cwd(),',
      '});',
    ].join('\n'),
    throws: [
      'exports.handler = async (event) => {',
      '  if (event.fail) throw new TypeError("bad input");',
      '  return "fine";',
      '};',
    ].join('\n'),
    counter: [
      'let count = 0;',
      'exports.handler = async () => {',
      '  count += 1;',
      '  return { count, pid: process.pid };',
      '};',
    ].join('\n'),
    printer: 'exports.handler = async () => { console.log("hello from nodejs20.x"); };',
    nothing: 'exports.handler = async () => {};',
    proxy: 'exports.handler = async () => process.env.HTTP_PROXY;',
    sleeper: 'exports.handler = (event) => new Promise((resolve) => setTimeout(() => resolve({ pid: process.pid }), (event.sleep || 0) * 1000));',
    exits: 'exports.handler = async (event) => { if (event.exit) process.exit(1); return "alive"; };',
    runtimeApi: 'exports.handler = async (event, context) => ({ api: process.env.AWS_LAMBDA_RUNTIME_API, id: context.awsRequestId });',
    big: 'exports.handler = async () => "x".repeat(6 * 1024 * 1024 + 200);',
  },
  runtimeApiVariable: undefined,
  traceHeader: (answer) => answer.env._X_AMZN_TRACE_ID,
  contextExtras: { callbackWaitsForEmptyEventLoop: true },
  thrownError: () => ({ errorType: 'TypeError', errorMessage: 'bad input', trace: expect.arrayContaining(['TypeError: bad input']) }),
  thrownErrorLog: 'ERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad input"',
  // console.log writes time, request id and level before the message, as the managed runtime does.
  printedLine: (requestId) => expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${requestId}\\tINFO\\thello from nodejs20\\.x$`)),
  handlerLoading: {
    handlerIn: (module) => `${module}.handler`,
    noHandler: 'exports.other = async () => 1;',
    missingModuleError: (module) => ({ errorType: 'Runtime.ImportModuleError', errorMessage: expect.stringMatching(new RegExp(`^Error: Cannot find module '${module}'`)) }),
    missingHandlerError: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' },
  },
};

/** Java handler fixtures: a class `index` with a public method `handler`, as `index::handler`. */
const javaClass = (imports: string[], body: string[]): string => [
  ...imports.map((name) => `import ${name};`),
  'public class index {',
  ...body.map((line) => `  ${line}`),
  '}',
  '',
].join('\n');
const CONTEXT = 'com.amazonaws.services.lambda.runtime.Context';
const MAP = 'java.util.Map';

const JAVA_HANDLERS: RuntimeFamily['handlers'] = {
  greeting: javaClass([MAP], [
    'public Map<String, Object> handler(Map<String, Object> event) {',
    '  return Map.of("statusCode", 200, "body", "\\"Hello " + event.get("name") + "\\"");',
    '}',
  ]),
  context: javaClass([CONTEXT, MAP, 'java.util.HashMap'], [
    'public Map<String, Object> handler(Map<String, Object> event, Context context) {',
    '  Map<String, Object> answer = new HashMap<>();',
    '  answer.put("functionName", context.getFunctionName());',
    '  answer.put("functionVersion", context.getFunctionVersion());',
    '  answer.put("invokedFunctionArn", context.getInvokedFunctionArn());',
    // Java's Context gives an int; the other runtimes, the variable's string.
    '  answer.put("memoryLimitInMB", String.valueOf(context.getMemoryLimitInMB()));',
    '  answer.put("awsRequestId", context.getAwsRequestId());',
    '  answer.put("logGroupName", context.getLogGroupName());',
    '  answer.put("logStreamName", context.getLogStreamName());',
    '  answer.put("remaining", context.getRemainingTimeInMillis());',
    '  answer.put("clientContextCustom", context.getClientContext() != null ? context.getClientContext().getCustom() : null);',
    '  answer.put("env", System.getenv());',
    '  answer.put("cwd", System.getProperty("user.dir"));',
    '  answer.put("traceHeader", System.getProperty("com.amazonaws.xray.traceHeader"));',
    '  return answer;',
    '}',
  ]),
  throws: javaClass([MAP], [
    'public String handler(Map<String, Object> event) {',
    '  if (event.get("fail") != null) throw new IllegalArgumentException("bad input");',
    '  return "fine";',
    '}',
  ]),
  counter: javaClass([MAP], [
    'private static int count = 0;',
    'public Map<String, Object> handler(Map<String, Object> event) {',
    '  count += 1;',
    '  return Map.of("count", count, "pid", ProcessHandle.current().pid());',
    '}',
  ]),
  printer: javaClass([MAP], [
    'public void handler(Map<String, Object> event) {',
    '  System.out.println("hello from java17");',
    '}',
  ]),
  nothing: javaClass([MAP], ['public void handler(Map<String, Object> event) {}']),
  proxy: javaClass([MAP], ['public String handler(Map<String, Object> event) { return System.getenv("HTTP_PROXY"); }']),
  sleeper: javaClass([MAP], [
    'public Map<String, Object> handler(Map<String, Object> event) throws InterruptedException {',
    '  if (event.get("sleep") != null) Thread.sleep(((Number) event.get("sleep")).longValue() * 1000);',
    '  return Map.of("pid", ProcessHandle.current().pid());',
    '}',
  ]),
  exits: javaClass([MAP], [
    'public String handler(Map<String, Object> event) {',
    '  if (event.get("exit") != null) System.exit(1);',
    '  return "alive";',
    '}',
  ]),
  runtimeApi: javaClass([CONTEXT, MAP], [
    'public Map<String, Object> handler(Map<String, Object> event, Context context) {',
    '  return Map.of("api", System.getenv("AWS_LAMBDA_RUNTIME_API"), "id", context.getAwsRequestId());',
    '}',
  ]),
  big: javaClass([MAP], ['public String handler(Map<String, Object> event) { return "x".repeat(6 * 1024 * 1024 + 200); }']),
};
const JAVA_NO_HANDLER = javaClass([], ['public int other(Object event) { return 1; }']);

/**
 * Java on the official runtime interface client: its error documents carry the exception's class
 * and stack frames, it prints what System.out prints as is, and it reports a class or method it
 * cannot load as the invocation's error (not an init error), each time.
 */
const JAVA: RuntimeFamily = {
  family: 'Java',
  runtime: 'java17',
  inline: javaFunction,
  deployEnvironment: async () => {
    await compileJavaFixtures([...Object.values(JAVA_HANDLERS), JAVA_NO_HANDLER]);
    return deployEnvironment();
  },
  handlers: JAVA_HANDLERS,
  runtimeApiVariable: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
  // A JVM cannot change its environment: the client sets this system property instead of _X_AMZN_TRACE_ID.
  traceHeader: (answer) => answer.traceHeader,
  contextExtras: {},
  thrownError: () => ({
    errorMessage: 'bad input',
    errorType: 'java.lang.IllegalArgumentException',
    stackTrace: expect.arrayContaining(['index.handler(index.java:4)']),
  }),
  thrownErrorLog: 'bad input: java.lang.IllegalArgumentException\njava.lang.IllegalArgumentException: bad input\n\tat index.handler(index.java:4)',
  printedLine: () => 'hello from java17',
  handlerLoading: {
    handlerIn: (module) => `${module}::handler`,
    noHandler: JAVA_NO_HANDLER,
    missingModuleError: (module) => ({ errorType: 'java.lang.ClassNotFoundException', errorMessage: `Class not found: ${module}` }),
    missingHandlerError: { errorMessage: 'No public method named handler with appropriate method signature found on class index' },
  },
};

/** How long building the Go handlers may take on a fresh clone (the Go build cache empty). */
export const GO_BUILD_TIMEOUT_MS = 240_000;

/** The Go handlers (go-handlers/main.go) built for GOARCH `amd64` or `arm64`: the folder holding their `bootstrap`. */
export function goHandlers(goarch: 'amd64' | 'arm64'): string {
  const built = goBuilds.get(goarch) ?? execFileSync('bash', [path.join(__dirname, 'go-handlers', 'build.sh'), goarch], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: GO_BUILD_TIMEOUT_MS,
  }).trim().split('\n').pop()!;
  goBuilds.set(goarch, built);
  return built;
}
const goBuilds = new Map<string, string>();

/** This machine's GOARCH: the Go family's handlers run natively. */
const HOST_GOARCH = process.arch === 'arm64' ? 'arm64' : 'amd64';

/** A function of the Go handlers as an asset (S3 key `go-handlers/<goarch>`): `Handler` names the handler. */
export function goFunction(handler: string, extra: Record<string, any> = {}, goarch: 'amd64' | 'arm64' = HOST_GOARCH): Record<string, any> {
  return {
    Runtime: 'provided.al2023',
    Handler: handler,
    Role: `arn:aws:iam::${ACCOUNT}:role/fn`,
    Code: { S3Bucket: 'assets', S3Key: `go-handlers/${goarch}` },
    Architectures: [goarch === 'arm64' ? 'arm64' : 'x86_64'],
    ...extra,
  };
}

/** A deploy environment whose asset `go-handlers/<goarch>` is the built Go handlers. */
export function goDeployEnvironment(...goarchs: Array<'amd64' | 'arm64'>): DeployEnvironment {
  return deployEnvironment(Object.fromEntries(goarchs.map((goarch) => [`go-handlers/${goarch}`, goHandlers(goarch)])));
}

/** Go on provided.al2023 with aws-lambda-go: a custom runtime, its own bootstrap on the HTTP Runtime API. */
const GO: RuntimeFamily = {
  family: 'Go',
  runtime: 'provided.al2023',
  inline: goFunction,
  deployEnvironment: async () => goDeployEnvironment(HOST_GOARCH),
  handlers: {
    greeting: 'greeting',
    context: 'context',
    throws: 'throws',
    counter: 'counter',
    printer: 'printer',
    nothing: 'nothing',
    proxy: 'proxy',
    sleeper: 'sleeper',
    exits: 'exits',
    runtimeApi: 'runtimeApi',
    big: 'big',
  },
  runtimeApiVariable: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
  traceHeader: (answer) => answer.env._X_AMZN_TRACE_ID,
  contextExtras: {},
  // aws-lambda-go names the error by its Go type (errors.New's *errors.errorString) and sends no
  // stack trace for a returned error (only for a panic).
  thrownError: () => ({ errorMessage: 'bad input', errorType: 'errorString' }),
  // It logs the error document it posts, with the log package's date and time first.
  thrownErrorLog: '{"errorMessage":"bad input","errorType":"errorString"}',
  printedLine: () => 'hello from provided.al2023',
};

/** How long a family's `deployEnvironment()` may take on a fresh clone (Java fetches its client and compiles; Go builds). */
export const FAMILY_SETUP_TIMEOUT_MS = Math.max(GO_BUILD_TIMEOUT_MS, 300_000);

export const RUNTIME_FAMILIES: readonly RuntimeFamily[] = [PYTHON, NODE, GO, JAVA];
