import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileJava, jarOf, javaClientClasspath } from './java-fixtures';
import { ACCOUNT, builtAsset, deployFunction, invokeJson, newService, tempFolder } from './lambda-test-support';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';
import { LambdaService } from '../../../src/local/lambda';
import { resolveJavaRuntimeClient } from '../../../src/local/lambda/runtimes/java-runtime-client';

const SETUP_MS = 300_000;

/** A library the handlers call, shipped as lib/greetings.jar as Lambda's layout has it. */
const LIBRARY = {
  'lib/Greetings.java': 'package lib;\npublic class Greetings {\n  public static String hello(String name) { return "Hello " + name; }\n}\n',
};

const HANDLERS = {
  // A POJO event and answer, through RequestHandler: handler `example.PojoHandler`.
  'example/Person.java': [
    'package example;',
    'public class Person {',
    '  private String name;',
    '  public String getName() { return name; }',
    '  public void setName(String name) { this.name = name; }',
    '}',
  ].join('\n'),
  'example/Greeting.java': [
    'package example;',
    'public class Greeting {',
    '  private final String message;',
    '  public Greeting(String message) { this.message = message; }',
    '  public String getMessage() { return message; }',
    '}',
  ].join('\n'),
  'example/PojoHandler.java': [
    'package example;',
    'import com.amazonaws.services.lambda.runtime.Context;',
    'import com.amazonaws.services.lambda.runtime.RequestHandler;',
    'public class PojoHandler implements RequestHandler<Person, Greeting> {',
    '  public Greeting handleRequest(Person person, Context context) { return new Greeting(lib.Greetings.hello(person.getName())); }',
    '}',
  ].join('\n'),
  // A Map event to a named method: handler `example.Methods::greet`.
  'example/Methods.java': [
    'package example;',
    'import java.util.Map;',
    'public class Methods {',
    '  public Map<String, String> greet(Map<String, Object> event) { return Map.of("greeting", lib.Greetings.hello(String.valueOf(event.get("name")))); }',
    '  public String shout(String text) { return text.toUpperCase(); }',
    '}',
  ].join('\n'),
  // Raw bytes in and out: handler `example.Echo`.
  'example/Echo.java': [
    'package example;',
    'import com.amazonaws.services.lambda.runtime.Context;',
    'import com.amazonaws.services.lambda.runtime.RequestStreamHandler;',
    'import java.io.*;',
    'public class Echo implements RequestStreamHandler {',
    '  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {',
    '    byte[] event = input.readAllBytes();',
    '    output.write(("{\\"length\\":" + event.length + ",\\"requestId\\":\\"" + context.getAwsRequestId() + "\\"}").getBytes());',
    '  }',
    '}',
  ].join('\n'),
};

describe('Java functions, Java only', () => {
  let service: LambdaService;
  let lines: string[];
  const work = tempFolder();
  /** The handlers as Lambda's classes layout: classes at the root, the library in lib/. */
  let classesDir: string;
  /** The same as one .jar, as Maven packages it. */
  let jarFile: string;

  beforeAll(async () => {
    ({ service, lines } = newService());
    const libraryClasses = await compileJava(LIBRARY);
    const libraryJar = jarOf(libraryClasses, path.join(work.dir, 'greetings.jar'));
    const handlerClasses = await compileJava(HANDLERS, [libraryJar]);
    classesDir = path.join(work.dir, 'classes-layout');
    fs.cpSync(handlerClasses, classesDir, { recursive: true });
    fs.mkdirSync(path.join(classesDir, 'lib'));
    fs.copyFileSync(libraryJar, path.join(classesDir, 'lib', 'greetings.jar'));
    jarFile = jarOf(classesDir, path.join(work.dir, 'function.jar'));
  }, SETUP_MS);
  afterAll(async () => {
    await service.stop();
    work.remove();
  });

  const java = (code: string, handler: string, extra: Record<string, any> = {}) => ({
    Runtime: 'java17', Handler: handler, Role: `arn:aws:iam::${ACCOUNT}:role/fn`, Code: { S3Bucket: 'assets', S3Key: builtAsset(code) }, ...extra,
  });

  test('code as a folder of classes with lib/*.jar, and as one .jar holding the same: both run', async () => {
    const { ref: fromFolder } = await deployFunction(service, 'Folder', java(classesDir, 'example.Methods::greet'));
    const { ref: fromJar } = await deployFunction(service, 'Jar', java(jarFile, 'example.Methods::greet'));

    expect(await invokeJson(service, fromFolder, { name: 'folder' })).toEqual({ functionError: undefined, body: { greeting: 'Hello folder' } });
    expect(await invokeJson(service, fromJar, { name: 'jar' })).toEqual({ functionError: undefined, body: { greeting: 'Hello jar' } });
    // Lambda unzips the jar: the function runs from its own folder, lib/ beside the classes.
    expect(fs.existsSync(path.join(service.getFunction(fromJar)!.codeDir, 'lib', 'greetings.jar'))).toBe(true);
  });

  test('`Class::method` names any public method; `Class` names a RequestHandler, whose POJO event and answer go through JSON', async () => {
    const { ref: method } = await deployFunction(service, 'Method', java(jarFile, 'example.Methods::shout'));
    const { ref: pojo } = await deployFunction(service, 'Pojo', java(jarFile, 'example.PojoHandler'));

    expect(await invokeJson(service, method, 'quiet')).toEqual({ functionError: undefined, body: 'QUIET' });
    expect(await invokeJson(service, pojo, { name: 'pojo', extra: true })).toEqual({ functionError: undefined, body: { message: 'Hello pojo' } });
  });

  test('a RequestStreamHandler gets the event\'s bytes and writes the answer\'s', async () => {
    const { ref } = await deployFunction(service, 'Stream', java(jarFile, 'example.Echo'));
    const event = Buffer.from('{"any":"bytes"}');

    const result = await service.invoke(ref, event);

    expect(result.functionError).toBeUndefined();
    expect(JSON.parse(result.payload.toString())).toEqual({ length: event.length, requestId: result.requestId });
  });

  test('a Java version this machine does not have is a warning, once per runtime, and the function still runs', async () => {
    // `java -version` writes to stderr: `openjdk version "17.0.15"`, `"1.8.0_402"` for Java 8.
    const local = Number(/version "(?:1\.)?(\d+)/.exec(spawnSync('java', ['-version']).stderr.toString())?.[1]);
    const other = local === 21 ? 'java25' : 'java21';

    const { ref } = await deployFunction(service, 'OtherJava', java(jarFile, 'example.Methods::shout', { Runtime: other }));
    await deployFunction(service, 'OtherJava2', java(jarFile, 'example.Methods::shout', { Runtime: other }));
    const warnings = lines.filter((line) => line.includes(`warning: runtime ${other}`));

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`asks for Java ${other.slice(4)}; this machine runs it with Java ${local}[.\\d]* \\(/.*java\\)$`));
    expect(await invokeJson(service, ref, 'still runs')).toEqual({ functionError: undefined, body: 'STILL RUNS' });
  });

  describe('the runtime interface client', () => {
    test('--java-ric: a jar with its dependencies beside it runs the functions', async () => {
      const given = path.join(work.dir, 'given-ric');
      fs.mkdirSync(given);
      for (const jar of await javaClientClasspath()) fs.copyFileSync(jar, path.join(given, path.basename(jar)));
      const ricJar = fs.readdirSync(given).find((name) => name.startsWith('aws-lambda-java-runtime-interface-client-'))!;
      const { service: withRic } = newService({ javaRic: path.join(given, ricJar) });
      try {
        const { ref } = await deployFunction(withRic, 'GivenRic', java(jarFile, 'example.Methods::shout'));

        expect(withRic.getFunction(ref)!.launch.args).toContain(path.join(given, ricJar));
        expect(await invokeJson(withRic, ref, 'given')).toEqual({ functionError: undefined, body: 'GIVEN' });
      } finally {
        await withRic.stop();
      }
    });

    test('a --java-ric that cannot run fails the deploy and says why: no such file, not the client, its dependencies missing', async () => {
      const ricJar = (await javaClientClasspath()).find((jar) => path.basename(jar).startsWith('aws-lambda-java-runtime-interface-client-'))!;
      const alone = path.join(work.dir, 'alone');
      fs.mkdirSync(alone);
      fs.copyFileSync(ricJar, path.join(alone, path.basename(ricJar)));
      const deployWith = async (javaRic: string) => {
        const { service: withRic } = newService({ javaRic });
        try {
          return await deployFunction(withRic, 'BadRic', java(jarFile, 'example.Methods::shout'));
        } finally {
          await withRic.stop();
        }
      };

      const missing = deployWith('/nonexistent/ric.jar');
      await expect(missing).rejects.toBeInstanceOf(DeployError);
      await expect(missing).rejects.toThrow('BadRic: runtime java17 needs the Java runtime interface client (aws-lambda-java-runtime-interface-client): '
        + '--java-ric /nonexistent/ric.jar does not exist; it must be the jar of com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1 (or newer)');
      await expect(deployWith(jarFile)).rejects.toThrow(`--java-ric ${jarFile} has no class com.amazonaws.services.lambda.runtime.api.client.AWSLambda`);
      await expect(deployWith(path.join(alone, path.basename(ricJar))))
        .rejects.toThrow(/needs its dependencies beside it, as its manifest's Class-Path names them; missing: aws-lambda-java-core-[\d.]+\.jar, aws-lambda-java-serialization/);
    });

    test('without --java-ric, an empty cache and no Maven on PATH, the error says to install Maven or give --java-ric', async () => {
      const cache = path.join(work.dir, 'empty-cache');
      const path_ = process.env.PATH;
      // A PATH of one empty folder: no mvn on it.
      process.env.PATH = fs.mkdtempSync(path.join(work.dir, 'bin-'));
      try {
        const client = await resolveJavaRuntimeClient(undefined, cache);

        expect(client).toEqual({
          problem: `it is not cached in ${path.join(cache, 'java-ric-2.10.1')} and Maven (mvn) is not on PATH to fetch `
            + 'com.amazonaws:aws-lambda-java-runtime-interface-client:2.10.1 from Maven Central; install Maven, or give the client\'s jar with --java-ric <jar>',
        });
        expect(fs.readdirSync(cache)).toEqual([]);
      } finally {
        process.env.PATH = path_;
      }
    });
  });
});

