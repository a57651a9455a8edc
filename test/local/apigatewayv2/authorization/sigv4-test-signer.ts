import { createHash, createHmac, randomBytes } from 'crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { KnownCredential } from '../../../../src/local/apigatewayv2/authorization/iam-credentials';

/**
 * Signs requests to an AWS_IAM route as an AWS SDK client does: with @smithy/signature-v4, the
 * signer the JavaScript SDK itself uses, for the `execute-api` service. Keys are made in the test.
 */

/** A fresh access key (AKIA + 16 characters) and secret key (40 characters), with an optional identity. */
export function testCredential(options: { arn?: string; sessionToken?: string } = {}): KnownCredential {
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: options.sessionToken,
    arn: options.arn,
    from: 'the test',
  };
}

type Data = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: Data): Buffer | string {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

/** SHA-256 / HMAC-SHA256 for the client's signer (the SDK takes it as a constructor). */
class ClientSha256 {
  private hash;

  constructor(private readonly secret?: Data) {
    this.hash = this.create();
  }

  update(data: Data): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
  }

  private create() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

export interface SigningOptions {
  readonly method?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** When the client signs. @default now */
  readonly date?: Date;
  /** A presigned URL's lifetime, in seconds. @default 3600 */
  readonly expiresIn?: number;
}

function signer(credential: KnownCredential, region: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    region,
    service: 'execute-api',
    sha256: ClientSha256,
  });
}

/** The request to `url` as the signer sees it: path and query as they go on the wire, and the host header. */
function unsigned(url: URL, options: SigningOptions) {
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  return {
    method: options.method ?? 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...options.headers },
    body: options.body,
  };
}

/** The headers that sign a request to `url` (Authorization, X-Amz-Date, ...), to send with it. */
export async function signedHeaders(url: string, credential: KnownCredential, options: SigningOptions = {}): Promise<Record<string, string>> {
  const signed = await signer(credential, options.region ?? 'us-east-1')
    .sign(unsigned(new URL(url), options), { signingDate: options.date ?? new Date() });
  return signed.headers as Record<string, string>;
}

/** A presigned URL for a GET of `url`. */
export async function presignedUrl(url: string, credential: KnownCredential, options: SigningOptions = {}): Promise<string> {
  const target = new URL(url);
  const presigned = await signer(credential, options.region ?? 'us-east-1')
    .presign(unsigned(target, options), { signingDate: options.date ?? new Date(), expiresIn: options.expiresIn ?? 3600 });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(presigned.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) query.append(name, one ?? '');
  }
  // SigV4 encodes a space as %20 (URLSearchParams would write +).
  return `${target.origin}${target.pathname}?${query.toString().replace(/\+/g, '%20')}`;
}
