import { PSEUDO_PARAMETER_NAMES } from './pseudo-parameters';
import { subStringVariables } from './sub-string';
import { isTemplateObject, Template, TemplateValue } from './template';
import { templateError } from './template-error';

/**
 * The order resources are created in: after every resource they name with `Ref`,
 * `Fn::GetAtt`, `Fn::Sub` or `DependsOn`; among independent resources, template order.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html

/**
 * A name a template refers to: `Ref` and `${Name}` in `Fn::Sub` name a parameter or a resource;
 * `Fn::GetAtt`, `${Name.Attribute}` and `DependsOn` name a resource.
 */
export interface Reference {
  readonly name: string;
  readonly kind: 'Ref' | 'Fn::GetAtt' | 'DependsOn';
}

/** Every parameter or resource `value` refers to (pseudo parameters and `Fn::Sub` variables excluded). */
export function referencesOf(value: TemplateValue | undefined): Reference[] {
  const found: Reference[] = [];
  collectReferences(value, found);
  return found;
}

function collectReferences(value: TemplateValue | undefined, found: Reference[]): void {
  if (Array.isArray(value)) {
    value.forEach((item) => collectReferences(item, found));
    return;
  }
  if (!isTemplateObject(value)) return;
  const keys = Object.keys(value);
  const argument = value[keys[0]];
  if (keys.length === 1 && keys[0] === 'Ref' && typeof argument === 'string') {
    if (!PSEUDO_PARAMETER_NAMES.includes(argument)) found.push({ name: argument, kind: 'Ref' });
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
    if (typeof argument === 'string') {
      found.push({ name: argument.split('.')[0], kind: 'Fn::GetAtt' });
    } else if (Array.isArray(argument) && typeof argument[0] === 'string') {
      found.push({ name: argument[0], kind: 'Fn::GetAtt' });
      collectReferences(argument.slice(1), found);
    }
    return;
  }
  if (keys.length === 1 && keys[0] === 'Fn::Sub') {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, undefined];
    const ownVariables = isTemplateObject(variables) ? Object.keys(variables) : [];
    if (typeof text === 'string') {
      for (const variable of subStringVariables(text)) {
        if (ownVariables.includes(variable) || PSEUDO_PARAMETER_NAMES.includes(variable)) continue;
        const dot = variable.indexOf('.');
        found.push(dot < 0 ? { name: variable, kind: 'Ref' } : { name: variable.slice(0, dot), kind: 'Fn::GetAtt' });
      }
    }
    collectReferences(variables, found);
    return;
  }
  keys.forEach((key) => collectReferences(value[key], found));
}

/** The resources `logicalId` must wait for, checked: every name must be a resource (or a parameter, for `Ref`/`Fn::Sub`). */
export function resourceDependencies(template: Template, logicalId: string, templateFile: string): string[] {
  const resource = template.Resources[logicalId];
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  const references = [
    ...referencesOf(resource.Properties),
    ...dependsOn.map((name): Reference => ({ name, kind: 'DependsOn' })),
  ];
  return [...new Set(checkReferences(template, logicalId, references, templateFile))];
}

/** Checks the outputs' references (values and export names), as CloudFormation validates the whole template. */
export function checkOutputReferences(template: Template, templateFile: string): void {
  for (const [outputId, output] of Object.entries(template.Outputs ?? {})) {
    checkReferences(template, outputId, [...referencesOf(output.Value), ...referencesOf(output.Export?.Name)], templateFile);
  }
}

/** The resource names among `references`; a name that is neither resource nor (where allowed) parameter is an error. */
function checkReferences(template: Template, where: string, references: Reference[], templateFile: string): string[] {
  const resourceNames: string[] = [];
  for (const { name, kind } of references) {
    if (Object.hasOwn(template.Resources, name)) {
      resourceNames.push(name);
    } else if (kind !== 'Ref' || !Object.hasOwn(template.Parameters ?? {}, name)) {
      // CloudFormation: "Template format error: Unresolved resource dependencies [X] in the Resources block of the template"
      throw templateError(templateFile, where, `unresolved reference to ${name}`);
    }
  }
  return resourceNames;
}

/**
 * Every resource's logical id, each after the resources it depends on. Unknown references and
 * circular dependencies are errors, as CloudFormation reports them before creating anything.
 */
export function deploymentOrder(template: Template, templateFile: string): string[] {
  const ids = Object.keys(template.Resources);
  const dependencies = new Map(ids.map((id) => [id, resourceDependencies(template, id, templateFile)]));
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !placed.has(id) && dependencies.get(id)!.every((dependency) => placed.has(dependency)));
    if (next === undefined) {
      const inCycle = ids.filter((id) => !placed.has(id) && reaches(id, id, dependencies, placed));
      throw templateError(templateFile, undefined, `Circular dependency between resources: [${inCycle.join(', ')}]`);
    }
    order.push(next);
    placed.add(next);
  }
  return order;
}

/** Whether `to` is reachable from `from` through dependencies not yet placed. */
function reaches(from: string, to: string, dependencies: Map<string, string[]>, placed: Set<string>): boolean {
  const seen = new Set<string>();
  const stack = [...dependencies.get(from)!];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id) || placed.has(id)) continue;
    seen.add(id);
    stack.push(...dependencies.get(id)!);
  }
  return false;
}
