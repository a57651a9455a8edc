import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { LocalCloud, LocalCloudOptions } from '../../src/local/local-cloud';

/** Temporary folders made by a test file; removed by `removeTempDirs` in afterAll. */
const tempDirs: string[] = [];

export function tempDir(prefix = 'graviton-local-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Synthesizes a CDK app with one stack (`TestStack`, with `stackProps`) into a fresh cdk.out folder and returns the folder. */
export function synthesize(build: (stack: Stack) => void, stackProps: StackProps = {}): string {
  const outdir = tempDir('graviton-local-cdkout-');
  const app = new App({ outdir });
  build(new Stack(app, 'TestStack', stackProps));
  app.synth();
  return outdir;
}

/** Writes a template (object as JSON, string as is) to a temp file and returns its path. */
export function writeTemplate(template: object | string, fileName = 'template.json'): string {
  const file = path.join(tempDir(), fileName);
  fs.writeFileSync(file, typeof template === 'string' ? template : JSON.stringify(template, null, 2));
  return file;
}

/** A local cloud whose log lines are kept for assertions. */
export function newCloud(options: Omit<LocalCloudOptions, 'log'> = {}): { cloud: LocalCloud; logs: string[] } {
  const logs: string[] = [];
  return { cloud: new LocalCloud({ ...options, log: (line) => logs.push(line) }), logs };
}

/** Deploys `source` and returns the URL of its only HTTP API. */
export async function deployOneApi(cloud: LocalCloud, source: string): Promise<string> {
  await cloud.deploy(source);
  const apis = cloud.servedApis();
  if (apis.length !== 1) {
    throw new Error(`expected one HTTP API, got ${apis.length}`);
  }
  return apis[0].url;
}

/** A GET (or other) request over real HTTP: status, headers and body text. */
export async function request(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}
