import { JwtKeySource } from './authorization/jwt-keys';
import { StoredApi } from './http-api-model';
import { IamService } from '../iam/iam-service';
import { PolicyStatement } from '../iam/policy-document';

/** What API Gateway needs from Lambda: invoking a function and reading its resource policy. */
export interface LambdaBackend {
  /** Invokes synchronously; `traceHeader` is the request's `x-amzn-trace-id`, whose root the invocation keeps. */
  invoke(functionArn: string, payload: Buffer, traceHeader?: string): Promise<{ payload: Buffer; functionError?: string }>;
  /** The function's resource policy, or `undefined` when there is no such function. */
  policyStatements(functionArn: string): PolicyStatement[] | undefined;
}

/** The services the APIs call, and where they log. Each API's account and Region are its own (`StoredApi.location`). */
export interface GatewayContext {
  readonly iam: IamService;
  readonly lambda: LambdaBackend;
  readonly log: (line: string) => void;
  /**
   * Where JWT authorizers find the issuers' keys, or `'unverified'` (`--jwt-unverified`): claims
   * are checked, signatures are not.
   * @default - each issuer's OpenID discovery document (a JwtKeyStore without --jwks)
   */
  readonly jwtKeys?: JwtKeySource | 'unverified';
  /**
   * Stores each access log line in its log group and stream (the offline CloudWatch Logs).
   * @default - lines only go to `log`
   */
  readonly accessLogSink?: (logGroupName: string, logStreamName: string, message: string, timestamp: number) => void;
}

/**
 * `arn:<partition>:execute-api:<region>:<account>:<apiId>/<resource>`, the ARN resource policies,
 * authorizer policies and IAM policies name.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
export function executeApiArn(api: Pick<StoredApi, 'apiId' | 'location'>, resource: string): string {
  const { partition, region, accountId } = api.location;
  return `arn:${partition}:execute-api:${region}:${accountId}:${api.apiId}/${resource}`;
}

/** `<apiId>.execute-api.<region>.<urlSuffix>`, an API's default endpoint host. */
export function executeApiHost(api: Pick<StoredApi, 'apiId' | 'location'>): string {
  return `${api.apiId}.execute-api.${api.location.region}.${api.location.urlSuffix}`;
}
