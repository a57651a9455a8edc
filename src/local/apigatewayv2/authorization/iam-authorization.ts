import { ApiRequest, headerValue, queryParameters } from '../api-request';

/**
 * IAM authorization of HTTP API routes (`AuthorizationType: AWS_IAM`): the request must be signed
 * with Signature Version 4 for the `execute-api` service, in the Authorization header or as a
 * presigned query. Offline the signature is parsed, not verified: there are no credentials to
 * verify it with, and no caller identity to evaluate execute-api:Invoke policies for.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html
 */

/** A well-formed signature: who signed (the access key id) and where it was presented. */
export interface SigV4Signature {
  readonly accessKey: string;
  readonly presented: 'header' | 'query';
}

/** The outcome: a signature, `missing` when there is none, or why it is malformed. */
export type SigV4Parse =
  | { readonly ok: true; readonly signature: SigV4Signature }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Checks the credential scope `<access key>/<yyyymmdd>/<region>/execute-api/aws4_request`. */
function credentialProblem(credential: string, region: string, date: string | undefined): string | { accessKey: string } {
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
  if (/^\d{8}T\d{6}Z$/.test(date) && date.slice(0, 8) !== scopeDate) {
    return `X-Amz-Date ${date} is not on the credential scope date ${scopeDate}`;
  }
  return { accessKey };
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
    const problem = signedHeadersProblem(fields.get('SignedHeaders')) ?? signatureProblem(fields.get('Signature'));
    return problem ? malformed(problem) : { ok: true, signature: { accessKey: checked.accessKey, presented: 'header' } };
  }
  const queryAlgorithm = query.get('X-Amz-Algorithm')?.[0];
  if (queryAlgorithm !== undefined) {
    if (queryAlgorithm !== ALGORITHM) return malformed(`X-Amz-Algorithm ${JSON.stringify(queryAlgorithm)} is not ${ALGORITHM}`);
    const credential = query.get('X-Amz-Credential')?.[0];
    if (credential === undefined) return malformed('the presigned query has no X-Amz-Credential');
    const checked = credentialProblem(credential, region, query.get('X-Amz-Date')?.[0]);
    if (typeof checked === 'string') return malformed(checked);
    const problem = signedHeadersProblem(query.get('X-Amz-SignedHeaders')?.[0]) ?? signatureProblem(query.get('X-Amz-Signature')?.[0]);
    return problem ? malformed(problem) : { ok: true, signature: { accessKey: checked.accessKey, presented: 'query' } };
  }
  return { ok: false, missing: true, reason: 'the request is not signed: no Authorization header and no X-Amz-Algorithm query parameter' };
}

/**
 * `requestContext.authorizer.iam` of a 2.0 event. Only the access key is known offline; the
 * caller's account, ARN and ids are null, as AWS sends fields it has no value for.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function iamAuthorizerContext(signature: SigV4Signature): Record<string, unknown> {
  return {
    iam: {
      accessKey: signature.accessKey,
      accountId: null,
      callerId: null,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: null,
      userId: null,
    },
  };
}

/** `requestContext.identity` fields of a 1.0 event for an IAM-authorized request. */
export function iamIdentityV1(signature: SigV4Signature): Record<string, unknown> {
  return { accessKey: signature.accessKey, accountId: null, caller: null, principalOrgId: null, user: null, userArn: null };
}
