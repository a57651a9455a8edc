/**
 * `npm run bench`: every benchmark suite in its own process, one after the other, and
 * bench/RESULTS.md written from their output with the machine and the commands.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const SUITES: Array<[title: string, file: string, about: string]> = [
  ['Synth cost and scale', 'synth.bench.ts', 'This construct in both modes, the same stack in plain L1 (the reference CloudFormation), and aws-cdk\'s HttpApi + HttpLambdaIntegration, side by side. Policy bytes are computed from the permissions\' statements as Lambda stores them (test/lambda-policy-size.ts); where a stack cannot be synthesized, the count of permissions it would hold is used.'],
  ['Offline cloud', 'serve.bench.ts', 'Deploy time, cold start, and warm latency and throughput at a fixed concurrency against a bare node:http server returning the same body, in the same run. Load generator and servers share one Node.js process; function processes are separate.'],
  ['Offline integ', 'integ.bench.ts', '`graviton-local integ` wall time, synthesis included.'],
];

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf-8' }).trim();
  } catch {
    return 'not found';
  }
}

const sections: string[] = [];
for (const [title, file, about] of SUITES) {
  console.log(`== ${title} (bench/${file})`);
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join('bench', file)], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json', JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`bench/${file} failed`);
  }
  sections.push(`## ${title}\n\nCommand: \`npx projen bench:${file.replace('.bench.ts', '')}\` (\`bench/${file}\`). ${about}\n\n${run.stdout.trim()}\n`);
}

const header = `# Benchmark results

Written by \`npm run bench\` (\`bench/run-all.ts\`) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores
(${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${version('python3', ['--version'])}. Machines are shared
and noisy: compare the figures of one run with each other (the ratios), not across runs.
`;
fs.writeFileSync(path.join(__dirname, 'RESULTS.md'), `${header}\n${sections.join('\n')}`);
console.log('written bench/RESULTS.md');
