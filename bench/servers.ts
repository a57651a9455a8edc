/**
 * The servers the benchmarks measure, each started as its own process the way a user starts it:
 * a bare node:http server, `graviton-local serve` (the compiled bin, lib/local/cli.js) and
 * serverless-offline (bench/serverless-offline.sh). Every process started here is stopped when
 * the bench ends, also on an error or Ctrl-C.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { reference } from '../test/local/templates';

export const ROOT = path.join(__dirname, '..');
/** What every handler answers: the reference app's body. */
export const BODY = '"Hello form Awstut !"';
/** The reference app's Python code, exactly as its template has it. */
export const PYTHON_CODE: string = reference().Resources.Function.Properties.Code.ZipFile;
/** The Node.js handler that answers the same. */
export const NODE_CODE = 'exports.handler = async () => ({ statusCode: 200, body: JSON.stringify(\'Hello form Awstut !\') });\n';

export const GRAVITON_BIN = path.join(ROOT, 'lib', 'local', 'cli.js');
const SERVERLESS_OFFLINE = path.join(ROOT, 'bench', 'serverless-offline.sh');

// Process groups of every process started here (servers are group leaders: detached), killed at exit.
const groups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

// Folders made here, removed at exit however the bench ends.
const tempDirs = new Set<string>();

process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(130)); // runs the exit handler above
}

/** A new folder under the system's temporary folder, removed when the bench exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Starts `command` in its own process group, so that stopping it reaches all it started. */
export function spawnTracked(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  groups.add(pid);
  child.once('exit', () => {
    // Leftovers of a process that exited (a function process it did not stop) go with it.
    killGroup(pid, 'SIGKILL');
    groups.delete(pid);
  });
  return child;
}

export interface Server {
  readonly name: string;
  readonly pid: number;
  /** The API's base URL, ending in `/`. */
  readonly url: string;
  /** Milliseconds from spawn to the server saying it is ready. */
  readonly startMs: number;
  /** The last lines it wrote (stdout and stderr), for an error message. */
  outputTail(): string;
  /** SIGTERM, as Ctrl-C would, then SIGKILL to the whole group after 10 s or once it has exited. */
  stop(): Promise<void>;
}

interface ReadySignal {
  /** Matched against everything the process wrote so far; its first group, if any, is the URL. */
  readonly ready: RegExp;
  readonly url?: (output: string) => string;
  readonly timeoutMs: number;
}

function startServer(name: string, command: string, args: string[], signal: ReadySignal, env?: NodeJS.ProcessEnv, cwd?: string): Promise<Server> {
  const started = process.hrtime.bigint();
  const child = spawnTracked(command, args, { env, cwd });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const server: Server = {
    name,
    pid: child.pid!,
    url: '',
    startMs: 0,
    outputTail: () => output.slice(-4000),
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      }
      killGroup(server.pid, 'SIGKILL');
    },
  };
  return new Promise<Server>((resolve, reject) => {
    let ready = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      void server.stop().then(() => reject(new Error(`${name}: ${why}\n${server.outputTail()}`)));
    };
    const timer = setTimeout(() => fail(`not ready after ${signal.timeoutMs} ms`), signal.timeoutMs);
    const onData = (chunk: Buffer) => {
      // Read everything the server writes (a full pipe would block it), keep only a tail once ready.
      output = ready ? (output + chunk.toString()).slice(-8000) : output + chunk.toString();
      const match = !ready && signal.ready.exec(output);
      if (match) {
        ready = true;
        clearTimeout(timer);
        const url = signal.url ? signal.url(output) : match[1];
        resolve(Object.assign(server, { url, startMs: Number(process.hrtime.bigint() - started) / 1e6 }));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, sig) => {
      if (!ready) fail(`exited (${code ?? sig}) before it was ready`);
    });
  });
}

/** A port nobody listens on now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** node:http answering the same body: the ceiling of what Node.js serves on this machine. */
export async function startBare(): Promise<Server> {
  const port = await freePort();
  const script = `require('http').createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(${JSON.stringify(BODY)}))`
    + `.listen(${port}, '127.0.0.1', () => console.log('ready'))`;
  return startServer('bare node:http', process.execPath, ['-e', script], {
    ready: /^ready$/m, url: () => `http://127.0.0.1:${port}/`, timeoutMs: 10_000,
  });
}

/** Fails when lib/ is missing or older than src/local (the bench would measure old code). */
export function checkCompiled(): void {
  if (!fs.existsSync(GRAVITON_BIN)) throw new Error(`${GRAVITON_BIN} is missing: run \`npx projen compile\` first (the bench tasks do)`);
  const built = fs.statSync(GRAVITON_BIN).mtimeMs;
  const newer = (dir: string): string | undefined => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const found = entry.isDirectory() ? newer(file) : (fs.statSync(file).mtimeMs > built ? file : undefined);
      if (found) return found;
    }
    return undefined;
  };
  const stale = newer(path.join(ROOT, 'src', 'local'));
  if (stale) throw new Error(`${path.relative(ROOT, stale)} is newer than lib/: run \`npx projen compile\` first (the bench tasks do)`);
}

/** `graviton-local serve <template>` from the compiled bin, with its default settings and `extraArgs`. */
export function startGravitonLocal(template: string, extraArgs: string[] = []): Promise<Server> {
  return startServer('graviton-local serve', process.execPath, [GRAVITON_BIN, 'serve', template, ...extraArgs], {
    // `<StackName>/<LogicalId> <url>` per API, `lambda <url>`, then `ready`.
    ready: /^ready$/m,
    url: (output) => /^(?!lambda )\S+ (http:\/\/\S+)$/m.exec(output)![1],
    timeoutMs: 30_000,
  });
}

export interface ServerlessFunction {
  readonly name: 'python' | 'node';
  /** The route path of its GET route. */
  readonly path: string;
}

/**
 * A Serverless Framework v3 service with the same handlers behind httpApi routes (payload 2.0),
 * in a new folder. Python is python3.11, the newest serverless-offline 13 runs; serverless-offline
 * starts it as `python3` (the runtime up to its first dot), the interpreter graviton-local uses.
 */
export function writeServerlessService(functions: ServerlessFunction[]): string {
  const dir = tempDir('bench-serverless-');
  const definitions = functions.map((fn) => fn.name === 'python'
    ? `  python:\n    handler: index.lambda_handler\n    events:\n      - httpApi: { method: GET, path: '${fn.path}' }\n`
    : `  node:\n    handler: handler.handler\n    runtime: nodejs20.x\n    events:\n      - httpApi: { method: GET, path: '${fn.path}' }\n`);
  fs.writeFileSync(path.join(dir, 'serverless.yml'), [
    'service: bench',
    'frameworkVersion: \'3\'',
    'provider:',
    '  name: aws',
    '  runtime: python3.11',
    '  architecture: arm64',
    '  region: us-east-1',
    '  httpApi:',
    '    payload: \'2.0\'',
    'functions:',
    definitions.join('').trimEnd(),
    'plugins:',
    '  - serverless-offline',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'index.py'), PYTHON_CODE);
  fs.writeFileSync(path.join(dir, 'handler.js'), NODE_CODE);
  return dir;
}

/** Installs serverless and serverless-offline (pinned) on first use; apart, so no start-up is charged for it. */
export function installServerlessOffline(): void {
  execFileSync('bash', [SERVERLESS_OFFLINE, '--install'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** `serverless offline start` in `serviceDir` on loopback, its handlers run the default way. */
export async function startServerlessOffline(serviceDir: string): Promise<Server> {
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  return startServer('serverless-offline', 'bash', [
    SERVERLESS_OFFLINE, serviceDir, '--host', '127.0.0.1', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort),
  ], { ready: /Server ready: (http:\/\/\S+)/, url: () => `http://127.0.0.1:${httpPort}/`, timeoutMs: 60_000 });
}

/** One GET from this process (never under load: for checks and the cold start). */
export function get(url: string, agent?: http.Agent): Promise<{ status: number; body: string; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let body = '';
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    }).on('error', reject);
  });
}

/**
 * `count` GETs at once must all answer 200 with the reference body: a server is measured only
 * once it really answers, and this starts as many function processes as the load will use.
 */
export async function verify(server: Server, route: string, count: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: count });
  try {
    const answers = await Promise.all(Array.from({ length: count }, () => get(server.url + route, agent)));
    const wrong = answers.find((a) => a.status !== 200 || a.body !== BODY);
    if (wrong) throw new Error(`${server.name} GET /${route} answered ${wrong.status} ${JSON.stringify(wrong.body.slice(0, 300))}, not 200 ${BODY}\n${server.outputTail()}`);
  } finally {
    agent.destroy();
  }
}
