import * as path from 'path';
import { IntegRunner, IntegRunSummary, TestFileResult } from './integ-runner';
import { watchPatterns, watchProject } from '../project-watcher';

export interface IntegWatchOptions {
  /** The folder watched: the project (where the tests' imports live). */
  readonly projectDir: string;
  /** The tests to watch for: those the run selected; called again after each change, so a new test file joins. */
  readonly select: () => string[];
  /** Receives the line of each rerun (which files changed, which tests reran). */
  readonly report: (line: string) => void;
  /** Receives the notes that are not results (changes no test depends on, a watch error). */
  readonly log: (line: string) => void;
  /** After the first run and each rerun: the latest result of every test (for the JUnit report). */
  readonly afterRun?: (latest: readonly TestFileResult[]) => void;
  /** How long a burst of changes may last before the rerun. @default 150 */
  readonly debounceMs?: number;
}

/** A running `integ --watch`. */
export interface IntegWatch {
  close(): Promise<void>;
}

// Never a test's source: integ-runner's snapshots and work folders, CDK output, dependencies, dot files.
const NOT_SOURCES = ['**/*.snapshot/**', '**/cdk-integ.out*/**', 'cdk.out/**', '**/cdk.out/**'];

/**
 * `integ --watch`: after the first run, reruns each test whose own file or one of its local
 * dependencies changes. A test's dependencies are the files of the project its synthesis loaded
 * or read, outside node_modules, as dependency-recorder.ts records them in the synthesis process:
 * the module graph Node and ts-node loaded (`../src/**` through the construct's imports, shared
 * helpers) and the files it read or looked at through `fs` (a `Code.fromAsset` folder's files,
 * which aws-cdk-lib fingerprints; JSON it reads). One line per rerun names the changed files and
 * the tests rerun.
 */
export function watchIntegTests(runner: IntegRunner, first: IntegRunSummary, options: IntegWatchOptions): IntegWatch {
  const dependencies = new Map<string, Set<string>>();
  const latest = new Map<string, TestFileResult>();
  const remember = (summary: IntegRunSummary) => {
    for (const test of summary.tests) {
      latest.set(test.file, test);
      // A test whose synthesis failed keeps what it depended on before, and itself.
      const files = test.dependencies ?? [...(dependencies.get(test.file) ?? [])];
      dependencies.set(test.file, new Set([test.file, ...files]));
    }
    options.afterRun?.([...latest.values()].sort((a, b) => a.name.localeCompare(b.name)));
  };
  remember(first);

  const rerun = async (changedRelative: string[]) => {
    const changed = new Set(changedRelative.map((file) => path.resolve(options.projectDir, file)));
    let selected: string[];
    try {
      selected = options.select();
    } catch (error) {
      options.log(`watch: ${(error as Error).message}`);
      return;
    }
    const affected = selected.filter((test) => !dependencies.has(test) || [...dependencies.get(test)!].some((file) => changed.has(file)));
    for (const gone of [...dependencies.keys()].filter((test) => !selected.includes(test))) {
      dependencies.delete(gone);
      latest.delete(gone);
    }
    const changedNames = describeFiles(changedRelative);
    if (affected.length === 0) {
      options.log(`watch: ${changedNames} changed; no test depends on it`);
      return;
    }
    options.report(`RERUN ${changedNames} changed: ${affected.map((test) => path.relative(options.projectDir, test)).join(', ')}`);
    remember(await runner.run(affected));
  };

  // One rerun at a time; changes during a rerun make one more after it.
  let running: Promise<void> | undefined;
  let pending: string[] = [];
  const schedule = (changed: string[]) => {
    pending.push(...changed);
    if (running) return;
    running = (async () => {
      while (pending.length > 0) {
        const batch = [...new Set(pending)].sort();
        pending = [];
        await rerun(batch);
      }
      running = undefined;
    })();
  };
  const defaults = watchPatterns(undefined, 'cdk.out');
  const patterns = { include: defaults.include, exclude: [...defaults.exclude, ...NOT_SOURCES] };
  const watcher = watchProject(options.projectDir, patterns, schedule, options.debounceMs);
  options.log(`watching ${options.projectDir} for changes to the tests and the files they import (node_modules, snapshots and dot files excluded)`);
  return {
    close: async () => {
      watcher.close();
      await running;
    },
  };
}

/** `src/a.ts`, `src/a.ts and integ/b.ts`, `4 files (src/a.ts, src/b.ts, src/c.ts, ...)`. */
function describeFiles(files: readonly string[]): string {
  if (files.length <= 2) return files.join(' and ');
  return `${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`;
}
