/**
 * CloudWatch Logs filter patterns, as FilterLogEvents reads `filterPattern`: terms in unstructured
 * events (`ERROR`, `"quoted phrase"`, `-excluded`, `?either ?or`), and JSON patterns
 * (`{ $.status = 200 }`, `{ $.x = "str*" }`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses,
 * `IS TRUE|FALSE|NULL`, `NOT EXISTS`, `%regex%` values). Matching is case sensitive. A term
 * matches where its text appears in the event ((unconfirmed) whether AWS also matches a term
 * inside a longer word). Space-delimited patterns (`[ip, user, ...]`) are not supported offline.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-events.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
 */

/** A parsed filter pattern: whether one event's message matches. */
export type FilterPattern = (message: string) => boolean;

/** The pattern is not valid CloudWatch Logs syntax (InvalidParameterException), or not emulated (`notSupported`). */
export class FilterPatternError extends Error {
  constructor(message: string, readonly notSupported = false) {
    super(message);
  }
}

/** Parses a filter pattern; an absent or empty pattern matches every event. */
export function parseFilterPattern(pattern: string | undefined): FilterPattern {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{')) return jsonPattern(text);
  if (text.startsWith('[')) {
    throw new FilterPatternError(`not supported: space-delimited filter pattern ${text}; the offline cloud matches terms, "quoted phrases", -terms, ?terms, %regex% and JSON { $.field ... } patterns`, true);
  }
  return termPattern(text);
}

// ---- Terms in unstructured log events -------------------------------------------------------

interface Term {
  readonly kind: 'all' | 'any' | 'none';
  readonly matches: (message: string) => boolean;
}

/**
 * Space-separated terms must all appear; `?term`s: at least one of them; `-term`: must not appear.
 * "Terms that include characters other than alphanumeric or underscore must be placed inside
 * double quotes."
 */
function termPattern(text: string): FilterPattern {
  const terms: Term[] = [];
  const token = /\s*([?-]?)(?:"((?:[^"\\]|\\.)*)"|%((?:[^%\\]|\\.)+)%|(\S+))/y;
  let match: RegExpExecArray | null;
  let position = 0;
  while (position < text.length && (match = token.exec(text)) !== null) {
    position = token.lastIndex;
    const [, prefix, quoted, regex, bare] = match;
    const kind = prefix === '?' ? 'any' : prefix === '-' ? 'none' : 'all';
    let matches: (message: string) => boolean;
    if (quoted !== undefined) {
      const phrase = quoted.replace(/\\(.)/g, '$1');
      matches = (message) => message.includes(phrase);
    } else if (regex !== undefined) {
      const expression = regexOf(regex);
      matches = (message) => expression.test(message);
    } else {
      if (!/^[A-Za-z0-9_]+$/.test(bare)) {
        throw new FilterPatternError(`Invalid character(s) in term '${bare}': a term with characters other than letters, digits and underscore must be in double quotes`);
      }
      matches = (message) => message.includes(bare);
    }
    terms.push({ kind, matches });
  }
  if (text.slice(position).trim() !== '') throw new FilterPatternError(`Invalid filter pattern ${text}: unbalanced quotes`);
  const all = terms.filter((t) => t.kind === 'all');
  const any = terms.filter((t) => t.kind === 'any');
  const none = terms.filter((t) => t.kind === 'none');
  return (message) => all.every((t) => t.matches(message))
    && none.every((t) => !t.matches(message))
    && (any.length === 0 || any.some((t) => t.matches(message)));
}

/** "The ( and ) operators are not supported. You cannot use parentheses to define a subpattern." */
function regexOf(source: string): RegExp {
  if (/(^|[^\\])[()]/.test(source)) {
    throw new FilterPatternError(`Invalid regular expression %${source}%: The ( and ) operators are not supported`);
  }
  try {
    return new RegExp(source);
  } catch (error) {
    throw new FilterPatternError(`Invalid regular expression %${source}%: ${(error as Error).message}`);
  }
}

// ---- JSON patterns --------------------------------------------------------------------------

type Node = (document: unknown) => boolean;

const JSON_TOKEN = /\s*(\|\||&&|!=|<=|>=|=|<|>|\(|\)|\{|\}|"(?:[^"\\]|\\.)*"|%(?:[^%\\]|\\.)+%|\$[^\s=!<>()&|{}]*|[^\s=!<>()&|{}"]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  JSON_TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (JSON_TOKEN.lastIndex < text.length && (match = JSON_TOKEN.exec(text)) !== null) {
    tokens.push(match[1]);
  }
  if (JSON_TOKEN.lastIndex < text.trimEnd().length) {
    throw new FilterPatternError(`Invalid JSON filter pattern ${text}: unexpected text at ${JSON_TOKEN.lastIndex}`);
  }
  return tokens;
}

function jsonPattern(text: string): FilterPattern {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (token: string) => {
    if (next() !== token) throw new FilterPatternError(`Invalid JSON filter pattern ${text}: expected "${token}" at token ${at}`);
  };

  const orExpression = (): Node => {
    const parts = [andExpression()];
    while (peek() === '||') {
      next();
      parts.push(andExpression());
    }
    return parts.length === 1 ? parts[0] : (document) => parts.some((part) => part(document));
  };
  const andExpression = (): Node => {
    const parts = [primary()];
    while (peek() === '&&') {
      next();
      parts.push(primary());
    }
    return parts.length === 1 ? parts[0] : (document) => parts.every((part) => part(document));
  };
  const primary = (): Node => {
    if (peek() === '(') {
      next();
      const inner = orExpression();
      expect(')');
      return inner;
    }
    return comparison();
  };
  const comparison = (): Node => {
    const selectorText = next();
    if (!selectorText?.startsWith('$')) {
      throw new FilterPatternError(`Invalid JSON filter pattern ${text}: a condition starts with a selector such as $.field, not ${selectorText ?? 'the end'}`);
    }
    const select = selector(selectorText, text);
    const operator = next();
    if (operator === 'IS') {
      const what = next();
      if (what === 'NULL') return (d) => select(d) === null;
      if (what === 'TRUE') return (d) => select(d) === true;
      if (what === 'FALSE') return (d) => select(d) === false;
      throw new FilterPatternError(`Invalid JSON filter pattern ${text}: IS must be followed by TRUE, FALSE or NULL, not ${what}`);
    }
    if (operator === 'NOT') {
      const what = next();
      if (what !== 'EXISTS') throw new FilterPatternError(`Invalid JSON filter pattern ${text}: NOT must be followed by EXISTS`);
      return (d) => select(d) === undefined;
    }
    if (!['=', '!=', '<', '<=', '>', '>='].includes(operator ?? '')) {
      throw new FilterPatternError(`Invalid JSON filter pattern ${text}: expected =, !=, <, <=, >, >=, IS or NOT EXISTS after ${selectorText}, got ${operator ?? 'the end'}`);
    }
    const valueText = next();
    if (valueText === undefined || ['&&', '||', '(', ')', '}'].includes(valueText)) {
      throw new FilterPatternError(`Invalid JSON filter pattern ${text}: ${selectorText} ${operator} needs a value`);
    }
    return valueCondition(select, operator!, valueText, text);
  };

  expect('{');
  const root = orExpression();
  expect('}');
  if (at !== tokens.length) throw new FilterPatternError(`Invalid JSON filter pattern ${text}: text after the closing }`);
  return (message) => {
    let document: unknown;
    try {
      document = JSON.parse(message.trim());
    } catch {
      return false;
    }
    return typeof document === 'object' && document !== null && root(document);
  };
}

/** `$.a.b[0].c`: the value at that path, or undefined when there is none. */
function selector(text: string, pattern: string): (document: unknown) => unknown {
  const steps: (string | number)[] = [];
  const step = /\.([^.[\]]+)|\[(\d+)\]/y;
  step.lastIndex = 1;
  let match: RegExpExecArray | null;
  while (step.lastIndex < text.length && (match = step.exec(text)) !== null) {
    steps.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  if (step.lastIndex !== text.length || steps.length === 0) {
    throw new FilterPatternError(`Invalid JSON filter pattern ${pattern}: selector ${text} must be $ followed by .field and [index] steps`);
  }
  return (document) => {
    let value: unknown = document;
    for (const s of steps) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string | number, unknown>)[s];
    }
    return value;
  };
}

/** A comparison: numbers compare as numbers (all operators), strings with = and != (`*` is a wildcard). */
function valueCondition(select: (d: unknown) => unknown, operator: string, valueText: string, pattern: string): Node {
  const negate = (matches: (value: unknown) => boolean): Node => (d) => {
    const value = select(d);
    if (value === undefined) return false;
    return operator === '!=' ? !matches(value) : matches(value);
  };
  if (valueText.startsWith('%')) {
    if (operator !== '=' && operator !== '!=') throw new FilterPatternError(`Invalid JSON filter pattern ${pattern}: a %regex% value takes = or !=`);
    const expression = regexOf(valueText.slice(1, -1));
    return negate((value) => typeof value === 'string' && expression.test(value));
  }
  const quoted = valueText.startsWith('"');
  const number = quoted ? NaN : Number(valueText);
  if (!quoted && Number.isFinite(number)) {
    const test = {
      '=': (v: number) => v === number,
      '!=': (v: number) => v === number,
      '<': (v: number) => v < number,
      '<=': (v: number) => v <= number,
      '>': (v: number) => v > number,
      '>=': (v: number) => v >= number,
    }[operator]!;
    if (operator === '!=') return negate((value) => typeof value === 'number' && test(value));
    return (d) => {
      const value = select(d);
      return typeof value === 'number' && test(value);
    };
  }
  if (operator !== '=' && operator !== '!=') {
    throw new FilterPatternError(`Invalid JSON filter pattern ${pattern}: ${operator} compares numbers; ${valueText} is not a number`);
  }
  const literal = quoted ? valueText.slice(1, -1).replace(/\\(.)/g, '$1') : valueText;
  const wildcard = new RegExp(`^${literal.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return negate((value) => typeof value === 'string' && wildcard.test(value));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
