import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JAVA_RIC, resolveJavaRuntimeClient } from './java-runtime-client';
import { LocalRuntime, warnOnVersionMismatch } from './local-runtime';
import { DeployError } from '../../cloudformation/resource-provider';

interface Jdk {
  readonly executable: string;
  readonly version: string;
}

/**
 * `java*` functions, on this machine's JDK with the official runtime interface client, which
 * speaks the HTTP Runtime API and loads the code from LAMBDA_TASK_ROOT (classes at its root,
 * jars in `lib/`) as Lambda's Java runtimes do.
 * https://docs.aws.amazon.com/lambda/latest/dg/java-package.html
 */
export const JAVA: LocalRuntime = {
  name: 'Java',
  identifiers: 'java*',
  // java8.al2, java11, java17, java21, java25: what aws-cdk-lib's Runtime names.
  matches: (runtime) => /^java\d+(\.al2)?$/.test(runtime),
  async launch(target, host) {
    const where = `${target.logicalId}: runtime ${target.runtime}`;
    // The client's native part (JNI) is built for Linux on x86_64 and arm64 only.
    if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) {
      throw new DeployError(`${where} runs locally on Linux (x86_64 or arm64) only: the Java runtime interface client's native part is built for those; this is ${process.platform}/${process.arch}`);
    }
    const jdk = await host.once('java', probeJava);
    if (typeof jdk === 'string') {
      throw new DeployError(`${where} needs a JDK to run locally (java on PATH, or JAVA_HOME): ${jdk}`);
    }
    warnOnVersionMismatch(host, target, 'Java', jdk);
    const client = await host.once('java-ric', () => resolveJavaRuntimeClient(host.options.javaRic));
    if ('problem' in client) {
      throw new DeployError(`${where} needs the Java runtime interface client (${JAVA_RIC.artifactId}): ${client.problem}`);
    }
    return {
      command: jdk.executable,
      args: [
        // As Lambda starts the JVM: the heap at 85% of the function's memory, the serial
        // collector, and only the C1 compiler (java17 and newer), which starts fastest.
        // https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html
        `-XX:MaxHeapSize=${Math.floor(target.memorySize * 0.85)}m`,
        '-XX:+UseSerialGC',
        '-XX:+TieredCompilation',
        '-XX:TieredStopAtLevel=1',
        '-Djava.net.preferIPv4Stack=true',
        '-classpath', client.classpath.join(path.delimiter),
        JAVA_RIC.mainClass,
        target.handler,
      ],
      runtimeApi: 'http',
    };
  },
};

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` on PATH; its version, or why there is none. */
function probeJava(): Promise<Jdk | string> {
  const home = process.env.JAVA_HOME;
  const launcher = home ? path.join(home, 'bin', 'java') : 'java';
  if (home && !fs.existsSync(launcher)) return Promise.resolve(`JAVA_HOME is ${home}, which has no bin/java`);
  return new Promise((resolve) => {
    // The JVM names its own home and version (`java` on PATH may be a link or a shim), on stderr.
    execFile(launcher, ['-XshowSettings:properties', '-version'], (error, _stdout, stderr) => {
      const property = (name: string) => new RegExp(`^\\s*${name.replace('.', '\\.')} = (.+)$`, 'm').exec(stderr)?.[1].trim();
      const javaHome = property('java.home');
      const version = property('java.version');
      if (error || !javaHome || !version) {
        resolve(error?.message ?? `${launcher} -XshowSettings:properties printed no java.home and java.version`);
        return;
      }
      const executable = path.join(javaHome, 'bin', 'java');
      // Java 8 says 1.8.0_402: the runtime identifier names it 8.
      resolve({ executable: fs.existsSync(executable) ? executable : launcher, version: version.replace(/^1\.(\d+)\.(\d+)_(\d+).*$/, '$1.$2.$3') });
    });
  });
}
