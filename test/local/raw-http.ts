import * as net from 'net';

/** A response read off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Writes `data` as is to a new connection to the server of `url` (bytes no HTTP client would
 * send) and reads one response. Rejects when the server closes without a complete answer or
 * stays silent for `timeoutMs`: a request that is never answered fails the test.
 */
export async function rawRequest(url: string, data: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const [response] = await rawPipelined(url, [data], timeoutMs);
  return response;
}

/**
 * Writes the requests back to back on one connection (HTTP/1.1 pipelining) and reads as many
 * responses, in order. An answer to a `HEAD` request is read as a head alone (RFC 9110 §9.3.2),
 * so a server that sends body bytes after it makes the next response unreadable.
 */
export function rawPipelined(url: string, requests: Array<string | Buffer>, timeoutMs = 10_000): Promise<RawResponse[]> {
  const { hostname, port } = new URL(url);
  const headOnly = requests.map((request) => (typeof request === 'string' ? request : request.toString('latin1')).startsWith('HEAD '));
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const responses: RawResponse[] = [];
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error); else resolve(responses);
    };
    const timer = setTimeout(() => finish(new Error(`${responses.length} of ${requests.length} answers within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (let next = parse(received, !headOnly[responses.length]); next; next = parse(received, !headOnly[responses.length])) {
        responses.push(next.response);
        received = received.subarray(next.length);
        if (responses.length === requests.length) return finish();
      }
    });
    socket.on('close', () => finish(new Error(`the connection closed without a complete answer: ${JSON.stringify(received.toString('latin1').slice(0, 200))}`)));
    socket.on('error', (error) => finish(error));
    socket.write(Buffer.concat(requests.map((request) => (typeof request === 'string' ? Buffer.from(request) : request))));
  });
}

/**
 * The first response in `received` and how many bytes it took, once its head and (unless
 * `withBody` is false) `content-length` bytes of body are there.
 */
function parse(received: Buffer, withBody: boolean): { response: RawResponse; length: number } | undefined {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = received.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = withBody ? Number(headers['content-length'] ?? 0) : 0;
  const body = received.subarray(end + 4);
  if (body.length < length) return undefined;
  return {
    response: { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString('utf8') },
    length: end + 4 + length,
  };
}
