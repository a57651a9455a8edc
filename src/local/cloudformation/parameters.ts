import { ParameterValue } from './intrinsics';
import { NotSupportedError } from './resource-provider';
import { Template, TemplateParameter } from './template';
import { templateError } from './template-error';

/**
 * The values of a template's parameters: the given overrides (`--param Key=Value`), else the
 * defaults, checked against each parameter's constraints.
 *
 * The `Rules` section (CDK's `CheckBootstrapVersion`, which asserts the bootstrap version is
 * recent enough) is not evaluated: the offline cloud acts as an environment bootstrapped with
 * `CDK_BOOTSTRAP_VERSION`, which passes CDK's rule.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html

/** The bootstrap version the offline cloud reports for `/cdk-bootstrap/<qualifier>/version`. */
export const CDK_BOOTSTRAP_VERSION = '30';

// https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
const CDK_BOOTSTRAP_VERSION_PARAMETER = /^\/cdk-bootstrap\/[^/]+\/version$/;
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-supplied-parameter-types.html#cloudformation-supplied-parameter-types-ssm-parameter-types
const SSM_PARAMETER_TYPE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/** Resolves every parameter of `template`; errors name `templateFile` and the parameter. */
export function resolveParameters(
  template: Template,
  overrides: Readonly<Record<string, string>> = {},
  templateFile: string,
): Map<string, ParameterValue> {
  const declared = template.Parameters ?? {};
  const unknown = Object.keys(overrides).filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length > 0) {
    throw templateError(templateFile, undefined, `Parameters: [${unknown.join(', ')}] do not exist in the template`);
  }

  const values = new Map<string, ParameterValue>();
  const missing: string[] = [];
  for (const [name, parameter] of Object.entries(declared)) {
    const type = parameter.Type;
    if (typeof type !== 'string') {
      throw templateError(templateFile, name, 'the parameter has no Type');
    }
    const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined;
    const ssmType = SSM_PARAMETER_TYPE.exec(type);
    if (ssmType) {
      const value = override ?? ssmParameterValue(name, parameter);
      if (value === undefined) missing.push(name);
      else values.set(name, isListType(ssmType[1]) ? splitList(value) : value);
      continue;
    }
    const raw = override ?? (parameter.Default === undefined ? undefined : String(parameter.Default));
    if (raw === undefined) {
      missing.push(name);
      continue;
    }
    const value = isListType(type) ? splitList(raw) : raw;
    checkConstraints(name, parameter, value, templateFile);
    values.set(name, value);
  }
  if (missing.length > 0) {
    throw templateError(templateFile, undefined, `Parameters: [${missing.join(', ')}] must have values`);
  }
  return values;
}

/**
 * The value of an SSM parameter that was not given: only CDK's bootstrap version is known here;
 * the default of an SSM-typed parameter is the name of the SSM parameter to read.
 */
function ssmParameterValue(name: string, parameter: TemplateParameter): string | undefined {
  if (parameter.Default === undefined) return undefined;
  const ssmName = String(parameter.Default);
  if (CDK_BOOTSTRAP_VERSION_PARAMETER.test(ssmName)) return CDK_BOOTSTRAP_VERSION;
  throw new NotSupportedError(`SSM parameter ${ssmName} (pass its value with --param ${name}=<value>)`, name);
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || /^List<.+>$/.test(type);
}

/** List parameters are given as one comma-separated string; each member is space trimmed. */
function splitList(raw: string): string[] {
  return raw.split(',').map((item) => item.trim());
}

function checkConstraints(name: string, parameter: TemplateParameter, value: ParameterValue, templateFile: string): void {
  const fail = (problem: string) => templateError(
    templateFile,
    undefined,
    parameter.ConstraintDescription
      ? `Parameter '${name}' failed to satisfy constraint: ${parameter.ConstraintDescription}`
      : `Parameter '${name}' ${problem}`,
  );
  const isNumber = parameter.Type === 'Number' || parameter.Type === 'List<Number>';
  for (const item of Array.isArray(value) ? value : [value]) {
    if (isNumber && (item.trim() === '' || !Number.isFinite(Number(item)))) {
      throw fail(`must be a number, got "${item}"`);
    }
    if (parameter.AllowedValues && !parameter.AllowedValues.map(String).includes(item)) {
      throw fail(`must be one of AllowedValues (${parameter.AllowedValues.join(', ')}), got "${item}"`);
    }
    if (parameter.AllowedPattern !== undefined && !new RegExp(`^(?:${parameter.AllowedPattern})$`).test(item)) {
      throw fail(`must match pattern ${parameter.AllowedPattern}, got "${item}"`);
    }
    if (parameter.MinLength !== undefined && item.length < Number(parameter.MinLength)) {
      throw fail(`must contain at least ${parameter.MinLength} characters`);
    }
    if (parameter.MaxLength !== undefined && item.length > Number(parameter.MaxLength)) {
      throw fail(`must contain at most ${parameter.MaxLength} characters`);
    }
    if (parameter.MinValue !== undefined && Number(item) < Number(parameter.MinValue)) {
      throw fail(`must be a number not less than ${parameter.MinValue}, got ${item}`);
    }
    if (parameter.MaxValue !== undefined && Number(item) > Number(parameter.MaxValue)) {
      throw fail(`must be a number not greater than ${parameter.MaxValue}, got ${item}`);
    }
  }
}
