/**
 * Load generators, each run as its own process (never in a server's process, nor in the bench's,
 * which samples /proc meanwhile): autocannon for steady load, bench/burst-client.ts for a burst.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, spawnTracked } from './servers';

const AUTOCANNON = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
export const AUTOCANNON_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'autocannon', 'package.json'), 'utf-8')).version;

function run(args: string[]): Promise<string> {
  const child = spawnTracked(process.execPath, args, { env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  child.stderr!.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  return new Promise((resolve, reject) => child.once('exit', (code) => {
    if (code === 0) resolve(stdout);
    else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
  }));
}

export interface LoadRun {
  /** autocannon's mean of its per-second request counts. */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly non2xx: number;
}

/** autocannon against `url` at `connections` for `seconds` (keep-alive connections, its default). */
export async function autocannon(url: string, connections: number, seconds: number): Promise<LoadRun> {
  const out = await run([AUTOCANNON, '--json', '--connections', String(connections), '--duration', String(seconds), url]);
  const result = JSON.parse(out.trim().split('\n').pop()!);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export interface BurstResult {
  readonly sent: number;
  /** 200 with exactly the expected body. */
  readonly ok: number;
  /** Count of each other answer: `200 LambdaTimeoutError`, `200 (other body)`, `500`, `no answer in N ms`, ... */
  readonly other: Record<string, number>;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** `count` GETs of `url` sent at once by bench/burst-client.ts, in its own process. */
export async function burst(url: string, count: number, expectedBody: string, timeoutMs: number): Promise<BurstResult> {
  const out = await run(['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'burst-client.ts'), url, String(count), expectedBody, String(timeoutMs)]);
  return JSON.parse(out);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
