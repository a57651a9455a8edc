import { inlineNode, inlinePython } from './lambda-test-support';

/**
 * The runtime families the offline Lambda runs, each with the same handler fixtures written in
 * its language and what its runtime answers where the families differ (error documents, log
 * lines, messages). Tests of a behaviour every family has run `describe.each(RUNTIME_FAMILIES)`;
 * what only one family has stays in its own file (python-runtime, nodejs-runtime).
 */
export interface RuntimeFamily {
  /** The family as test names call it. */
  readonly family: string;
  readonly runtime: string;
  /** A function's properties: this inline code as `index.handler`, with extra properties. */
  readonly inline: (code: string, extra?: Record<string, any>) => Record<string, any>;
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
    /** Defines no `handler`, only `other`. */
    readonly noHandler: string;
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
  };
  /** Context fields only this family has, as the context handler answers them. */
  readonly contextExtras: Record<string, unknown>;
  /** The error document of `handlers.throws` failing in the invocation with this id. */
  readonly thrownError: (requestId: string) => unknown;
  /** What the invocation's log tail holds when `handlers.throws` fails. */
  readonly thrownErrorLog: string;
  /** The log line of `handlers.printer`'s output (without the function name prefix). */
  readonly printedLine: (requestId: string) => unknown;
  /** The message of the init error for a handler in a module that does not exist. */
  readonly missingModuleMessage: (module: string) => unknown;
  /** The message of the init error for `handlers.noHandler`. */
  readonly missingHandlerMessage: string;
}

const PYTHON: RuntimeFamily = {
  family: 'Python',
  runtime: 'python3.11',
  inline: inlinePython,
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
    noHandler: 'def other(e, c):\n    return 1\n',
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
  },
  contextExtras: {},
  thrownError: (requestId) => ({
    errorMessage: 'bad input',
    errorType: 'ValueError',
    requestId,
    stackTrace: [expect.stringMatching(/index\.py", line 3, in handler\n/)],
  }),
  thrownErrorLog: '[ERROR] ValueError: bad input',
  printedLine: () => 'hello from python3.11',
  missingModuleMessage: (module) => `Unable to import module '${module}': No module named '${module}'`,
  missingHandlerMessage: "Handler 'handler' missing on module 'index'",
};

const NODE: RuntimeFamily = {
  family: 'Node.js',
  runtime: 'nodejs20.x',
  inline: inlineNode,
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
    noHandler: 'exports.other = async () => 1;',
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
  },
  contextExtras: { callbackWaitsForEmptyEventLoop: true },
  thrownError: () => ({ errorType: 'TypeError', errorMessage: 'bad input', trace: expect.arrayContaining(['TypeError: bad input']) }),
  thrownErrorLog: 'ERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad input"',
  // console.log writes time, request id and level before the message, as the managed runtime does.
  printedLine: (requestId) => expect.stringMatching(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t${requestId}\\tINFO\\thello from nodejs20\\.x$`)),
  missingModuleMessage: (module) => expect.stringMatching(new RegExp(`^Error: Cannot find module '${module}'`)),
  missingHandlerMessage: 'index.handler is undefined or not exported',
};

export const RUNTIME_FAMILIES: readonly RuntimeFamily[] = [PYTHON, NODE];
