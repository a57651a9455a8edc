import { pooledRandomBytes } from '../../random-ids';
import { AccessLogContext } from '../access-log';
import { GatewayError } from '../error-responses';
import { StoredApi, StoredStage } from '../http-api-model';
import { IntegrationRecord } from './invoke-integration';

/** What the steps found out about one request, for its answer and its access log line. */
export interface RequestRecord extends IntegrationRecord {
  readonly requestId: string;
  /** Epoch milliseconds when the request arrived. */
  readonly started: number;
  /** The API the request is for: the server's, or the one a custom domain maps it to. */
  api: StoredApi;
  /** The stage, once one is selected; only requests with a stage are access-logged. */
  stage?: StoredStage;
  /** The matched route key; `-` until a route matched. */
  routeKey: string;
  basePathMatched?: string;
  /** Whether API Gateway answered a CORS preflight itself. */
  preflight: boolean;
  /** `$context.authorizer.*` and the like, from the authorize step or its refusal. */
  authorizerLog: AccessLogContext;
  integrationError?: string;
  gatewayError?: GatewayError;
  responseType?: string;
}

/** A new record for a request to `api`'s server. */
export function newRequestRecord(api: StoredApi): RequestRecord {
  return { requestId: newRequestId(), started: Date.now(), api, routeKey: '-', preflight: false, authorizerLog: {} };
}

// API Gateway's request ids look like `JKJaXmPLvHcESHA=` (AWS's example payload 2.0 event): 11
// bytes in base64, hence 15 characters and one `=`.
// https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
function newRequestId(): string {
  return pooledRandomBytes(11).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}
