/**
 * The string of an `Fn::Sub`, cut into literal text and `${Name}` variables. Used both to
 * resolve it and to find the resources it depends on.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html

export type SubStringPart =
  | { readonly literal: string }
  | { readonly variable: string };

/**
 * `'arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}'` gives the literal `arn:`, the variable
 * `AWS::Partition`, the literal `:s3:::`, the variable `Bucket` and the literal `/${Literal}`
 * (`${!` escapes a `${` that must stay in the result).
 */
export function parseSubString(text: string): SubStringPart[] {
  const parts: SubStringPart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    const end = start < 0 ? -1 : text.indexOf('}', start + 2);
    if (start < 0 || end < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, start);
    const inside = text.slice(start + 2, end);
    if (inside.startsWith('!')) {
      literal += '${' + inside.slice(1) + '}';
    } else {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ variable: inside.trim() });
    }
    index = end + 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** The variable names of a Sub string, in order of appearance. */
export function subStringVariables(text: string): string[] {
  return parseSubString(text).flatMap((part) => ('variable' in part ? [part.variable] : []));
}
