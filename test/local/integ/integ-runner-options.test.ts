import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { integProject, invokeTest, writeProjectFile } from './integ-projects';
import { removeTempDirs, tempDir } from '../local-cloud-support';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'src', 'local', 'cli.ts');
const CLI_ARGS = ['-r', require.resolve('ts-node/register/transpile-only'), CLI, 'integ'];
const WAITER = path.join(__dirname, '..', 'fixtures', 'integ-waiter');

/** `graviton-local integ` as a real process in `cwd`. */
function integ(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [...CLI_ARGS, ...args], { cwd, encoding: 'utf-8', timeout: 120_000 });
  return { code: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr };
}

afterAll(removeTempDirs);

describe('waitForAssertions runs the state machine integ-tests-alpha deploys', () => {
  test('passes once the condition becomes true within the total timeout (the third poll here)', () => {
    const run = integ(ROOT, path.join(WAITER, 'integ.ready-after-polls.ts'), '--directory', WAITER, '--verbose');
    expect(run.lines).toContainEqual(expect.stringMatching(/^PASS integ\.ready-after-polls\.ts HttpApiCall\w+$/));
    expect(run.lines[run.lines.length - 1]).toBe('1 passed, 0 failed');
    expect(run.code).toBe(0);
    // The function was called until it answered "ready": three times, one second apart.
    expect(run.stderr).toMatch(/call 3/);
    expect(run.stderr).not.toMatch(/call 4/);
    expect(run.stderr).toMatch(/\[states\] execution \S+ SUCCEEDED/);
    // --verbose: a passing test's logs and its steps' times are printed too.
    expect(run.stderr).toMatch(/\[integ\] integ\.ready-after-polls\.ts: synthesized in \d+ ms/);
    expect(run.stderr).toMatch(/\[integ\] integ\.ready-after-polls\.ts: deployed and asserted in \d+ ms/);
  }, 120_000);

  test('fails with the last actual value when the condition never becomes true, after 1 + MaxAttempts calls', () => {
    const run = integ(ROOT, path.join(WAITER, 'integ.never-ready.ts'), '--directory', WAITER);
    expect(run.code).toBe(1);
    // totalTimeout 4 s, interval 1 s, backoffRate 2: integ-tests-alpha computes MaxAttempts 2, so three calls.
    expect(run.lines[0]).toMatch(/^FAIL integ\.never-ready\.ts LambdaInvoke\w+: waitForAssertions timed out; last attempt: String '\{"state":"pending","calls":3\}' did not match pattern '"state":"done"'/);
    expect(run.lines[run.lines.length - 1]).toBe('0 passed, 1 failed');
  }, 120_000);
});

describe('graviton-local integ options', () => {
  test('--max-workers 2 runs two tests at once, each in its own offline cloud, and reports both with their times', () => {
    // Each function marks that it ran, then waits until the other test's function has run too:
    // only tests that run at the same time both pass. Both deploy the same stack and function
    // names, which one cloud would refuse.
    const marks = tempDir('graviton-integ-marks-');
    const code = (me: string, other: string) => JSON.stringify([
      "const fs = require('fs');",
      `exports.handler = async () => { fs.writeFileSync(${JSON.stringify(path.join(marks, me))}, ''); `
        + `return { otherRan: fs.existsSync(${JSON.stringify(path.join(marks, other))}) }; };`,
    ].join('\n'));
    const wait = '{ totalTimeout: Duration.seconds(40), interval: Duration.seconds(1), backoffRate: 1 }';
    const project = integProject({
      'integ/integ.left.ts': invokeTest({ stack: 'Same', functionName: 'same-function', code: code('left', 'right'), payloadPattern: '"otherRan":true', wait }),
      'integ/integ.right.ts': invokeTest({ stack: 'Same', functionName: 'same-function', code: code('right', 'left'), payloadPattern: '"otherRan":true', wait }),
    });
    const junit = path.join(project, 'reports', 'integ.xml');
    const run = integ(project, '--max-workers', '2', '--junit', junit);
    expect(run.lines).toContainEqual(expect.stringMatching(/^PASS integ\.left\.ts LambdaInvoke\w+$/));
    expect(run.lines).toContainEqual(expect.stringMatching(/^PASS integ\.right\.ts LambdaInvoke\w+$/));
    expect(run.lines).toContainEqual(expect.stringMatching(/^TIME integ\.left\.ts \d+\.\d s \(1 passed, 0 failed\)$/));
    expect(run.lines).toContainEqual(expect.stringMatching(/^TIME integ\.right\.ts \d+\.\d s \(1 passed, 0 failed\)$/));
    expect(run.lines[run.lines.length - 1]).toBe('2 passed, 0 failed');
    expect(run.code).toBe(0);
    const report = fs.readFileSync(junit, 'utf-8');
    expect(report).toMatch(/<testsuites name="graviton-local integ" tests="2" failures="0"/);
    expect(report).toMatch(/<testsuite name="integ\.left\.ts" tests="1" failures="0" errors="0" skipped="0" time="\d+\.\d{3}"/);
  }, 180_000);

  test('the same two tests one at a time cannot both pass: the first waits for the second in vain', () => {
    const marks = tempDir('graviton-integ-marks-');
    const code = (me: string, other: string) => JSON.stringify(`const fs = require('fs'); exports.handler = async () => { fs.writeFileSync(${JSON.stringify(path.join(marks, me))}, ''); `
      + `return { otherRan: fs.existsSync(${JSON.stringify(path.join(marks, other))}) }; };`);
    const wait = '{ totalTimeout: Duration.seconds(3), interval: Duration.seconds(1), backoffRate: 1 }';
    const project = integProject({
      'integ/integ.left.ts': invokeTest({ stack: 'Left', code: code('left', 'right'), payloadPattern: '"otherRan":true', wait }),
      'integ/integ.right.ts': invokeTest({ stack: 'Right', code: code('right', 'left'), payloadPattern: '"otherRan":true', wait }),
    });
    const run = integ(project, 'integ', '--max-workers', '1');
    expect(run.lines[0]).toMatch(/^FAIL integ\.left\.ts LambdaInvoke\w+: waitForAssertions timed out; last attempt: String '\{"otherRan":false\}'/);
    expect(run.lines).toContainEqual(expect.stringMatching(/^PASS integ\.right\.ts LambdaInvoke\w+$/));
    expect(run.lines[run.lines.length - 1]).toBe('1 passed, 1 failed');
  }, 180_000);

  test('test files named on the command line run alone; a missing one is an error naming it', () => {
    const project = integProject({
      'integ/integ.one.ts': invokeTest({ stack: 'One', code: JSON.stringify('exports.handler = async () => ({ n: 1 });'), payloadPattern: '"n":1' }),
      'integ/integ.two.ts': invokeTest({ stack: 'Two', code: JSON.stringify('exports.handler = async () => ({ n: 2 });'), payloadPattern: '"n":2' }),
    });
    const run = integ(project, 'integ.two.ts');
    expect(run.lines.filter((line) => /^(PASS|FAIL)/.test(line))).toEqual([expect.stringMatching(/^PASS integ\.two\.ts LambdaInvoke\w+$/)]);
    expect(run.code).toBe(0);
    const missing = integ(project, 'integ/integ.three.ts');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('integ/integ.three.ts: no such integ test file (looked in the current folder and in integ)');
  }, 120_000);
});

describe('graviton-local integ --watch', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  test('reruns only the test whose imported file or asset changed, with one line naming the file and the test', async () => {
    const handler = (answer: string) => `exports.handler = async () => ({ answer: ${JSON.stringify(answer)} });\n`;
    const greeting = (answer: string) => `export const CODE = ${JSON.stringify(handler(answer))};\n`;
    const project = integProject({
      'handlers/a/index.js': handler('a1'),
      'lib/b-code.ts': greeting('b1'),
      'integ/integ.a.ts': invokeTest({ stack: 'A', asset: '../handlers/a', payloadPattern: '"answer":"a1"' }),
      'integ/integ.b.ts': invokeTest({ stack: 'B', imports: ["import { CODE } from '../lib/b-code';"], code: 'CODE', payloadPattern: '"answer":"b1"' }),
    });
    child = spawn(process.execPath, [...CLI_ARGS, '--watch'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const waitForLine = (pattern: RegExp, from = 0) => new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line ${pattern} in:\n${lines.join('\n')}\n${stderr.slice(-2000)}`)), 90_000);
      const check = () => {
        const index = lines.findIndex((line, i) => i >= from && pattern.test(line));
        if (index >= 0) {
          clearTimeout(timer);
          child!.stdout!.off('data', onData);
          resolve(index);
        }
      };
      const onData = (chunk: Buffer) => {
        lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
        check();
      };
      child!.stdout!.on('data', onData);
      check();
    });

    const firstEnd = await waitForLine(/^\d+ passed, \d+ failed$/);
    expect(lines[firstEnd]).toBe('2 passed, 0 failed');
    await waitFor(() => stderr.includes('watching'));

    writeProjectFile(project, 'lib/b-code.ts', greeting('b2'));
    const rerun = await waitForLine(/^RERUN /, firstEnd + 1);
    expect(lines[rerun]).toBe(`RERUN lib/b-code.ts changed: ${path.join('integ', 'integ.b.ts')}`);
    const rerunEnd = await waitForLine(/^\d+ passed, \d+ failed$/, rerun + 1);
    const rerunLines = lines.slice(rerun + 1, rerunEnd + 1);
    // The rerun synthesized the changed import: the function now answers b2 where the test expects b1.
    expect(rerunLines[0]).toMatch(/^FAIL integ\.b\.ts LambdaInvoke\w+: String '\{"answer":"b2"\}' did not match pattern '"answer":"b1"'/);
    expect(rerunLines.some((line) => line.includes('integ.a.ts'))).toBe(false);
    expect(rerunLines[rerunLines.length - 1]).toBe('0 passed, 1 failed');

    // A file of a Code.fromAsset folder is a dependency too: aws-cdk-lib read it to fingerprint the asset.
    writeProjectFile(project, 'handlers/a/index.js', handler('a2'));
    const assetRerun = await waitForLine(/^RERUN /, rerunEnd + 1);
    expect(lines[assetRerun]).toBe(`RERUN ${path.join('handlers', 'a', 'index.js')} changed: ${path.join('integ', 'integ.a.ts')}`);
    const assetRerunEnd = await waitForLine(/^\d+ passed, \d+ failed$/, assetRerun + 1);
    expect(lines[assetRerun + 1]).toMatch(/^FAIL integ\.a\.ts LambdaInvoke\w+: String '\{"answer":"a2"\}' did not match pattern '"answer":"a1"'/);
    expect(lines.slice(assetRerun + 1, assetRerunEnd).some((line) => line.includes('integ.b.ts'))).toBe(false);
  }, 240_000);
});

function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) return resolve();
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(poll, 50);
    };
    poll();
  });
}
