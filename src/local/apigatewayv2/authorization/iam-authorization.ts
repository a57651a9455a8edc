import { ApiRequest, headerValue, queryParameters } from '../api-request';

/**
 * IAM authorization of HTTP API routes (`AuthorizationType: AWS_IAM`): the request must be signed
 * with Signature Version 4 for the `execute-api` service, in the Authorization header or as a
 * presigned query. This module reads the signature; `sigv4-verification.ts` verifies it with the
 * key the offline cloud knows (`iam-credentials.ts`), and `route-authorizer.ts` evaluates the
 * identity's `execute-api:Invoke` policies.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html
 */

/** A well-formed signature: who signed (the access key id), where it was presented, and what it covers. */
export interface SigV4Signature {
  readonly accessKey: string;
  readonly presented: 'header' | 'query';
  /** The credential scope's date (yyyymmdd), Region and service. */
  readonly scope: { readonly date: string; readonly region: string; readonly service: string };
  /** The request time the signature claims, `yyyymmddThhmmssZ` (X-Amz-Date, or the Date header). */
  readonly amzDate: string;
  /** The lower-case names of the signed headers, in the order given. */
  readonly signedHeaders: readonly string[];
  /** 64 hex digits. */
  readonly signature: string;
  /** A presigned query's `X-Amz-Expires`, in seconds. */
  readonly expiresSeconds?: number;
  /** `X-Amz-Security-Token` (header or query) of temporary credentials. */
  readonly securityToken?: string;
}

/** The outcome: a signature, `missing` when there is none, or why it is malformed. */
export type SigV4Parse =
  | { readonly ok: true; readonly signature: SigV4Signature }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** The longest a presigned URL may last: seven days. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

type Scope = SigV4Signature['scope'];

/** `yyyymmddThhmmssZ` of an X-Amz-Date, or of an HTTP Date header; undefined when it is neither. */
function amzDateOf(date: string): string | undefined {
  if (/^\d{8}T\d{6}Z$/.test(date)) return date;
  const parsed = new Date(date);
  return /GMT$/.test(date) && !Number.isNaN(parsed.getTime()) ? parsed.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '') : undefined;
}

/** Checks the credential scope `<access key>/<yyyymmdd>/<region>/execute-api/aws4_request` and the request date. */
function credentialProblem(
  credential: string, region: string, date: string | undefined,
): string | { accessKey: string; scope: Scope; amzDate: string } {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[0] === '') {
    return `Credential ${JSON.stringify(credential)} is not <access key>/<date>/<region>/execute-api/aws4_request`;
  }
  const [accessKey, scopeDate, scopeRegion, service, terminator] = parts;
  if (!/^\d{8}$/.test(scopeDate)) return `the credential scope date ${JSON.stringify(scopeDate)} is not yyyymmdd`;
  if (scopeRegion !== region) return `the credential scope Region ${scopeRegion} is not this API's Region ${region}`;
  if (service !== 'execute-api') return `the credential scope service ${service} is not execute-api`;
  if (terminator !== 'aws4_request') return `the credential scope ends in ${terminator}, not aws4_request`;
  if (date === undefined) return 'the request has no X-Amz-Date (or Date) for the signature';
  const amzDate = amzDateOf(date);
  if (amzDate === undefined) return `X-Amz-Date ${JSON.stringify(date)} is not yyyymmddThhmmssZ (nor an HTTP Date)`;
  if (amzDate.slice(0, 8) !== scopeDate) {
    return `X-Amz-Date ${amzDate} is not on the credential scope date ${scopeDate}`;
  }
  return { accessKey, scope: { date: scopeDate, region: scopeRegion, service }, amzDate };
}

function signedHeadersProblem(signedHeaders: string | undefined): string | undefined {
  if (!signedHeaders || !/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signedHeaders)) {
    return `SignedHeaders ${JSON.stringify(signedHeaders ?? '')} is not a ;-separated list of lower-case header names`;
  }
  return signedHeaders.split(';').includes('host') ? undefined : 'SignedHeaders does not include host';
}

function signatureProblem(signature: string | undefined): string | undefined {
  return signature && /^[0-9a-f]{64}$/.test(signature) ? undefined : `Signature ${JSON.stringify(signature ?? '')} is not 64 hex digits`;
}

/** `X-Amz-Expires`: whole seconds from 1 to seven days. */
function expiresProblem(expires: string | undefined): string | number {
  if (expires === undefined) return 'the presigned query has no X-Amz-Expires';
  const seconds = Number(expires);
  if (!/^\d+$/.test(expires) || seconds < 1 || seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    return `X-Amz-Expires ${JSON.stringify(expires)} is not a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_SECONDS} (seven days)`;
  }
  return seconds;
}

/** Parses the SigV4 signature of a request for an API in `region`. */
export function parseSigV4(request: ApiRequest, region: string): SigV4Parse {
  const authorization = headerValue(request, 'authorization');
  const query = queryParameters(request.rawQueryString);
  const malformed = (reason: string): SigV4Parse => ({ ok: false, missing: false, reason });
  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    const algorithm = space < 0 ? authorization : authorization.slice(0, space);
    if (algorithm !== ALGORITHM) {
      return malformed(`the Authorization header's algorithm ${JSON.stringify(algorithm)} is not ${ALGORITHM}`);
    }
    const fields = new Map<string, string>();
    for (const field of authorization.slice(space + 1).split(',')) {
      const equals = field.indexOf('=');
      if (equals > 0) fields.set(field.slice(0, equals).trim(), field.slice(equals + 1).trim());
    }
    const credential = fields.get('Credential');
    if (credential === undefined) return malformed('the Authorization header has no Credential=');
    const date = headerValue(request, 'x-amz-date') ?? headerValue(request, 'date');
    const checked = credentialProblem(credential, region, date);
    if (typeof checked === 'string') return malformed(checked);
    const signedHeaders = fields.get('SignedHeaders');
    const signature = fields.get('Signature');
    const problem = signedHeadersProblem(signedHeaders) ?? signatureProblem(signature);
    return problem ? malformed(problem) : {
      ok: true,
      signature: {
        ...checked,
        presented: 'header',
        signedHeaders: signedHeaders!.split(';'),
        signature: signature!,
        securityToken: headerValue(request, 'x-amz-security-token'),
      },
    };
  }
  const queryAlgorithm = query.get('X-Amz-Algorithm')?.[0];
  if (queryAlgorithm !== undefined) {
    if (queryAlgorithm !== ALGORITHM) return malformed(`X-Amz-Algorithm ${JSON.stringify(queryAlgorithm)} is not ${ALGORITHM}`);
    const credential = query.get('X-Amz-Credential')?.[0];
    if (credential === undefined) return malformed('the presigned query has no X-Amz-Credential');
    const checked = credentialProblem(credential, region, query.get('X-Amz-Date')?.[0]);
    if (typeof checked === 'string') return malformed(checked);
    const signedHeaders = query.get('X-Amz-SignedHeaders')?.[0];
    const signature = query.get('X-Amz-Signature')?.[0];
    const problem = signedHeadersProblem(signedHeaders) ?? signatureProblem(signature);
    if (problem) return malformed(problem);
    const expires = expiresProblem(query.get('X-Amz-Expires')?.[0]);
    if (typeof expires === 'string') return malformed(expires);
    return {
      ok: true,
      signature: {
        ...checked,
        presented: 'query',
        signedHeaders: signedHeaders!.split(';'),
        signature: signature!,
        expiresSeconds: expires,
        securityToken: query.get('X-Amz-Security-Token')?.[0],
      },
    };
  }
  return { ok: false, missing: true, reason: 'the request is not signed: no Authorization header and no X-Amz-Algorithm query parameter' };
}

/** Who signed: the access key, and its identity's ARN when the offline cloud knows it. */
export interface IamCaller {
  readonly accessKey: string;
  readonly arn?: string;
}

/** The account of an identity ARN (its fifth part). */
function accountOf(arn: string | undefined): string | null {
  return arn?.split(':')[4] ?? null;
}

/**
 * `requestContext.authorizer.iam` of a 2.0 event: the access key, and the caller's account and ARN
 * when the key's identity is known (`--iam-credentials` with an `arn`). The caller and user ids
 * (`AROA...:session`) and the organization are null offline: IAM's unique ids are not emulated,
 * and AWS sends null for fields it has no value for.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function iamAuthorizerContext(caller: IamCaller): Record<string, unknown> {
  return {
    iam: {
      accessKey: caller.accessKey,
      accountId: accountOf(caller.arn),
      callerId: null,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: caller.arn ?? null,
      userId: null,
    },
  };
}

/** `requestContext.identity` fields of a 1.0 event for an IAM-authorized request. */
export function iamIdentityV1(caller: IamCaller): Record<string, unknown> {
  return {
    accessKey: caller.accessKey, accountId: accountOf(caller.arn), caller: null, principalOrgId: null, user: null, userArn: caller.arn ?? null,
  };
}
