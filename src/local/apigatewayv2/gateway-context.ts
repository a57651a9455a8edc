import { IamService } from '../iam/iam-service';
import { PolicyStatement } from '../iam/policy-document';

/** What API Gateway needs from Lambda: invoking a function and reading its resource policy. */
export interface LambdaBackend {
  /** Invokes synchronously; `traceHeader` is the request's `x-amzn-trace-id`, whose root the invocation keeps. */
  invoke(functionArn: string, payload: Buffer, traceHeader?: string): Promise<{ payload: Buffer; functionError?: string }>;
  /** The function's resource policy, or `undefined` when there is no such function. */
  policyStatements(functionArn: string): PolicyStatement[] | undefined;
}

/** The account and region the APIs live in, the services they call, and where they log. */
export interface GatewayContext {
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly iam: IamService;
  readonly lambda: LambdaBackend;
  readonly log: (line: string) => void;
}

/**
 * `arn:<partition>:execute-api:<region>:<account>:<apiId>/<resource>`, the ARN resource policies,
 * authorizer policies and IAM policies name.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
export function executeApiArn(context: Pick<GatewayContext, 'partition' | 'region' | 'accountId'>, apiId: string, resource: string): string {
  return `arn:${context.partition}:execute-api:${context.region}:${context.accountId}:${apiId}/${resource}`;
}

/** `<apiId>.execute-api.<region>.amazonaws.com` (`.com.cn` in China), an API's default endpoint host. */
export function executeApiHost(context: Pick<GatewayContext, 'partition' | 'region'>, apiId: string): string {
  return `${apiId}.execute-api.${context.region}.amazonaws.com${context.partition === 'aws-cn' ? '.cn' : ''}`;
}
