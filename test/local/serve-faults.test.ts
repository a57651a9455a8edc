import * as fs from 'fs';
import * as path from 'path';
import { processExists } from './lambda/lambda-test-support';
import { deployOneApi, newCloud, removeTempDirs, request, tempDir, writeTemplate } from './local-cloud-support';
import { descendants } from './process-tree';
import { waitFor } from './serve-process';
import { addFunction, reference } from './templates';
import { LocalCloud } from '../../src/local/local-cloud';

/**
 * Faults over real HTTP: a handler that kills its own process mid-request, one that exits during
 * init, one that never answers, one that writes megabytes to stdout, one that returns 7 MB. Each
 * gets what AWS answers, the broken process is replaced, and the next request succeeds.
 * (Throwing, malformed answers, sleeping past the timeout and the integration timeout are in
 * serve.test.ts; exits at the Lambda level in lambda/timeouts-and-crashes.test.ts.)
 */
const INTERNAL_SERVER_ERROR = '{"message":"Internal Server Error"}';
const STDOUT_LINES = 40_000;
const LONG_LINE_BYTES = 1024 * 1024;

const PYTHON = [
  'import json, os, signal, sys',
  '',
  'def handler(event, context):',
  '    fault = event["pathParameters"]["fault"]',
  '    if fault == "kill":',
  '        os.kill(os.getpid(), signal.SIGKILL)',
  '    if fault == "stdout":',
  `        for i in range(${STDOUT_LINES}):`,
  '            print("line %06d %s" % (i, "x" * 88))',
  `        sys.stdout.write("L" * ${LONG_LINE_BYTES})`,
  '        return {"statusCode": 200, "body": "printed"}',
  '    if fault == "big":',
  '        return {"statusCode": 200, "body": "b" * (7 * 1024 * 1024)}',
  '    return {"statusCode": 200, "body": json.dumps({"pid": os.getpid()})}',
].join('\n');

const NODE = [
  'exports.handler = async (event) => {',
  '  const fault = event.pathParameters.fault;',
  "  if (fault === 'kill') process.kill(process.pid, 'SIGKILL');",
  "  if (fault === 'hang') for (;;) {}",
  "  if (fault === 'big') return { statusCode: 200, body: 'b'.repeat(7 * 1024 * 1024) };",
  '  return { statusCode: 200, body: JSON.stringify({ pid: process.pid }) };',
  '};',
].join('\n');

// Exits during init while the marker file exists (removing it first): the next process starts.
const PYTHON_INIT_EXIT = [
  'import json, os, sys',
  'if os.path.exists(os.environ["MARKER"]):',
  '    os.remove(os.environ["MARKER"])',
  '    print("init exits in", os.getpid())',
  '    sys.exit(1)',
  '',
  'def handler(event, context):',
  '    return {"statusCode": 200, "body": json.dumps({"pid": os.getpid()})}',
].join('\n');

const NODE_INIT_EXIT = [
  "const fs = require('fs');",
  'if (fs.existsSync(process.env.MARKER)) {',
  '  fs.unlinkSync(process.env.MARKER);',
  "  console.log('init exits in', process.pid);",
  '  process.exit(1);',
  '}',
  'exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ pid: process.pid }) });',
].join('\n');

jest.setTimeout(30_000);

let cloud: LocalCloud;
let logs: string[];
let url: string;
let markers: string;
// Processes of this test runner before the cloud starts (jest may run other files in this process).
let runnerProcesses: number[];

beforeAll(async () => {
  runnerProcesses = descendants(process.pid);
  ({ cloud, logs } = newCloud());
  markers = tempDir('graviton-local-markers-');
  const template = reference();
  addFunction(template, 'PyFaulty', { runtime: 'python3.11', code: PYTHON, routeKey: 'GET /py/{fault}' });
  addFunction(template, 'NodeFaulty', { runtime: 'nodejs20.x', code: NODE, routeKey: 'GET /node/{fault}', timeout: 1 });
  addFunction(template, 'PyInitExit', {
    runtime: 'python3.11', code: PYTHON_INIT_EXIT, routeKey: 'GET /py-init', environment: { MARKER: path.join(markers, 'py') },
  });
  addFunction(template, 'NodeInitExit', {
    runtime: 'nodejs20.x', code: NODE_INIT_EXIT, routeKey: 'GET /node-init', environment: { MARKER: path.join(markers, 'node') },
  });
  url = await deployOneApi(cloud, writeTemplate(template));
});

afterAll(async () => {
  await cloud.stop();
  removeTempDirs();
  expect(descendants(process.pid).filter((pid) => !runnerProcesses.includes(pid))).toEqual([]);
});

/** The pid of the process that answered a request that must succeed. */
async function pidOf(requestPath: string): Promise<number> {
  const response = await request(`${url}${requestPath}`);
  expect(response.status).toBe(200);
  return JSON.parse(response.body).pid;
}

describe.each([
  ['Python', 'py'],
  ['Node.js', 'node'],
])('%s', (_runtime, prefix) => {
  test('a handler that kills its own process mid-request: 500, a new process, the next request succeeds', async () => {
    const before = await pidOf(`${prefix}/ok`);

    const crashed = await request(`${url}${prefix}/kill`);
    const after = await pidOf(`${prefix}/ok`);

    console.log(`fault, ${prefix} kill mid-request: ${crashed.status} ${crashed.body}; process ${before} replaced by ${after}`);
    expect(crashed.status).toBe(500);
    expect(crashed.body).toBe(INTERNAL_SERVER_ERROR);
    expect(logs.join('\n')).toMatch(/Runtime\.ExitError.*Runtime exited with error: signal: killed/);
    expect(after).not.toBe(before);
    expect(processExists(before)).toBe(false);
  });

  test('a process that exits during init: 500, then a new process answers', async () => {
    fs.writeFileSync(path.join(markers, prefix), '');

    const crashed = await request(`${url}${prefix}-init`);
    const after = await pidOf(`${prefix}-init`);
    const initLine = logs.find((line) => line.includes('init exits in'));
    const crashedPid = Number(initLine?.split(' ').pop());

    console.log(`fault, ${prefix} exit during init: ${crashed.status} ${crashed.body}; process ${crashedPid} replaced by ${after}`);
    expect(crashed.status).toBe(500);
    expect(crashed.body).toBe(INTERNAL_SERVER_ERROR);
    expect(logs.join('\n')).toMatch(/Runtime exited with error: exit status 1/);
    expect(after).not.toBe(crashedPid);
    expect(processExists(crashedPid)).toBe(false);
    logs.splice(0);
  });

  test('a 7 MB response body, over Lambda\'s 6 MB limit: 500, and the next request succeeds', async () => {
    const tooBig = await request(`${url}${prefix}/big`);

    console.log(`fault, ${prefix} 7 MB body: ${tooBig.status} ${tooBig.body}`);
    expect(tooBig.status).toBe(500);
    expect(tooBig.body).toBe(INTERNAL_SERVER_ERROR);
    expect(logs.join('\n')).toContain('Function.ResponseSizeTooLarge');
    await pidOf(`${prefix}/ok`);
  });
});

test('a Node.js handler that never answers (a busy loop) is killed at its timeout: 500, a new process, the next request succeeds', async () => {
  const before = await pidOf('node/ok');

  const hung = await request(`${url}node/hang`);
  const after = await pidOf('node/ok');

  console.log(`fault, node never answers: ${hung.status} ${hung.body}; process ${before} replaced by ${after}`);
  expect(hung.status).toBe(500);
  expect(hung.body).toBe(INTERNAL_SERVER_ERROR);
  expect(logs.join('\n')).toContain('Task timed out after 1.00 seconds');
  expect(after).not.toBe(before);
  expect(processExists(before)).toBe(false);
});

test('a Python handler that writes megabytes to stdout answers 200 as on AWS; every byte reaches the log and the process stays', async () => {
  const before = await pidOf('py/ok');
  logs.splice(0);

  const printed = await request(`${url}py/stdout`);
  // The tail of the output may still be in the pipe when the answer is out.
  const longLine = () => logs.filter((line) => /^\[[^\]]+\] L+$/.test(line)).map((line) => line.slice(line.indexOf('] ') + 2)).join('');
  await waitFor(() => longLine().length >= LONG_LINE_BYTES, 'the last line of output', 10_000);
  const numbered = logs.filter((line) => / line \d{6} x{88}$/.test(line));

  console.log(`fault, py writes ${((STDOUT_LINES * 101 + LONG_LINE_BYTES) / 1e6).toFixed(1)} MB to stdout: ${printed.status} ${printed.body}`);
  expect(printed.status).toBe(200);
  expect(printed.body).toBe('printed');
  expect(numbered).toHaveLength(STDOUT_LINES);
  expect(longLine()).toHaveLength(LONG_LINE_BYTES);
  expect(await pidOf('py/ok')).toBe(before);
});
