import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { LambdaBackend } from '../../../../src/local/apigatewayv2/gateway-context';
import { StoredIntegration } from '../../../../src/local/apigatewayv2/http-api-model';
import { IntegrationRecord, invokeIntegration } from '../../../../src/local/apigatewayv2/pipeline/invoke-integration';
import { TooManyRequestsException } from '../../../../src/local/lambda/lambda-errors';
import { apiRequest } from '../api-request-builder';

const request = apiRequest({ routeKey: 'GET /items/{id}', rawPath: '/items/7', pathParameters: { id: '7' } });

function integration(overrides: Partial<StoredIntegration> = {}): StoredIntegration {
  return { integrationId: 'int1', functionArn: 'arn:aws:lambda:us-east-1:111122223333:function:fn', payloadFormatVersion: '2.0', timeoutMillis: 30_000, ...overrides };
}

/** A Lambda that records the events it gets and answers with `answer`. */
function lambda(answer: () => Promise<{ payload: Buffer; functionError?: string }>, events: unknown[] = []): LambdaBackend {
  return {
    invoke: async (_arn, payload) => {
      events.push(JSON.parse(payload.toString('utf-8')));
      return answer();
    },
    policyStatements: () => [],
  };
}

async function refusal(promise: Promise<unknown>): Promise<GatewayAnswer> {
  const error = await promise.then(() => undefined, (e) => e);
  expect(error).toBeInstanceOf(GatewayAnswer);
  return error as GatewayAnswer;
}

const API_NAME = 'Stack/HttpApi';

const ok = (body: unknown) => async () => ({ payload: Buffer.from(JSON.stringify(body)) });

describe('invokeIntegration', () => {
  test.each([
    ['2.0', { version: '2.0', routeKey: 'GET /items/{id}', rawPath: '/items/7' }],
    ['1.0', { version: '1.0', resource: '/items/{id}', path: '/items/7' }],
  ] as const)('payload %s: the event of that format, and its answer read back', async (version, expected) => {
    const events: unknown[] = [];
    const record: IntegrationRecord = {};
    const response = await invokeIntegration(
      { lambda: lambda(ok({ statusCode: 201, body: 'made' }), events), log: () => {} },
      API_NAME, integration({ payloadFormatVersion: version }), request, record);
    expect(events).toEqual([expect.objectContaining(expected)]);
    expect(response.status).toBe(201);
    expect(response.body.toString()).toBe('made');
    expect(record.integrationStatus).toBe(200);
    expect(record.integrationLatency).toBeGreaterThanOrEqual(0);
  });

  test('the request\'s x-amzn-trace-id goes to Lambda, which continues its trace', async () => {
    const traces: Array<string | undefined> = [];
    const backend: LambdaBackend = {
      invoke: async (_arn, _payload, traceHeader) => {
        traces.push(traceHeader);
        return { payload: Buffer.from('{"statusCode":200}') };
      },
      policyStatements: () => [],
    };
    const traced = apiRequest({ ...request, headers: [['x-amzn-trace-id', 'Root=1-5e1b4151-5ac6c58f5b5dbd6a2a3f1e2d']] });
    await invokeIntegration({ lambda: backend, log: () => {} }, API_NAME, integration(), traced, {});
    expect(traces).toEqual(['Root=1-5e1b4151-5ac6c58f5b5dbd6a2a3f1e2d']);
  });

  test('a function error answers 500; Lambda itself answered 200', async () => {
    const lines: string[] = [];
    const answer = await refusal(invokeIntegration(
      { lambda: lambda(async () => ({ payload: Buffer.from('{"errorMessage":"boom"}'), functionError: 'Unhandled' })), log: (line) => lines.push(line) },
      API_NAME, integration(), request, {}));
    expect(answer.error.status).toBe(500);
    expect(answer.integrationError).toBe('The Lambda function returned an error');
    expect(answer.integrationStatus).toBe(200);
    expect(lines).toEqual([expect.stringMatching(/^\[apigateway\] Stack\/HttpApi GET \/items\/\{id\}: the function answered an error: .*boom/)]);
  });

  test('a payload 1.0 answer without a statusCode is a malformed proxy response: 500', async () => {
    const answer = await refusal(invokeIntegration({ lambda: lambda(ok({ body: 'x' })), log: () => {} },
      API_NAME, integration({ payloadFormatVersion: '1.0' }), request, {}));
    expect(answer.error.status).toBe(500);
    expect(answer.integrationError).toBe('Malformed Lambda proxy response');
  });

  test('Lambda throttling the invocation answers 500 with Lambda\'s status as integration status', async () => {
    const answer = await refusal(invokeIntegration({
      lambda: lambda(async () => { throw new TooManyRequestsException('ConcurrentInvocationLimitExceeded'); }),
      log: () => {},
    }, API_NAME, integration(), request, {}));
    expect(answer.error.status).toBe(500);
    expect(answer.integrationStatus).toBe(429);
  });

  test('no answer within the integration timeout: 503 "Integration timeout", latency recorded', async () => {
    const record: IntegrationRecord = {};
    const answer = await refusal(invokeIntegration({ lambda: lambda(() => new Promise(() => {})), log: () => {} },
      API_NAME, integration({ timeoutMillis: 50 }), request, record));
    expect(answer.error).toEqual({ status: 503, message: 'Service Unavailable' });
    expect(answer.integrationError).toBe('Integration timeout');
    expect(record.integrationLatency).toBeGreaterThanOrEqual(45);
    expect(record.integrationStatus).toBeUndefined();
  });
});
