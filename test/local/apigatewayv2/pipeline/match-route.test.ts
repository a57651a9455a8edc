import { storedApi } from './pipeline-fixtures';
import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { matchRoute } from '../../../../src/local/apigatewayv2/pipeline/match-route';

describe('matchRoute', () => {
  const api = storedApi({ routeKeys: ['GET /items/{id}', 'GET /items/special', 'ANY /{proxy+}', 'POST /draft'], untargeted: ['POST /draft'] });

  test('the most specific route wins, with its path parameters', () => {
    expect(matchRoute(api, 'GET', '/items/special').route.routeKey).toBe('GET /items/special');
    const match = matchRoute(api, 'GET', '/items/42');
    expect(match.route.routeKey).toBe('GET /items/{id}');
    expect(match.pathParameters).toEqual({ id: '42' });
    expect(matchRoute(api, 'DELETE', '/a/b').pathParameters).toEqual({ proxy: 'a/b' });
  });

  test.each([
    ['no route matches', storedApi({ routeKeys: ['GET /only'] }), 'GET', '/other'],
    ['the route has no target', api, 'POST', '/draft'],
  ])('%s: 404 Not Found', (_case, target, method, path) => {
    let thrown: unknown;
    try {
      matchRoute(target, method, path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayAnswer);
    expect((thrown as GatewayAnswer).error.status).toBe(404);
  });
});
