'use strict';
/**
 * Stands in for a custom runtime's `bootstrap` that this machine cannot execute (a binary of the
 * other architecture, no qemu-user to run it): it logs why and reports an init error through the
 * HTTP Runtime API, as Lambda reports a bootstrap it cannot exec (Runtime.InvalidEntrypoint), so
 * each invocation is a function error whose log says what to do, and the deploy still succeeds.
 *
 * Usage: node cannot-run.js <reason>   (AWS_LAMBDA_RUNTIME_API from the environment)
 */
const http = require('http');

const reason = process.argv[2];
process.stderr.write(`${reason}\n`);
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const body = JSON.stringify({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: reason });
const request = http.request({
  host,
  port: Number(port),
  method: 'POST',
  path: '/2018-06-01/runtime/init/error',
  headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Lambda-Runtime-Function-Error-Type': 'Runtime.InvalidEntrypoint' },
}, (response) => {
  response.resume();
  response.on('end', () => process.exit(1));
});
request.on('error', () => process.exit(1));
request.end(body);
