import { cidrSubnets } from './cidr';
import { NO_VALUE, PseudoParameters } from './pseudo-parameters';
import { DeployError, NotSupportedError } from './resource-provider';
import { parseSubString } from './sub-string';
import { isTemplateObject, TemplateMappings, TemplateValue } from './template';
import { templateError } from './template-error';

/**
 * Resolves the intrinsic functions of a template value: `Ref`, `Fn::GetAtt`, `Fn::Sub`,
 * `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` and the condition functions, `Fn::ImportValue`,
 * `Fn::FindInMap`, `Fn::Base64`, `Fn::GetAZs` and `Fn::Cidr`.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

/** A template value with every intrinsic function replaced by its result. */
export type ResolvedValue =
  | string
  | number
  | boolean
  | null
  | ResolvedValue[]
  | { [key: string]: ResolvedValue };

/** What `resolve` gives: a value, or `NO_VALUE` when the whole value is `AWS::NoValue`. */
export type Resolved = ResolvedValue | typeof NO_VALUE;

/** A parameter's value: a string, or a list for the list types (`CommaDelimitedList`, `List<Number>`, ...). */
export type ParameterValue = string | string[];

/** The keys this module resolves. Every other `Fn::` key is not supported. */
export const SUPPORTED_INTRINSICS: readonly string[] = [
  'Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If',
  'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::ImportValue', 'Fn::FindInMap',
  'Fn::Base64', 'Fn::GetAZs', 'Fn::Cidr',
];

/**
 * Thrown by a `ResourceReferences` callback when a reference cannot be honoured (the resource
 * was skipped by its condition, has no such attribute, ...); the resolver adds file and logical id.
 */
export class ReferenceProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceProblem';
  }
}

/** The resources of the stack, as far as they are created. */
export interface ResourceReferences {
  /** Whether the template declares a resource with this logical id. */
  has(logicalId: string): boolean;
  /** `{ "Ref": logicalId }`; throws `ReferenceProblem` when the resource cannot be referenced. */
  ref(logicalId: string): string;
  /** `{ "Fn::GetAtt": [logicalId, attribute] }`; throws `ReferenceProblem` when it has no such attribute. */
  attribute(logicalId: string, attribute: string): string;
}

/** Everything a template value may refer to. */
export interface IntrinsicContext {
  /** Names the file in errors. */
  readonly templateFile: string;
  readonly pseudoParameters: PseudoParameters;
  readonly parameters: ReadonlyMap<string, ParameterValue>;
  readonly mappings?: TemplateMappings;
  readonly conditions?: Record<string, TemplateValue>;
  /** Exported values of the stacks deployed so far, by export name (for `Fn::ImportValue`). */
  readonly exports?: ReadonlyMap<string, string>;
  /** The resources `Ref` and `Fn::GetAtt` may name; absent where a template may not refer to resources. */
  readonly resources?: ResourceReferences;
}

/** Resolves values of one stack; evaluated conditions are remembered. */
export class IntrinsicResolver {
  private readonly conditionValues = new Map<string, boolean>();
  private readonly conditionsInProgress = new Set<string>();

  constructor(private readonly context: IntrinsicContext) {}

  /** Resolves `value` for the resource, output or other part named `logicalId` (named in errors). */
  resolve(value: TemplateValue, logicalId: string): Resolved {
    return new Resolution(this, this.context, logicalId, true).value(value);
  }

  /** Resolves a value that must be an object (a resource's `Properties`); `AWS::NoValue` gives `{}`. */
  resolveObject(value: TemplateValue | undefined, logicalId: string): { [key: string]: ResolvedValue } {
    if (value === undefined) return {};
    const resolved = this.resolve(value, logicalId);
    if (resolved === NO_VALUE) return {};
    if (!isResolvedObject(resolved)) {
      throw templateError(this.context.templateFile, logicalId, 'Properties must resolve to an object');
    }
    return resolved;
  }

  /** Resolves a value without letting it refer to resources (export names, conditions). */
  resolveWithoutResources(value: TemplateValue, logicalId: string): Resolved {
    return new Resolution(this, this.context, logicalId, false).value(value);
  }

  /** The value of the condition `name` of the `Conditions` section; `logicalId` is who asks. */
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
  isConditionTrue(name: string, logicalId: string): boolean {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const conditions = this.context.conditions ?? {};
    const definition = Object.hasOwn(conditions, name) ? conditions[name] : undefined;
    if (definition === undefined) {
      throw templateError(this.context.templateFile, logicalId, `condition ${name} is not defined in the Conditions section`);
    }
    if (this.conditionsInProgress.has(name)) {
      throw templateError(this.context.templateFile, name, `circular dependency between conditions: ${[...this.conditionsInProgress, name].join(' -> ')}`);
    }
    this.conditionsInProgress.add(name);
    try {
      // Conditions may refer to parameters and mappings, never to resources.
      const value = new Resolution(this, this.context, name, false).condition(definition);
      this.conditionValues.set(name, value);
      return value;
    } finally {
      this.conditionsInProgress.delete(name);
    }
  }
}

/** One resolution: the value being resolved belongs to `logicalId`. */
class Resolution {
  constructor(
    private readonly resolver: IntrinsicResolver,
    private readonly context: IntrinsicContext,
    private readonly logicalId: string,
    private readonly resourcesAllowed: boolean,
  ) {}

  value(value: TemplateValue): Resolved {
    if (Array.isArray(value)) {
      return value.map((item) => this.value(item)).filter(isPresent);
    }
    if (!isTemplateObject(value)) {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && isIntrinsicKey(keys[0])) {
      return this.intrinsic(keys[0], value[keys[0]]);
    }
    const object: { [key: string]: ResolvedValue } = {};
    for (const key of keys) {
      const resolved = this.value(value[key]);
      if (resolved !== NO_VALUE) object[key] = resolved;
    }
    return object;
  }

  /** A condition function (or `{ "Condition": name }`) evaluated to a boolean. */
  condition(value: TemplateValue): boolean {
    if (isTemplateObject(value) && Object.keys(value).length === 1 && typeof value.Condition === 'string') {
      // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-condition
      return this.resolver.isConditionTrue(value.Condition, this.logicalId);
    }
    const resolved = this.value(value);
    if (typeof resolved === 'boolean') return resolved;
    if (resolved === 'true' || resolved === 'false') return resolved === 'true';
    throw this.error(`a condition must be a condition function (Fn::Equals, Fn::And, ...), got ${preview(resolved)}`);
  }

  private intrinsic(key: string, argument: TemplateValue): Resolved {
    switch (key) {
      case 'Ref': return this.ref(argument);
      case 'Fn::GetAtt': return this.getAtt(argument);
      case 'Fn::Sub': return this.sub(argument);
      case 'Fn::Join': return this.join(argument);
      case 'Fn::Select': return this.select(argument);
      case 'Fn::Split': return this.split(argument);
      case 'Fn::If': return this.if(argument);
      case 'Fn::Equals': return this.equals(argument);
      case 'Fn::And': return this.conditionList(key, argument).every((item) => this.condition(item));
      case 'Fn::Or': return this.conditionList(key, argument).some((item) => this.condition(item));
      case 'Fn::Not': return this.not(argument);
      case 'Fn::ImportValue': return this.importValue(argument);
      case 'Fn::FindInMap': return this.findInMap(argument);
      case 'Fn::Base64': return this.base64(argument);
      case 'Fn::GetAZs': return this.getAZs(argument);
      case 'Fn::Cidr': return this.cidr(argument);
      default: throw new NotSupportedError(key, this.logicalId);
    }
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
  private ref(argument: TemplateValue): Resolved {
    if (typeof argument !== 'string') {
      throw this.error(`Ref takes the name of a parameter or resource, got ${preview(argument)}`);
    }
    const pseudo = this.context.pseudoParameters.get(argument);
    if (pseudo !== undefined) return pseudo;
    const parameter = this.context.parameters.get(argument);
    if (parameter !== undefined) return parameter;
    return this.resourceRef(argument);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
  private getAtt(argument: TemplateValue): string {
    let target: TemplateValue;
    let attribute: TemplateValue;
    if (typeof argument === 'string' && argument.includes('.')) {
      const dot = argument.indexOf('.');
      [target, attribute] = [argument.slice(0, dot), argument.slice(dot + 1)];
    } else if (Array.isArray(argument) && argument.length === 2) {
      [target, attribute] = argument;
    } else {
      throw this.error(`Fn::GetAtt takes [logicalId, attributeName] or "logicalId.attributeName", got ${preview(argument)}`);
    }
    if (typeof target !== 'string') {
      throw this.error(`Fn::GetAtt takes a resource logical id, got ${preview(target)}`);
    }
    // The attribute name may itself be a Ref to a parameter.
    const attributeName = this.value(attribute);
    if (typeof attributeName !== 'string') {
      throw this.error(`Fn::GetAtt ${target}: the attribute name must be a string, got ${preview(attributeName)}`);
    }
    return this.resourceAttribute(target, attributeName);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
  private sub(argument: TemplateValue): string {
    let text: TemplateValue;
    let variables: { [key: string]: ResolvedValue } = {};
    if (Array.isArray(argument)) {
      if (argument.length !== 2 || !isTemplateObject(argument[1])) {
        throw this.error(`Fn::Sub takes a string or [string, { variables }], got ${preview(argument)}`);
      }
      text = argument[0];
      const resolved = this.value(argument[1]);
      variables = isResolvedObject(resolved) ? resolved : {};
    } else {
      text = argument;
    }
    if (typeof text !== 'string') {
      throw this.error(`Fn::Sub takes a literal string, got ${preview(text)}`);
    }
    return parseSubString(text).map((part) => {
      if ('literal' in part) return part.literal;
      const value = this.subVariable(part.variable, variables);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw this.error(`Fn::Sub variable \${${part.variable}} must resolve to a string, got ${preview(value)}`);
    }).join('');
  }

  private subVariable(name: string, variables: { [key: string]: ResolvedValue }): Resolved {
    if (Object.hasOwn(variables, name)) return variables[name];
    if (this.context.pseudoParameters.has(name) || this.context.parameters.has(name)) {
      return this.ref(name);
    }
    const dot = name.indexOf('.');
    if (dot > 0) return this.resourceAttribute(name.slice(0, dot), name.slice(dot + 1));
    return this.resourceRef(name);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-join.html
  private join(argument: TemplateValue): string {
    const [delimiter, list] = this.pair('Fn::Join', argument);
    const resolvedDelimiter = this.value(delimiter);
    if (typeof resolvedDelimiter !== 'string') {
      throw this.error(`Fn::Join delimiter must be a string, got ${preview(resolvedDelimiter)}`);
    }
    return this.list('Fn::Join', list).map((item) => {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw this.error(`Fn::Join can only join strings, got ${preview(item)}`);
    }).join(resolvedDelimiter);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-select.html
  private select(argument: TemplateValue): Resolved {
    const [index, list] = this.pair('Fn::Select', argument);
    const resolvedIndex = this.value(index);
    const position = typeof resolvedIndex === 'string' && /^\d+$/.test(resolvedIndex) ? Number(resolvedIndex) : resolvedIndex;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
      throw this.error(`Fn::Select index must be a non-negative integer, got ${preview(resolvedIndex)}`);
    }
    const items = this.list('Fn::Select', list);
    if (position >= items.length) {
      throw this.error(`Fn::Select index ${position} is out of range for a list of ${items.length}`);
    }
    return items[position];
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-split.html
  private split(argument: TemplateValue): string[] {
    const [delimiter, source] = this.pair('Fn::Split', argument);
    const resolvedDelimiter = this.value(delimiter);
    const resolvedSource = this.value(source);
    if (typeof resolvedDelimiter !== 'string' || resolvedDelimiter === '') {
      throw this.error(`Fn::Split delimiter must be a non-empty string, got ${preview(resolvedDelimiter)}`);
    }
    if (typeof resolvedSource !== 'string') {
      throw this.error(`Fn::Split can only split a string, got ${preview(resolvedSource)}`);
    }
    return resolvedSource.split(resolvedDelimiter);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-if
  private if(argument: TemplateValue): Resolved {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
      throw this.error(`Fn::If takes [conditionName, valueIfTrue, valueIfFalse], got ${preview(argument)}`);
    }
    // Only the branch taken is resolved: the other may refer to resources its condition leaves out.
    return this.resolver.isConditionTrue(argument[0], this.logicalId) ? this.value(argument[1]) : this.value(argument[2]);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-equals
  private equals(argument: TemplateValue): boolean {
    const [left, right] = this.pair('Fn::Equals', argument);
    return sameValue(this.value(left), this.value(right));
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-not
  private not(argument: TemplateValue): boolean {
    if (!Array.isArray(argument) || argument.length !== 1) {
      throw this.error(`Fn::Not takes a list of one condition, got ${preview(argument)}`);
    }
    return !this.condition(argument[0]);
  }

  /** The conditions of `Fn::And` / `Fn::Or`: a list of 2 to 10. */
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-conditions.html#intrinsic-function-reference-conditions-and
  private conditionList(key: string, argument: TemplateValue): TemplateValue[] {
    if (!Array.isArray(argument) || argument.length < 2 || argument.length > 10) {
      throw this.error(`${key} takes a list of 2 to 10 conditions, got ${preview(argument)}`);
    }
    return argument;
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
  private importValue(argument: TemplateValue): string {
    const name = this.value(argument);
    if (typeof name !== 'string') {
      throw this.error(`Fn::ImportValue takes an export name, got ${preview(name)}`);
    }
    const value = this.context.exports?.get(name);
    if (value === undefined) {
      throw this.error(`No export named ${name} found`);
    }
    return value;
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-findinmap.html
  private findInMap(argument: TemplateValue): Resolved {
    if (!Array.isArray(argument) || argument.length < 3 || argument.length > 4) {
      throw this.error(`Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey], got ${preview(argument)}`);
    }
    const [mapName, topKey, secondKey] = argument.slice(0, 3).map((key) => {
      const resolved = this.value(key);
      if (typeof resolved === 'string' || typeof resolved === 'number') return String(resolved);
      throw this.error(`Fn::FindInMap keys must be strings, got ${preview(resolved)}`);
    });
    const found = lookUp(lookUp(lookUp(this.context.mappings, mapName), topKey), secondKey);
    if (found !== undefined) return this.value(found);
    // The optional 4th argument { DefaultValue } of the AWS::LanguageExtensions transform.
    const fallback = argument[3];
    if (isTemplateObject(fallback) && fallback.DefaultValue !== undefined) return this.value(fallback.DefaultValue);
    throw this.error(`Unable to get mapping for ${mapName}::${topKey}::${secondKey}`);
  }

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-base64.html
  private base64(argument: TemplateValue): string {
    const text = this.value(argument);
    if (typeof text !== 'string') {
      throw this.error(`Fn::Base64 takes a string, got ${preview(text)}`);
    }
    return Buffer.from(text, 'utf8').toString('base64');
  }

  /** Three zones per region, `<region>a` to `<region>c`. */
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getavailabilityzones.html
  private getAZs(argument: TemplateValue): string[] {
    const region = this.value(argument);
    if (typeof region !== 'string') {
      throw this.error(`Fn::GetAZs takes a region name or "", got ${preview(region)}`);
    }
    const name = region === '' ? String(this.context.pseudoParameters.get('AWS::Region')) : region;
    return ['a', 'b', 'c'].map((zone) => `${name}${zone}`);
  }

  private cidr(argument: TemplateValue): string[] {
    if (!Array.isArray(argument) || argument.length !== 3) {
      throw this.error(`Fn::Cidr takes [ipBlock, count, cidrBits], got ${preview(argument)}`);
    }
    const [block, count, bits] = argument.map((item) => this.value(item));
    if (typeof block !== 'string') {
      throw this.error(`Fn::Cidr ipBlock must be a string, got ${preview(block)}`);
    }
    try {
      return cidrSubnets(block, Number(count), Number(bits));
    } catch (error) {
      throw this.error(`Fn::Cidr: ${(error as Error).message}`);
    }
  }

  private resourceRef(logicalId: string): string {
    return this.withResources(logicalId, (resources) => resources.ref(logicalId));
  }

  private resourceAttribute(logicalId: string, attribute: string): string {
    return this.withResources(logicalId, (resources) => resources.attribute(logicalId, attribute));
  }

  private withResources(target: string, lookup: (resources: ResourceReferences) => string): string {
    const resources = this.context.resources;
    if (!resources || !resources.has(target)) {
      throw this.error(`unresolved reference to ${target}`);
    }
    if (!this.resourcesAllowed) {
      throw this.error(`cannot refer to the resource ${target} here (only parameters, pseudo parameters and mappings)`);
    }
    try {
      return lookup(resources);
    } catch (error) {
      if (error instanceof ReferenceProblem) throw this.error(error.message);
      throw error;
    }
  }

  /** The two arguments of a function that takes a list of two. */
  private pair(key: string, argument: TemplateValue): [TemplateValue, TemplateValue] {
    if (!Array.isArray(argument) || argument.length !== 2) {
      throw this.error(`${key} takes a list of two arguments, got ${preview(argument)}`);
    }
    return [argument[0], argument[1]];
  }

  /** A list argument: a literal list or a function returning one (Fn::Split, Fn::GetAZs, a list parameter). */
  private list(key: string, value: TemplateValue): ResolvedValue[] {
    const resolved = this.value(value);
    if (!Array.isArray(resolved)) {
      throw this.error(`${key} takes a list, got ${preview(resolved)}`);
    }
    return resolved;
  }

  private error(problem: string): DeployError {
    return templateError(this.context.templateFile, this.logicalId, problem);
  }
}

/** `Ref`, and every `Fn::` key: a one-key object with such a key is a function call. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

/**
 * The first function key in `value` that this module cannot resolve (e.g. `Fn::Transform`),
 * so a deploy can refuse a template before creating anything.
 */
export function findUnsupportedIntrinsic(value: TemplateValue | undefined): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnsupportedIntrinsic(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!isTemplateObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && isIntrinsicKey(keys[0]) && !SUPPORTED_INTRINSICS.includes(keys[0])) {
    return keys[0];
  }
  for (const key of keys) {
    const found = findUnsupportedIntrinsic(value[key]);
    if (found) return found;
  }
  return undefined;
}

/** `object[key]` for own keys only (a mapping named `constructor` is not `Object`'s). */
function lookUp<T>(object: Record<string, T> | undefined, key: string): T | undefined {
  return object !== undefined && Object.hasOwn(object, key) ? object[key] : undefined;
}

function isPresent(value: Resolved): value is ResolvedValue {
  return value !== NO_VALUE;
}

function isResolvedObject(value: Resolved): value is { [key: string]: ResolvedValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Fn::Equals` compares values as strings: `"1"` equals `1`, `"true"` equals `true`. */
function sameValue(left: Resolved, right: Resolved): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => sameValue(item, right[index]));
  }
  if (isScalar(left) && isScalar(right)) return String(left) === String(right);
  return JSON.stringify(left) === JSON.stringify(right);
}

function isScalar(value: Resolved): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A short rendering of a value for error messages. */
function preview(value: Resolved | TemplateValue | undefined): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
