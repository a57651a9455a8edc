import { PAYLOAD_FORMATS, isPayloadFormatVersion, routePath } from '../../../src/local/apigatewayv2/payload-formats';

describe('payload formats', () => {
  test('1.0 and 2.0 are the formats, and nothing else is one', () => {
    expect(Object.keys(PAYLOAD_FORMATS).sort()).toEqual(['1.0', '2.0']);
    expect(['1.0', '2.0'].every(isPayloadFormatVersion)).toBe(true);
    expect([undefined, '3.0', 1, 'toString', '__proto__'].some(isPayloadFormatVersion)).toBe(false);
  });

  test('the route path of a key: its path, or $default', () => {
    expect(routePath('GET /items/{id}')).toBe('/items/{id}');
    expect(routePath('$default')).toBe('$default');
  });
});
