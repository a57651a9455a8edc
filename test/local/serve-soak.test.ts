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
// The bounds.
const MAX_RSS_GROWTH_MB = 50;
const MAX_FUNCTION_RSS_GROWTH_MB = 100;
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

interface Sample {
  readonly serverRssMb: number;
  readonly functionProcesses: number;
  readonly functionRssMb: number;
  readonly openFiles: number;
}

function sample(): Sample {
  const pid = server.child.pid!;
  const functions = descendants(pid);
  return {
    serverRssMb: rssMb(pid),
    functionProcesses: functions.length,
    functionRssMb: functions.reduce((total, child) => total + rssMb(child), 0),
    openFiles: openFileCount(pid),
  };
}

function describeSample(s: Sample): string {
  return `server RSS ${s.serverRssMb.toFixed(1)} MB, ${s.openFiles} open files; ${s.functionProcesses} function processes, ${s.functionRssMb.toFixed(1)} MB`;
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
  ].join('\n'));

  expect(failures).toEqual([]);
  expect(crashes).toBeGreaterThan(0);
  expect(windows[windows.length - 1]).toBeGreaterThanOrEqual(MIN_THROUGHPUT_RATIO * windows[0]);
  expect(end.serverRssMb - start.serverRssMb).toBeLessThan(MAX_RSS_GROWTH_MB);
  expect(end.openFiles - start.openFiles).toBeLessThan(MAX_OPEN_FILE_GROWTH);
  // One process per client at most: crashed ones are replaced, not added.
  expect(end.functionProcesses).toBeLessThanOrEqual(CLIENTS);
  expect(end.functionRssMb - start.functionRssMb).toBeLessThan(MAX_FUNCTION_RSS_GROWTH_MB);
});
