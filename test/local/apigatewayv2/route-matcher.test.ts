import { RouteTable } from '../../../src/local/apigatewayv2/route-matcher';

describe('RouteTable', () => {
  test('matches the root path only to the root route', () => {
    const table = new RouteTable(['GET /', 'GET /items']);
    expect(table.match('GET', '/')).toEqual({ routeKey: 'GET /', pathParameters: {} });
    expect(table.match('GET', '/hogehoge')).toBeUndefined();
  });

  test('a method with no route on the path does not match', () => {
    const table = new RouteTable(['GET /items']);
    expect(table.match('POST', '/items')).toBeUndefined();
  });

  test('a literal segment wins over a parameter at the same depth', () => {
    const table = new RouteTable(['GET /items/{id}', 'GET /items/new']);
    expect(table.match('GET', '/items/new')?.routeKey).toBe('GET /items/new');
    expect(table.match('GET', '/items/42')).toEqual({ routeKey: 'GET /items/{id}', pathParameters: { id: '42' } });
  });

  test('the AWS documentation examples: GET /pets/{proxy+} over ANY /{proxy+}, and ANY /{proxy+} over $default', () => {
    const table = new RouteTable(['GET /pets/{proxy+}', 'ANY /{proxy+}', '$default']);
    expect(table.match('GET', '/pets/cat/1')).toEqual({ routeKey: 'GET /pets/{proxy+}', pathParameters: { proxy: 'cat/1' } });
    expect(table.match('POST', '/test/5')).toEqual({ routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'test/5' } });
  });

  test('a full match wins over a greedy one', () => {
    const table = new RouteTable(['ANY /{proxy+}', 'GET /a/{b}']);
    expect(table.match('GET', '/a/x')?.routeKey).toBe('GET /a/{b}');
  });

  test('the request method wins over ANY on the same path', () => {
    const table = new RouteTable(['ANY /items', 'GET /items']);
    expect(table.match('GET', '/items')?.routeKey).toBe('GET /items');
    expect(table.match('DELETE', '/items')?.routeKey).toBe('ANY /items');
  });

  test('a greedy variable needs at least one segment', () => {
    const table = new RouteTable(['ANY /files/{path+}']);
    expect(table.match('GET', '/files')).toBeUndefined();
    expect(table.match('GET', '/files/')).toBeUndefined();
    expect(table.match('GET', '/files/a/b.txt')?.pathParameters).toEqual({ path: 'a/b.txt' });
  });

  test('$default catches what no route matches', () => {
    const table = new RouteTable(['GET /', '$default']);
    expect(table.match('PATCH', '/anything/at/all')).toEqual({ routeKey: '$default', pathParameters: {} });
  });

  test('path parameters are URL-decoded', () => {
    const table = new RouteTable(['GET /users/{name}']);
    expect(table.match('GET', '/users/J%C3%BCrgen%20K')?.pathParameters).toEqual({ name: 'Jürgen K' });
  });

  test('a trailing slash is a different path', () => {
    const table = new RouteTable(['GET /items']);
    expect(table.match('GET', '/items/')).toBeUndefined();
  });
});
