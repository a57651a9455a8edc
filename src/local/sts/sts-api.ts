import { queryError, queryParameters, queryResponse } from '../query-protocol';
import { ServiceEndpoint, ServiceRequest, ServiceResponse, notSupported } from '../service-endpoint';

/**
 * STS's GetCallerIdentity (query protocol, XML answers). Every caller of the offline cloud signs
 * with the same placeholder credentials, so callers are not told apart: the answer is the
 * account itself (its root user, whose UserId is the account id).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The actions answered, as `not supported` names them. */
export const STS_ACTIONS = ['GetCallerIdentity'];

/** The account callers belong to. */
export interface CallerAccount {
  readonly partition: string;
  readonly accountId: string;
}

export function stsApiEndpoint(account: CallerAccount): ServiceEndpoint {
  return new ServiceEndpoint({
    handle: (request) => handle(account, request),
    renderError: (error) => queryError(NAMESPACE, error),
  });
}

function handle(account: CallerAccount, request: ServiceRequest): ServiceResponse {
  const action = queryParameters(request).get('Action');
  if (action !== 'GetCallerIdentity') throw notSupported(`STS ${action ?? `${request.method} ${request.url.pathname} without Action`}`, STS_ACTIONS);
  return queryResponse(NAMESPACE, 'GetCallerIdentity', {
    UserId: account.accountId,
    Account: account.accountId,
    Arn: `arn:${account.partition}:iam::${account.accountId}:root`,
  });
}
