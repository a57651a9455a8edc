import * as fs from 'fs';
import * as path from 'path';
import { AssertionResult, assertionIds, oneLineMessage, parseAssertionResult } from './assertion-results';
import { discoverIntegTests } from './integ-discovery';
import { synthesizeIntegTest } from './integ-synth';
import { unsupportedApiCalls } from './supported-api-calls';
import { readTemplateSource } from '../cloudformation/template-source';
import { LocalCloud } from '../local-cloud';


export interface IntegRunOptions {
  /** The folder of the integ tests. */
  readonly dir: string;
  /** Only files whose path (relative to `dir`) contains this. */
  readonly filter?: string;
  /** Where ts-node and tsconfig.dev.json are looked for. @default process.cwd() */
  readonly projectDir?: string;
  /** Receives the result lines. */
  readonly report: (line: string) => void;
  /** Receives function and API logs of failed tests. */
  readonly log: (line: string) => void;
  /** The Java runtime interface client's jar (`--java-ric`). @default - fetched with Maven on first use */
  readonly javaRic?: string;
  /** `--jwks`: the signing keys of JWT issuers, issuer → a JWKS file or URL. @default - discovery documents */
  readonly jwks?: Readonly<Record<string, string>>;
  /** `--jwt-unverified`: JWT authorizers check claims only. @default false */
  readonly jwtUnverified?: boolean;
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

export interface IntegRunSummary {
  readonly passed: number;
  readonly failed: number;
}

/**
 * Runs integ tests offline: synthesizes each, deploys its stacks and its assertion stack into a
 * fresh local cloud, where the integ-tests-alpha handler runs as a Lambda function and answers
 * through the custom resource protocol, then reads the assertion results.
 */
export class IntegRunner {
  private current?: LocalCloud;
  private stopped = false;

  constructor(private readonly options: IntegRunOptions) {}

  public async run(): Promise<IntegRunSummary> {
    const files = discoverIntegTests(this.options.dir, this.options.filter);
    if (files.length === 0) {
      throw new Error(`no integ.*.ts files under ${this.options.dir}${this.options.filter ? ` matching "${this.options.filter}"` : ''}`);
    }
    let passed = 0;
    let failed = 0;
    let marked = 0;
    for (const file of files) {
      if (this.stopped) break;
      const { results, placeholders } = await this.runFile(file);
      // A result of a test whose stacks hold placeholders did not run against the real thing.
      const mark = placeholders.length > 0 ? '*' : '';
      const note = placeholders.length > 0 ? ` (${placeholders.join('; ')})` : '';
      if (mark) marked += results.length;
      for (const result of results) {
        const name = `${path.relative(this.options.dir, file)} ${result.id}`;
        this.options.report(result.passed ? `PASS${mark} ${name}${note}` : `FAIL${mark} ${name}: ${oneLineMessage(result.message ?? '')}${note}`);
        if (result.passed) passed++; else failed++;
      }
    }
    this.options.report(`${passed} passed, ${failed} failed${marked > 0 ? ` (${marked} marked *: their stacks have placeholders)` : ''}`);
    return { passed, failed };
  }

  /** Stops the test in progress (every process and port); the run ends after it. */
  public async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.stop();
  }

  /**
   * The results of one integ test file, and one `stack <name> has placeholders: <types>` per
   * stack that holds placeholders.
   */
  private async runFile(file: string): Promise<{ results: AssertionResult[]; placeholders: string[] }> {
    const placeholders: string[] = [];
    const results = await this.runAssertions(file, placeholders);
    return { results, placeholders };
  }

  private async runAssertions(file: string, placeholders: string[]): Promise<AssertionResult[]> {
    const projectDir = this.options.projectDir ?? process.cwd();
    let assemblyDir: string | undefined;
    const logs: string[] = [];
    try {
      try {
        assemblyDir = (await synthesizeIntegTest(file, projectDir)).assemblyDir;
      } catch (error) {
        return [{ id: '(synth)', passed: false, message: (error as Error).message }];
      }
      const stacks = readTemplateSource(assemblyDir);
      const ids = stacks.flatMap((stack) => assertionIds(stack.template.Outputs as Record<string, unknown>));
      const unsupported = unsupportedApiCalls(stacks, file);
      if (unsupported.length > 0) {
        return [{ id: '(assertions)', passed: false, message: unsupported.join('; ') }];
      }
      if (ids.length === 0) {
        return [{ id: '(assertions)', passed: false, message: 'the test makes no assertion (no AssertionResults output)' }];
      }
      this.current = new LocalCloud({
        log: (line) => logs.push(line),
        javaRic: this.options.javaRic,
        jwks: this.options.jwks,
        jwtUnverified: this.options.jwtUnverified,
        allowPlaceholders: this.options.allowPlaceholders ?? false,
        refusedPlaceholderHint: PLACEHOLDERS_REFUSED_HINT,
        serviceEndpoints: this.options.serviceEndpoints,
      });
      let outputs: Record<string, string> = {};
      try {
        for (const deployed of await this.current.deploy(assemblyDir)) {
          outputs = { ...outputs, ...deployed.outputs };
          const types = [...new Set(deployed.placeholders.map((placeholder) => placeholder.type))];
          if (types.length > 0) placeholders.push(`stack ${deployed.stackName} has placeholders: ${types.join(', ')}`);
        }
      } catch (error) {
        this.printLogs(file, logs);
        return ids.map((id) => ({ id, passed: false, message: `deploy failed: ${(error as Error).message}` }));
      }
      const results = ids.map((id) => {
        const value = outputs[`AssertionResults${id}`];
        return value === undefined ? { id, passed: false, message: 'no result' } : parseAssertionResult(id, value);
      });
      if (results.some((result) => !result.passed)) {
        this.printLogs(file, logs);
      }
      return results;
    } finally {
      await this.current?.stop();
      this.current = undefined;
      if (assemblyDir) fs.rmSync(assemblyDir, { recursive: true, force: true });
    }
  }

  private printLogs(file: string, logs: string[]): void {
    const tail = logs.slice(-40);
    this.options.log(`--- last ${tail.length} log lines of ${path.basename(file)} ---`);
    tail.forEach((line) => this.options.log(line));
  }
}
