import { storedStage } from './pipeline-fixtures';
import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { admit } from '../../../../src/local/apigatewayv2/pipeline/admit';

/** How many of `count` requests in a row the stage admits on the route. */
function admitted(stage: ReturnType<typeof storedStage>, routeKey: string, count: number): number {
  let passed = 0;
  for (let i = 0; i < count; i++) {
    try {
      admit(stage, routeKey);
      passed++;
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayAnswer);
      expect((error as GatewayAnswer).error).toEqual({ status: 429, message: 'Too Many Requests' });
    }
  }
  return passed;
}

describe('admit', () => {
  test('an unthrottled stage admits every request', () => {
    expect(admitted(storedStage('$default'), 'GET /', 1000)).toBe(1000);
  });

  test('the stage default throttles each route with a bucket of its own', () => {
    // A rate of 0.001/s refills nothing during the test: exactly the burst passes.
    const stage = storedStage('$default', { defaultLimits: { rateLimit: 0.001, burstLimit: 3 } });
    expect(admitted(stage, 'GET /a', 5)).toBe(3);
    expect(admitted(stage, 'GET /b', 5)).toBe(3);
  });

  test('route settings replace the stage default for their route', () => {
    const stage = storedStage('$default', {
      defaultLimits: { rateLimit: 0.001, burstLimit: 3 },
      routeLimits: new Map([['GET /one', { rateLimit: 0.001, burstLimit: 1 }]]),
    });
    expect(admitted(stage, 'GET /one', 5)).toBe(1);
    expect(admitted(stage, 'GET /other', 5)).toBe(3);
  });
});
