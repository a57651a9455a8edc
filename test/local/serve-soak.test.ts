import * as fs from 'fs';
import { processExists } from './lambda/lambda-test-support';
import { removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { descendants, openFileCount, rssMb } from './process-tree';
import { GravitonProcess, graviton, servedUrl, stopGravitonProcesses } from './serve-process';
import { addFunction, reference } from './templates';

/**
 * Soak: 60 s of steady requests from CLIENTS clients (half on the Python reference app, half on a
 * Node.js handler, and one request in CRASH_EVERY a handler that kills its process) against
 * `graviton-local serve` in its own process. Nothing may fail or be lost; at the end the server's
 * memory, open files and function processes must be within the stated bounds of the start, and
 * throughput must not decline.
 */
const DURATION_MS = 60_000;
const WARM_UP_MS = 3_000;
const WINDOW_MS = 10_000;
const CLIENTS = 8;
const CRASH_EVERY = 50;
// The bounds. Function processes are judged one by one, not as a sum: which functions the workers
// belong to changes with the traffic mix, and a Node.js worker weighs three Python ones.
// The server keeps what functions and access logs write, as CloudWatch Logs does (logs/log-store.ts:
// up to 10,000 lines per stream), and a minute of this soak fills those streams: growth beyond
// that bound, not the store itself, would be a leak.
const MAX_RSS_GROWTH_MB = 100;
const MAX_FUNCTION_RSS_GROWTH_MB = 30;
const MAX_FUNCTION_RSS_MB = 150;
const MAX_OPEN_FILE_GROWTH = 20;
const MIN_THROUGHPUT_RATIO = 0.5;

const HELLO = '"Hello form Awstut !"';
const INTERNAL_SERVER_ERROR = '{"message":"Internal Server Error"}';
const NODE_ECHO = [
  'exports.handler = async (event) => {',
  '  const { n, crash } = event.queryStringParameters;',
  '  if (crash) process.exit(1);',
  '  return { statusCode: 200, body: JSON.stringify({ n }) };',
  '};',
].join('\n');

jest.setTimeout(DURATION_MS + 60_000);

let server: GravitonProcess;

afterAll(async () => {
  const functionProcesses = server ? descendants(server.child.pid!) : [];
  await stopGravitonProcesses();
  removeTempDirs();
  expect(functionProcesses.filter(processExists)).toEqual([]);
});

interface FunctionProcess {
  /** The executable (`python3`, `node`), from /proc/<pid>/comm. */
  readonly command: string;
  readonly rssMb: number;
}

interface Sample {
  readonly serverRssMb: number;
  /** The function processes by pid. */
  readonly functions: ReadonlyMap<number, FunctionProcess>;
  readonly openFiles: number;
}

function sample(): Sample {
  const pid = server.child.pid!;
  const functions = descendants(pid).map((child): [number, FunctionProcess] => [child, { command: commandOf(child), rssMb: rssMb(child) }]);
  return { serverRssMb: rssMb(pid), functions: new Map(functions), openFiles: openFileCount(pid) };
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'gone';
  }
}

function describeSample(s: Sample): string {
  const functions = [...s.functions.values()].map((f) => `${f.command} ${f.rssMb.toFixed(1)}`).join(', ');
  return `server RSS ${s.serverRssMb.toFixed(1)} MB, ${s.openFiles} open files; ${s.functions.size} function processes (${functions} MB)`;
}

/**
 * How much the function processes grew, per executable: the largest at the end against the largest
 * at the start. Workers are replaced (crashes, places handed between functions), so a pid seldom
 * lives through the whole soak; a leaking runtime client still shows in its largest process.
 */
function functionGrowthMb(start: Sample, end: Sample): Map<string, number> {
  const largest = (s: Sample) => {
    const found = new Map<string, number>();
    for (const f of s.functions.values()) found.set(f.command, Math.max(found.get(f.command) ?? 0, f.rssMb));
    return found;
  };
  const [before, after] = [largest(start), largest(end)];
  return new Map([...after].filter(([command]) => before.has(command)).map(([command, mb]) => [command, mb - before.get(command)!]));
}

test(`${DURATION_MS / 1000} s of steady requests: none fails; memory, files and processes stay bounded; throughput holds`, async () => {
  const template = reference();
  addFunction(template, 'NodeEcho', { runtime: 'nodejs20.x', code: NODE_ECHO, routeKey: 'GET /node' });
  server = graviton(['serve', writeTemplate(template)]);
  const url = await servedUrl(server);

  const failures: string[] = [];
  const completed: number[] = [];
  let crashes = 0;
  let measuring = false;
  let until = Date.now() + WARM_UP_MS;
  const client = async (index: number) => {
    for (let n = 0; Date.now() < until; n++) {
      const crash = index === 0 && n % CRASH_EVERY === CRASH_EVERY - 1;
      const onNode = index % 2 === 0;
      const path = onNode ? `node?n=${n}${crash ? '&crash=1' : ''}` : `?n=${n}`;
      try {
        const response = await request(`${url}${path}`);
        const expected = crash ? [500, INTERNAL_SERVER_ERROR] : [200, onNode ? JSON.stringify({ n: String(n) }) : HELLO];
        if (response.status !== expected[0] || response.body !== expected[1]) {
          failures.push(`${path}: ${response.status} ${response.body.slice(0, 200)}`);
        }
      } catch (error) {
        failures.push(`${path}: no answer: ${(error as Error).message}`);
      }
      if (measuring) {
        completed.push(Date.now());
        if (crash) crashes++;
      }
    }
  };

  // Warm up (cold starts, JIT), then measure.
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  const start = sample();
  const startedAt = Date.now();
  until = startedAt + DURATION_MS;
  measuring = true;
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
  // Let the processes of the last crash be reaped.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const end = sample();

  const windows = Array.from({ length: DURATION_MS / WINDOW_MS }, (_, w) => completed
    .filter((time) => time >= startedAt + w * WINDOW_MS && time < startedAt + (w + 1) * WINDOW_MS).length);
  console.log([
    `soak: ${completed.length} requests in ${DURATION_MS / 1000} s by ${CLIENTS} clients (${crashes} of them crashes), ${failures.length} failed`,
    `requests per ${WINDOW_MS / 1000} s: ${windows.join(', ')} (last/first ${(windows[windows.length - 1] / windows[0]).toFixed(2)})`,
    `start: ${describeSample(start)}`,
    `end:   ${describeSample(end)}`,
    `growth of the largest function process: ${[...functionGrowthMb(start, end)].map(([command, mb]) => `${command} ${mb.toFixed(1)}`).join(', ')} MB`,
  ].join('\n'));

  expect(failures).toEqual([]);
  expect(crashes).toBeGreaterThan(0);
  expect(windows[windows.length - 1]).toBeGreaterThanOrEqual(MIN_THROUGHPUT_RATIO * windows[0]);
  expect(end.serverRssMb - start.serverRssMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  expect(end.openFiles - start.openFiles).toBeLessThan(MAX_OPEN_FILE_GROWTH);
  // One process per client at most: crashed ones are replaced, not added.
  expect(end.functions.size).toBeLessThanOrEqual(CLIENTS);
  // Both runtimes still run at the end, none grew, and none is large.
  expect([...functionGrowthMb(start, end).keys()].sort()).toEqual(['node', 'python3']);
  for (const growth of functionGrowthMb(start, end).values()) expect(growth).toBeLessThan(MAX_FUNCTION_RSS_GROWTH_MB);
  for (const f of end.functions.values()) expect(f.rssMb).toBeLessThan(MAX_FUNCTION_RSS_MB);
});
