/**
 * Cold start and warm latency of each runtime family the offline cloud runs, in one run: Python,
 * Node.js, and Go (aws-lambda-go on provided.al2023) natively and, built for arm64, through
 * qemu-user. Functions are deployed into the offline Lambda service in this process and invoked
 * directly (no HTTP API in between), so the figures are the runtime's: cold = a new function's
 * first invocation (process start, init, the invocation), warm = one invocation on the warm process.
 *
 * Usage: npx projen bench:runtimes   (COLD and WARM override 5 and 50; needs python3, Go, qemu-user-static)
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { LambdaService } from '../src/local/lambda';

const COLD = Number(process.env.COLD ?? 5);
const WARM = Number(process.env.WARM ?? 50);
const ROLE = 'arn:aws:iam::123456789012:role/fn';
const BUILD = path.join(__dirname, '..', 'test', 'local', 'lambda', 'go-handlers', 'build.sh');

interface Family {
  readonly label: string;
  readonly properties: Record<string, unknown>;
}

function goFamily(label: string, goarch: 'amd64' | 'arm64'): Family {
  return {
    label,
    properties: {
      Runtime: 'provided.al2023',
      Handler: 'greeting',
      Role: ROLE,
      Architectures: [goarch === 'arm64' ? 'arm64' : 'x86_64'],
      Code: { S3Bucket: 'assets', S3Key: `go-handlers/${goarch}` },
    },
  };
}

const FAMILIES: Family[] = [
  {
    label: 'Python (python3.12)',
    properties: {
      Runtime: 'python3.12',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: 'import json\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps("Hello " + event["name"])}\n' },
    },
  },
  {
    label: 'Node.js (nodejs20.x)',
    properties: {
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(`Hello ${event.name}`) });' },
    },
  },
  goFamily(`Go, native (provided.al2023, ${os.arch()})`, 'amd64'),
  goFamily('Go, arm64 through qemu-user (provided.al2023)', 'arm64'),
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timedInvoke(service: LambdaService, name: string): Promise<number> {
  const started = performance.now();
  const result = await service.invoke(name, Buffer.from('{"name":"bench"}'));
  const ms = performance.now() - started;
  if (result.functionError) throw new Error(`${name}: ${result.payload.toString()}`);
  return ms;
}

async function main(): Promise<void> {
  const assets: Record<string, string> = {};
  for (const goarch of ['amd64', 'arm64']) {
    assets[`go-handlers/${goarch}`] = execFileSync('bash', [BUILD, goarch], { encoding: 'utf-8' }).trim().split('\n').pop()!;
  }
  const lines: string[] = [];
  const service = new LambdaService({ region: 'eu-west-1', accountId: '123456789012', log: (line) => lines.push(line) });
  const environment = {
    region: 'eu-west-1', accountId: '123456789012', partition: 'aws', urlSuffix: 'amazonaws.com', assetPath: (key: string) => assets[key],
  };
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${os.arch()}, Node ${process.version}; `
    + `cold: median of ${COLD} new functions' first invocation; warm: median of ${WARM} invocations of one warm process`);
  console.log('| runtime | cold start ms (median) | warm ms (median) | warm ms (p90) |');
  console.log('|---|---|---|---|');
  try {
    let id = 0;
    for (const family of FAMILIES) {
      const colds: number[] = [];
      let warmName = '';
      for (let i = 0; i < COLD; i++) {
        const { ref } = await service.functionProvider.create({
          stackName: 'Bench', logicalId: `Fn${id++}`, type: 'AWS::Lambda::Function', properties: family.properties, environment,
        });
        colds.push(await timedInvoke(service, ref));
        warmName = ref;
      }
      const warms: number[] = [];
      for (let i = 0; i < WARM; i++) warms.push(await timedInvoke(service, warmName));
      const p90 = [...warms].sort((a, b) => a - b)[Math.floor(warms.length * 0.9)];
      console.log(`| ${family.label} | ${median(colds).toFixed(1)} | ${median(warms).toFixed(2)} | ${p90.toFixed(2)} |`);
    }
  } finally {
    await service.stop();
  }
  const warnings = lines.filter((line) => line.includes('warning'));
  if (warnings.length > 0) console.log(`\nwarnings: ${warnings.join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
