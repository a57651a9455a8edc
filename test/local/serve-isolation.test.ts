import * as fs from 'fs';
import * as net from 'net';
import { processExists } from './lambda/lambda-test-support';
import { removeTempDirs, request, tempDir, writeTemplate } from './local-cloud-support';
import { listeningSockets } from './process-tree';
import { GravitonProcess, graviton, servedUrl, stopGravitonProcesses, waitFor } from './serve-process';
import { addFunction, reference } from './templates';
import { RESERVED_ENVIRONMENT_KEYS } from '../../src/aws-limits';

/**
 * Isolation of `graviton-local serve`: loopback only unless --host says otherwise, functions see
 * none of the user's environment unless --pass-env names it, temporary files are gone after
 * SIGINT and SIGTERM, and a second serve on a taken port fails clearly.
 */
jest.setTimeout(60_000);

// What the user's shell holds: none of it may reach a function, except what --pass-env names.
const USER_ENVIRONMENT = {
  AWS_ACCESS_KEY_ID: 'AKIAUSERSOWNKEY00001',
  AWS_SECRET_ACCESS_KEY: 'users-own-secret-access-key',
  AWS_SESSION_TOKEN: 'users-own-session-token',
  AWS_PROFILE: 'users-profile',
  AWS_REGION: 'eu-central-1',
  MY_SHELL_VAR: 'users-shell-value',
  PASSED_ON: 'passed-on-value',
};
// Variables the offline cloud adds for its own plumbing (README, "Local serving").
// PYTHONPATH ends with the boto3 folder (Python functions); the endpoints are those of the local
// service APIs (AWS_ENDPOINT_URL_DYNAMODB comes with a table).
const PLUMBING = ['NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'GRAVITON_LOCAL_CFN_RESPONSE_ENDPOINT',
  ...['LAMBDA', 'CLOUDWATCH_LOGS', 'APIGATEWAYV2', 'IAM', 'STS', 'SFN', 'DYNAMODB'].map((service) => `AWS_ENDPOINT_URL_${service}`)];
// Lambda's own variables: the reserved ones and the others it documents.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
const LAMBDA = [...RESERVED_ENVIRONMENT_KEYS, 'TZ', 'LANG', 'PATH'];

const PYTHON_ENV = 'import json, os\ndef handler(event, context):\n    return {"pid": os.getpid(), "env": dict(os.environ)}\n';
const NODE_ENV = 'exports.handler = async () => ({ pid: process.pid, env: process.env });';

afterEach(stopGravitonProcesses);
afterAll(removeTempDirs);

function template(): string {
  const withEnvironments = reference();
  addFunction(withEnvironments, 'PyEnv', { runtime: 'python3.11', code: PYTHON_ENV, routeKey: 'GET /env/py', environment: { FROM_TEMPLATE: 'template-value' } });
  addFunction(withEnvironments, 'NodeEnv', { runtime: 'nodejs20.x', code: NODE_ENV, routeKey: 'GET /env/node', environment: { FROM_TEMPLATE: 'template-value' } });
  return writeTemplate(withEnvironments);
}

/** `graviton-local serve` with the user's environment above, PATH, and its own TMPDIR. */
function serve(args: string[]): { run: GravitonProcess; tmp: string } {
  const tmp = tempDir('graviton-local-tmpdir-');
  // ts-node, which runs the CLI from its sources here, would keep a compile cache in TMPDIR.
  const run = graviton(['serve', ...args], { PATH: process.env.PATH, TMPDIR: tmp, DISABLE_V8_COMPILE_CACHE: '1', ...USER_ENVIRONMENT });
  return { run, tmp };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('loopback only, no leaked environment, and SIGINT leaves no process and no temporary file', async () => {
  const { run, tmp } = serve([template(), '--pass-env', 'PASSED_ON']);
  const url = await servedUrl(run);
  const lambdaUrl = run.stdout.find((line) => line.startsWith('lambda '))!.split(' ')[1];

  const answers = await Promise.all(['py', 'node'].map(async (runtime) => JSON.parse((await request(`${url}env/${runtime}`)).body)));

  // Every socket the server listens on (APIs, Invoke API, custom resource and Runtime API endpoints) is loopback.
  const sockets = listeningSockets(run.child.pid!);
  expect(sockets.map((socket) => socket.port)).toEqual(expect.arrayContaining([Number(new URL(url).port), Number(new URL(lambdaUrl).port)]));
  expect(sockets.filter((socket) => socket.address !== '127.0.0.1')).toEqual([]);
  expect(run.stderr()).not.toContain('warning: --host');

  for (const { env } of answers) {
    const allowed = new Set([...LAMBDA, ...PLUMBING, 'FROM_TEMPLATE', 'PASSED_ON']);
    // Python sets LC_CTYPE itself when LANG names a locale this machine lacks (PEP 538).
    const ownLocale = (name: string) => name === 'LC_CTYPE' && env.LC_CTYPE === 'C.UTF-8';
    expect(Object.keys(env).filter((name) => !allowed.has(name) && !ownLocale(name))).toEqual([]);
    expect(env).toMatchObject({ FROM_TEMPLATE: 'template-value', PASSED_ON: 'passed-on-value', AWS_REGION: 'us-east-1' });
    const leaked = Object.entries(USER_ENVIRONMENT).filter(([name, value]) => name !== 'PASSED_ON' && JSON.stringify(env).includes(value));
    expect(leaked).toEqual([]);
  }
  expect(fs.readdirSync(tmp)).toEqual([expect.stringMatching(/^offline-lambda-/)]);

  run.child.kill('SIGINT');
  expect(await run.exit).toBe(0);
  expect(fs.readdirSync(tmp)).toEqual([]);
  expect(answers.filter(({ pid }) => processExists(pid))).toEqual([]);
});

test('SIGTERM leaves no temporary file; a second serve on the same port fails clearly and the first keeps serving', async () => {
  const port = await freePort();
  const first = serve([template(), '--port', String(port)]);
  const url = await servedUrl(first.run);
  const { pid } = JSON.parse((await request(`${url}env/py`)).body);

  const second = serve([template(), '--port', String(port)]);
  expect(await second.run.exit).toBe(1);
  expect(second.run.stderr()).toContain(`port ${port} on 127.0.0.1 is already in use; choose another --port or stop what listens there`);
  expect(second.run.stdout).toEqual([]);
  expect(fs.readdirSync(second.tmp)).toEqual([]);
  expect((await request(url)).status).toBe(200);

  first.run.child.kill('SIGTERM');
  expect(await first.run.exit).toBe(0);
  expect(fs.readdirSync(first.tmp)).toEqual([]);
  expect(processExists(pid)).toBe(false);
});

test('--host 0.0.0.0 warns that the servers are reachable from other machines, and binds what it says', async () => {
  const { run } = serve([writeTemplate(reference()), '--host', '0.0.0.0']);
  const url = await servedUrl(run);

  await waitFor(() => run.stderr().includes('warning: --host 0.0.0.0'), 'the warning');
  expect(run.stderr()).toContain('reachable from other machines');
  expect(listeningSockets(run.child.pid!)).toContainEqual({ address: '0.0.0.0', port: Number(new URL(url).port) });
});
