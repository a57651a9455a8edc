import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ACCOUNT, builtAsset } from './lambda-test-support';
import { resolveJavaRuntimeClient } from '../../../src/local/lambda/runtimes/java-runtime-client';

/**
 * Java handlers for the tests, compiled with the local `javac` against aws-lambda-java-core.
 * That jar comes with the runtime interface client, fetched with Maven into the user's cache on
 * the first run (as the offline cloud does); compiled classes are cached by their source's hash,
 * so later runs compile nothing.
 */
const FIXTURES_DIR = path.join(os.tmpdir(), `graviton-local-java-fixtures-${os.userInfo().uid}`);

let clientClasspath: readonly string[] | undefined;

/** The runtime client's jars (aws-lambda-java-core among them); fetched on the first call. */
export async function javaClientClasspath(): Promise<readonly string[]> {
  if (!clientClasspath) {
    const client = await resolveJavaRuntimeClient(undefined);
    if ('problem' in client) throw new Error(`the Java tests need the runtime interface client: ${client.problem}`);
    clientClasspath = client.classpath;
  }
  return clientClasspath;
}

/** The jar of aws-lambda-java-core, which handlers compile against. */
export async function javaCoreJar(): Promise<string> {
  const jar = (await javaClientClasspath()).find((file) => /aws-lambda-java-core-[\d.]+\.jar$/.test(path.basename(file)));
  if (!jar) throw new Error('the runtime interface client came without aws-lambda-java-core');
  return jar;
}

/** Where the classes of these sources are (or will be) compiled. */
function classesDirOf(sources: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify(Object.entries(sources).sort())).digest('hex').slice(0, 16);
  return path.join(FIXTURES_DIR, hash);
}

/**
 * Compiles Java sources (file name relative to the source root → source) into a folder of
 * classes, cached; each compiles in a folder of its own, so every fixture may name its class `index`.
 */
export async function compileJava(sources: Record<string, string>, classpath: readonly string[] = []): Promise<string> {
  const dir = classesDirOf(sources);
  if (fs.existsSync(dir)) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  const sourceDir = path.join(staging, 'src');
  const files = Object.entries(sources).map(([name, source]) => {
    const file = path.join(sourceDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    return file;
  });
  const classes = path.join(staging, 'classes');
  try {
    await promisify(execFile)('javac', ['-nowarn', '-cp', [await javaCoreJar(), ...classpath].join(path.delimiter), '-d', classes, ...files]);
    fs.renameSync(classes, `${staging}.classes`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  try {
    fs.renameSync(`${staging}.classes`, dir);
  } catch {
    // Another test file compiled the same sources first.
    fs.rmSync(`${staging}.classes`, { recursive: true, force: true });
  }
  return dir;
}

/** Compiles many fixtures of one class `index` each, two javac at a time (javac is slow to start). */
export async function compileJavaFixtures(sources: readonly string[]): Promise<void> {
  const queue = [...new Set(sources)];
  const next = async (): Promise<void> => {
    const source = queue.shift();
    if (source === undefined) return;
    await compileJava({ 'index.java': source });
    await next();
  };
  await Promise.all([next(), next()]);
}

/** A Java handler class `index` as a function's properties (handler `index::handler`); compileJavaFixtures() it first. */
export function javaFunction(source: string, extra: Record<string, any> = {}): Record<string, any> {
  const dir = classesDirOf({ 'index.java': source });
  if (!fs.existsSync(dir)) throw new Error('javaFunction: compile the fixture first (compileJavaFixtures in the suite\'s setup)');
  return { Runtime: 'java17', Handler: 'index::handler', Role: `arn:aws:iam::${ACCOUNT}:role/fn`, Code: { S3Bucket: 'assets', S3Key: builtAsset(dir) }, ...extra };
}

/** A jar of the folder's files (the JDK's `jar` tool), as Maven's jar plugin makes one. */
export function jarOf(dir: string, jarFile: string): string {
  execFileSync('jar', ['--create', '--file', jarFile, '-C', dir, '.']);
  return jarFile;
}
