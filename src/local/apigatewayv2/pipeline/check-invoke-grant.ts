import { ApiRequest } from '../api-request';
import { GatewayAnswer, INTERNAL_SERVER_ERROR } from '../error-responses';
import { GatewayContext, executeApiArn } from '../gateway-context';
import { StoredApi, StoredIntegration } from '../http-api-model';
import { invokeGrantProblem } from '../invoke-grant';
import { routePath } from '../payload-formats';

/**
 * Step 6, check the invoke grant: what API Gateway checks before invoking the integration's
 * function (invoke-grant.ts); no grant answers 500.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export class InvokeGrants {
  /**
   * Grants found so far, by function, role and source ARN. Deployed permissions only change when
   * a resource is created, which clears them (forget); evaluating IAM policies on every request
   * would cost more than the rest of API Gateway's work.
   */
  private readonly found = new Set<string>();

  constructor(private readonly context: GatewayContext) {}

  check(api: StoredApi, request: ApiRequest, integration: StoredIntegration): void {
    const sourceArn = executeApiArn(api, routeArnResource(request.stage, request.method, request.routeKey));
    const key = `${integration.functionArn} ${integration.credentialsArn ?? ''} ${sourceArn}`;
    if (this.found.has(key)) return;
    const problem = invokeGrantProblem(this.context, {
      functionArn: integration.functionArn, credentialsArn: integration.credentialsArn, sourceArn, sourceAccount: api.location.accountId,
    });
    if (!problem) {
      this.found.add(key);
      return;
    }
    this.context.log(`[apigateway] ${api.displayName} ${request.routeKey}: cannot invoke ${integration.functionArn}: ${problem}`);
    // https://repost.aws/knowledge-center/api-gateway-http-lambda-integrations
    throw new GatewayAnswer(INTERNAL_SERVER_ERROR,
      'The IAM role configured on the integration or API Gateway doesn\'t have permissions to call the integration. Check the permissions and try again.');
  }

  /** Forgets the grants found so far: a permission may have changed. */
  forget(): void {
    this.found.clear();
  }
}

/** The part of an `execute-api` ARN after the API id for a route: `stage/METHOD/path` or `stage/$default`. */
export function routeArnResource(stage: string, method: string, routeKey: string): string {
  return routeKey === '$default' ? `${stage}/$default` : `${stage}/${method}${routePath(routeKey)}`;
}
