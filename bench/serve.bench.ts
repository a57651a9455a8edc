/**
 * `graviton-local serve` against what a user would run instead, side by side in one run on
 * loopback: serverless-offline (Serverless Framework v3) serving the same Python and Node.js
 * handlers, and a bare node:http server returning the same body (the ceiling).
 *
 * Every server is its own process, started as a user starts it; autocannon, the load generator,
 * is another process; this process only starts them and samples /proc. The rounds interleave the
 * servers (each gets one autocannon run per round, the order rotated every round), so a noisy
 * moment of a shared machine falls on all of them alike.
 *
 * Usage: npx projen bench:serve   (compiles first; DURATION, CONNECTIONS, ROUNDS and STARTS override 10, 10, 5, 5)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AUTOCANNON_VERSION, LoadRun, autocannon, median } from './load';
import { TreeSample, TreeSampler, mebibytes, sampleTree } from './process-tree';
import {
  NODE_CODE, Server, checkCompiled, tempDir, get, installServerlessOffline, startBare, startGravitonLocal, startServerlessOffline,
  verify, writeServerlessService,
} from './servers';
import { REFERENCE_YAML, addFunction, reference } from '../test/local/templates';

// 10 s a run (autocannon -c10 -d10, as such figures are usually quoted): shorter runs are noisier.
const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const STARTS = Number(process.env.STARTS ?? 5);
const WARM_UP_SECONDS = 2;
// /proc is read this often during load; more often would take CPU from the two being measured.
const SAMPLE_MS = 100;
const PYTHON_VERSION = execFileSync('python3', ['--version'], { encoding: 'utf-8' }).trim();

interface Target {
  readonly label: string;
  readonly server: Server;
  /** The route, relative to the server's URL. */
  readonly route: string;
  readonly runs: LoadRun[];
  /** Peaks of the server's process tree during this target's runs. */
  readonly peaks: { rssBytes: number; functionProcesses: number; descendants: number };
}

/** The reference template plus a Node.js function behind `GET /node`: what serverless-offline serves too. */
function twoFunctionTemplate(dir: string): string {
  const template = reference();
  addFunction(template, 'NodeFunction', { runtime: 'nodejs20.x', code: NODE_CODE, routeKey: 'GET /node' });
  const file = path.join(dir, 'two-functions.json');
  fs.writeFileSync(file, JSON.stringify(template, undefined, 2));
  return file;
}

/** Start → ready, then the first request (it starts the Python function process), STARTS times with a new server each. */
async function startUp(start: () => Promise<Server>): Promise<{ startMs: number; coldMs: number }> {
  const starts: number[] = [];
  const colds: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const server = await start();
    try {
      starts.push(server.startMs);
      const first = await get(server.url);
      if (first.status !== 200) throw new Error(`${server.name}: first request answered ${first.status}: ${first.body}\n${server.outputTail()}`);
      colds.push(first.ms);
    } finally {
      await server.stop();
    }
  }
  return { startMs: median(starts), coldMs: median(colds) };
}

async function measureRound(targets: Target[], round: number): Promise<void> {
  // Rotate the order so that no server always runs first (or right after the same one).
  const order = targets.map((_, i) => targets[(i + round) % targets.length]);
  for (const target of order) {
    const sampler = new TreeSampler(target.server.pid, SAMPLE_MS).start();
    try {
      target.runs.push(await autocannon(target.server.url + target.route, CONNECTIONS, DURATION));
    } finally {
      sampler.stop();
    }
    target.peaks.rssBytes = Math.max(target.peaks.rssBytes, sampler.peakRssBytes);
    target.peaks.functionProcesses = Math.max(target.peaks.functionProcesses, sampler.peakFunctionProcesses);
    target.peaks.descendants = Math.max(target.peaks.descendants, sampler.peakDescendants);
  }
}

async function main(): Promise<void> {
  checkCompiled();
  installServerlessOffline();
  const work = tempDir('bench-serve-');
  const servers: Server[] = [];
  try {
    // Start-up and cold start: the reference template (one Python function) and the same in serverless-offline.
    const pythonOnly = writeServerlessService([{ name: 'python', path: '/' }]);
    const gravitonStart = await startUp(() => startGravitonLocal(REFERENCE_YAML));
    const serverlessStart = await startUp(() => startServerlessOffline(pythonOnly));
    fs.rmSync(pythonOnly, { recursive: true, force: true });

    // Throughput: all three servers up at once, each idle while another is measured.
    const bothFunctions = writeServerlessService([{ name: 'python', path: '/' }, { name: 'node', path: '/node' }]);
    const bare = await startBare();
    servers.push(bare);
    const graviton = await startGravitonLocal(twoFunctionTemplate(work));
    servers.push(graviton);
    const serverless = await startServerlessOffline(bothFunctions);
    servers.push(serverless);
    const target = (label: string, server: Server, route: string): Target => ({
      label, server, route, runs: [], peaks: { rssBytes: 0, functionProcesses: 0, descendants: 0 },
    });
    const targets = [
      target('bare node:http', bare, ''),
      target('graviton-local serve, Python', graviton, ''),
      target('graviton-local serve, Node.js', graviton, 'node'),
      target('serverless-offline, Python', serverless, ''),
      target('serverless-offline, Node.js', serverless, 'node'),
    ];
    for (const t of targets) {
      // Real answers first, at the load's concurrency (this starts the function processes it will
      // use), then a short autocannon run that is not counted.
      await verify(t.server, t.route, CONNECTIONS);
      await autocannon(t.server.url + t.route, CONNECTIONS, WARM_UP_SECONDS);
    }
    for (let round = 0; round < ROUNDS; round++) await measureRound(targets, round);
    for (const t of targets) await verify(t.server, t.route, 1); // still answering right after the load
    const idle = new Map(servers.map((s) => [s, sampleTree(s.pid)]));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    fs.rmSync(bothFunctions, { recursive: true, force: true });

    report(targets, idle, gravitonStart, serverlessStart);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function report(targets: Target[], idle: Map<Server, TreeSample>,
  gravitonStart: { startMs: number; coldMs: number }, serverlessStart: { startMs: number; coldMs: number }): void {
  const cpus = os.cpus();
  const rps = (t: Target) => median(t.runs.map((r) => r.rps));
  const byLabel = (label: string) => targets.find((t) => t.label === label)!;
  const bareRps = rps(targets[0]);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), Node ${process.version}, loopback 127.0.0.1`);
  console.log(`load: autocannon ${AUTOCANNON_VERSION} in its own process, ${CONNECTIONS} keep-alive connections for ${DURATION} s per run; `
    + `${ROUNDS} interleaved rounds (every server once per round, order rotated), after ${CONNECTIONS} checked answers and a ${WARM_UP_SECONDS} s warm-up run per server; `
    + `figures are medians over the rounds. Memory: sum of VmRSS over each server's process tree (/proc), sampled every ${SAMPLE_MS} ms during its runs.`);
  console.log('servers: `node lib/local/cli.js serve` (compiled, default settings) with the reference template plus a Node.js function on GET /node; '
    + 'serverless 3.40.0 + serverless-offline 13.9.0 (bench/serverless-offline.sh, its default handler runners and logging: two lines per request) '
    + 'with the same handlers on httpApi routes (payload 2.0); node:http in its own process.');
  console.log(`Python: both run this machine's python3 (${PYTHON_VERSION}). graviton-local runs the template's python3.12 with it (and warns); `
    + 'serverless-offline 13 knows Python up to python3.11, so its service says python3.11, and it starts `python3` (the runtime name up to its first dot) '
    + 'through `/bin/sh -c`, one process per concurrent invocation, kept warm. Its Node.js handlers run in worker threads inside the serverless process.');
  console.log('\n| start-up (median of ' + STARTS + ', a new server process each) | start → ready ms | first GET / ms (cold: starts the Python function) |');
  console.log('|---|---|---|');
  console.log(`| graviton-local serve, reference template | ${gravitonStart.startMs.toFixed(0)} | ${gravitonStart.coldMs.toFixed(1)} |`);
  console.log(`| serverless-offline, same Python function | ${serverlessStart.startMs.toFixed(0)} | ${serverlessStart.coldMs.toFixed(1)} |`);

  console.log('\n| server, handler | req/s | req/s by round | p50 ms | p99 ms | errors + non-2xx (all rounds) | last ÷ first round req/s | peak tree MiB | peak function processes (+ shells) | req/s ÷ bare |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const t of targets) {
    const bad = t.runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    const decline = t.runs[t.runs.length - 1].rps / t.runs[0].rps;
    const shells = t.peaks.descendants - t.peaks.functionProcesses;
    console.log(`| ${t.label} | ${rps(t).toFixed(0)} | ${t.runs.map((r) => r.rps.toFixed(0)).join(', ')} | ${median(t.runs.map((r) => r.p50)).toFixed(1)} | `
      + `${median(t.runs.map((r) => r.p99)).toFixed(1)} | ${bad} of ${t.runs.reduce((sum, r) => sum + r.requests, 0)} | ${decline.toFixed(2)} | `
      + `${mebibytes(t.peaks.rssBytes)} | ${t.peaks.functionProcesses}${shells > 0 ? ` (+ ${shells})` : ''} | ${(rps(t) / bareRps).toFixed(3)} |`);
  }
  console.log('\nLatency: autocannon\'s histogram holds whole milliseconds (a median of rounds may end in .5). Peak tree MiB and processes: '
    + 'the whole server during that row\'s runs (graviton-local and serverless-offline each serve both handlers, so a row shows both functions\' processes that are alive).');

  const peak = (name: string) => Math.max(...targets.filter((t) => t.server.name === name).map((t) => t.peaks.rssBytes));
  const idleOf = (name: string) => [...idle.entries()].find(([s]) => s.name === name)![1];
  console.log('\n| server | peak tree MiB (all its runs) | tree MiB at rest after the load | function processes (+ shells) at rest |');
  console.log('|---|---|---|---|');
  for (const name of ['bare node:http', 'graviton-local serve', 'serverless-offline']) {
    const rest = idleOf(name);
    const shells = rest.descendants - rest.functionProcesses;
    console.log(`| ${name} | ${mebibytes(peak(name))} | ${mebibytes(rest.rssBytes)} | ${rest.functionProcesses}${shells > 0 ? ` (+ ${shells})` : ''} |`);
  }

  const ratio = (a: string, b: string) => (rps(byLabel(a)) / rps(byLabel(b))).toFixed(2);
  console.log('\nHeadline (same run, same machine):');
  console.log(`- req/s, graviton-local ÷ serverless-offline: Python ${ratio('graviton-local serve, Python', 'serverless-offline, Python')}, `
    + `Node.js ${ratio('graviton-local serve, Node.js', 'serverless-offline, Node.js')}`);
  console.log(`- req/s ÷ bare node:http: graviton-local Python ${ratio('graviton-local serve, Python', 'bare node:http')}, Node.js ${ratio('graviton-local serve, Node.js', 'bare node:http')}; `
    + `serverless-offline Python ${ratio('serverless-offline, Python', 'bare node:http')}, Node.js ${ratio('serverless-offline, Node.js', 'bare node:http')}`);
  console.log(`- peak process-tree memory, graviton-local ÷ serverless-offline: ${(peak('graviton-local serve') / peak('serverless-offline')).toFixed(2)} `
    + `(${mebibytes(peak('graviton-local serve'))} MiB vs ${mebibytes(peak('serverless-offline'))} MiB)`);
  console.log(`- start → ready, graviton-local ÷ serverless-offline: ${(gravitonStart.startMs / serverlessStart.startMs).toFixed(2)}; `
    + `cold first request: ${(gravitonStart.coldMs / serverlessStart.coldMs).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
