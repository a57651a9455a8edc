/**
 * IAM's ArnLike / ArnEquals condition operators and resource matching.
 *
 * An ARN is compared in its six colon-separated parts; in each, `*` matches any run of
 * characters (also `/`) and `?` exactly one. Case-sensitive.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */

/** Whether `value` matches the wildcard `pattern` (`*` any run, `?` one character). */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'is' : 's').test(value);
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }
  // The resource part may itself contain colons (e.g. `function:name:alias`).
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** `ArnLike`: each of the six parts matches its wildcard pattern. A bare `*` matches anything. */
export function arnLike(pattern: string, arn: string): boolean {
  if (pattern === '*') {
    return true;
  }
  const patternParts = arnParts(pattern);
  const valueParts = arnParts(arn);
  if (!patternParts || !valueParts) {
    return false;
  }
  return patternParts.every((part, i) => wildcardMatch(part, valueParts[i]));
}
