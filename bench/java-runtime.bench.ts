/**
 * Cold start and warm latency of a Java function offline, beside Python and Node.js, in one run:
 * each family's hello handler deployed on the offline Lambda, then
 * - cold: a new process's first invocation, from Invoke to its answer (process start, the
 *   runtime's init, the invocation), and the Init Duration its REPORT line gives;
 * - warm: the median and 90th percentile of 50 sequential invocations of the warm process.
 *
 * Usage: npx projen bench:java-runtime
 * (needs python3, a JDK and, on the first run, mvn for the Java runtime interface client).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LambdaService } from '../src/local/lambda';
import { resolveJavaRuntimeClient } from '../src/local/lambda/runtimes/java-runtime-client';

const COLD_RUNS = 5;
const WARM_RUNS = 50;

interface Family {
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

async function families(work: string): Promise<Family[]> {
  const role = 'arn:aws:iam::123456789012:role/bench';
  const client = await resolveJavaRuntimeClient(undefined);
  if ('problem' in client) throw new Error(client.problem);
  const core = client.classpath.find((jar) => path.basename(jar).startsWith('aws-lambda-java-core-'))!;
  const sources = path.join(work, 'src');
  fs.mkdirSync(sources);
  fs.writeFileSync(path.join(sources, 'Hello.java'), [
    'import java.util.Map;',
    'public class Hello {',
    '  public Map<String, Object> handler(Map<String, Object> event) {',
    '    return Map.of("statusCode", 200, "body", "Hello " + event.get("name"));',
    '  }',
    '}',
  ].join('\n'));
  const classes = path.join(work, 'classes');
  execFileSync('javac', ['-cp', core, '-d', classes, path.join(sources, 'Hello.java')]);
  return [
    { name: 'python3.11', properties: { Runtime: 'python3.11', Handler: 'index.handler', Role: role, Code: { ZipFile: 'def handler(event, context):\n    return {"statusCode": 200, "body": "Hello " + event["name"]}\n' } } },
    { name: 'nodejs20.x', properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: role, Code: { ZipFile: 'exports.handler = async (event) => ({ statusCode: 200, body: `Hello ${event.name}` });' } } },
    { name: 'java17', properties: { Runtime: 'java17', Handler: 'Hello::handler', Role: role, Code: { S3Bucket: 'bench', S3Key: 'java' } } },
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function measure(family: Family, classes: string): Promise<string> {
  const lines: string[] = [];
  const cold: number[] = [];
  const init: number[] = [];
  const warm: number[] = [];
  const event = Buffer.from('{"name":"bench"}');
  for (let run = 0; run < COLD_RUNS; run++) {
    // A new service per cold run: its first invocation starts a new process.
    const service = new LambdaService({ region: 'us-east-1', accountId: '123456789012', log: (line) => lines.push(line) });
    try {
      const { ref } = await service.functionProvider.create({
        stackName: 'Bench',
        logicalId: `Hello${run}`,
        type: 'AWS::Lambda::Function',
        properties: family.properties,
        environment: { region: 'us-east-1', accountId: '123456789012', partition: 'aws', urlSuffix: 'amazonaws.com', assetPath: () => classes },
      });
      let started = performance.now();
      const first = await service.invoke(ref, event);
      cold.push(performance.now() - started);
      const report = lines.find((line) => line.includes(`REPORT RequestId: ${first.requestId}`)) ?? '';
      init.push(Number(/Init Duration: ([\d.]+) ms/.exec(report)?.[1] ?? NaN));
      if (run === 0) {
        for (let i = 0; i < WARM_RUNS; i++) {
          started = performance.now();
          await service.invoke(ref, event);
          warm.push(performance.now() - started);
        }
      }
    } finally {
      await service.stop();
    }
  }
  return `| ${family.name} | ${percentile(cold, 0.5).toFixed(0)} | ${percentile(init, 0.5).toFixed(0)} | ${percentile(warm, 0.5).toFixed(2)} | ${percentile(warm, 0.9).toFixed(2)} |`;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'java-runtime-bench-'));
  try {
    const list = await families(work);
    const classes = path.join(work, 'classes');
    console.log(`machine: ${os.availableParallelism()} cores, Node ${process.version}; cold: median of ${COLD_RUNS} new processes, warm: ${WARM_RUNS} sequential invocations`);
    console.log('\n| runtime | cold start ms (Invoke to answer) | Init Duration ms (REPORT) | warm median ms | warm p90 ms |');
    console.log('|---|---|---|---|---|');
    for (const family of list) console.log(await measure(family, classes));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
