import * as http from 'http';
import * as net from 'net';
import { withServer } from './pipeline-fixtures';
import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { ClientGone, MAX_REQUEST_BODY_BYTES, readBody } from '../../../../src/local/apigatewayv2/pipeline/read-body';

/** What readBody made of the request `send` writes: the body's length, or the error's name and status. */
async function outcomeOf(send: (port: number) => Promise<void>): Promise<string> {
  let outcome: Promise<string> | undefined;
  let settled!: () => void;
  const done = new Promise<void>((resolve) => { settled = resolve; });
  await withServer((req, res) => {
    outcome = readBody(req).then((body) => `body ${body.length}`, (error) => (error instanceof GatewayAnswer
      ? `GatewayAnswer ${error.error.status}`
      : `${error.constructor.name}`));
    void outcome.finally(() => {
      res.end();
      settled();
    });
  }, async (port) => {
    await send(port);
    await done;
  });
  return outcome!;
}

function post(port: number, headers: http.OutgoingHttpHeaders, chunks: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => resolve());
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('readBody', () => {
  test('reads a Content-Length body whole, and a chunked one', async () => {
    expect(await outcomeOf((port) => post(port, { 'content-length': 5 }, [Buffer.from('hello')]))).toBe('body 5');
    expect(await outcomeOf((port) => post(port, { 'transfer-encoding': 'chunked' }, [Buffer.alloc(1000), Buffer.alloc(24)]))).toBe('body 1024');
  });

  test('a request with neither Content-Length nor Transfer-Encoding has an empty body', async () => {
    const get = (port: number) => new Promise<void>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/' }, (res) => res.resume().on('end', resolve));
    });
    expect(await outcomeOf(get)).toBe('body 0');
  });

  test('a declared length over the quota answers 413 without reading it', async () => {
    const send = (port: number) => new Promise<void>((resolve) => {
      // Only the headers are sent: readBody must not wait for a body it refuses.
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_REQUEST_BODY_BYTES + 1}\r\n\r\n`);
      });
      socket.on('data', () => socket.destroy());
      socket.on('close', () => resolve());
    });
    expect(await outcomeOf(send)).toBe('GatewayAnswer 413');
  });

  test('a chunked body that grows over the quota answers 413', async () => {
    const chunk = Buffer.alloc(1024 * 1024);
    const chunks = Array.from({ length: MAX_REQUEST_BODY_BYTES / chunk.length + 1 }, () => chunk);
    expect(await outcomeOf((port) => post(port, { 'transfer-encoding': 'chunked' }, chunks))).toBe('GatewayAnswer 413');
  });

  test('a client that hangs up before its body arrives is ClientGone', async () => {
    const send = (port: number) => new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\npartial');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    expect(await outcomeOf(send)).toBe(ClientGone.name);
  });
});
