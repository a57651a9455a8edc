import { Lazy } from 'aws-cdk-lib';
import { routeKeyProblem, validateRouteKeys } from '../src/route-key';

describe('routeKeyProblem', () => {
  test.each([
    'GET /',
    '$default',
    'POST /items',
    'PUT /items/{id}',
    'PATCH /a/b/c',
    'DELETE /items/{item_id}/tags/{tag-id}',
    'HEAD /health',
    'OPTIONS /items',
    'ANY /{proxy+}',
    'GET /files/{path+}',
    "GET /a-b_c.d~e/v1:x@y!$&'()*+,;=%20",
  ])('accepts %s', (key) => {
    expect(routeKeyProblem(key)).toBeUndefined();
  });

  test.each([
    ['FETCH /x', /method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY \(upper case\)/],
    ['get /', /method "get" must be one of/],
    ['GET', /must be "METHOD \/path" with METHOD one of .*, or "\$default", separated by a single space/],
    ['GET  /', /separated by a single space/],
    [' GET /', /separated by a single space/],
    ['$default /', /method "\$default" must be one of/],
    ['GET items', /path "items" must start with "\/"/],
    ['GET /items/', /path "\/items\/" must not end with "\/"/],
    ['GET /a//b', /path "\/a\/\/b" has an empty segment/],
    ['GET /{proxy+}/more', /greedy segment "\{proxy\+\}" must be the last segment/],
    ['GET /a{id}', /segment "a\{id\}" must be a literal, a whole "\{param\}" or a final "\{proxy\+\}"/],
    ['GET /{}', /segment "\{\}" must be a literal/],
    ['GET /{id}/x/{id}', /path parameter "id" appears twice/],
    ['GET /a?b=1', /segment "a\?b=1" has a character that is not allowed/],
    ['GET /a#b', /segment "a#b" has a character that is not allowed/],
  ])('refuses %s', (key, message) => {
    expect(routeKeyProblem(key)).toMatch(message);
  });

  test('passes unresolved tokens through', () => {
    expect(routeKeyProblem(Lazy.string({ produce: () => 'nonsense' }))).toBeUndefined();
  });
});

describe('validateRouteKeys', () => {
  test('names the label, index and value of the first bad key', () => {
    expect(() => validateRouteKeys(['GET /', 'POST /a', 'FETCH /x'], 'routeKeys'))
      .toThrow('routeKeys[2] "FETCH /x": method "FETCH" must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY (upper case), or the whole key must be "$default"');
  });

  test('refuses duplicates within the list, naming the first occurrence', () => {
    expect(() => validateRouteKeys(['GET /', '$default', '$default'], 'routeKeys'))
      .toThrow('routeKeys[2] "$default": duplicate of routeKeys[1]');
  });

  test('refuses keys already on the API', () => {
    expect(() => validateRouteKeys(['GET /b'], 'addRoutes routeKeys', new Set(['GET /a', 'GET /b'])))
      .toThrow('addRoutes routeKeys[0] "GET /b": the API already has this route');
  });

  test('treats keys that differ only in case as different routes', () => {
    expect(() => validateRouteKeys(['GET /Items', 'GET /items'], 'routeKeys')).not.toThrow();
  });

  test('does not compare unresolved tokens for duplicates', () => {
    const token = Lazy.string({ produce: () => 'GET /' });
    expect(() => validateRouteKeys([token, token, 'GET /'], 'routeKeys')).not.toThrow();
  });
});
