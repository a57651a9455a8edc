import { IamService } from '../iam/iam-service';
import { PolicyStatement } from '../iam/policy-document';

/** What API Gateway needs from Lambda: invoking a function and reading its resource policy. */
export interface LambdaBackend {
  invoke(functionArn: string, payload: Buffer): Promise<{ payload: Buffer; functionError?: string }>;
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
