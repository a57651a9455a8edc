/**
 * Offline integ wall time: `graviton-local integ` on the reference integ test (integ.hello.ts)
 * and on the whole integ/ suite, each as a fresh process (synthesis included), median of RUNS.
 *
 * Usage: npx projen bench:integ   (RUNS overrides 3)
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const RUNS = Number(process.env.RUNS ?? 3);

function wallSeconds(args: string[]): { seconds: number; summary: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/local/cli.ts', 'integ', ...args], { cwd: ROOT, encoding: 'utf-8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0) throw new Error(`graviton-local integ ${args.join(' ')} failed: ${summary}\n${run.stderr.slice(-2000)}`);
  return { seconds, summary };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; median of ${RUNS} runs, each a new process`);
console.log('| what | assertions | wall s (median) |');
console.log('|---|---|---|');
for (const [name, args] of [['reference test (integ.hello.ts)', ['integ', '--filter', 'integ.hello']], ['whole suite (integ/)', ['integ']]] as const) {
  const runs = Array.from({ length: RUNS }, () => wallSeconds([...args]));
  console.log(`| ${name} | ${runs[0].summary} | ${median(runs.map((r) => r.seconds)).toFixed(2)} |`);
}
