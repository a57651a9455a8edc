import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../local-cloud-support';

/** Installing from a registry on a cold cache takes seconds here, longer on a slow network. */
export const INSTALL_TIMEOUT_MS = 240_000;

const INSTALL_SCRIPT = path.join(__dirname, 'install-frameworks.sh');
const HANDLERS = path.join(__dirname, 'handlers');

/**
 * Installs a framework (pinned, from its registry, into node_modules/.cache; nothing when it is
 * there already) and returns the folder of its packages.
 */
export function installFramework(name: 'powertools' | 'express'): string {
  const output = execFileSync(INSTALL_SCRIPT, [name], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'], timeout: INSTALL_TIMEOUT_MS });
  const dir = output.trim().split('\n').pop()!;
  if (!fs.existsSync(dir)) {
    throw new Error(`${INSTALL_SCRIPT} ${name} printed ${JSON.stringify(dir)}, which does not exist`);
  }
  return dir;
}

/**
 * A Lambda asset folder as a user bundles one: the installed packages (a Python import root, or a
 * folder with node_modules/) and the handler file from handlers/ beside them.
 */
export function assetDir(packagesDir: string, handlerFile: string): string {
  const dir = tempDir('graviton-local-framework-asset-');
  fs.cpSync(packagesDir, dir, { recursive: true });
  fs.copyFileSync(path.join(HANDLERS, handlerFile), path.join(dir, handlerFile));
  return dir;
}

/** Every byte value once, 0x00 to 0xff: not UTF-8, and no byte may be lost or changed. */
export const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** What a client receives: status, headers and the body's bytes. */
export interface ReceivedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** A request over real HTTP, the body read as bytes. */
export async function fetchBytes(url: string, init?: RequestInit): Promise<ReceivedResponse> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The body as JSON, after checking the response says it is JSON. */
export function jsonOf(response: ReceivedResponse): unknown {
  expect(response.headers.get('content-type')).toMatch(/^application\/json\b/);
  return JSON.parse(response.body.toString('utf-8'));
}
