import { createHash, createHmac, Hash, Hmac, timingSafeEqual } from 'crypto';
import { ALGORITHM_IDENTIFIER, SignatureV4, getCanonicalHeaders } from '@smithy/signature-v4';
import { ApiRequest, headerValue } from '../api-request';
import { GatewayError } from '../error-responses';
import { SigV4Signature } from './iam-authorization';
import { KnownCredential } from './iam-credentials';

/**
 * Verifies a SigV4 signature as API Gateway does when it receives a signed request: "API Gateway
 * recalculates the signature" from the request as it arrived and the secret key of the access key
 * it names, and refuses a mismatch, an expired signature or an unknown key with 403.
 * The canonical request, string to sign, signing key and HMAC are the AWS SDK's own
 * (@smithy/signature-v4): this module only gives it the parts of the request the client signed.
 * https://repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

/**
 * How far the signature's time may be from the server's, either way. "In most cases, a request
 * must reach AWS within five minutes of the time stamp in the request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html); API Gateway's
 * answers say "- 5 min." (obs: https://repost.aws/questions/QUdUp8J3LVS_OdlzmjXq09RA).
 */
export const SIGNATURE_SKEW_MINUTES = 5;

/** The outcome: verified, or AWS's refusal (status, body, `x-amzn-errortype`) and what the log says. */
export type SigV4Check =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: SigV4Failure; readonly error: GatewayError; readonly errorType: string; readonly reason: string };

/** What failed: the session token, the time, or the signature itself. */
export type SigV4Failure = 'token' | 'expired' | 'signature';

/**
 * The 403 bodies and `x-amzn-errortype` headers API Gateway answers for IAM authorization, as the
 * AWS Knowledge Center lists them (https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden),
 * without naming the kind of API: (unconfirmed) that HTTP APIs answer the same.
 */
export const INVALID_SECURITY_TOKEN: GatewayError = { status: 403, message: 'The security token included in the request is invalid.' };
export const INVALID_SECURITY_TOKEN_TYPE = 'AccessDeniedException';
export const INVALID_SIGNATURE_TYPE = 'InvalidSignatureException';
const SIGNATURE_MISMATCH = 'The request signature we calculated does not match the signature you provided. '
  + 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
/** The payload hash a client may sign instead of the body's. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** SHA-256, and HMAC-SHA256 when given a key, on Node's crypto: the hash the signer is built with. */
class NodeSha256 {
  private hash!: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.reset();
  }

  public update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }

  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  public reset(): void {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf-8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The request the signer canonicalizes (smithy's HttpRequest). */
type SignableRequest = Parameters<SignatureV4['presign']>[0];

/** What the signature of one request should have been, and the two strings it is made from. */
interface Calculated {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

/** The SDK's signer, asked for the signature of a request whose signed headers and time are given (not chosen by it). */
class SignatureCalculator extends SignatureV4 {
  public async calculate(
    request: SignableRequest, canonicalHeaders: Record<string, string>, payloadHash: string, signature: SigV4Signature,
  ): Promise<Calculated> {
    const { scope } = signature;
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
    const stringToSign = await this.createStringToSign(signature.amzDate, credentialScope, canonicalRequest, ALGORITHM_IDENTIFIER);
    const calculated = await this.sign(stringToSign, {
      signingDate: dateOf(signature.amzDate), signingRegion: scope.region, signingService: scope.service,
    });
    return { canonicalRequest, stringToSign, signature: calculated };
  }
}

/** The instant of `yyyymmddThhmmssZ`. */
function dateOf(amzDate: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)!;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

/** `yyyymmddThhmmssZ` of an instant. */
function amzDateOf(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The query parameters as the client signed them: names and values percent-decoded (a `+` stays a
 * `+`: SigV4 encodes a space as `%20`), for the signer to encode again.
 */
function signedQuery(rawQueryString: string): Record<string, string | string[]> {
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const query: Record<string, string[]> = {};
  for (const pair of rawQueryString.split('&').filter((p) => p !== '')) {
    const equals = pair.indexOf('=');
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decode(pair.slice(equals + 1));
    (query[name] ??= []).push(value);
  }
  return query;
}

/** The signed headers' values as the request carries them (a repeated header's values comma-joined). */
function signedHeaderValues(request: ApiRequest, signature: SigV4Signature): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of signature.signedHeaders) {
    // The x-forwarded-* headers are the gateway's own by now (gateway-headers.ts): a client
    // that signs them does not verify offline.
    const value = headerValue(request, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** Why the request's time is outside what the signature allows, as AWS words it; undefined when it is inside. */
function timeProblem(signature: SigV4Signature, now: Date): string | undefined {
  const signedAt = dateOf(signature.amzDate);
  const skew = SIGNATURE_SKEW_MINUTES * 60_000;
  if (signedAt.getTime() > now.getTime() + skew) {
    // (obs) AWS's wording for a request from the future.
    return `Signature not yet current: ${signature.amzDate} is still later than ${amzDateOf(new Date(now.getTime() + skew))} `
      + `(${amzDateOf(now)} + ${SIGNATURE_SKEW_MINUTES} min.)`;
  }
  if (signature.expiresSeconds !== undefined) {
    // A presigned URL lasts X-Amz-Expires seconds from X-Amz-Date.
    // (unconfirmed) API Gateway's wording for an expired presigned URL; this one follows the header form's.
    const expires = signature.expiresSeconds * 1000;
    return signedAt.getTime() + expires < now.getTime()
      ? `Signature expired: ${signature.amzDate} is now earlier than ${amzDateOf(new Date(now.getTime() - expires))} `
        + `(${amzDateOf(now)} - ${signature.expiresSeconds} sec.)`
      : undefined;
  }
  return signedAt.getTime() < now.getTime() - skew
    ? `Signature expired: ${signature.amzDate} is now earlier than ${amzDateOf(new Date(now.getTime() - skew))} `
      + `(${amzDateOf(now)} - ${SIGNATURE_SKEW_MINUTES} min.)`
    : undefined;
}

/**
 * Verifies `signature` of `request` with the key it names (`credential`, whose access key id the
 * signature gave): the session token of temporary credentials, the time (within five minutes, or
 * a presigned URL's X-Amz-Expires), then the signature itself.
 */
export async function verifySigV4(request: ApiRequest, signature: SigV4Signature, credential: KnownCredential, now: Date): Promise<SigV4Check> {
  if (credential.sessionToken !== signature.securityToken) {
    return {
      ok: false,
      kind: 'token',
      error: INVALID_SECURITY_TOKEN,
      errorType: INVALID_SECURITY_TOKEN_TYPE,
      reason: credential.sessionToken === undefined
        ? `access key ${signature.accessKey} (${credential.from}) has no session token, but the request carries X-Amz-Security-Token`
        : `access key ${signature.accessKey} (${credential.from}) is temporary: the request must carry its session token as X-Amz-Security-Token`,
    };
  }
  const expired = timeProblem(signature, now);
  if (expired) {
    return { ok: false, kind: 'expired', error: { status: 403, message: expired }, errorType: INVALID_SIGNATURE_TYPE, reason: expired };
  }
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const claimedHash = headerValue(request, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== UNSIGNED_PAYLOAD && claimedHash !== bodyHash) {
    // (unconfirmed) API Gateway's answer when the signed payload hash is not the body's; offline it is a mismatch.
    return {
      ok: false,
      kind: 'signature',
      error: { status: 403, message: SIGNATURE_MISMATCH },
      errorType: INVALID_SIGNATURE_TYPE,
      reason: `x-amz-content-sha256 ${claimedHash} is not the SHA-256 of the body (${bodyHash})`,
    };
  }
  const signable: SignableRequest = {
    method: request.method,
    protocol: 'https:',
    hostname: headerValue(request, 'host') ?? '',
    path: request.rawPath,
    query: signedQuery(request.rawQueryString),
    headers: signedHeaderValues(request, signature),
    body: request.body,
  };
  const canonicalHeaders = getCanonicalHeaders(signable, undefined, new Set(signature.signedHeaders));
  const calculator = new SignatureCalculator({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey, sessionToken: credential.sessionToken },
    region: signature.scope.region,
    service: signature.scope.service,
    sha256: NodeSha256,
  });
  const calculated = await calculator.calculate(signable, canonicalHeaders, claimedHash ?? bodyHash, signature);
  if (timingSafeEqual(Buffer.from(calculated.signature, 'hex'), Buffer.from(signature.signature, 'hex'))) {
    return { ok: true };
  }
  // (obs) REST APIs append the canonical request and string to sign they expected, which is what
  // a client needs to find its mistake; that HTTP APIs do the same is unconfirmed.
  const message = `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${calculated.canonicalRequest}'\n\n`
    + `The String-to-Sign should have been\n'${calculated.stringToSign}'\n`;
  return {
    ok: false,
    kind: 'signature',
    error: { status: 403, message },
    errorType: INVALID_SIGNATURE_TYPE,
    reason: `the signature does not match the one calculated with the secret key of ${signature.accessKey} (${credential.from})`,
  };
}
