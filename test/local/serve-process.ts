import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'local', 'cli.ts');

/** A `graviton-local` process and what it printed so far. */
export interface GravitonProcess {
  readonly child: ChildProcess;
  /** Complete stdout lines. */
  readonly stdout: string[];
  /** Complete stderr lines (function output, access logs, API Gateway's messages). */
  readonly stderrLines: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exit: Promise<number | null>;
  /** All of stderr. */
  stderr(): string;
}

const started: ChildProcess[] = [];

/**
 * Runs `graviton-local` as a real process (TypeScript sources, transpiled on the fly). Its
 * environment is `env` when given (else this process's), its working folder `cwd` (else this
 * repository's root); `stopGravitonProcesses` ends what is left.
 */
export function graviton(args: string[], env?: NodeJS.ProcessEnv, cwd = ROOT): GravitonProcess {
  // Resolved here, so the process can run in a folder of its own (a CDK project) too.
  const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), CLI, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), ...(env ?? process.env) },
  });
  started.push(child);
  const stdout = lines(child.stdout!);
  const stderrLines = lines(child.stderr!);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout, stderrLines, exit, stderr: () => stderr };
}

function lines(stream: NodeJS.ReadableStream): string[] {
  const result: string[] = [];
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    result.push(...parts);
  });
  return result;
}

/**
 * Stops every `graviton` process of this test file still running (SIGTERM, so it stops its
 * function processes; SIGKILL after 10 s); for afterEach.
 */
export async function stopGravitonProcesses(): Promise<void> {
  await Promise.all(started.splice(0).map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }));
}

export async function waitFor(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for `ready` and returns the URL of the first API (`<name> <url>` on stdout). */
export async function servedUrl(run: GravitonProcess): Promise<string> {
  await waitFor(() => run.stdout.includes('ready') || run.child.exitCode !== null, 'ready');
  if (!run.stdout.includes('ready')) {
    throw new Error(`graviton-local exited with ${run.child.exitCode}: ${run.stderr()}`);
  }
  return run.stdout[0].split(' ')[1];
}
