/**
 * Offline cloud speed against a bare server, measured in one run on loopback:
 * deploy time of the reference template, cold start of a function process, and warm latency
 * (p50/p99) and throughput at a fixed concurrency for the served reference app (Python), the same
 * with a Node.js handler, and a bare node:http server returning the same body.
 *
 * Usage: npx projen bench:serve   (REQUESTS and CONCURRENCY environment variables override)
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { LocalCloud } from '../src/local/local-cloud';
import { REFERENCE_YAML } from '../test/local/templates';

const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const DEPLOY_RUNS = 5;

const BODY = '"Hello form Awstut !"';

interface LoadResult { p50: number; p99: number; rps: number; errors: number }

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function load(url: string): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const t0 = process.hrtime.bigint();
      const response = await get(url);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (response.status !== 200 || response.body !== BODY) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds, errors };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function servedTemplate(file: string): Promise<{ cloud: LocalCloud; url: string; deployMs: number }> {
  const cloud = new LocalCloud({ log: () => {} });
  const t0 = process.hrtime.bigint();
  await cloud.deploy(file);
  const deployMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { cloud, url: cloud.servedApis()[0].url, deployMs };
}

async function main(): Promise<void> {
  // Deploy time and cold start (first request starts the function process).
  const deploys: number[] = [];
  const colds: number[] = [];
  for (let i = 0; i < DEPLOY_RUNS; i++) {
    const { cloud, url, deployMs } = await servedTemplate(REFERENCE_YAML);
    deploys.push(deployMs);
    const t0 = process.hrtime.bigint();
    await get(url);
    colds.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await cloud.stop();
  }

  // A Node.js handler returning the same answer.
  const nodeTemplate = fs.readFileSync(REFERENCE_YAML, 'utf-8')
    .replace(/ZipFile: \|[\s\S]*?FunctionName/, 'ZipFile: |\n          exports.handler = async () => ({ statusCode: 200, body: JSON.stringify(\'Hello form Awstut !\') });\n      FunctionName')
    .replace('Handler: index.lambda_handler', 'Handler: index.handler')
    .replace('Runtime: python3.12', 'Runtime: nodejs22.x');
  const nodeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'node.yaml');
  fs.writeFileSync(nodeFile, nodeTemplate);

  const bare = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY));
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

  const python = await servedTemplate(REFERENCE_YAML);
  const node = await servedTemplate(nodeFile);
  // Warm every function process the load will use before measuring.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => get(python.url)));
  await Promise.all(Array.from({ length: CONCURRENCY }, () => get(node.url)));

  const results: Array<[string, LoadResult]> = [
    ['bare node:http', await load(bareUrl)],
    ['offline cloud, Python handler', await load(python.url)],
    ['offline cloud, Node.js handler', await load(node.url)],
  ];
  await Promise.all([python.cloud.stop(), node.cloud.stop()]);
  bare.close();
  agent.destroy();
  fs.rmSync(path.dirname(nodeFile), { recursive: true, force: true });

  const bareRps = results[0][1].rps;
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}; ${REQUESTS} requests at concurrency ${CONCURRENCY}, loopback, one process for load and servers`);
  console.log(`deploy of the reference template: median ${median(deploys).toFixed(1)} ms over ${DEPLOY_RUNS} runs`);
  console.log(`cold start (first request, new Python process): median ${median(colds).toFixed(1)} ms over ${DEPLOY_RUNS} runs`);
  console.log('| server | p50 ms | p99 ms | requests/s | ratio to bare | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, r] of results) {
    console.log(`| ${name} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.rps.toFixed(0)} | ${(r.rps / bareRps).toFixed(3)} | ${r.errors} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
