import { awscdk } from 'projen';
import { TS_NODE } from './ts-node';

/**
 * Benchmarks: `npm run bench` runs every suite in its own process and writes bench/RESULTS.md;
 * each suite also has a task of its own. None runs in `npm test`.
 */
export function addBenchTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // The serve and burst suites start `graviton-local serve` from the compiled bin (lib/local/cli.js),
  // as a user runs it (under ts-node the server would carry the compiler in its memory), so their
  // tasks compile first; the synth and integ suites run the sources.
  const benchTask = (name: string, description: string, file: string, compiled: boolean) => project.addTask(name, {
    description,
    steps: [...(compiled ? [{ spawn: 'compile' }] : []), { exec: `${TS_NODE} --transpile-only bench/${file}` }],
  });
  benchTask('bench', 'Run every benchmark suite and write bench/RESULTS.md and bench/synth-scale.svg', 'run-all.ts', true);
  benchTask('bench:synth', 'Synth cost and scale: this construct, plain L1 and aws-cdk\'s L2 for N = 1 to 300 routes', 'synth.bench.ts', false);
  benchTask('bench:serve',
    'graviton-local serve against serverless-offline and a bare node:http server: req/s, latency, memory (autocannon in its own process)',
    'serve.bench.ts', true);
  benchTask('bench:burst',
    '200 then 1,000 requests at once at graviton-local serve (default settings), 200 at serverless-offline: answers, processes, memory',
    'burst.bench.ts', true);
  benchTask('bench:integ', 'Wall time of graviton-local integ on the reference integ test and on the whole suite', 'offline-integ.bench.ts', false);
  benchTask('bench:watch', 'The developer loop: saving a handler to the new code answering, serve --watch against restarting serve', 'watch.bench.ts', true);
  benchTask('bench:java-runtime', 'Cold start and warm latency of Java (the official runtime interface client) beside Python and Node.js', 'java-runtime.bench.ts', false);
  benchTask('bench:runtimes', 'Cold start and warm latency per runtime: Python, Node.js, Go native and Go arm64 through qemu-user', 'runtimes.bench.ts', false);
}
