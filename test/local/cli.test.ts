import { removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { graviton, stopGravitonProcesses, waitFor } from './serve-process';
import { REFERENCE_YAML } from './templates';

afterEach(stopGravitonProcesses);
afterAll(removeTempDirs);

test('serve prints one line per API, the lambda URL and ready; answers HTTP; stops on SIGTERM with exit 0', async () => {
  const run = graviton(['serve', REFERENCE_YAML]);
  await waitFor(() => run.stdout.includes('ready'), 'ready');

  expect(run.stdout).toHaveLength(3);
  expect(run.stdout[0]).toMatch(/^reference-stack\/HttpApi http:\/\/127\.0\.0\.1:\d+\/$/);
  expect(run.stdout[1]).toMatch(/^lambda http:\/\/127\.0\.0\.1:\d+$/);
  const url = run.stdout[0].split(' ')[1];
  expect((await request(url)).body).toBe('"Hello form Awstut !"');

  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
}, 30_000);

test('a deploy error is printed with the file and logical id, and the exit code is 1', async () => {
  const template = writeTemplate({ Resources: { Subscription: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email' } } } });
  const run = graviton(['serve', template]);
  expect(await run.exit).toBe(1);
  expect(run.stderr()).toContain(`graviton-local: deploy failed: ${template}: Subscription: AWS::SNS::Subscription: required property TopicArn missing`);
  expect(run.stdout).toEqual([]);
}, 30_000);

test('a bad command line is a usage error with exit code 2', async () => {
  const run = graviton(['serve', 'a', '--port', 'x']);
  expect(await run.exit).toBe(2);
  expect(run.stderr()).toContain('--port "x": must be a port number');
  expect(run.stderr()).toContain('Usage:');
  expect(run.stderr()).toContain('--concurrency N');
}, 30_000);

test('--jwt-unverified prints a warning at start: JWT signatures are not verified', async () => {
  // A malformed template, so the process exits after the warning.
  const template = writeTemplate({ Resources: { Subscription: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'email' } } } });
  const run = graviton(['serve', template, '--jwt-unverified']);
  expect(await run.exit).toBe(1);
  expect(run.stderr()).toContain('warning: --jwt-unverified: JWT authorizers do not verify token signatures; '
    + 'any token with the right issuer, audience, times and scopes is accepted, a forged one too (API Gateway would answer 401)');
}, 30_000);
