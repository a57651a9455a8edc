import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { readAssetManifest } from './asset-manifest';
import { readJsonFile } from './json-file';
import { DeployError } from './resource-provider';
import { Template } from './template';
import { loadTemplate } from './template-loader';

/**
 * Reads a cloud assembly (`cdk.out`, or an integ test's `*.snapshot` folder): its stacks, in the
 * order they deploy, each with its template and its file assets.
 */
// https://github.com/aws/aws-cdk-cli/blob/main/packages/%40aws-cdk/cloud-assembly-schema/lib/cloud-assembly/schema.ts

/** One stack ready to deploy (it fits `deployStack`'s first argument). */
export interface StackSource {
  readonly stackName: string;
  /** The artifact id in `manifest.json` (the stack name for a plain template file). */
  readonly artifactId: string;
  /** The construct path CDK shows (`HelloTest/DefaultTest/DeployAssert`), else the stack name. */
  readonly displayName: string;
  /** Absolute path of the template. */
  readonly templateFile: string;
  readonly template: Template;
  /** Local path (folder or file) of each file asset, by the S3 object key the template names. */
  readonly assetPaths: ReadonlyMap<string, string>;
  /** Parameter values the assembly passes (legacy synthesizer); usually absent. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Names of the stacks this one depends on (all earlier in the list). */
  readonly dependencies: readonly string[];
  /**
   * The account and Region the stack is for (its artifact's `environment`); each is undefined
   * for an environment-agnostic stack (`unknown-account`, `unknown-region`) and a plain template.
   */
  readonly environment?: StackEnvironment;
}

/** A stack's own account and Region, where it names them. */
export interface StackEnvironment {
  readonly accountId?: string;
  readonly region?: string;
}

interface Manifest {
  readonly artifacts?: Record<string, Artifact>;
}

interface Artifact {
  readonly type: string;
  /** `aws://<account>/<region>`, `unknown-account`/`unknown-region` where agnostic. */
  readonly environment?: string;
  readonly dependencies?: string[];
  readonly displayName?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly parameters?: Record<string, string>;
    /** Of an asset manifest artifact: its `<stack>.assets.json`. */
    readonly file?: string;
    /** Of a nested cloud assembly (a CDK Stage): its folder. */
    readonly directoryName?: string;
  };
}

const STACK = 'aws:cloudformation:stack';
const ASSET_MANIFEST = 'cdk:asset-manifest';
const NESTED_CLOUD_ASSEMBLY = 'cdk:cloud-assembly';

/**
 * The stacks of the cloud assembly in `dir`, each after the stacks it depends on (manifest
 * order among independent ones). Nested cloud assemblies (CDK Stages) are read recursively;
 * their stacks follow the top-level ones, since a manifest cannot express a dependency on them.
 */
export function readCloudAssembly(dir: string): StackSource[] {
  const assemblyDir = resolve(dir);
  const manifestFile = join(assemblyDir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new DeployError(`${assemblyDir}: no manifest.json: not a cloud assembly (run cdk synth first)`);
  }
  const artifacts = readJsonFile<Manifest>(manifestFile, 'cloud assembly manifest').artifacts ?? {};

  const stacks = new Map<string, StackSource>();
  const nested: StackSource[] = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (artifact.type === STACK) {
      stacks.set(artifactId, readStackArtifact(assemblyDir, manifestFile, artifactId, artifact, artifacts));
    } else if (artifact.type === NESTED_CLOUD_ASSEMBLY && artifact.properties?.directoryName) {
      nested.push(...readCloudAssembly(join(assemblyDir, artifact.properties.directoryName)));
    }
  }
  return [...inDependencyOrder(stacks, artifacts, manifestFile), ...nested];
}

function readStackArtifact(
  assemblyDir: string,
  manifestFile: string,
  artifactId: string,
  artifact: Artifact,
  artifacts: Record<string, Artifact>,
): StackSource {
  const templateName = artifact.properties?.templateFile;
  if (!templateName) {
    throw new DeployError(`${manifestFile}: ${artifactId}: the stack artifact has no templateFile`);
  }
  const templateFile = join(assemblyDir, templateName);
  if (!existsSync(templateFile)) {
    throw new DeployError(`${manifestFile}: ${artifactId}: template file ${templateFile} does not exist`);
  }
  const template = loadTemplate(templateFile);
  const assetPaths = new Map<string, string>();
  for (const dependency of artifact.dependencies ?? []) {
    const assetManifest = artifacts[dependency];
    if (assetManifest?.type !== ASSET_MANIFEST || !assetManifest.properties?.file) continue;
    const assetManifestFile = join(assemblyDir, assetManifest.properties.file);
    if (!existsSync(assetManifestFile)) {
      throw new DeployError(`${manifestFile}: ${artifactId}: asset manifest ${assetManifestFile} does not exist`);
    }
    for (const [objectKey, path] of readAssetManifest(assetManifestFile, { template, templateFile })) assetPaths.set(objectKey, path);
  }
  const stackName = artifact.properties?.stackName ?? artifactId;
  const stackDependencies = (artifact.dependencies ?? []).filter((dependency) => artifacts[dependency]?.type === STACK);
  return {
    stackName,
    artifactId,
    displayName: artifact.displayName ?? stackName,
    templateFile,
    template,
    assetPaths,
    parameters: artifact.properties?.parameters,
    dependencies: stackDependencies.map((dependency) => artifacts[dependency].properties?.stackName ?? dependency),
    environment: stackEnvironment(artifact.environment, manifestFile, artifactId),
  };
}

/**
 * The account and Region of `aws://<account>/<region>`; CDK writes `unknown-account` and
 * `unknown-region` for an environment-agnostic stack.
 * https://docs.aws.amazon.com/cdk/v2/guide/environments.html
 */
function stackEnvironment(environment: string | undefined, manifestFile: string, artifactId: string): StackEnvironment | undefined {
  if (environment === undefined) return undefined;
  const parts = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment);
  if (!parts) {
    throw new DeployError(`${manifestFile}: ${artifactId}: environment ${JSON.stringify(environment)} is not aws://<account>/<region>`);
  }
  const [, account, region] = parts;
  if (account !== 'unknown-account' && !/^\d{12}$/.test(account)) {
    throw new DeployError(`${manifestFile}: ${artifactId}: environment ${environment}: the account must be 12 digits or unknown-account`);
  }
  return {
    accountId: account === 'unknown-account' ? undefined : account,
    region: region === 'unknown-region' ? undefined : region,
  };
}

/** Stacks after the stacks they depend on; manifest order among independent ones. */
function inDependencyOrder(stacks: Map<string, StackSource>, artifacts: Record<string, Artifact>, manifestFile: string): StackSource[] {
  const ids = [...stacks.keys()];
  const dependenciesOf = (id: string) => (artifacts[id].dependencies ?? []).filter((dependency) => stacks.has(dependency));
  const order: StackSource[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !placed.has(id) && dependenciesOf(id).every((dependency) => placed.has(dependency)));
    if (next === undefined) {
      const waiting = ids.filter((id) => !placed.has(id));
      throw new DeployError(`${manifestFile}: circular dependency between stacks: [${waiting.join(', ')}]`);
    }
    placed.add(next);
    order.push(stacks.get(next)!);
  }
  return order;
}
