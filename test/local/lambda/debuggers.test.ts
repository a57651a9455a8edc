import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createServer, Server, Socket } from 'node:net';
import * as path from 'node:path';
import { deployFunction, inlineNode, inlinePython, invokeJson, newService } from './lambda-test-support';
import { DebugPorts } from '../../../src/local/lambda/debug-ports';

/** The body of GET http://127.0.0.1:<port><urlPath>, parsed as JSON. */
function getJson(port: number, urlPath: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

/** Opens the inspector's WebSocket (the upgrade is what makes Node.js a debugged process); the socket stays open. */
function attach(webSocketUrl: string): Promise<Socket> {
  const url = new URL(webSocketUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { 'Connection': 'Upgrade', 'Upgrade': 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') },
    });
    request.on('upgrade', (_response, socket) => resolve(socket));
    request.on('error', reject);
    request.end();
  });
}

async function until<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SLEEPER = 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.sleepMs ?? 0)); return { slept: event.sleepMs ?? 0, pid: process.pid }; };';

describe('--inspect: Node.js functions under the inspector', () => {
  test('the inspector listens on the port the log names while the function runs; once a debugger attaches, an invocation past the timeout still answers', async () => {
    const { service, lines } = newService({ inspectPort: 0 });
    const sockets: Socket[] = [];
    try {
      await deployFunction(service, 'Debugged', inlineNode(SLEEPER, { FunctionName: 'debugged', Timeout: 1 }));
      const running = invokeJson(service, 'debugged', { sleepMs: 2500 });
      const line = await until(() => lines.find((l) => l.includes('debugger: node --inspect on')));
      const port = Number(/^\[debugged\] debugger: node --inspect on 127\.0\.0\.1:(\d+) \(chrome:\/\/inspect\)$/.exec(line)![1]);
      expect(lines.filter((l) => l.includes('debugger:'))).toHaveLength(1);
      const targets = await until(() => lines.find((l) => l.includes('Debugger listening on')) && true).then(() => getJson(port, '/json/list'));
      expect(targets).toEqual([expect.objectContaining({ type: 'node', webSocketDebuggerUrl: expect.stringContaining(`ws://127.0.0.1:${port}/`) })]);
      // Attached during the invocation: its timeout (1 s) is suspended, and it answers after 2.5 s.
      sockets.push(await attach(targets[0].webSocketDebuggerUrl));
      const result = await running;
      expect(result).toEqual({ functionError: undefined, body: { slept: 2500, pid: expect.any(Number) } });
      expect(lines.filter((l) => l === '[debugged] timeout suspended: a debugger is attached')).toHaveLength(1);
      // The next invocation runs on the same worker, still attached: said again in its own log.
      const again = await invokeJson(service, 'debugged', { sleepMs: 1500 });
      expect(again.body.pid).toBe(result.body.pid);
      expect(lines.filter((l) => l === '[debugged] timeout suspended: a debugger is attached')).toHaveLength(2);
    } finally {
      for (const socket of sockets) socket.destroy();
      await service.stop();
    }
  });

  test('without a debugger attached the timeout holds; workers take the given port, then the next free ones', async () => {
    const blocker = await listenOnFreePair();
    const { service, lines } = newService({ inspectPort: blocker.first });
    try {
      await deployFunction(service, 'First', inlineNode(SLEEPER, { FunctionName: 'first', Timeout: 1 }));
      await deployFunction(service, 'Second', inlineNode(SLEEPER, { FunctionName: 'second' }));
      const timedOut = await invokeJson(service, 'first', { sleepMs: 2000 });
      expect(timedOut.body.errorType).toBe('Sandbox.Timedout');
      await invokeJson(service, 'second');
      const ports = lines.filter((l) => l.includes('debugger: node --inspect on')).map((l) => Number(/:(\d+) /.exec(l)![1]));
      // `first` took the given port; `second` skipped the one something else listens on.
      expect(ports).toEqual([blocker.first, blocker.first + 2]);
      expect(lines.some((l) => l.includes('timeout suspended'))).toBe(false);
    } finally {
      await service.stop();
      blocker.server.close();
    }
  });

  test('DebugPorts hands out each port once until it is released', async () => {
    const ports = new DebugPorts();
    const a = await ports.take(0);
    const b = await ports.take(a);
    expect(b).toBeGreaterThan(a);
    ports.release(a);
    expect(await ports.take(a)).toBe(a);
  });
});

/** A port p that is free while p + 1 is taken by a listener of this test. */
async function listenOnFreePair(): Promise<{ first: number; server: Server }> {
  for (;;) {
    const probe = createServer();
    const first = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((resolve) => probe.close(resolve));
    if (first >= 65000) continue;
    const server = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(first + 1, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { first, server };
  }
}

function debugpyImportable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import debugpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const DEBUGPY_VERSION = '1.8.22';

/**
 * debugpy, pinned, installed from PyPI into node_modules/.cache on the first run (the pattern of
 * integ/cfn-lint.sh): a folder to put on a function's PYTHONPATH. Moved into place only once
 * the install succeeded.
 */
function installDebugpy(): string {
  const dir = path.join(__dirname, '..', '..', '..', 'node_modules', '.cache', `debugpy-${DEBUGPY_VERSION}`);
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.partial-`);
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', '--target', staging, `debugpy==${DEBUGPY_VERSION}`],
      { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } });
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error;
  }
  return dir;
}

/** Connects to a TCP port; resolves true when something accepts. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

describe('--debug-python: Python functions under debugpy', () => {
  test('with debugpy on the function\'s PYTHONPATH, the log names the port, debugpy listens there, and the timeout applies while no client is attached', async () => {
    const debugpy = installDebugpy();
    const { service, lines } = newService({ debugPythonPort: 0 });
    try {
      const properties = inlinePython('import time\ndef handler(event, context):\n    time.sleep(event.get("sleep", 0))\n    return {"ok": True}\n', {
        FunctionName: 'pylistening',
        Timeout: 2,
        Environment: { Variables: { PYTHONPATH: debugpy } },
      });
      await deployFunction(service, 'PyListening', properties);
      expect(await invokeJson(service, 'pylistening')).toEqual({ functionError: undefined, body: { ok: true } });
      const line = await until(() => lines.find((l) => l.includes('debugger: debugpy on')));
      const port = Number(/^\[pylistening\] debugger: debugpy on 127\.0\.0\.1:(\d+)/.exec(line)![1]);
      expect(await accepts(port)).toBe(true);
      expect(lines.some((l) => l.includes('debugpy is not importable'))).toBe(false);
      // A TCP connection is not a debugger: without a client's attach, the 2 s timeout applies.
      const timedOut = await invokeJson(service, 'pylistening', { sleep: 3 });
      expect(timedOut.functionError).toBe('Unhandled');
      expect(lines.some((l) => l.includes('timeout suspended'))).toBe(false);
    } finally {
      await service.stop();
    }
  }, 180_000);


  test('when python3 cannot import debugpy, the deploy says to pip install it, and the function runs without the debugger', async () => {
    const { service, lines } = newService({ debugPythonPort: 0 });
    try {
      // A PYTHONPATH with no debugpy on it, where this machine's python3 has none either.
      const properties = inlinePython('def handler(event, context):\n    return {"ok": True}\n', {
        FunctionName: 'pydebugged',
        Environment: { Variables: { PYTHONPATH: '/nonexistent-graviton-local-test' } },
      });
      await deployFunction(service, 'PyDebugged', properties);
      // This machine's python3 has no debugpy of its own (the test above brings one on PYTHONPATH).
      expect(debugpyImportable()).toBe(false);
      expect(lines).toContainEqual(expect.stringMatching(/^\[pydebugged\] --debug-python: debugpy is not importable by .*python.*; run pip install debugpy \(or put it on the function's PYTHONPATH\)\. pydebugged runs without the debugger$/));
      expect(await invokeJson(service, 'pydebugged')).toEqual({ functionError: undefined, body: { ok: true } });
      expect(lines.some((l) => l.includes('debugger: debugpy on'))).toBe(false);
    } finally {
      await service.stop();
    }
  });
});
