import { processExists } from './lambda/lambda-test-support';
import { removeTempDirs, request, writeTemplate } from './local-cloud-support';
import { descendants } from './process-tree';
import { GravitonProcess, graviton, servedUrl, stopGravitonProcesses } from './serve-process';
import { addFunction, reference, withAccessLog } from './templates';
import { defaultWorkerLimit } from '../../src/local/lambda/lambda-service';

/**
 * Load: 200 requests at once against the reference app (Python) and a Node.js handler, served by
 * `graviton-local serve` in its own process. On default options every request gets its
 * function's answer, as on AWS, from no more processes than the host's workers. With
 * `--concurrency CAP`, every request beyond the cap is answered as AWS answers for a throttled
 * function behind API Gateway (500; Lambda answered 429).
 */
const CAP = 16;
const REQUESTS = 200;
const HELLO = '"Hello form Awstut !"';
const INTERNAL_SERVER_ERROR = '{"message":"Internal Server Error"}';
const NODE_ECHO = [
  'exports.handler = async (event) => ({',
  '  statusCode: 200,',
  '  body: JSON.stringify({ n: event.queryStringParameters.n, pid: process.pid }),',
  '});',
].join('\n');

jest.setTimeout(60_000);

let server: GravitonProcess;
let url: string;
/** The same app on default options. */
let defaults: GravitonProcess;
let defaultsUrl: string;

beforeAll(async () => {
  const template = reference();
  addFunction(template, 'NodeEcho', { runtime: 'nodejs20.x', code: NODE_ECHO, routeKey: 'GET /node' });
  withAccessLog(template, 'load', '$context.requestId $context.status $context.integrationStatus $context.integrationErrorMessage');
  const file = writeTemplate(template);
  server = graviton(['serve', file, '--concurrency', String(CAP)]);
  defaults = graviton(['serve', file]);
  [url, defaultsUrl] = await Promise.all([servedUrl(server), servedUrl(defaults)]);
});

afterAll(async () => {
  const functionProcesses = [...descendants(server.child.pid!), ...descendants(defaults.child.pid!)];
  await stopGravitonProcesses();
  removeTempDirs();
  expect(functionProcesses.filter(processExists)).toEqual([]);
});

interface Outcome {
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

/** Counts a server's function processes every 20 ms while `work` runs; resolves with its result and the peak. */
async function withProcessPeak<T>(work: () => Promise<T>, of = server): Promise<{ result: T; peak: number }> {
  const count = () => descendants(of.child.pid!).length;
  let peak = count();
  const sampler = setInterval(() => {
    peak = Math.max(peak, count());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, count());
    return { result, peak };
  } finally {
    clearInterval(sampler);
  }
}

async function get(path: string, base = url): Promise<Outcome> {
  const response = await request(`${base}${path}`);
  return { status: response.status, body: response.body, requestId: response.headers.get('apigw-requestid') ?? '' };
}

/** The access log line of each request id: `<status> <integrationStatus> <integrationErrorMessage>`. */
function accessLog(): Map<string, string> {
  const lines = server.stderrLines.filter((line) => line.startsWith('[load] ')).map((line) => line.slice('[load] '.length));
  return new Map(lines.map((line) => [line.split(' ')[0], line.slice(line.indexOf(' ') + 1)]));
}

/**
 * Sorts outcomes: the function's answer (checked by `isAnswer`), throttled (500 whose access log
 * says Lambda answered 429 Rate Exceeded.), or failed (anything else, a lost request included).
 */
function classify(outcomes: Outcome[], isAnswer: (outcome: Outcome, index: number) => boolean): { ok: number; throttled: number; failed: Outcome[] } {
  const log = accessLog();
  let ok = 0;
  let throttled = 0;
  const failed: Outcome[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.status === 200 && isAnswer(outcome, index)) ok++;
    else if (outcome.status === 500 && outcome.body === INTERNAL_SERVER_ERROR && log.get(outcome.requestId) === '500 429 Rate Exceeded.') throttled++;
    else failed.push(outcome);
  });
  return { ok, throttled, failed };
}

const nodeAnswer = (outcome: Outcome, index: number) => JSON.parse(outcome.body).n === String(index);

describe.each([
  ['the Python reference app', (i: number) => `?n=${i}`, (outcome: Outcome) => outcome.body === HELLO],
  ['a Node.js handler', (i: number) => `node?n=${i}`, nodeAnswer],
])('%s', (name, path, isAnswer) => {
  test(`on default options, ${REQUESTS} requests at once all get their own answer, from no more processes than the workers`, async () => {
    const burst = () => Promise.all(Array.from({ length: REQUESTS }, (_, i) => get(path(i), defaultsUrl)));
    const { result: outcomes, peak } = await withProcessPeak(burst, defaults);
    const failed = outcomes.filter((outcome, index) => !(outcome.status === 200 && isAnswer(outcome, index)));

    console.log(`load, ${name}, ${REQUESTS} at once on default options: ${REQUESTS - failed.length} answered; peak function processes ${peak} (workers ${defaultWorkerLimit()})`);
    expect(failed).toEqual([]);
    expect(peak).toBeLessThanOrEqual(defaultWorkerLimit());
  });

  test(`${REQUESTS} requests at once are all answered, throttled beyond the concurrency of ${CAP}; processes stay within the workers`, async () => {
    const { result: outcomes, peak } = await withProcessPeak(() => Promise.all(Array.from({ length: REQUESTS }, (_, i) => get(path(i)))));
    const { ok, throttled, failed } = classify(outcomes, isAnswer);

    console.log(`load, ${name}, ${REQUESTS} at once: ${ok} answered, ${throttled} throttled, ${failed.length} failed; peak function processes ${peak} (workers ${defaultWorkerLimit()})`);
    expect(failed).toEqual([]);
    expect(ok + throttled).toBe(REQUESTS);
    // The first CAP invocations find the cap free.
    expect(ok).toBeGreaterThanOrEqual(CAP);
    expect(peak).toBeLessThanOrEqual(defaultWorkerLimit());
  });

  test(`${REQUESTS} requests, ${CAP} at a time, all get their own answer from warm processes within the workers`, async () => {
    const outcomes: Outcome[] = new Array(REQUESTS);
    let next = 0;
    const client = async () => {
      for (let i = next++; i < REQUESTS; i = next++) outcomes[i] = await get(path(i));
    };
    const { peak } = await withProcessPeak(() => Promise.all(Array.from({ length: CAP }, client)));
    const { ok, throttled, failed } = classify(outcomes, isAnswer);

    console.log(`load, ${name}, ${REQUESTS} by ${CAP} clients: ${ok} answered, ${throttled} throttled, ${failed.length} failed; peak function processes ${peak} (workers ${defaultWorkerLimit()})`);
    expect(failed).toEqual([]);
    expect(ok).toBe(REQUESTS);
    expect(peak).toBeLessThanOrEqual(defaultWorkerLimit());
  });
});
