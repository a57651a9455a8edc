/**
 * AWS's documented limits and reserved names, in one place for both products: the construct
 * validates props against them at synthesis, the offline cloud enforces them at deploy and
 * request time. This module imports nothing, so either side may import it without the other.
 */

/**
 * API Gateway's account-level throttling quotas (per Region, adjustable); they apply when a
 * stage and route set none.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

/**
 * Routes per HTTP API beyond which API Gateway refuses more unless the quota was raised.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const ROUTES_PER_API_QUOTA = 300;

/** API Gateway stops waiting for a Lambda integration after this long (the integration's timeout at most). */
export const INTEGRATION_TIMEOUT_SECONDS = 30;

/** The longest access log format API Gateway accepts, in bytes. */
export const ACCESS_LOG_FORMAT_MAX_BYTES = 3 * 1024;

/**
 * The longest time API Gateway caches an authorizer's answer.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-authorizer.html
 */
export const AUTHORIZER_CACHE_MAX_SECONDS = 3600;

/**
 * Authorizer quotas of an HTTP API.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const AUTHORIZERS_PER_API_QUOTA = 10;
export const AUDIENCES_PER_AUTHORIZER_QUOTA = 50;
export const SCOPES_PER_ROUTE_QUOTA = 10;

/**
 * Environment variables Lambda sets itself and refuses in a function's configuration.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
