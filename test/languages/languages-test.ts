/**
 * The construct as Python, Java and Go users get it: builds the jsii packages (wheel, Maven
 * repository, Go module), synthesizes examples/{python,java,go} against them and the TypeScript
 * example against the sources, and requires the templates to be identical (ignoring only asset
 * hashes and CDK's analytics metadata). Also checks that the README shows each example as it is,
 * and serves with the offline cloud examples/java's Java handler (on the local JDK) and
 * examples/go's Go handler (built for arm64, through qemu-user).
 *
 * Usage: npx projen test:languages   (needs Python 3 with venv, Java 17 with Maven, Go, qemu-user-static)
 */
import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): void {
  execFileSync(command, args, {
    cwd: options.cwd ?? ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', ...options.env },
  });
}

function timed<T>(title: string, action: () => T): T {
  console.log(`\n== ${title}`);
  const started = Date.now();
  const result = action();
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/** A stack template with what legitimately differs between languages taken out. */
function normalized(file: string): unknown {
  const template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    if (resource.Type === 'AWS::CDK::Metadata') delete template.Resources[id];
  }
  delete template.Conditions?.CDKMetadataAvailable;
  if (template.Conditions && Object.keys(template.Conditions).length === 0) delete template.Conditions;
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

function templatesOf(assemblyDir: string): Map<string, unknown> {
  const files = fs.readdirSync(assemblyDir).filter((file) => file.endsWith('.template.json'));
  assert.ok(files.length > 0, `${assemblyDir} holds no template`);
  return new Map(files.map((file) => [file, normalized(path.join(assemblyDir, file))]));
}

/**
 * Serves a cloud assembly with the compiled `graviton-local serve` and answers GET `urlPath` of its
 * one HTTP API: status and body.
 */
async function servedAnswer(assemblyDir: string, urlPath: string): Promise<{ status: number; body: string; log: string }> {
  const server = spawn(process.execPath, [path.join(ROOT, 'lib', 'local', 'cli.js'), 'serve', assemblyDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`graviton-local serve was not ready in 60 s:\n${log}`)), 60_000);
      server.once('exit', (code) => reject(new Error(`graviton-local serve exited with ${code}:\n${log}`)));
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        const api = /^\S+\/\S+ (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(log);
        if (api && /^ready$/m.test(log)) {
          clearTimeout(timer);
          resolve(api[1]);
        }
      };
      server.stdout!.on('data', read);
      server.stderr!.on('data', read);
    });
    const response = await fetch(new URL(urlPath.replace(/^\//, ''), url));
    const body = await response.text();
    // The function's own lines (START, REPORT) come after the answer.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { status: response.status, body, log };
  } finally {
    server.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'graviton-languages-'));
  const out = (language: string) => path.join(work, `cdk.out.${language}`);
  try {
    timed('build the jsii packages (npx projen compile, package:python, package:java, package:go)', () => {
      run('npx', ['projen', 'compile']);
      for (const target of ['python', 'java', 'go']) run('npx', ['projen', `package:${target}`]);
    });

    timed('TypeScript: examples/typescript/app.ts', () => {
      run('npx', ['ts-node', '--project', 'tsconfig.dev.json', '--transpile-only', 'examples/typescript/app.ts'], { env: { CDK_OUTDIR: out('typescript') } });
    });

    timed('Python: a venv with the wheel from dist/python, then examples/python/app.py', () => {
      const venv = path.join(work, 'venv');
      run('python3', ['-m', 'venv', venv]);
      const wheel = fs.readdirSync(path.join(ROOT, 'dist', 'python')).find((file) => file.endsWith('.whl'));
      assert.ok(wheel, 'no wheel in dist/python');
      run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check',
        '-r', path.join(EXAMPLES, 'python', 'requirements.txt'), path.join(ROOT, 'dist', 'python', wheel)]);
      run(path.join(venv, 'bin', 'python'), ['app.py'], { cwd: path.join(EXAMPLES, 'python'), env: { CDK_OUTDIR: out('python') } });
    });

    timed('Java: the jar from dist/java (a Maven repository), then examples/java', () => {
      // Maven keeps a copy of every release it resolved; drop ours so the fresh build is used.
      fs.rmSync(path.join(os.homedir(), '.m2', 'repository', 'io', 'github', 'graviton-http-lambda-api'), { recursive: true, force: true });
      run('mvn', ['-q', '-B', 'compile', 'exec:java'], { cwd: path.join(EXAMPLES, 'java'), env: { CDK_OUTDIR: out('java') } });
    });

    timed('Java handler: examples/java/handler built by Maven, then GravitonJavaHandlerApp', () => {
      run('mvn', ['-q', '-B', '-f', path.join(EXAMPLES, 'java', 'handler', 'pom.xml'), 'package']);
      run('mvn', ['-q', '-B', 'compile', 'exec:java', '-Dexec.mainClass=com.example.GravitonJavaHandlerApp'],
        { cwd: path.join(EXAMPLES, 'java'), env: { CDK_OUTDIR: out('java-handler') } });
    });
    console.log('\n== Java handler offline: graviton-local serve, GET /hello/java');
    const javaAnswer = await servedAnswer(out('java-handler'), '/hello/java');
    assert.deepStrictEqual({ status: javaAnswer.status, body: javaAnswer.body }, { status: 200, body: '{"message":"Hello java from Java"}' },
      `the Java handler answered otherwise:\n${javaAnswer.log}`);
    console.log(`   ${javaAnswer.status} ${javaAnswer.body}`);

    timed('Go: the module in dist/go (a replace in go.mod), then examples/go', () => {
      run('go', ['run', '.'], { cwd: path.join(EXAMPLES, 'go'), env: { CDK_OUTDIR: out('go') } });
    });

    timed('Go handler: examples/go/handler built for arm64 into a bootstrap, then examples/go/gohandler', () => {
      const goDir = path.join(EXAMPLES, 'go');
      run('go', ['build', '-tags', 'lambda.norpc', '-o', 'handler/dist/bootstrap', './handler'], { cwd: goDir, env: { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'arm64' } });
      run('go', ['run', './gohandler'], { cwd: goDir, env: { CDK_OUTDIR: out('go-handler') } });
    });

    console.log('\n== the Go handler (arm64, provided.al2023) served offline: graviton-local serve, GET /hello/offline');
    const served = await servedAnswer(out('go-handler'), '/hello/offline');
    assert.deepStrictEqual({ status: served.status, body: served.body }, { status: 200, body: 'Hello from Go on offline!' }, `the Go handler answered otherwise:\n${served.log}`);
    assert.ok(!/warning/.test(served.log), `serving the Go handler warned:\n${served.log}`);
    console.log(`200 ${served.body}`);

    timed('compare the templates with the TypeScript one', () => {
      const expected = templatesOf(out('typescript'));
      for (const language of ['python', 'java', 'go']) {
        const actual = templatesOf(out(language));
        assert.deepStrictEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${language}: other stacks than TypeScript's`);
        for (const [file, template] of expected) {
          assert.deepStrictEqual(actual.get(file), template, `${language}: ${file} differs from TypeScript's`);
        }
        console.log(`${language}: identical to TypeScript (${[...actual.keys()].join(', ')})`);
      }
    });

    timed('the README shows each example as it is', () => {
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
      for (const file of ['python/app.py', 'java/src/main/java/com/example/GravitonHelloApp.java', 'go/main.go', 'go/handler/main.go', 'go/gohandler/main.go']) {
        const source = fs.readFileSync(path.join(EXAMPLES, file), 'utf-8');
        assert.ok(readme.includes(source), `README.md does not show examples/${file} as it is`);
      }
      console.log('python, java and go examples (and the Go handler) appear verbatim');
    });

    console.log(`\nlanguage test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`language test failed: ${(error as Error).message}`);
  process.exit(1);
});
