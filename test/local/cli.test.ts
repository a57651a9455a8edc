import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import { removeTempDirs, request, writeTemplate } from './local-cloud-support';

const CLI = path.join(__dirname, '..', '..', 'src', 'local', 'cli.ts');
const REFERENCE_YAML = path.join(__dirname, 'fixtures', 'reference-stack.yaml');

/** Runs `graviton-local` as a real process (TypeScript sources, transpiled on the fly). */
function graviton(args: string[]): { child: ChildProcess; stdout: string[]; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    stdout.push(...lines);
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout, stderr: () => stderr, exit };
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const running: ChildProcess[] = [];
afterEach(() => running.splice(0).forEach((child) => child.exitCode === null && child.kill('SIGKILL')));
afterAll(removeTempDirs);

test('serve prints one line per API, the lambda URL and ready; answers HTTP; stops on SIGTERM with exit 0', async () => {
  const run = graviton(['serve', REFERENCE_YAML]);
  running.push(run.child);
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
  const template = writeTemplate({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
  const run = graviton(['serve', template]);
  running.push(run.child);
  expect(await run.exit).toBe(1);
  expect(run.stderr()).toContain('graviton-local: deploy failed: not supported: AWS::SNS::Topic at Topic');
  expect(run.stdout).toEqual([]);
}, 30_000);

test('a bad command line is a usage error with exit code 2', async () => {
  const run = graviton(['serve', 'a', '--port', 'x']);
  running.push(run.child);
  expect(await run.exit).toBe(2);
  expect(run.stderr()).toContain('--port "x": must be a port number');
  expect(run.stderr()).toContain('Usage:');
}, 30_000);
