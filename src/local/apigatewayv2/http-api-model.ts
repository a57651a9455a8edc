import * as http from 'http';
import { AuthorizerConfig, RouteAuthorization } from './authorization/authorizer-config';
import { CorsConfiguration } from './cors';
import { PayloadFormatVersion } from './payload-formats';
import { RouteTable } from './route-matcher';
import { ThrottleLimits, TokenBucket } from './throttle';

/** Where an API lives. */
export interface ApiLocation {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in China. */
  readonly urlSuffix: string;
}

/**
 * A resource as its template declared it, and when it was created: what the API Gateway v2
 * management API (management-api.ts) answers from, beside the fields the gateway itself uses.
 */
export interface ResourceDefinition {
  readonly createdDate: Date;
  /** The resource's resolved CloudFormation properties. */
  readonly properties: Readonly<Record<string, any>>;
}

/** A Lambda proxy integration of an HTTP API. */
export interface StoredIntegration {
  readonly integrationId: string;
  /** The function ARN the integration invokes (taken from `IntegrationUri`). */
  readonly functionArn: string;
  readonly credentialsArn?: string;
  readonly payloadFormatVersion: PayloadFormatVersion;
  readonly timeoutMillis: number;
  /** Its template definition. @default - none (built by hand, as tests do) */
  readonly definition?: ResourceDefinition;
}

/** A route and the integration it targets. */
export interface StoredRoute {
  readonly routeId: string;
  readonly routeKey: string;
  readonly integrationId?: string;
  /** `AuthorizationType`, `AuthorizerId` and `AuthorizationScopes`. */
  readonly authorization: RouteAuthorization;
  /** Its template definition. @default - none (built by hand, as tests do) */
  readonly definition?: ResourceDefinition;
}

/** A stage: what is live, its variables, throttling and access log. */
export interface StoredStage {
  readonly stageName: string;
  /** Changes are live only on an auto-deploy stage or one a deployment targets. */
  deployed: boolean;
  readonly stageVariables: Record<string, string>;
  readonly defaultLimits?: ThrottleLimits;
  readonly routeLimits: Map<string, ThrottleLimits>;
  readonly buckets: Map<string, TokenBucket>;
  readonly accessLog?: { readonly destinationArn: string; readonly format: string };
  /** Its template definition. @default - none (built by hand, as tests do) */
  readonly definition?: ResourceDefinition;
}

/** An HTTP API, its local server and everything attached to it. */
export interface StoredApi {
  readonly apiId: string;
  /** The account and Region of the API's stack: its ARNs, its execute-api host name, SigV4's scope. */
  readonly location: ApiLocation;
  /** `<StackName>/<LogicalId>`, as `serve` prints it. */
  readonly displayName: string;
  readonly name: string;
  readonly server: http.Server;
  /** `http://host:port`, what `Fn::GetAtt Api.ApiEndpoint` resolves to. */
  readonly endpoint: string;
  readonly disableExecuteApiEndpoint: boolean;
  readonly stages: Map<string, StoredStage>;
  readonly integrations: Map<string, StoredIntegration>;
  readonly routes: Map<string, StoredRoute>;
  readonly routeTable: RouteTable;
  /** The API's authorizers by authorizer id. */
  readonly authorizers: Map<string, AuthorizerConfig>;
  /** The API's CORS configuration, if any. */
  readonly cors?: CorsConfiguration;
  /** Its template definition. @default - none (built by hand, as tests do) */
  readonly definition?: ResourceDefinition;
  /** The template definitions of its authorizers, by authorizer id. */
  readonly authorizerDefinitions?: Map<string, ResourceDefinition>;
}
