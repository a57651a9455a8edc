import { existsSync, statSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { readAssetManifest } from './asset-manifest';
import { readCloudAssembly, StackSource } from './cloud-assembly';
import { DeployError } from './resource-provider';
import { Template } from './template';
import { loadTemplate } from './template-loader';

/** Template file name endings, longest first, stripped to derive a stack name. */
const TEMPLATE_SUFFIXES = ['.template.json', '.template.yaml', '.template.yml', '.template', '.json', '.yaml', '.yml'];

/**
 * What `graviton-local serve <path>` deploys: the stacks of a cloud assembly folder (`cdk.out`),
 * or the one stack of a template file (`.json`, `.yaml`, `.yml`), named after the file.
 */
export function readTemplateSource(pathArg: string): StackSource[] {
  const path = resolve(pathArg);
  if (!existsSync(path)) {
    throw new DeployError(`${path}: no such file or folder (give a cdk.out folder or a template file)`);
  }
  if (statSync(path).isDirectory()) {
    return readCloudAssembly(path);
  }
  const template = loadTemplate(path);
  const stackName = stackNameFromFile(path);
  return [{
    stackName,
    artifactId: stackName,
    displayName: stackName,
    templateFile: path,
    template,
    assetPaths: siblingAssets(path, template),
    dependencies: [],
  }];
}

/**
 * `MyStack.template.json` gives `MyStack`. Characters a stack name cannot hold become `-`, and a
 * name must start with a letter.
 */
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
export function stackNameFromFile(file: string): string {
  const name = basename(file);
  const suffix = TEMPLATE_SUFFIXES.find((ending) => name.toLowerCase().endsWith(ending) && name.length > ending.length);
  const bare = suffix ? name.slice(0, -suffix.length) : name;
  const cleaned = bare.replace(/[^A-Za-z0-9-]/g, '-');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `Stack-${cleaned}`;
}

/** A template taken from a cdk.out folder keeps its assets: `<stack>.assets.json` beside `<stack>.template.json`. */
function siblingAssets(templateFile: string, template: Template): Map<string, string> {
  const name = basename(templateFile);
  if (!name.endsWith('.template.json')) return new Map();
  const assetManifest = join(dirname(templateFile), name.replace(/\.template\.json$/, '.assets.json'));
  return existsSync(assetManifest) ? readAssetManifest(assetManifest, { template, templateFile }) : new Map();
}
