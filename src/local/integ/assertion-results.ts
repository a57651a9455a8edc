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

/**
 * The last mismatch a `waitForAssertions` waiter saw: its isComplete function logs
 * `Assertion Failed: {"failed":true,"assertion":"{\"status\":\"fail\",\"message\":...}"}` at each
 * attempt that does not match; on AWS it is in the function's CloudWatch log. Undefined when no
 * attempt got as far as comparing.
 */
export function lastWaiterFailure(logs: readonly string[]): string | undefined {
  for (let i = logs.length - 1; i >= 0; i--) {
    const at = logs[i].indexOf('Assertion Failed: ');
    if (at < 0) continue;
    try {
      const assertion = JSON.parse(JSON.parse(logs[i].slice(at + 'Assertion Failed: '.length)).assertion);
      return assertion.message ?? JSON.stringify(assertion);
    } catch {
      continue;
    }
  }
  return undefined;
}
