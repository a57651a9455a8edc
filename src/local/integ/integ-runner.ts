import * as fs from 'fs';
import { AssertionResult, assertionIds, lastWaiterFailure, oneLineMessage, parseAssertionResult } from './assertion-results';
import { integTestName } from './integ-discovery';
import { synthesizeIntegTest } from './integ-synth';
import { unsupportedApiCalls } from './supported-api-calls';
import { KnownCredential } from '../apigatewayv2/authorization/iam-credentials';
import { readTemplateSource } from '../cloudformation/template-source';
import { LocalCloud } from '../local-cloud';

export interface IntegRunOptions {
  /** The integ test files to run (absolute), as `selectIntegTests` finds them. */
  readonly tests: readonly string[];
  /** The folder of the integ tests: names in the output are relative to it. */
  readonly dir: string;
  /** How many tests run at once, each in its own offline cloud. @default 1 */
  readonly maxWorkers?: number;
  /** Every test's logs and its synth and deploy times, not only failed tests' logs. @default false */
  readonly verbose?: boolean;
  /** Record the local files each test's synthesis loaded or read (`TestFileResult.dependencies`), for `--watch`. @default false */
  readonly recordDependencies?: boolean;
  /** Where ts-node and tsconfig.dev.json are looked for. @default process.cwd() */
  readonly projectDir?: string;
  /** Receives the result lines. */
  readonly report: (line: string) => void;
  /** Receives function and API logs of failed tests (of every test with `verbose`). */
  readonly log: (line: string) => void;
  /** The Java runtime interface client's jar (`--java-ric`). @default - fetched with Maven on first use */
  readonly javaRic?: string;
  /** `--jwks`: the signing keys of JWT issuers, issuer → a JWKS file or URL. @default - discovery documents */
  readonly jwks?: Readonly<Record<string, string>>;
  /** `--jwt-unverified`: JWT authorizers check claims only. @default false */
  readonly jwtUnverified?: boolean;
  /** The access keys AWS_IAM routes know (`--iam-credentials`, the environment's). @default - none */
  readonly iamCredentials?: readonly KnownCredential[];
  /**
   * `--allow-placeholders`: resource types the offline cloud does not emulate deploy as
   * placeholders, and every result of a test whose stacks hold one is marked (`PASS*`, `FAIL*`).
   * @default false: such a type fails the test's deploy
   */
  readonly allowPlaceholders?: boolean;
  /** `--service-endpoint`: the SDK's service key → the URL functions call it at. @default - none */
  readonly serviceEndpoints?: Readonly<Record<string, string>>;
}

/** What the deploy error of a type the offline cloud does not emulate adds, in integ. */
export const PLACEHOLDERS_REFUSED_HINT = 'integ does not deploy placeholders for the types the offline cloud does not emulate; '
  + '--allow-placeholders deploys it as one and marks the results';

/** One test file's run. */
export interface TestFileResult {
  /** The file, absolute. */
  readonly file: string;
  /** Its path relative to the tests' folder. */
  readonly name: string;
  readonly results: readonly AssertionResult[];
  /** Wall time from synthesis to teardown. */
  readonly durationMs: number;
  /** When it started (ISO 8601). */
  readonly startedAt: string;
  /** With `recordDependencies`: the local files its synthesis loaded; undefined when synthesis failed. */
  readonly dependencies?: readonly string[];
  /** One `stack <name> has placeholders: <types>` per stack that holds placeholders. */
  readonly placeholders: readonly string[];
}

export interface IntegRunSummary {
  readonly passed: number;
  readonly failed: number;
  /** Every test run, in the order of `tests`. */
  readonly tests: readonly TestFileResult[];
  readonly durationMs: number;
}

/**
 * Runs integ tests offline: synthesizes each, deploys its stacks and its assertion stack into a
 * fresh local cloud of its own, where the integ-tests-alpha handler runs as a Lambda function and
 * answers through the custom resource protocol, then reads the assertion results. Up to
 * `maxWorkers` tests run at once; each test's lines are printed together when it ends.
 */
export class IntegRunner {
  private readonly clouds = new Set<LocalCloud>();
  private stopped = false;

  constructor(private readonly options: IntegRunOptions) {}

  /** Runs `tests` (default: the options' tests) and prints their lines and the closing `N passed, M failed`. */
  public async run(tests: readonly string[] = this.options.tests): Promise<IntegRunSummary> {
    const started = Date.now();
    const results: TestFileResult[] = new Array(tests.length);
    let next = 0;
    const worker = async () => {
      while (next < tests.length && !this.stopped) {
        const index = next++;
        results[index] = await this.runFile(tests[index]);
        this.printTest(results[index]);
      }
    };
    const workers = Math.max(1, Math.min(this.options.maxWorkers ?? 1, tests.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const ran = results.filter((result) => result !== undefined);
    const all = ran.flatMap((test) => test.results);
    const passed = all.filter((result) => result.passed).length;
    const failed = all.length - passed;
    // A result of a test whose stacks hold placeholders did not run against the real thing.
    const marked = ran.filter((test) => test.placeholders.length > 0).reduce((sum, test) => sum + test.results.length, 0);
    this.options.report(`${passed} passed, ${failed} failed${marked > 0 ? ` (${marked} marked *: their stacks have placeholders)` : ''}`);
    return { passed, failed, tests: ran, durationMs: Date.now() - started };
  }

  /** Stops the tests in progress (every process and port); the run ends after them. */
  public async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.clouds].map((cloud) => cloud.stop()));
  }

  private printTest(test: TestFileResult): void {
    const mark = test.placeholders.length > 0 ? '*' : '';
    const note = test.placeholders.length > 0 ? ` (${test.placeholders.join('; ')})` : '';
    for (const result of test.results) {
      const name = `${test.name} ${result.id}`;
      this.options.report(result.passed ? `PASS${mark} ${name}${note}` : `FAIL${mark} ${name}: ${oneLineMessage(result.message ?? '')}${note}`);
    }
    const passed = test.results.filter((result) => result.passed).length;
    this.options.report(`TIME ${test.name} ${(test.durationMs / 1000).toFixed(1)} s (${passed} passed, ${test.results.length - passed} failed)`);
  }

  private async runFile(file: string): Promise<TestFileResult> {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    const name = integTestName(this.options.dir, file);
    const logs: string[] = [];
    let dependencies: readonly string[] | undefined;
    const placeholders: string[] = [];
    const results = await this.deployAndAssert(file, name, logs, placeholders, (recorded) => { dependencies = recorded; });
    const durationMs = Date.now() - started;
    if (this.options.verbose || results.some((result) => !result.passed)) {
      this.printLogs(name, logs, this.options.verbose ? logs.length : 40);
    }
    return { file, name, results, durationMs, startedAt, dependencies, placeholders };
  }

  /** Synthesizes, checks, deploys and reads the results of one test; `logs` receives its cloud's lines. */
  private async deployAndAssert(
    file: string, name: string, logs: string[], placeholders: string[], recorded: (dependencies?: readonly string[]) => void,
  ): Promise<AssertionResult[]> {
    const projectDir = this.options.projectDir ?? process.cwd();
    const verbose = (line: string) => this.options.verbose && logs.push(`[integ] ${name}: ${line}`);
    let assemblyDir: string | undefined;
    let cloud: LocalCloud | undefined;
    try {
      const synthStarted = Date.now();
      try {
        const synthesized = await synthesizeIntegTest(file, projectDir, { recordDependencies: this.options.recordDependencies });
        assemblyDir = synthesized.assemblyDir;
        recorded(synthesized.dependencies);
      } catch (error) {
        return [{ id: '(synth)', passed: false, message: (error as Error).message }];
      }
      verbose(`synthesized in ${Date.now() - synthStarted} ms`);
      const stacks = readTemplateSource(assemblyDir);
      const ids = stacks.flatMap((stack) => assertionIds(stack.template.Outputs as Record<string, unknown>));
      const unsupported = unsupportedApiCalls(stacks, file);
      if (unsupported.length > 0) {
        return [{ id: '(assertions)', passed: false, message: unsupported.join('; ') }];
      }
      if (ids.length === 0) {
        return [{ id: '(assertions)', passed: false, message: 'the test makes no assertion (no AssertionResults output)' }];
      }
      if (this.stopped) return [];
      cloud = new LocalCloud({
        log: (line) => logs.push(line),
        javaRic: this.options.javaRic,
        jwks: this.options.jwks,
        jwtUnverified: this.options.jwtUnverified,
        iamCredentials: this.options.iamCredentials,
        allowPlaceholders: this.options.allowPlaceholders ?? false,
        refusedPlaceholderHint: PLACEHOLDERS_REFUSED_HINT,
        serviceEndpoints: this.options.serviceEndpoints,
      });
      this.clouds.add(cloud);
      const deployStarted = Date.now();
      let outputs: Record<string, string> = {};
      try {
        for (const deployed of await cloud.deploy(assemblyDir)) {
          outputs = { ...outputs, ...deployed.outputs };
          const types = [...new Set(deployed.placeholders.map((placeholder) => placeholder.type))];
          if (types.length > 0) placeholders.push(`stack ${deployed.stackName} has placeholders: ${types.join(', ')}`);
        }
      } catch (error) {
        return ids.map((id) => deployFailure(id, (error as Error).message, logs));
      }
      verbose(`deployed and asserted in ${Date.now() - deployStarted} ms`);
      return ids.map((id) => {
        const value = outputs[`AssertionResults${id}`];
        return value === undefined ? { id, passed: false, message: 'no result' } : parseAssertionResult(id, value);
      });
    } finally {
      if (cloud) {
        await cloud.stop();
        this.clouds.delete(cloud);
      }
      if (assemblyDir) fs.rmSync(assemblyDir, { recursive: true, force: true });
    }
  }

  private printLogs(name: string, logs: string[], count: number): void {
    const tail = logs.slice(-count);
    this.options.log(`--- last ${tail.length} log lines of ${name} ---`);
    tail.forEach((line) => this.options.log(line));
  }
}

/**
 * An assertion's result when the deploy failed. A `waitForAssertions` that timed out fails its
 * custom resource with `Operation timed out: <request>` (naming its LogicalResourceId); its
 * assertion's message is then the last mismatch the waiter's isComplete function logged.
 */
function deployFailure(id: string, message: string, logs: readonly string[]): AssertionResult {
  // The request's own LogicalResourceId comes before its ResourceProperties: the first match.
  const timedOut = /Operation timed out: .*?"LogicalResourceId":"([^"]+)"/.exec(message);
  if (!timedOut) return { id, passed: false, message: `deploy failed: ${message}` };
  if (timedOut[1] !== id) {
    // As on AWS, the stack fails as a whole: no other assertion's result is read.
    return { id, passed: false, message: `no result: the deploy failed when waitForAssertions of ${timedOut[1]} timed out` };
  }
  const last = lastWaiterFailure(logs);
  return { id, passed: false, message: `waitForAssertions timed out; last attempt: ${last !== undefined ? oneLineMessage(last) : 'no result (the API call failed; see the log)'}` };
}
