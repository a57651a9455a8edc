'use strict';
/**
 * The offline cloud's Lambda runtime client for Node.js handlers: our own implementation of the
 * Runtime API client loop, standard library only (CommonJS, `http`).
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 *
 * Environment: _HANDLER (`file.export`, file may be a path `dir/file.export`), LAMBDA_TASK_ROOT
 * (the code folder), AWS_LAMBDA_RUNTIME_API (host:port of the Runtime API).
 */

const fs = require('fs');
const http = require('http');
const path = require('path');
const url = require('url');
const util = require('util');

const [apiHost, apiPort] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

// The request id of the latest invocation, for the log format below.
let currentRequestId = undefined;
// The invocation whose handler is running, which an escaped exception fails.
let activeRequestId = undefined;

/** One call to the Runtime API; failing to reach it means the service is gone: exit. */
function call(method, apiPath, body, headers) {
  return new Promise((resolve) => {
    const request = http.request({
      host: apiHost,
      port: Number(apiPort),
      method,
      path: `/2018-06-01/runtime${apiPath}`,
      headers: { ...headers, ...(body !== undefined ? { 'Content-Length': Buffer.byteLength(body) } : {}) },
      agent,
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', () => process.exit(1));
    });
    request.on('error', () => process.exit(1));
    request.end(body);
  });
}

// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html
function errorDocument(error) {
  if (error instanceof Error || (error && typeof error === 'object' && typeof error.stack === 'string')) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: String(error.stack).split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function postError(apiPath, document) {
  return call('POST', apiPath, JSON.stringify(document), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': String(document.errorType),
  });
}

function logLine(level, message) {
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`);
}

// Console output carries time, request id and level, as the managed runtime writes it.
// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => logLine(level, util.format(...args));
  }
}

class InitError extends Error {
  constructor(errorType, message) {
    super(message);
    this.errorType = errorType;
  }
}

async function loadModule(taskRoot, moduleName) {
  const base = path.resolve(taskRoot, moduleName);
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = base + extension;
    if (!fs.existsSync(file)) continue;
    if (extension === '.mjs') return import(url.pathToFileURL(file).href);
    try {
      return require(file);
    } catch (error) {
      // A .js file under a package.json with "type": "module" is an ES module; Node versions
      // that require() ES modules still refuse those with top-level await.
      if (error && ['ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE'].includes(error.code)) return import(url.pathToFileURL(file).href);
      throw error;
    }
  }
  // Not a file of the task root: a package, resolved from the task root as Node would.
  return require(require.resolve(moduleName, { paths: [taskRoot] }));
}

// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
async function loadHandler(taskRoot, handlerString) {
  const match = /^([^.]*)\.(.*)$/.exec(path.basename(handlerString));
  if (!match) throw new InitError('Runtime.MalformedHandlerName', 'Bad handler');
  const moduleName = path.join(path.dirname(handlerString), match[1]);
  let module;
  try {
    module = await loadModule(taskRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new InitError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    if (error && error.code === 'MODULE_NOT_FOUND') throw new InitError('Runtime.ImportModuleError', `Error: ${error.message}`);
    throw error;
  }
  let handler = module;
  for (const part of match[2].split('.')) handler = handler == null ? undefined : handler[part];
  if (handler === undefined) throw new InitError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new InitError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return handler;
}

// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
function makeContext(headers, settle) {
  const deadline = Number(headers['lambda-runtime-deadline-ms'] ?? 0);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(headers['lambda-runtime-client-context']),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // The legacy completion methods, still offered by the managed runtime.
    done: (error, result) => settle(error, result),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? 'handled'),
  };
}

/** Runs the handler once; resolves with [error, result] from a promise, a callback or context.done. */
function runHandler(handler, event, headers) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      resolve([error, result]);
    };
    const context = makeContext(headers, settle);
    try {
      const returned = handler(event, context, settle);
      if (returned && typeof returned.then === 'function') returned.then((result) => settle(null, result), (error) => settle(error ?? 'undefined'));
    } catch (error) {
      settle(error ?? 'undefined');
    }
  });
}

async function handleOne(handler) {
  const next = await call('GET', '/invocation/next');
  if (next.status !== 200) {
    process.stderr.write(`runtime client: /invocation/next answered ${next.status}\n`);
    process.exit(1);
  }
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  currentRequestId = requestId;
  if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;

  let event;
  try {
    event = next.body.length > 0 ? JSON.parse(next.body.toString('utf8')) : {};
  } catch (error) {
    event = next.body.toString('utf8');
  }
  activeRequestId = requestId;
  const [error, result] = await runHandler(handler, event, next.headers);
  activeRequestId = undefined;
  if (error !== null && error !== undefined) {
    const document = errorDocument(error);
    logLine('ERROR', `Invoke Error \t${JSON.stringify({ errorType: document.errorType, errorMessage: document.errorMessage, stack: document.trace })}`);
    await postError(`/invocation/${requestId}/error`, document);
    return;
  }
  let payload;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (marshalError) {
    const document = { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body as json: ${marshalError.message}`, trace: [] };
    logLine('ERROR', `Invoke Error \t${JSON.stringify(document)}`);
    await postError(`/invocation/${requestId}/error`, document);
    return;
  }
  await call('POST', `/invocation/${requestId}/response`, payload, { 'Content-Type': 'application/json' });
}

async function main() {
  patchConsole();
  const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  let handler;
  try {
    handler = await loadHandler(taskRoot, process.env._HANDLER || '');
  } catch (error) {
    const document = error instanceof InitError
      ? { errorType: error.errorType, errorMessage: error.message, trace: [] }
      : errorDocument(error);
    logLine('ERROR', `Init Error \t${JSON.stringify({ errorType: document.errorType, errorMessage: document.errorMessage, stack: document.trace })}`);
    await postError('/init/error', document);
    process.exit(1);
  }
  for (;;) await handleOne(handler);
}

// An exception or rejection that escapes the handler (a timer, a forgotten promise) fails the
// invocation in progress and ends the runtime, as the managed runtime does.
async function failAndExit(errorType, reason, exitCode) {
  const document = { ...errorDocument(reason), ...(errorType ? { errorType } : {}) };
  logLine('ERROR', `${errorType ?? 'Uncaught Exception'} \t${JSON.stringify({ errorType: document.errorType, errorMessage: document.errorMessage, stack: document.trace })}`);
  if (activeRequestId !== undefined) await postError(`/invocation/${activeRequestId}/error`, document);
  process.exit(exitCode);
}
process.on('unhandledRejection', (reason) => void failAndExit('Runtime.UnhandledPromiseRejection', reason, 128));
process.on('uncaughtException', (error) => void failAndExit(undefined, error, 129));

main().catch((error) => {
  process.stderr.write(`runtime client failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
