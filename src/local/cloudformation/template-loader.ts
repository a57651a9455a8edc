import { readFileSync } from 'fs';
import { extname } from 'path';
import { isTemplateObject, Template, TemplateValue } from './template';
import { templateError } from './template-error';
import { parseYamlTemplate } from './yaml-template-parser';

/**
 * Reads a template file, JSON or YAML: `.json` is JSON, `.yaml`/`.yml` is YAML, anything else
 * (`.template`, no extension) is JSON when its first character is `{`, YAML otherwise.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
export function loadTemplate(file: string): Template {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw templateError(file, undefined, `cannot read the template: ${(error as Error).message}`);
  }
  return parseTemplate(text, file);
}

/** Parses template text; `templateFile` decides the format by its extension and names the file in errors. */
export function parseTemplate(text: string, templateFile: string): Template {
  const source = text.replace(/^\uFEFF/, '');
  const extension = extname(templateFile).toLowerCase();
  const isYaml = extension === '.yaml' || extension === '.yml'
    || (extension !== '.json' && !source.trimStart().startsWith('{'));
  const value = isYaml ? parseYamlTemplate(source, templateFile) : parseJsonTemplate(source, templateFile);
  return checkTemplateShape(value, templateFile);
}

function parseJsonTemplate(text: string, templateFile: string): TemplateValue {
  try {
    return JSON.parse(text) as TemplateValue;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
    throw templateError(templateFile, where, `invalid JSON: ${message}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** The structure CloudFormation checks before anything else: an object with a `Resources` object of typed resources. */
function checkTemplateShape(value: TemplateValue, templateFile: string): Template {
  if (!isTemplateObject(value)) {
    throw templateError(templateFile, undefined, 'a template must be an object (a JSON object or a YAML mapping)');
  }
  const resources = value.Resources;
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
  if (resources === undefined) {
    throw templateError(templateFile, undefined, 'the template has no Resources section');
  }
  if (!isTemplateObject(resources)) {
    throw templateError(templateFile, 'Resources', 'must be an object of resources by logical id');
  }
  if (Object.keys(resources).length === 0) {
    throw templateError(templateFile, 'Resources', 'at least one resource must be defined');
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isTemplateObject(resource)) {
      throw templateError(templateFile, logicalId, 'a resource must be an object with a Type');
    }
    if (typeof resource.Type !== 'string' || resource.Type === '') {
      throw templateError(templateFile, logicalId, 'the resource has no Type');
    }
    if (resource.Properties !== undefined && !isTemplateObject(resource.Properties)) {
      throw templateError(templateFile, logicalId, 'Properties must be an object');
    }
  }
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs']) {
    if (value[section] !== undefined && !isTemplateObject(value[section])) {
      throw templateError(templateFile, section, 'must be an object');
    }
  }
  return value as unknown as Template;
}
