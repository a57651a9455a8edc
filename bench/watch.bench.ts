/**
 * The developer loop: from saving a handler file to the new code answering on the same URL with
 * `graviton-local serve --watch` (the compiled bin, in a plain-JS CDK project), against the loop
 * without it (stop serve, start it again, which synthesizes and deploys, on a new URL), in one
 * run. Each edit is timed from the file write to the first GET that answers with the new body,
 * polled every 10 ms by this process; the reload line's own figure is given beside it.
 *
 * Usage: npx projen bench:watch   (EDITS overrides the 7 edits per loop)
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { handlerSource, watchedProject } from '../test/local/watched-project';

const CLI = path.join(__dirname, '..', 'lib', 'local', 'cli.js');
const EDITS = Number(process.env.EDITS ?? 7);

interface Server {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
}

function start(args: string[], cwd: string): Server {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      into.push(...lines);
    });
  };
  const server = { child, stdout: [] as string[], stderr: [] as string[] };
  collect(child.stdout!, server.stdout);
  collect(child.stderr!, server.stderr);
  return server;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function answers(url: string, body: string): Promise<boolean> {
  try {
    return (await (await fetch(url)).text()) === body;
  } catch {
    return false;
  }
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function withWatch(): Promise<{ saveToAnswer: number[]; reloadLine: number[]; sameUrl: boolean }> {
  const dir = watchedProject();
  const server = start(['serve', '--watch'], dir);
  try {
    await until(() => server.stdout.includes('ready'), 'ready');
    const url = server.stdout[0].split(' ')[1];
    await until(() => server.stderr.some((line) => line.startsWith('watching ')), 'watching');
    const saveToAnswer: number[] = [];
    const reloadLine: number[] = [];
    for (let i = 2; i < EDITS + 2; i++) {
      const reloads = server.stderr.filter((line) => line.startsWith('reload: ')).length;
      const started = performance.now();
      fs.writeFileSync(path.join(dir, 'handler', 'index.py'), handlerSource(`v${i}`));
      await until(() => answers(url, `v${i} /`), `v${i}`);
      saveToAnswer.push(performance.now() - started);
      await until(() => server.stderr.filter((line) => line.startsWith('reload: ')).length > reloads, 'the reload line');
      reloadLine.push(Number(/in (\d+) ms$/.exec(server.stderr.filter((line) => line.startsWith('reload: ')).pop()!)![1]));
    }
    return { saveToAnswer, reloadLine, sameUrl: server.stdout[0].split(' ')[1] === url };
  } finally {
    await stop(server);
  }
}

async function withRestart(): Promise<number[]> {
  const dir = watchedProject();
  const times: number[] = [];
  let server = start(['serve'], dir);
  await until(() => server.stdout.includes('ready'), 'ready');
  try {
    for (let i = 2; i < EDITS + 2; i++) {
      const started = performance.now();
      fs.writeFileSync(path.join(dir, 'handler', 'index.py'), handlerSource(`v${i}`));
      await stop(server);
      server = start(['serve'], dir);
      await until(() => server.stdout.includes('ready'), 'ready');
      await until(() => answers(server.stdout[0].split(' ')[1], `v${i} /`), `v${i}`);
      times.push(performance.now() - started);
    }
  } finally {
    await stop(server);
  }
  return times;
}

async function main(): Promise<void> {
  const watch = await withWatch();
  const restart = await withRestart();
  const row = (name: string, values: number[], url: string) =>
    `| ${name} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} | ${url} |`;
  console.log([
    `${EDITS} edits of handler/index.py per loop, in a CDK project whose app (plain JavaScript, aws-cdk-lib) defines one Python function and an HTTP API; the compiled bin.`,
    '',
    '| loop | save → new answer, median ms | min ms | max ms | URL |',
    '|---|---|---|---|---|',
    row('`graviton-local serve --watch`', watch.saveToAnswer, watch.sameUrl ? 'the same' : 'changed'),
    row('stop `serve`, start it again', restart, 'a new port each time'),
    '',
    `The reload lines of --watch said (synth + deploy, ms): median ${median(watch.reloadLine)}, min ${Math.min(...watch.reloadLine)}, max ${Math.max(...watch.reloadLine)}.`,
    `**save → new answer, --watch ÷ restart: ${(median(watch.saveToAnswer) / median(restart)).toFixed(2)}**`,
  ].join('\n'));
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
