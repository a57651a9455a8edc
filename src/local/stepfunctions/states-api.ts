import { AwsApiError, ServiceEndpoint, ServiceRequest, ServiceResponse, jsonResponse, notSupported } from '../service-endpoint';

/** The operations served, by name (the `X-Amz-Target` after `AWSStepFunctions.`). */
export type StatesOperations = Record<string, (input: Record<string, unknown>) => object>;

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** A Step Functions API error: its `__type` and message, with status 400. https://docs.aws.amazon.com/step-functions/latest/apireference/CommonErrors.html */
export function statesError(type: string, message: string): AwsApiError {
  return new AwsApiError(type, 400, message);
}

/**
 * The Step Functions API over HTTP as SDKs call it with a custom endpoint: AWS JSON 1.0, a POST
 * to `/` naming the operation in `X-Amz-Target`; errors as `{"__type","message"}`.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html
 */
export function statesApiEndpoint(operations: StatesOperations): ServiceEndpoint {
  return new ServiceEndpoint({
    handle: (request) => handle(operations, request),
    renderError: (error) => jsonResponse(error.statusCode, { __type: error.code, message: error.message }, CONTENT_TYPE),
  });
}

function handle(operations: StatesOperations, request: ServiceRequest): ServiceResponse {
  const target = String(request.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.prototype.hasOwnProperty.call(operations, name) ? operations[name] : undefined;
  if (request.method !== 'POST' || !operation) {
    throw notSupported(`Step Functions ${target || `${request.method} ${request.url.pathname}`}`, Object.keys(operations).map((op) => `${TARGET_PREFIX}${op}`));
  }
  let input: Record<string, unknown>;
  try {
    input = request.body.length === 0 ? {} : JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new AwsApiError('SerializationException', 400, 'the request body is not JSON');
  }
  return jsonResponse(200, operation(input), CONTENT_TYPE);
}
