import { LambdaServiceException } from '../../lambda/lambda-errors';
import { ApiRequest, ApiResponse, MalformedResponseError } from '../api-request';
import { GatewayAnswer, INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE } from '../error-responses';
import { GatewayContext } from '../gateway-context';
import { StoredIntegration } from '../http-api-model';
import { PAYLOAD_FORMATS } from '../payload-formats';
import { traceHeaderOf } from './gateway-headers';

/** What the integration's call left for the access log (`$context.integration*`). */
export interface IntegrationRecord {
  integrationStatus?: number;
  integrationLatency?: number;
}

/**
 * Step 7, invoke: the integration's function with the event of its payload format, within the
 * integration's timeout (503 after it), and the function's answer read back through the same
 * format. Function errors, malformed answers and refused invocations answer 500, logged under
 * `apiName` (`<Stack>/<LogicalId>`).
 */
export async function invokeIntegration(
  context: Pick<GatewayContext, 'lambda' | 'log'>, apiName: string, integration: StoredIntegration, request: ApiRequest, record: IntegrationRecord,
): Promise<ApiResponse> {
  const format = PAYLOAD_FORMATS[integration.payloadFormatVersion];
  const event = Buffer.from(JSON.stringify(format.event(request)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayAnswer(SERVICE_UNAVAILABLE, 'Integration timeout')), integration.timeoutMillis);
  });
  const started = Date.now();
  try {
    const result = await Promise.race([context.lambda.invoke(integration.functionArn, event, traceHeaderOf(request.headers)), timeout]);
    if (result.functionError) {
      context.log(`[apigateway] ${apiName} ${request.routeKey}: the function answered an error: ${result.payload.toString('utf-8').slice(0, 1000)}`);
      // Lambda's Invoke itself succeeded (200, with X-Amz-Function-Error).
      throw new GatewayAnswer(INTERNAL_SERVER_ERROR, 'The Lambda function returned an error', 200);
    }
    const response = format.response(result.payload);
    record.integrationStatus = 200;
    return response;
  } catch (error) {
    if (error instanceof MalformedResponseError) {
      context.log(`[apigateway] ${apiName} ${request.routeKey}: malformed Lambda proxy response: ${error.message}`);
      throw new GatewayAnswer(INTERNAL_SERVER_ERROR, 'Malformed Lambda proxy response', 200);
    }
    if (error instanceof LambdaServiceException) {
      // Lambda refused the invocation (throttled: 429 TooManyRequestsException): API Gateway
      // answers 500, not 429. https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html
      const reason = error.reason ? ` (${error.reason})` : '';
      context.log(`[apigateway] ${apiName} ${request.routeKey}: Lambda refused the invocation: ${error.statusCode} ${error.name}${reason}: ${error.message}`);
      throw new GatewayAnswer(INTERNAL_SERVER_ERROR, error.message, error.statusCode);
    }
    throw error;
  } finally {
    record.integrationLatency = Date.now() - started;
    clearTimeout(timer);
  }
}
