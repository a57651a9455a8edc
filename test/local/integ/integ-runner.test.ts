import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { assertionIds, lastWaiterFailure, oneLineMessage, parseAssertionResult } from '../../../src/local/integ/assertion-results';
import { discoverIntegTests } from '../../../src/local/integ/integ-discovery';
import { isSupportedApiCall } from '../../../src/local/integ/supported-api-calls';
import { removeTempDirs, tempDir } from '../local-cloud-support';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src', 'local', 'cli.ts');
const FAILING = path.join(__dirname, '..', 'fixtures', 'integ-failing');
const AWS_APIS = path.join(__dirname, '..', 'fixtures', 'integ-aws-apis');

/** `graviton-local integ` as a real process, from the repository root as a user's project. */
function integ(...args: string[]) {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, 'integ', ...args], {
    cwd: ROOT, encoding: 'utf-8', timeout: 60_000,
  });
  return { code: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr };
}

afterAll(removeTempDirs);

describe('graviton-local integ can fail', () => {
  test('an expectation the function does not meet ends with "1 failed" and exit code 1', () => {
    const run = integ(FAILING, '--filter', 'wrong-greeting');
    expect(run.code).toBe(1);
    expect(run.lines).toContainEqual(expect.stringMatching(/^FAIL integ\.wrong-greeting\.ts HttpApiCall\w+: Expected Hello but received Hello form Awstut ! \| actual: .*"status": 200/));
    expect(run.lines).toContainEqual(expect.stringMatching(/^PASS integ\.wrong-greeting\.ts HttpApiCall\w+$/));
    expect(run.lines[run.lines.length - 1]).toBe('1 passed, 1 failed');
  }, 60_000);

  test('a function that throws fails the assertion with the 500 it caused', () => {
    const run = integ(FAILING, '--filter', 'function-throws');
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(/^FAIL integ\.function-throws\.ts HttpApiCall\w+: Expected 200 but received 500/);
    expect(run.lines[run.lines.length - 1]).toBe('0 passed, 1 failed');
    expect(run.stderr).toContain('broken on purpose');
  }, 60_000);

  test('a stack with a resource type the offline cloud does not emulate fails, naming the resource and --allow-placeholders', () => {
    const run = integ(FAILING, '--filter', 'unsupported-resource');
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(/^FAIL integ\.unsupported-resource\.ts HttpApiCall\w+: deploy failed: not supported: AWS::SQS::Queue at Queue\w+ \(integ does not deploy placeholders .*; --allow-placeholders deploys it as one and marks the results\)$/);
    expect(run.lines[run.lines.length - 1]).toBe('0 passed, 1 failed');
  }, 60_000);

  test('with --allow-placeholders the same test runs, each result marked with the stack and its placeholder types', () => {
    const run = integ(FAILING, '--filter', 'unsupported-resource', '--allow-placeholders');
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/^PASS\* integ\.unsupported-resource\.ts HttpApiCall\w+ \(stack UnsupportedResource has placeholders: AWS::SQS::Queue\)$/);
    expect(run.lines[run.lines.length - 1]).toBe('1 passed, 0 failed (1 marked *: their stacks have placeholders)');
  }, 60_000);

  test('an SDK call to a service the offline cloud does not emulate is reported as not supported, a failure', () => {
    const run = integ(FAILING, '--filter', 'aws-api-call');
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(/^FAIL integ\.aws-api-call\.ts \(assertions\): not supported: awsApiCall S3\.listBuckets \(\w+\) in integ\.aws-api-call\.ts/);
    expect(run.lines[run.lines.length - 1]).toBe('0 passed, 1 failed');
  }, 60_000);

  test('an SDK call the offline cloud does not answer names the calls it does answer', () => {
    const run = integ(FAILING, '--filter', 'aws-api-call');
    expect(run.lines[0]).toMatch(/the offline cloud answers lambda: Invoke, .*cloudwatch-logs: FilterLogEvents, .*apigatewayv2: .*iam: GetRole, .*sts: GetCallerIdentity; dynamodb: .*GetItem, .*Query, .*UpdateTimeToLive$/);
  }, 60_000);

  test('a directory without integ tests is an error, not a pass', () => {
    const run = integ(tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no integ\.\*\.ts files under/);
  }, 60_000);
});

describe('graviton-local integ with nested stacks', () => {
  test('a construct two nested stacks deep passes its assertion, unmarked', () => {
    const run = integ(path.join(__dirname, '..', 'fixtures', 'integ-nested'));
    expect(run.code).toBe(0);
    expect(run.lines[0]).toMatch(/^PASS integ\.nested-stack\.ts HttpApiCall\w+$/);
    expect(run.lines[run.lines.length - 1]).toBe('1 passed, 0 failed');
  }, 60_000);
});

describe('graviton-local integ answers awsApiCall', () => {
  test('STS, IAM and CloudWatch Logs calls run in integ-tests-alpha\'s unmodified handler and pass', () => {
    const run = integ(AWS_APIS);
    expect(run.lines).toEqual([
      expect.stringMatching(/^PASS integ\.aws-apis\.ts AwsApiCallSTSgetCallerIdentity\w*$/),
      expect.stringMatching(/^PASS integ\.aws-apis\.ts AwsApiCallIAMGetRole\w+$/),
      expect.stringMatching(/^PASS integ\.aws-apis\.ts AwsApiCallawssdkclientcloudwatchlogsDescribeLogGroupsCommand\w+$/),
      expect.stringMatching(/^TIME integ\.aws-apis\.ts \d+\.\d s \(3 passed, 0 failed\)$/),
      '3 passed, 0 failed',
    ]);
    expect(run.code).toBe(0);
  }, 120_000);
});

describe('the supported SDK calls', () => {
  test.each([
    ['CloudWatchLogs', 'filterLogEvents'],
    ['@aws-sdk/client-cloudwatch-logs', 'FilterLogEventsCommand'],
    ['Lambda', 'getFunctionConfiguration'],
    ['lambda', 'Invoke'],
    ['ApiGatewayV2', 'getRoutes'],
    ['IAM', 'listAttachedRolePolicies'],
    ['STS', 'GetCallerIdentity'],
  ])('%s.%s is answered, whatever the form of its names', (service, api) => {
    expect(isSupportedApiCall(service, api)).toBe(true);
  });

  test.each([
    ['S3', 'listBuckets'],
    ['Lambda', 'updateFunctionCode'],
    ['CloudWatchLogs', 'putLogEvents'],
    ['IAM', 'createRole'],
  ])('%s.%s is not', (service, api) => {
    expect(isSupportedApiCall(service, api)).toBe(false);
  });
});

describe('discoverIntegTests', () => {
  test('finds integ.*.ts recursively, skips snapshots, node_modules and compiled twins, sorted', () => {
    const dir = tempDir();
    for (const file of ['integ.b.ts', 'integ.a.ts', 'integ.a.js', 'integ.c.js', 'sub/integ.sub.ts', 'integ.e.ts.snapshot/integ.x.ts', 'node_modules/integ.y.ts', 'notinteg.ts', 'integ.z.d.ts']) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '');
    }
    expect(discoverIntegTests(dir).map((f) => path.relative(dir, f))).toEqual(['integ.a.ts', 'integ.b.ts', 'integ.c.js', path.join('sub', 'integ.sub.ts')]);
    expect(discoverIntegTests(dir, 'integ.b').map((f) => path.basename(f))).toEqual(['integ.b.ts']);
  });
});

describe('assertion results', () => {
  test('are the AssertionResults outputs, success or fail with the handler\'s message', () => {
    expect(assertionIds({ AssertionResultsHttpApiCallabc: {}, Other: {} })).toEqual(['HttpApiCallabc']);
    expect(parseAssertionResult('a', '{"status":"success"}')).toEqual({ id: 'a', passed: true });
    expect(parseAssertionResult('a', '{"status":"fail","message":"m"}')).toEqual({ id: 'a', passed: false, message: 'm' });
    expect(parseAssertionResult('a', 'garbage').passed).toBe(false);
  });

  test('a failure message is put on one line, mismatches first', () => {
    expect(oneLineMessage('{\n!! Expected 1 but received 2\n  "status": 2\n}')).toBe('Expected 1 but received 2 | actual: { "status": 2 }');
  });

  test('the last mismatch a waiter logged is the last "Assertion Failed" line of the isComplete function', () => {
    const attempt = (n: number) => `[Fn] 2026-01-01T00:00:0${n}Z\tid-${n}\tINFO\tAssertion Failed: `
      + JSON.stringify({ failed: true, assertion: JSON.stringify({ status: 'fail', message: `!! Expected done but received pending ${n}` }) });
    expect(lastWaiterFailure([attempt(1), '[Fn] END RequestId: id-1', attempt(2), '[Fn] REPORT RequestId: id-2'])).toBe('!! Expected done but received pending 2');
    expect(lastWaiterFailure(['[Fn] START RequestId: id-1', '[Fn] INFO\tAssertion Failed: not json'])).toBeUndefined();
  });
});
