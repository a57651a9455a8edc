/**
 * A burst of requests at once, as when many clients hit a freshly served API together:
 * `graviton-local serve` with its default settings (no flags) on the reference template, then
 * serverless-offline with the same Python handler, sent 200 and then 1,000 `GET /` at the same
 * moment by bench/burst-client.ts in its own process (connections opened first, then every
 * request written in one loop). This process samples each server's process tree every 20 ms.
 *
 * serverless-offline gets only the 200 by default: it starts a Python process per waiting request,
 * and at 1,000 that took this 2-core machine about 3 minutes and 12 GiB (most answers timed out).
 *
 * Usage: npx projen bench:burst   (compiles first; BURSTS="200,1000", SERVERLESS_OFFLINE_BURSTS="200"
 *        and TIMEOUT_MS=180000 override)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { BurstResult, burst } from './load';
import { TreeSampler, mebibytes } from './process-tree';
import {
  BODY, Server, checkCompiled, get, installServerlessOffline, startGravitonLocal, startServerlessOffline, verify, writeServerlessService,
} from './servers';
import { REFERENCE_YAML } from '../test/local/templates';

const BURSTS = (process.env.BURSTS ?? '200,1000').split(',').map(Number);
const SERVERLESS_OFFLINE_BURSTS = (process.env.SERVERLESS_OFFLINE_BURSTS ?? '200').split(',').map(Number);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 180_000);
const SAMPLE_MS = 20;

interface Row { server: string; size: number; result: BurstResult; processes: number; shells: number; rssBytes: number; after: string }

/** What a wrong answer says, in a few words (serverless-offline answers a function timeout 200 with an error body). */
function errorName(body: string): string {
  try {
    const parsed = JSON.parse(body);
    return parsed.errorType ?? parsed.message ?? JSON.stringify(body.slice(0, 40));
  } catch {
    return JSON.stringify(body.slice(0, 40));
  }
}

/** Every burst, in order, at one server started fresh and answering one checked request first. */
async function burstsAt(start: () => Promise<Server>, bursts: number[]): Promise<Row[]> {
  const server = await start();
  const rows: Row[] = [];
  try {
    await verify(server, '', 1);
    for (const size of bursts) {
      const sampler = new TreeSampler(server.pid, SAMPLE_MS).start();
      let result: BurstResult;
      try {
        result = await burst(server.url, size, BODY, TIMEOUT_MS);
      } finally {
        sampler.stop();
      }
      // Whether the server has recovered: one request right after the burst.
      const next = await get(server.url);
      const after = `${next.status}${next.body === BODY ? '' : ` ${errorName(next.body)}`} in ${next.ms.toFixed(0)} ms`;
      const processes = sampler.peakFunctionProcesses;
      rows.push({ server: server.name, size, result, processes, shells: sampler.peakDescendants - processes, rssBytes: sampler.peakRssBytes, after });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

async function main(): Promise<void> {
  checkCompiled();
  installServerlessOffline();
  const service = writeServerlessService([{ name: 'python', path: '/' }]);
  try {
    const rows = [
      ...await burstsAt(() => startGravitonLocal(REFERENCE_YAML), BURSTS),
      ...await burstsAt(() => startServerlessOffline(service), SERVERLESS_OFFLINE_BURSTS),
    ];
    const cpus = os.cpus();
    const python = execFileSync('python3', ['--version'], { encoding: 'utf-8' }).trim();
    console.log(`machine: ${cpus.length} cores (${cpus[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${python}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, loopback 127.0.0.1`);
    console.log('servers: `node lib/local/cli.js serve test/local/fixtures/reference-stack.yaml` (compiled, no flags); '
      + 'serverless-offline 13.9.0 with the same Python handler on an httpApi GET /. '
      + `Each is started once, answers one checked request, then gets the bursts ${BURSTS.join(' then ')} (serverless-offline: ${SERVERLESS_OFFLINE_BURSTS.join(' then ')}, `
      + `SERVERLESS_OFFLINE_BURSTS=200,1000 adds the 1,000: minutes and many GiB); a request unanswered after ${TIMEOUT_MS} ms counts as no answer. `
      + `Processes and memory: the server's process tree in /proc, sampled every ${SAMPLE_MS} ms during the burst (memory is the sum of VmRSS). `
      + 'Function timeouts are each tool\'s default: 3 s (Lambda\'s, the template sets none) in graviton-local, 6 s (the Serverless Framework\'s) in serverless-offline, '
      + 'which answers a timed-out invocation 200 with a LambdaTimeoutError body.');
    console.log('\n| server | burst | 200 with the reference body | other answers | p50 ms | p99 ms | slowest ms | peak function processes (+ shells) | peak tree MiB | next request after it |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const { server, size, result, processes, shells, rssBytes, after } of rows) {
      const other = Object.entries(result.other).map(([what, n]) => `${n} × ${what}`).join(', ') || '-';
      console.log(`| ${server} | ${size} | ${result.ok} | ${other} | ${result.p50.toFixed(0)} | ${result.p99.toFixed(0)} | ${result.max.toFixed(0)} | `
        + `${processes}${shells > 0 ? ` (+ ${shells})` : ''} | ${mebibytes(rssBytes)} | ${after} |`);
    }
  } finally {
    fs.rmSync(service, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
