/**
 * The results of `@aws-cdk/integ-tests-alpha` assertions: each assertion custom resource's
 * `assertion` attribute is a stack output named `AssertionResults<Id>` holding
 * `{"status":"success"}` or `{"status":"fail","message":"..."}`.
 */

export const ASSERTION_OUTPUT_PREFIX = 'AssertionResults';

export interface AssertionResult {
  /** The assertion's id (the output name without its prefix). */
  readonly id: string;
  readonly passed: boolean;
  /** On failure: the expected and actual values as the assertion handler renders them. */
  readonly message?: string;
}

/** The assertion output ids a template declares. */
export function assertionIds(outputs: Record<string, unknown> | undefined): string[] {
  return Object.keys(outputs ?? {}).filter((id) => id.startsWith(ASSERTION_OUTPUT_PREFIX)).map((id) => id.slice(ASSERTION_OUTPUT_PREFIX.length));
}

/** Reads one `AssertionResults*` output value. */
export function parseAssertionResult(id: string, value: string): AssertionResult {
  try {
    const result = JSON.parse(value);
    if (result.status === 'success') {
      return { id, passed: true };
    }
    return { id, passed: false, message: result.message ?? value };
  } catch {
    return { id, passed: false, message: `unreadable assertion result: ${value}` };
  }
}

/**
 * A failure message on one line: the mismatches the handler marks with `!!` first, then the
 * actual value it printed around them, whitespace collapsed.
 */
export function oneLineMessage(message: string): string {
  const lines = message.split('\n');
  const mismatches = lines.filter((line) => line.trimStart().startsWith('!!')).map((line) => line.trim().replace(/^!!\s*/, ''));
  const rest = lines.filter((line) => !line.trimStart().startsWith('!!')).join(' ').replace(/\s+/g, ' ').trim();
  if (mismatches.length === 0) {
    return rest;
  }
  return `${mismatches.join('; ')}${rest ? ` | actual: ${rest}` : ''}`;
}
