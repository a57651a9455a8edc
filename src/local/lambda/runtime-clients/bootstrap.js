'use strict';
/**
 * The offline cloud's Lambda runtime client for Node.js handlers: our own implementation of the
 * Runtime API client loop, standard library only (CommonJS, `http`).
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 *
 * Environment: _HANDLER (`file.export`, file may be a path `dir/file.export`), LAMBDA_TASK_ROOT
 * (the code folder), and either GRAVITON_LOCAL_RUNTIME_FD (the offline cloud's pipe) or
 * AWS_LAMBDA_RUNTIME_API (host:port of the Runtime API over HTTP).
 */

const fs = require('fs');
const http = require('http');
const path = require('path');
const url = require('url');
const util = require('util');

const net = require('net');

/** The Runtime API over HTTP, as Lambda serves it at AWS_LAMBDA_RUNTIME_API. */
function httpRuntimeApi(address) {
  const [host, port] = address.split(':');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  /** One call; failing to reach the API means the service is gone: exit. */
  const call = (method, apiPath, body, headers) => new Promise((resolve) => {
    const request = http.request({
      host,
      port: Number(port),
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
  const postError = (apiPath, document) => call('POST', apiPath, JSON.stringify(document), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': String(document.errorType),
  });
  return {
    async next() {
      const next = await call('GET', '/invocation/next');
      if (next.status !== 200) {
        process.stderr.write(`runtime client: /invocation/next answered ${next.status}\n`);
        process.exit(1);
      }
      const header = (name) => next.headers[`lambda-runtime-${name}`];
      return {
        invocation: {
          requestId: header('aws-request-id'),
          deadlineMs: Number(header('deadline-ms') ?? 0),
          invokedFunctionArn: header('invoked-function-arn'),
          traceId: header('trace-id'),
          clientContext: header('client-context'),
          cognitoIdentity: header('cognito-identity'),
        },
        body: next.body,
      };
    },
    respond: (requestId, payload) => call('POST', `/invocation/${requestId}/response`, payload, { 'Content-Type': 'application/json' }),
    fail: (requestId, document) => postError(`/invocation/${requestId}/error`, document),
    initFailed: (document) => postError('/init/error', document),
  };
}

/**
 * The same calls over the pipe the offline cloud gives its own runtime clients (fd in
 * GRAVITON_LOCAL_RUNTIME_FD; runtime-pipe.ts): a JSON header line, then the body's bytes.
 */
function pipeRuntimeApi(fd) {
  const socket = new net.Socket({ fd, readable: true, writable: true });
  // The offline cloud is gone: so is this runtime.
  socket.on('error', () => process.exit(1));
  socket.on('end', () => process.exit(1));
  let buffered = Buffer.alloc(0);
  let header;
  let waiter;
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (!header) {
        const newline = buffered.indexOf(0x0a);
        if (newline < 0) return;
        header = JSON.parse(buffered.subarray(0, newline).toString('utf8'));
        buffered = buffered.subarray(newline + 1);
      }
      if (buffered.length < header.length) return;
      const body = buffered.subarray(0, header.length);
      buffered = buffered.subarray(header.length);
      const invocation = header;
      header = undefined;
      // The offline cloud sends an invocation only after a `next`, so someone waits for it.
      const resolve = waiter;
      waiter = undefined;
      resolve({ invocation, body });
    }
  });
  const frame = (fields, body = '') => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    return Buffer.concat([Buffer.from(`${JSON.stringify({ ...fields, length: bytes.length })}\n`), bytes]);
  };
  // A result goes out with the `next` that follows it: one write per invocation.
  let pending = [];
  const send = (buffer) => new Promise((resolve) => socket.write(buffer, () => resolve()));
  return {
    next() {
      const message = Buffer.concat([...pending, frame({ type: 'next' })]);
      pending = [];
      return new Promise((resolve) => {
        waiter = resolve;
        socket.write(message);
      });
    },
    async respond(requestId, payload) {
      pending.push(frame({ type: 'response', requestId, maxRssKb: process.resourceUsage().maxRSS }, payload));
    },
    async fail(requestId, document) {
      pending.push(frame({ type: 'error', requestId, errorType: String(document.errorType), maxRssKb: process.resourceUsage().maxRSS }, JSON.stringify(document)));
    },
    // Sent at once: the process exits after it.
    initFailed: (document) => send(frame({ type: 'initError', errorType: String(document.errorType) }, JSON.stringify(document))),
    /** Sends what is pending now (a result before the process exits). */
    flush: () => (pending.length > 0 ? send(Buffer.concat(pending.splice(0))) : Promise.resolve()),
  };
}

function runtimeApi() {
  const fd = process.env.GRAVITON_LOCAL_RUNTIME_FD;
  delete process.env.GRAVITON_LOCAL_RUNTIME_FD;
  return fd !== undefined ? pipeRuntimeApi(Number(fd)) : httpRuntimeApi(process.env.AWS_LAMBDA_RUNTIME_API);
}

const api = runtimeApi();

// The request id of the latest invocation, for the log format below.
let currentRequestId = undefined;
// The invocation whose handler is running, which an escaped exception fails.
let activeRequestId = undefined;

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

// Lambda's log format and application log level (LoggingConfig), as the managed runtime reads them.
// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html#nodejs-logging-advanced
const JSON_LOGS = (process.env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const MINIMUM_LEVEL = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] ?? LEVELS.TRACE;

function errorFields(error) {
  return {
    errorType: error?.constructor?.name ?? 'UnknownError',
    errorMessage: error.message,
    stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : error.stack,
  };
}

/** A record as the managed runtime writes one in JSON format: timestamp, level, requestId, message (and an error's fields). */
function jsonRecord(level, params) {
  const record = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
  if (params.length === 1) {
    record.message = params[0];
    try {
      return JSON.stringify(record, (_, value) => (value instanceof Error ? { ...errorFields(value), ...value } : value));
    } catch {
      record.message = util.format(params[0]);
      return JSON.stringify(record);
    }
  }
  record.message = util.format(...params);
  const error = params.find((param) => param instanceof Error);
  return JSON.stringify(error ? { ...record, ...errorFields(error) } : record);
}

function logLine(level, ...params) {
  if (LEVELS[level] < MINIMUM_LEVEL) return;
  const line = JSON_LOGS
    ? jsonRecord(level, params)
    : `${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${util.format(...params)}`;
  process.stdout.write(`${line}\n`);
}

/** A handler's, init's or an escaped error as the runtime logs it: a text line, or in JSON the error as the record's message. */
function logError(prefix, document) {
  if (JSON_LOGS) logLine('ERROR', { errorType: document.errorType, errorMessage: document.errorMessage, stackTrace: document.trace });
  else logLine('ERROR', `${prefix} \t${JSON.stringify({ errorType: document.errorType, errorMessage: document.errorMessage, stack: document.trace })}`);
}

// Console output carries time, request id and level, as the managed runtime writes it; below the
// application log level it is dropped. https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };
  for (const [method, level] of Object.entries(levels)) {
    console[method] = (...args) => logLine(level, ...args);
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

/**
 * Lambda's Node.js runtimes include every client of the AWS SDK for JavaScript v3; offline,
 * NODE_PATH has only those this package bundles. A missing one gets a log line saying so.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
function explainMissingSdkClient(message) {
  const missing = /Cannot find module '(@aws-sdk\/[^'/]+)'/.exec(message)?.[1];
  if (!missing) return;
  const provided = (process.env.NODE_PATH ?? '').split(path.delimiter).flatMap((dir) => {
    try {
      return fs.readdirSync(path.join(dir, '@aws-sdk')).filter((name) => /^(client|lib)-/.test(name)).map((name) => `@aws-sdk/${name}`);
    } catch {
      return [];
    }
  });
  logLine('ERROR', `${missing} is not among the AWS SDK clients the offline cloud gives Node.js functions `
    + `(${provided.join(', ') || 'none'}); Lambda's runtime has it: bundle it with the function to run it offline`);
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
    if (error && error.code === 'MODULE_NOT_FOUND') {
      explainMissingSdkClient(error.message);
      throw new InitError('Runtime.ImportModuleError', `Error: ${error.message}`);
    }
    throw error;
  }
  let handler = module;
  for (const part of match[2].split('.')) handler = handler == null ? undefined : handler[part];
  if (handler === undefined) throw new InitError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') throw new InitError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return handler;
}

// https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
function makeContext(invocation, settle) {
  const deadline = Number(invocation.deadlineMs ?? 0);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: invocation.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: parse(invocation.clientContext),
    identity: parse(invocation.cognitoIdentity),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // The legacy completion methods, still offered by the managed runtime.
    done: (error, result) => settle(error, result),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? 'handled'),
  };
}

/** Runs the handler once; resolves with [error, result] from a promise, a callback or context.done. */
function runHandler(handler, event, invocation) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (error, result) => {
      if (settled) return;
      settled = true;
      resolve([error, result]);
    };
    const context = makeContext(invocation, settle);
    try {
      const returned = handler(event, context, settle);
      if (returned && typeof returned.then === 'function') returned.then((result) => settle(null, result), (error) => settle(error ?? 'undefined'));
    } catch (error) {
      settle(error ?? 'undefined');
    }
  });
}

async function handleOne(handler) {
  const { invocation, body } = await api.next();
  const requestId = invocation.requestId;
  currentRequestId = requestId;
  if (invocation.traceId) process.env._X_AMZN_TRACE_ID = invocation.traceId;
  else delete process.env._X_AMZN_TRACE_ID;

  let event;
  try {
    event = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  } catch (error) {
    event = body.toString('utf8');
  }
  activeRequestId = requestId;
  const [error, result] = await runHandler(handler, event, invocation);
  activeRequestId = undefined;
  if (error !== null && error !== undefined) {
    const document = errorDocument(error);
    logError('Invoke Error', document);
    await api.fail(requestId, document);
    return;
  }
  let payload;
  try {
    payload = JSON.stringify(result === undefined ? null : result);
  } catch (marshalError) {
    const document = { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body as json: ${marshalError.message}`, trace: [] };
    logError('Invoke Error', document);
    await api.fail(requestId, document);
    return;
  }
  await api.respond(requestId, payload);
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
    logError('Init Error', document);
    await api.initFailed(document);
    process.exit(1);
  }
  for (;;) await handleOne(handler);
}

// An exception or rejection that escapes the handler (a timer, a forgotten promise) fails the
// invocation in progress and ends the runtime, as the managed runtime does.
async function failAndExit(errorType, reason, exitCode) {
  const document = { ...errorDocument(reason), ...(errorType ? { errorType } : {}) };
  logError(errorType ?? 'Uncaught Exception', document);
  if (activeRequestId !== undefined) await api.fail(activeRequestId, document);
  if (api.flush) await api.flush();
  process.exit(exitCode);
}
process.on('unhandledRejection', (reason) => void failAndExit('Runtime.UnhandledPromiseRejection', reason, 128));
process.on('uncaughtException', (error) => void failAndExit(undefined, error, 129));

main().catch((error) => {
  process.stderr.write(`runtime client failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
