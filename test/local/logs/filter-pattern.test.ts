import { FilterPatternError, parseFilterPattern } from '../../../src/local/logs/filter-pattern';

/** The messages of `messages` that `pattern` matches. */
function matching(pattern: string | undefined, messages: string[]): string[] {
  const matches = parseFilterPattern(pattern);
  return messages.filter((message) => matches(message));
}

// The unstructured examples of https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-events.html
const EVENTS = [
  '[ERROR 400] BAD REQUEST',
  '[ERROR 401] UNAUTHORIZED REQUEST',
  '[WARNING 419] EXPIRED ACCESS',
  '[ERROR 429] TOO MANY REQUESTS',
  '[INFO 200] OK',
];

describe('filter patterns on unstructured log events', () => {
  test('an empty pattern, or "", matches every event', () => {
    expect(matching(undefined, EVENTS)).toEqual(EVENTS);
    expect(matching('', EVENTS)).toEqual(EVENTS);
    expect(matching('""', EVENTS)).toEqual(EVENTS);
  });

  test('one term matches the events that contain it, case sensitively', () => {
    expect(matching('ERROR', EVENTS)).toEqual([EVENTS[0], EVENTS[1], EVENTS[3]]);
    expect(matching('error', EVENTS)).toEqual([]);
  });

  test('space-separated terms must all appear', () => {
    expect(matching('ERROR BAD', EVENTS)).toEqual([EVENTS[0]]);
    expect(matching('ERROR 401 REQUEST', EVENTS)).toEqual([EVENTS[1]]);
  });

  test('?terms match events that contain any of them', () => {
    expect(matching('?WARNING ?INFO', EVENTS)).toEqual([EVENTS[2], EVENTS[4]]);
  });

  test('-term excludes the events that contain it', () => {
    expect(matching('ERROR -UNAUTHORIZED', EVENTS)).toEqual([EVENTS[0], EVENTS[3]]);
  });

  test('a quoted phrase matches as a whole, punctuation included', () => {
    expect(matching('"TOO MANY"', EVENTS)).toEqual([EVENTS[3]]);
    expect(matching('"[ERROR 401]"', EVENTS)).toEqual([EVENTS[1]]);
    expect(matching('"MANY TOO"', EVENTS)).toEqual([]);
  });

  test('a %regex% term matches with the regular expression', () => {
    expect(matching('%ERROR 4[02]\\d%', EVENTS)).toEqual([EVENTS[0], EVENTS[1], EVENTS[3]]);
  });

  test('an unquoted term with punctuation is refused, naming the term and the rule', () => {
    expect(() => parseFilterPattern('[ERROR')).toThrow(/not supported: space-delimited/);
    expect(() => parseFilterPattern('ERROR 4xx/5xx')).toThrow(/Invalid character\(s\) in term '4xx\/5xx': .*double quotes/);
  });

  test('space-delimited patterns are not supported, and say which patterns are', () => {
    let error: unknown;
    try {
      parseFilterPattern('[ip, user, status=404]');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterPatternError);
    expect((error as FilterPatternError).notSupported).toBe(true);
    expect((error as Error).message).toMatch(/JSON \{ \$\.field \.\.\. \}/);
  });
});

// The JSON examples of https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
const JSON_EVENTS = [
  JSON.stringify({ eventType: 'UpdateTrail', sourceIPAddress: '123.123.123.123', status: 200, latency: 120, user: { id: 1, name: 'ana' }, tags: ['a', 'b'], ok: true, missing: null }),
  JSON.stringify({ eventType: 'CreateTrail', sourceIPAddress: '111.111.111.111', status: 404, latency: 1500, user: { id: 2, name: 'bo' }, tags: ['c'], ok: false }),
  JSON.stringify({ eventType: 'DeleteTrail', sourceIPAddress: '123.123.0.1', status: '200', latency: 80 }),
  'not json at all, status 200',
];

describe('filter patterns on JSON log events', () => {
  test('{ $.field = "string" } matches the events whose field is that string', () => {
    expect(matching('{ $.eventType = "UpdateTrail" }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
  });

  test('{ $.field = number } compares numbers: a string "200" is not the number 200', () => {
    expect(matching('{ $.status = 200 }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
    expect(matching('{ $.status = "200" }', JSON_EVENTS)).toEqual([JSON_EVENTS[2]]);
  });

  test('* in a string value is a wildcard, quoted or not', () => {
    expect(matching('{ $.eventType = "*Trail" }', JSON_EVENTS)).toHaveLength(3);
    expect(matching('{ $.eventType = "Up*" }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
    expect(matching('{ $.sourceIPAddress != 123.123.* }', JSON_EVENTS)).toEqual([JSON_EVENTS[1]]);
  });

  test('numeric comparisons: >, >=, <, <=, !=', () => {
    expect(matching('{ $.latency > 1000 }', JSON_EVENTS)).toEqual([JSON_EVENTS[1]]);
    expect(matching('{ $.latency >= 120 }', JSON_EVENTS)).toEqual([JSON_EVENTS[0], JSON_EVENTS[1]]);
    expect(matching('{ $.latency < 100 }', JSON_EVENTS)).toEqual([JSON_EVENTS[2]]);
    expect(matching('{ $.latency <= 120 }', JSON_EVENTS)).toEqual([JSON_EVENTS[0], JSON_EVENTS[2]]);
    expect(matching('{ $.status != 200 }', JSON_EVENTS)).toEqual([JSON_EVENTS[1], JSON_EVENTS[2]]);
  });

  test('&& and || combine conditions, parentheses group them', () => {
    expect(matching('{ $.status = 200 && $.latency < 200 }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
    expect(matching('{ $.status = 404 || $.latency < 100 }', JSON_EVENTS)).toEqual([JSON_EVENTS[1], JSON_EVENTS[2]]);
    expect(matching('{ ($.status = 404 || $.status = 200) && $.latency > 100 }', JSON_EVENTS)).toEqual([JSON_EVENTS[0], JSON_EVENTS[1]]);
  });

  test('nested fields and array elements are selected with . and [n]', () => {
    expect(matching('{ $.user.name = "bo" }', JSON_EVENTS)).toEqual([JSON_EVENTS[1]]);
    expect(matching('{ $.tags[1] = "b" }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
  });

  test('IS TRUE, IS FALSE, IS NULL and NOT EXISTS', () => {
    expect(matching('{ $.ok IS TRUE }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
    expect(matching('{ $.ok IS FALSE }', JSON_EVENTS)).toEqual([JSON_EVENTS[1]]);
    expect(matching('{ $.missing IS NULL }', JSON_EVENTS)).toEqual([JSON_EVENTS[0]]);
    expect(matching('{ $.user NOT EXISTS }', JSON_EVENTS)).toEqual([JSON_EVENTS[2]]);
  });

  test('a %regex% value matches string fields', () => {
    expect(matching('{ $.eventType = %^Create|^Delete% }', JSON_EVENTS)).toEqual([JSON_EVENTS[1], JSON_EVENTS[2]]);
  });

  test('a regex with ( or ) is refused, as CloudWatch Logs does not support subpatterns', () => {
    expect(() => parseFilterPattern('%(a|b)%')).toThrow(/The \( and \) operators are not supported/);
  });

  test('an event that is not JSON never matches a JSON pattern', () => {
    expect(matching('{ $.status = 200 }', ['not json at all, status 200'])).toEqual([]);
  });

  test.each([
    ['{ $.status = 200', /expected "\}"/],
    ['{ status = 200 }', /a condition starts with a selector such as \$\.field/],
    ['{ $.status ~ 200 }', /expected =, !=, <, <=, >, >=, IS or NOT EXISTS/],
    ['{ $.name > "x" }', /> compares numbers; "x" is not a number/],
    ['{ $.status = }', /needs a value/],
  ])('the invalid JSON pattern %s is refused, saying what is wrong', (pattern, message) => {
    expect(() => parseFilterPattern(pattern)).toThrow(message);
  });
});
