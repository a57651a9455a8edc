import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isZipArchive, readZipArchive } from '../zip-archive';

/** The official Java runtime interface client, pinned: https://github.com/aws/aws-lambda-java-libs */
export const JAVA_RIC = {
  groupId: 'com.amazonaws',
  artifactId: 'aws-lambda-java-runtime-interface-client',
  version: '2.10.1',
  mainClass: 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda',
} as const;

const COORDINATES = `${JAVA_RIC.groupId}:${JAVA_RIC.artifactId}:${JAVA_RIC.version}`;
const MAIN_CLASS_ENTRY = `${JAVA_RIC.mainClass.replace(/\./g, '/')}.class`;

/** The runtime client's classpath, or why there is none (a sentence naming what was tried). */
export type JavaRuntimeClient = { readonly classpath: readonly string[] } | { readonly problem: string };

/**
 * The user's cache of the offline cloud: `$XDG_CACHE_HOME/graviton-local` or
 * `~/.cache/graviton-local`. Not under node_modules: the package may be installed globally or
 * read-only, and one download then serves every project of the user.
 */
export function userCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME)
    ? process.env.XDG_CACHE_HOME
    : path.join(os.homedir(), '.cache');
  return path.join(base, 'graviton-local');
}

/** The folder of the fetched client and its dependencies (`lib/*.jar`). */
export function javaRuntimeClientCacheDir(cacheDir = userCacheDir()): string {
  return path.join(cacheDir, `java-ric-${JAVA_RIC.version}`);
}

/** The client of `--java-ric`, or else the cached one, fetched with Maven on first use. */
export async function resolveJavaRuntimeClient(givenJar: string | undefined, cacheDir = userCacheDir()): Promise<JavaRuntimeClient> {
  if (givenJar !== undefined) return checkGivenJar(path.resolve(givenJar));
  const dir = javaRuntimeClientCacheDir(cacheDir);
  const lib = path.join(dir, 'lib');
  if (!fs.existsSync(lib)) {
    const problem = await fetchWithMaven(dir);
    if (problem) return { problem };
  }
  return { classpath: fs.readdirSync(lib).filter((name) => name.endsWith('.jar')).sort().map((name) => path.join(lib, name)) };
}

/**
 * Runs `mvn dependency:copy-dependencies` on a generated pom into a folder beside `dir`, then
 * renames it to `dir`: a fetch cut short, or two offline clouds fetching at once, never leave a
 * half-filled cache. Resolves with the problem, or undefined once `dir/lib` is there.
 */
function fetchWithMaven(dir: string): Promise<string | undefined> {
  const staging = `${dir}.fetch-${process.pid}-${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'pom.xml'), [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>local.graviton</groupId><artifactId>java-ric-cache</artifactId><version>1</version><packaging>pom</packaging>',
    '  <dependencies>',
    `    <dependency><groupId>${JAVA_RIC.groupId}</groupId><artifactId>${JAVA_RIC.artifactId}</artifactId><version>${JAVA_RIC.version}</version></dependency>`,
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n'));
  const args = ['-q', '-B', '-f', path.join(staging, 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(staging, 'lib')}`];
  return new Promise((resolve) => {
    // PATH, MAVEN_OPTS and proxies as they are now (a test or the user may have changed them).
    execFile('mvn', args, { timeout: 300_000, env: process.env }, (error, stdout, stderr) => {
      if (!error) {
        try {
          fs.renameSync(staging, dir);
        } catch {
          // Another offline cloud finished first: its copy serves.
          fs.rmSync(staging, { recursive: true, force: true });
        }
        resolve(fs.existsSync(path.join(dir, 'lib')) ? undefined : `Maven left no ${path.join(dir, 'lib')}`);
        return;
      }
      fs.rmSync(staging, { recursive: true, force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve(`it is not cached in ${dir} and Maven (mvn) is not on PATH to fetch ${COORDINATES} from Maven Central; install Maven, or give the client's jar with --java-ric <jar>`);
        return;
      }
      const output = `${stdout}\n${stderr}`.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('[ERROR]')).slice(0, 2).join(' ');
      resolve(`Maven could not fetch ${COORDINATES} from Maven Central into ${dir} (${output || error.message.trim()}); `
        + 'check the network or Maven\'s settings, or give the client\'s jar with --java-ric <jar>');
    });
  });
}

/** A `--java-ric` jar: a jar holding the client's main class, with its manifest's Class-Path beside it. */
function checkGivenJar(jar: string): JavaRuntimeClient {
  const given = `--java-ric ${jar}`;
  if (!fs.existsSync(jar) || !fs.statSync(jar).isFile()) {
    return { problem: `${given} does not exist; it must be the jar of ${COORDINATES} (or newer)` };
  }
  if (!isZipArchive(jar)) return { problem: `${given} is not a jar; it must be the jar of ${COORDINATES} (or newer)` };
  let manifest = '';
  try {
    const entries = readZipArchive(jar);
    if (!entries.some((entry) => entry.name === MAIN_CLASS_ENTRY)) {
      return { problem: `${given} has no class ${JAVA_RIC.mainClass}; it must be the jar of ${COORDINATES} (or newer)` };
    }
    manifest = entries.find((entry) => entry.name === 'META-INF/MANIFEST.MF')?.read().toString('utf8') ?? '';
  } catch (error) {
    return { problem: `${given}: ${(error as Error).message}` };
  }
  const missing = manifestClassPath(manifest).filter((name) => !fs.existsSync(path.resolve(path.dirname(jar), name)));
  if (missing.length > 0) {
    return { problem: `${given} needs its dependencies beside it, as its manifest's Class-Path names them; missing: ${missing.join(', ')}` };
  }
  // The JVM adds the manifest's Class-Path itself.
  return { classpath: [jar] };
}

/** The relative jar paths of a manifest's `Class-Path` (continuation lines start with a space). */
function manifestClassPath(manifest: string): string[] {
  const unfolded = manifest.replace(/\r?\n /g, '');
  const line = unfolded.split(/\r?\n/).find((candidate) => candidate.startsWith('Class-Path:'));
  return line ? line.slice('Class-Path:'.length).trim().split(/\s+/).filter(Boolean) : [];
}
