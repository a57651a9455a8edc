import { Document, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Tags } from 'yaml';
import { TemplateValue } from './template';
import { templateError } from './template-error';

/**
 * Parses a YAML template and rewrites CloudFormation's short-form tags (`!Ref X`, `!GetAtt A.B`,
 * `!Sub ...`) into the long form a JSON template uses (`{ "Ref": "X" }`, `{ "Fn::GetAtt": [...] }`),
 * so the rest of the engine sees one shape.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

/** Short-form tag (without `!`) to the long-form key it stands for. */
const SHORT_FORM_KEYS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  ImportValue: 'Fn::ImportValue',
  FindInMap: 'Fn::FindInMap',
  Base64: 'Fn::Base64',
  GetAZs: 'Fn::GetAZs',
  Cidr: 'Fn::Cidr',
  Transform: 'Fn::Transform',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  // Rule functions: parsed so a template carrying `Rules` loads; the engine does not evaluate them.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/rules-section-structure.html
  Contains: 'Fn::Contains',
  EachMemberEquals: 'Fn::EachMemberEquals',
  EachMemberIn: 'Fn::EachMemberIn',
  RefAll: 'Fn::RefAll',
  ValueOf: 'Fn::ValueOf',
  ValueOfAll: 'Fn::ValueOfAll',
};

/**
 * The tags registered with the YAML parser: each one accepted on a scalar, a sequence and a
 * mapping, and kept as written (the node keeps its tag) so `toTemplateValue` can rewrite it.
 */
const CLOUDFORMATION_TAGS: Tags = Object.keys(SHORT_FORM_KEYS).flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]);

/** Parses YAML text into a template value; `templateFile` only names the file in errors. */
export function parseYamlTemplate(text: string, templateFile: string): TemplateValue {
  // The core schema (YAML 1.2) keeps `AWSTemplateFormatVersion: 2010-09-09` a string, as CloudFormation reads it.
  const document = parseDocument(text, { customTags: CLOUDFORMATION_TAGS });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const position = problem.linePos?.[0];
    const line = position ? `line ${position.line}, column ${position.col}` : undefined;
    const logicalId = resourceAt(document, problem.pos[0]);
    const where = [logicalId, line].filter((part) => part !== undefined).join(': ') || undefined;
    // The message's first line, without the position `prettyErrors` appends to it.
    const message = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw templateError(templateFile, where, `invalid YAML: ${message}`);
  }
  return toTemplateValue(document.contents, document, templateFile);
}

/**
 * The logical id of the resource a YAML error is in: the last entry of `Resources` (as far as
 * the parser got) that starts before the error, when the error is inside `Resources`.
 */
function resourceAt(document: Document.Parsed, offset: number): string | undefined {
  if (!isMap(document.contents)) return undefined;
  const resources = document.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Resources')?.value;
  if (!isMap(resources) || !resources.range || offset < resources.range[0] || offset > resources.range[2]) return undefined;
  let found: string | undefined;
  for (const pair of resources.items) {
    if (isScalar(pair.key) && pair.key.range && pair.key.range[0] <= offset) found = String(pair.key.value);
  }
  return found;
}

function toTemplateValue(node: unknown, document: Document.Parsed, templateFile: string): TemplateValue {
  if (isAlias(node)) {
    return toTemplateValue(node.resolve(document), document, templateFile);
  }
  let value: TemplateValue;
  if (isMap(node)) {
    const object: { [key: string]: TemplateValue } = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = toTemplateValue(pair.key, document, templateFile);
      object[String(key)] = toTemplateValue(pair.value, document, templateFile);
    }
    value = object;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toTemplateValue(item, document, templateFile));
  } else if (isScalar(node)) {
    value = node.value as TemplateValue;
  } else {
    // An empty value (`Key:` with nothing after it).
    return null;
  }
  const tag = isMap(node) || isSeq(node) || isScalar(node) ? node.tag : undefined;
  return tag?.startsWith('!') ? toLongForm(tag.slice(1), value) : value;
}

/** Rewrites one short-form tag applied to its (already converted) value. */
function toLongForm(name: string, value: TemplateValue): TemplateValue {
  const key = SHORT_FORM_KEYS[name];
  if (name === 'GetAtt' && typeof value === 'string') {
    // `!GetAtt Resource.Attribute`: logical ids have no dots, attribute names may (`Endpoint.Address`).
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
    const dot = value.indexOf('.');
    return { [key]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [key]: value };
}
