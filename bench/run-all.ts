/**
 * `npm run bench`: every benchmark suite in its own process, one after the other, and
 * bench/RESULTS.md written from their output with the machine and the commands. The task
 * compiles first: the serve and burst suites run the compiled `graviton-local` (lib/).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const SUITES: Array<[title: string, file: string, about: string]> = [
  ['Synth cost and scale', 'synth.bench.ts', 'This construct in both modes, the same stack in plain L1 (the reference CloudFormation), and aws-cdk\'s HttpApi + HttpLambdaIntegration '
    + '(its default, a Lambda permission per route, and `scopePermissionToRoute: false`, one for the whole API), side by side in one process. '
    + 'Policy bytes are computed from the permissions\' statements as Lambda stores them (test/lambda-policy-size.ts); where a stack cannot be synthesized, '
    + 'the count of permissions it would hold is used. Then the ratio at 100 routes measured more precisely (31 alternating runs of the whole synth, '
    + 'new App + Stack + constructs + app.synth(), after a warm-up), with the same plain L1 laid out as the construct lays it out (under a construct, '
    + 'routes named by key) and then with the construct\'s per-route cdk-nag suppression, to show where the difference goes.'],
  ['Offline cloud against serverless-offline', 'serve.bench.ts', '`graviton-local serve` (the compiled bin, default settings), serverless-offline '
    + '(serverless 3 + serverless-offline 13, installed on demand by bench/serverless-offline.sh) with the same Python and Node.js handlers, and a bare '
    + 'node:http server, each its own process. autocannon, in a process of its own, loads one server at a time in interleaved rounds; the bench process '
    + 'only starts them and reads /proc for the memory of each server\'s whole process tree. Start-up and cold start use a new server process each time.'],
  ['Burst', 'burst.bench.ts', '200 then 1,000 `GET /` at the same moment (connections opened first, then every request written at once by a client '
    + 'process of its own) at `graviton-local serve` with no flags, and 200 at serverless-offline (1,000 with SERVERLESS_OFFLINE_BURSTS=200,1000), '
    + 'with the function processes and memory of each server\'s process tree sampled every 20 ms by the bench process.'],
  ['Offline integ', 'offline-integ.bench.ts', '`graviton-local integ` wall time, synthesis included, each run a new process.'],
  ['Developer loop', 'watch.bench.ts', 'From saving a handler file to the new code answering: `graviton-local serve --watch` (the compiled bin) in a '
    + 'plain-JavaScript CDK project, against stopping `serve` and starting it again, in one run; each edit timed from the write to the first GET '
    + 'with the new body, polled every 10 ms.'],
  ['Runtimes', 'runtimes.bench.ts', 'Cold start (a new function\'s first invocation: process start, init, the invocation) and warm latency per runtime family, '
    + 'invoked directly in the offline Lambda service (no HTTP API in between): Python, Node.js, and Go (aws-lambda-go, provided.al2023) natively '
    + 'and built for arm64 through qemu-user.'],
  ['Java runtime', 'java-runtime.bench.ts', 'Cold start and warm latency of java17 functions on the local JDK with the official runtime interface client '
    + '(fetched with Maven on first use), beside Python and Node.js, invoked directly in the offline Lambda service.'],
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
