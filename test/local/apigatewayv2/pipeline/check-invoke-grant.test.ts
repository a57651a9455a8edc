import { apiRequest } from '../api-request-builder';
import { storedApi } from './pipeline-fixtures';
import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { GatewayContext } from '../../../../src/local/apigatewayv2/gateway-context';
import { StoredIntegration } from '../../../../src/local/apigatewayv2/http-api-model';
import { InvokeGrants, routeArnResource } from '../../../../src/local/apigatewayv2/pipeline/check-invoke-grant';
import { IamService } from '../../../../src/local/iam/iam-service';
import { PolicyStatement } from '../../../../src/local/iam/policy-document';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111122223333:function:fn';

function context(statements: () => PolicyStatement[] | undefined, lines: string[] = []): GatewayContext {
  return {
    iam: new IamService(),
    lambda: { invoke: async () => ({ payload: Buffer.from('{}') }), policyStatements: () => statements() },
    log: (line) => lines.push(line),
  };
}

const integration: StoredIntegration = { integrationId: 'int1', functionArn: FUNCTION_ARN, payloadFormatVersion: '2.0', timeoutMillis: 30_000 };
const request = apiRequest({ stage: '$default', method: 'GET', routeKey: 'GET /items/{id}' });

/** A resource-policy statement that lets API Gateway invoke the function from `sourceArn`. */
function allowFrom(sourceArn: string): PolicyStatement {
  return {
    Effect: 'Allow',
    Principal: { Service: 'apigateway.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
  } as PolicyStatement;
}

describe('routeArnResource', () => {
  test('stage/METHOD/route path, or stage/$default', () => {
    expect(routeArnResource('$default', 'GET', 'GET /items/{id}')).toBe('$default/GET/items/{id}');
    expect(routeArnResource('beta', 'POST', '$default')).toBe('beta/$default');
  });
});

describe('InvokeGrants', () => {
  test('a statement allowing the route ARN passes, and is remembered until forget()', () => {
    let reads = 0;
    const grants = new InvokeGrants(context(() => {
      reads++;
      return [allowFrom('arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*')];
    }));
    const api = storedApi();
    grants.check(api, request, integration);
    grants.check(api, request, integration);
    expect(reads).toBe(1);
    grants.forget();
    grants.check(api, request, integration);
    expect(reads).toBe(2);
  });

  test('no statement for this API answers 500 with AWS\'s message and logs the reason', () => {
    const lines: string[] = [];
    const grants = new InvokeGrants(context(() => [allowFrom('arn:aws:execute-api:eu-west-1:111122223333:otherapi/*')], lines));
    let thrown: unknown;
    try {
      grants.check(storedApi(), request, integration);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayAnswer);
    expect((thrown as GatewayAnswer).error.status).toBe(500);
    expect((thrown as GatewayAnswer).integrationError).toMatch(/doesn't have permissions to call the integration/);
    expect(lines).toEqual([expect.stringContaining(`GET /items/{id}: cannot invoke ${FUNCTION_ARN}: `)]);
  });

  test('a denial is not remembered: a permission added later is found', () => {
    let statements: PolicyStatement[] = [];
    const grants = new InvokeGrants(context(() => statements));
    expect(() => grants.check(storedApi(), request, integration)).toThrow(GatewayAnswer);
    statements = [allowFrom('arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/$default/GET/items/{id}')];
    expect(() => grants.check(storedApi(), request, integration)).not.toThrow();
  });
});
