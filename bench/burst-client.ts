/**
 * A burst: COUNT GETs of URL that reach the server at the same moment. It first opens COUNT
 * connections (so the listen backlog and connection set-up are not part of the burst), then
 * writes every request in one synchronous loop, and prints one JSON line (a BurstResult, load.ts).
 * Plain sockets, not http.Agent: an agent sends each request as its socket connects, spreading them.
 *
 * Usage: node -r ts-node/register/transpile-only bench/burst-client.ts URL COUNT EXPECTED_BODY TIMEOUT_MS
 */
import * as net from 'net';

const [url, countText, expectedBody, timeoutText] = process.argv.slice(2);
const target = new URL(url);
const count = Number(countText);
const timeoutMs = Number(timeoutText);
const request = `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: close\r\n\r\n`;

interface Answer { outcome: string; ms?: number }

/** The status and body of a complete HTTP/1.1 response, or undefined while it is incomplete. */
function parse(raw: Buffer, ended: boolean): { status: number; body: string } | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const head = raw.subarray(0, headerEnd).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  let body = raw.subarray(headerEnd + 4);
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    if (body.length < Number(length[1])) return undefined;
    body = body.subarray(0, Number(length[1]));
  } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const chunks: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (size === 0) break;
      if (body.length < lineEnd + 2 + size) return undefined;
      chunks.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(chunks);
  } else if (!ended) {
    return undefined; // the body runs to the end of the connection
  }
  return { status, body: body.toString('utf-8') };
}

/** What a wrong body says, in a word: Lambda's errorType when it is one (serverless-offline answers a timeout 200 with it). */
function errorName(body: string): string {
  try {
    const parsed = JSON.parse(body);
    if (typeof parsed?.errorType === 'string') return parsed.errorType;
  } catch {
    // not JSON
  }
  return '(other body)';
}

function connect(): Promise<net.Socket | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port) });
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error) => resolve(`connect error (${(error as NodeJS.ErrnoException).code ?? error.message})`));
  });
}

function exchange(socket: net.Socket, sentAt: bigint): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (answer: Answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const check = (ended: boolean) => {
      const response = parse(Buffer.concat(chunks), ended);
      const ms = Number(process.hrtime.bigint() - sentAt) / 1e6;
      if (response) finish({ outcome: response.status === 200 && response.body !== expectedBody ? `200 ${errorName(response.body)}` : String(response.status), ms });
      else if (ended) finish({ outcome: 'connection closed without an answer' });
    };
    const timer = setTimeout(() => finish({ outcome: `no answer in ${timeoutMs} ms` }), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      check(false);
    });
    socket.once('end', () => check(true));
    socket.once('close', () => check(true));
    socket.once('error', (error) => finish({ outcome: `socket error (${(error as NodeJS.ErrnoException).code ?? error.message})` }));
  });
}

async function main(): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: count }, connect));
  const exchanges: Array<Promise<Answer>> = [];
  // One synchronous loop: every request is written before any answer can be read.
  for (const socket of sockets) {
    if (typeof socket === 'string') {
      exchanges.push(Promise.resolve({ outcome: socket }));
      continue;
    }
    const sentAt = process.hrtime.bigint();
    socket.write(request);
    exchanges.push(exchange(socket, sentAt));
  }
  const answers = await Promise.all(exchanges);
  const other: Record<string, number> = {};
  let ok = 0;
  for (const answer of answers) {
    if (answer.outcome === '200') ok++;
    else other[answer.outcome] = (other[answer.outcome] ?? 0) + 1;
  }
  const latencies = answers.filter((a) => a.ms !== undefined).map((a) => a.ms!).sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : NaN);
  process.stdout.write(`${JSON.stringify({ sent: count, ok, other, p50: at(0.5), p99: at(0.99), max: at(1) })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
