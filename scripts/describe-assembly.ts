/**
 * Prints what a synthesized cloud assembly would deploy: for each stack, its resources
 * (type and logical id) and its outputs, with intrinsic functions shown as `${...}`.
 *
 * Usage: ts-node scripts/describe-assembly.ts <cdk.out>
 */
import * as fs from 'fs';
import * as path from 'path';

function render(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(render).join(',');
  const fn = value as Record<string, any>;
  if ('Ref' in fn) return `\${${fn.Ref}}`;
  if ('Fn::GetAtt' in fn) return `\${${fn['Fn::GetAtt'].join('.')}}`;
  if ('Fn::Join' in fn) return fn['Fn::Join'][1].map(render).join(fn['Fn::Join'][0]);
  return JSON.stringify(value);
}

function main(assemblyDir: string | undefined): void {
  if (!assemblyDir) {
    throw new Error('usage: describe-assembly <cdk.out directory>');
  }
  const manifestPath = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${manifestPath}: not found; synthesize the app first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf-8'));
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = path.join(assemblyDir, artifact.properties.templateFile);
    const template = JSON.parse(fs.readFileSync(templateFile, 'utf-8'));
    const resources = Object.entries<any>(template.Resources ?? {});
    console.log(`Stack ${name} (${templateFile})`);
    console.log(`  Resources (${resources.length}):`);
    const width = Math.max(...resources.map(([, r]) => r.Type.length));
    for (const [logicalId, resource] of resources) {
      console.log(`    ${resource.Type.padEnd(width)}  ${logicalId}`);
    }
    console.log('  Outputs:');
    for (const [logicalId, output] of Object.entries<any>(template.Outputs ?? {})) {
      console.log(`    ${logicalId}  ${render(output.Value)}${output.Description ? `  (${output.Description})` : ''}`);
    }
  }
}

main(process.argv[2]);
